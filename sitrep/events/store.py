"""The events file: built from records files, kept current by updates that regroup only what new records
touch, written whole or not at all.

An update reads each records file from where the last one stopped (a file rewritten since is read again),
reads the keys of the new records only, splits the articles they belong to into reports again, and regroups
the blocks of linked reports those touch; every other event keeps its line. The result is the file a full
rebuild from the same records would write, byte for byte."""

from __future__ import annotations

import fcntl
import hashlib
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.events.grouping import Group, blocks, event_of, group_block
from sitrep.events.keys import BadRecord, Keys, keys_of
from sitrep.events.linking import Index
from sitrep.events.model import Event, event_to_json
from sitrep.events.reports import Report, split_article
from sitrep.events.scan import Scan
from sitrep.events.state import FileMark, State, grouping_version, load, save, state_path, write_atomically

_ID_PREFIX = b'{"schema_version":"1","event_id":"'


@dataclass
class EventsUpdate:
    """What an update did."""

    path: Path
    events: int = 0
    records: int = 0
    new_records: int = 0
    changed_events: int = 0
    rebuilt: bool = False  # every block was grouped again (no usable state)
    notes: list[str] = field(default_factory=list)  # lines that could not be read, one each

    def summary(self) -> str:
        how = "built" if self.rebuilt else "updated"
        return (f"{self.events} events from {self.records} records ({self.new_records} new, "
                f"{self.changed_events} events changed), {how} {self.path}")


def order_key(founder: Keys) -> str:
    """An event's place in the file: by its founding record."""
    published = founder.published.isoformat() if founder.published else "9999-12-31"
    return f"{published}\t{founder.article_id}\t{founder.at:010d}\t{founder.record_id}"


# ---------------------------------------------------------------- building

def build(records: Iterable[dict]) -> list[Event]:
    """Every event of the records, in file order."""
    keys: dict[str, Keys] = {}
    for record in records:
        record_id = str(record.get("record_id"))
        if record_id not in keys:
            keys[record_id] = keys_of(record)
    reports = _split(keys.values())
    index = Index(reports)
    events = [pair for members, links in blocks(index, reports)
              for pair in _events(group_block(members, links))]
    return [Event.model_validate(e) for _, e in sorted(events, key=lambda pair: pair[0])]


def _split(keys: Iterable[Keys]) -> list[Report]:
    by_article: dict[str, list[Keys]] = defaultdict(list)
    for k in keys:
        by_article[k.article_id].append(k)
    return [r for article in sorted(by_article) for r in split_article(by_article[article])]


def _events(groups: Iterable[Group]) -> Iterator[tuple[str, dict]]:
    for g in groups:
        event = event_of(g)
        yield order_key(g.records[0]), event


# ---------------------------------------------------------------- updating

@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def update(records_paths: list[Path], events_path: Path) -> EventsUpdate:
    """Bring the events file up to date with the records files (see the module's doc)."""
    events_path = Path(events_path)
    with _locked(events_path):
        return _Update(records_paths, events_path).run()


class _Update:
    def __init__(self, records_paths: list[Path], events_path: Path):
        self.paths = [Path(p) for p in records_paths]
        self.events_path = events_path
        self.state_path = state_path(events_path)
        self.result = EventsUpdate(events_path)
        old = load(self.state_path)
        self.lines, sha = _event_lines(events_path) if old.current else (None, None)
        if self.lines is None or old.files and sha != old.events_sha256:
            old = State()
            self.lines = {}
        self.old = old
        self.result.rebuilt = not old.files

    def run(self) -> EventsUpdate:
        old, notes = self.old, self.result.notes
        files, keys = {}, dict(old.keys)
        seen: set[str] = set()
        new_ids: list[str] = []
        for path in self.paths:
            name = str(path.resolve())
            mark = old.files.get(name)
            scan = Scan(path, mark.size, mark.sha256) if mark else Scan(path)
            ids: list[str] = []
            try:
                for number, record in scan.records(notes):
                    record_id = sys.intern(str(record["record_id"]))
                    if record_id not in keys:
                        try:
                            keys[record_id] = keys_of(record)
                        except (BadRecord, ValueError, TypeError, AttributeError) as exc:
                            notes.append(f"{path}:{number}: skipped, not a record the grouping can read "
                                         f"({exc})")
                            continue
                        new_ids.append(record_id)
                    ids.append(record_id)
            except OSError as exc:
                notes.append(f"{path}: cannot read ({exc.strerror or exc}); its records are left out")
                continue
            if scan.grown:
                ids = mark.record_ids + ids
            files[name] = FileMark(scan.end, scan.digest, ids)
            seen.update(ids)
        removed = [rid for rid in old.keys if rid not in seen]
        for rid in removed:
            del keys[rid]
        self.result.records, self.result.new_records = len(keys), len(new_ids)
        touched = {keys[rid].article_id for rid in new_ids} | {old.keys[rid].article_id for rid in removed}
        state = self._regroup(keys, touched)
        state.files = files
        return self._write(state)

    def _regroup(self, keys: dict[str, Keys], touched: set[str]) -> State:
        old = self.old
        reports: dict[str, Report] = {}
        for key, (kind, ids) in old.reports.items():
            article = key.rsplit("#", 1)[0]
            if article not in touched:
                reports[key] = Report(key, kind, [keys[i] for i in ids]).seal()
        by_article: dict[str, list[Keys]] = defaultdict(list)
        for k in keys.values():
            if k.article_id in touched:
                by_article[k.article_id].append(k)
        fresh = [r for article in sorted(by_article) for r in split_article(by_article[article])]
        reports.update((r.key, r) for r in fresh)
        gone = [key for key in old.reports if key.rsplit("#", 1)[0] in touched]
        gone_blocks = {old.block_of[key] for key in gone if key in old.block_of}
        seeds = {r.key for r in fresh} | {key for key, block in old.block_of.items()
                                           if block in gone_blocks and key in reports}
        index = Index(reports.values())
        state = State(version=grouping_version(), keys=keys,
                      reports={k: v for k, v in old.reports.items() if k in reports and k not in seeds},
                      block_of={k: v for k, v in old.block_of.items() if k in reports},
                      event_of={k: v for k, v in old.event_of.items() if k in reports},
                      order=dict(old.order))
        lines, before = self.lines, {}  # before: the old lines of the events grouped again
        changed: set[str] = set()

        def drop(event_ids: Iterable[str]) -> None:
            for e in event_ids:
                line = lines.pop(e, None)
                if line is not None:
                    before[e] = line
                    changed.add(e)
                state.order.pop(e, None)

        drop({old.event_of[key] for key in gone if key in old.event_of})
        # block by block, so that only one block's links are held at a time; an old event lies in one block
        for members, links in blocks(index, [reports[key] for key in seeds]):
            drop({old.event_of[r.key] for r in members if r.key in old.event_of})
            for r in members:
                state.reports[r.key] = (r.kind, [k.record_id for k in r.records])
                state.block_of[r.key] = members[0].key
            for g in group_block(members, links):
                order, event = next(_events([g]))
                line = event_to_json(event).encode("utf-8") + b"\n"
                if before.get(event["event_id"]) == line:
                    changed.discard(event["event_id"])
                else:
                    changed.add(event["event_id"])
                lines[event["event_id"]] = line
                state.order[event["event_id"]] = order
                for r in g.reports:
                    state.event_of[r.key] = event["event_id"]
        self.new_lines = lines
        self.result.changed_events = len(changed)
        return state

    def _write(self, state: State) -> EventsUpdate:
        ordered = sorted(self.new_lines, key=lambda e: state.order[e])
        digest = hashlib.sha256()

        def chunks() -> Iterator[bytes]:
            for e in ordered:
                digest.update(self.new_lines[e])
                yield self.new_lines[e]

        write_atomically(self.events_path, chunks())
        state.events_sha256 = digest.hexdigest()
        save(state, self.state_path)
        self.result.events = len(ordered)
        return self.result


def _event_lines(path: Path) -> tuple[dict[str, bytes] | None, str | None]:
    """The lines of an events file by event id, and the file's hash; None when there is no file or a line is
    not an event's."""
    lines, digest = {}, hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for raw in fh:
                if not raw.startswith(_ID_PREFIX) or not raw.endswith(b"\n"):
                    return None, None
                digest.update(raw)
                end = raw.find(b'"', len(_ID_PREFIX))
                lines[raw[len(_ID_PREFIX):end].decode("utf-8")] = raw
    except OSError:
        return None, None
    return lines, digest.hexdigest()


# ---------------------------------------------------------------- reading events

def read(path: Path) -> list[Event]:
    """Every event of an events file, in file order."""
    return [Event.model_validate_json(line) for line in Path(path).read_bytes().splitlines() if line.strip()]

"""One update of an events file from its records files and its state (sitrep.events.state).

The records files are read from where the last update stopped; the new records' keys are read; the articles
they belong to (and those that lost records) are split into reports again; the index of reports is mended; and
the blocks of linked reports those touch are grouped again, each turning into objects only the reports it
meets. Every other event keeps its line. The result is what a full rebuild writes, byte for byte: a full
rebuild is this same update from an empty state."""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitrep.events.grouping import blocks, group_block
from sitrep.events.keys import BadRecord, Keys, keys_of
from sitrep.events.linking import Index
from sitrep.events.model import event_to_json
from sitrep.events.reports import Report, split_article
from sitrep.events.scan import Scan
from sitrep.events.state import (
    ARTICLE_AT,
    FileMark,
    State,
    grouping_version,
    keys_from_row,
    keys_to_row,
    load,
    save,
    state_path,
    write_atomically,
)


def _article_of(report_key: str) -> str:
    return report_key.rsplit("#", 1)[0]


class Update:
    """An update of `events_path` from `records_paths` (see the module's doc); `run` returns what it did."""

    def __init__(self, records_paths: list[Path], events_path: Path, result):
        from sitrep.events.store import event_lines

        self.paths = [Path(p) for p in records_paths]
        self.events_path = events_path
        self.state_path = state_path(events_path)
        self.result = result
        old = load(self.state_path)
        self.lines, sha = event_lines(events_path) if old.current else (None, None)
        if self.lines is None or (old.files and sha != old.events_sha256):
            old, self.lines = State(), {}
        self.state = old
        self.result.rebuilt = not old.files
        self.keys: dict[str, Keys] = {}  # the keys read so far, by record id
        self.reports: dict[str, Report] = {}  # the reports turned into objects so far, by key

    # ---- the records and reports, made objects only when met

    def key(self, record_id: str) -> Keys:
        found = self.keys.get(record_id)
        if found is None:
            found = self.keys[record_id] = keys_from_row(self.state.rows[record_id])
        return found

    def report(self, key: str) -> Report:
        found = self.reports.get(key)
        if found is None:
            kind, ids, _, _ = self.state.reports[key]
            found = self.reports[key] = Report(key, kind, [self.key(i) for i in ids]).seal()
        return found

    # ---- the steps

    def run(self):
        new_ids, removed = self._read()
        state = self.state
        touched = {self.keys[rid].article_id for rid in new_ids}
        touched |= {state.rows[rid][ARTICLE_AT] for rid in removed}
        index = Index(self.report, state.index)
        gone = [key for key in state.reports if _article_of(key) in touched]
        for key in gone:
            index.remove(self.report(key))
        ids_of = defaultdict(list)
        for key in gone:
            ids_of[_article_of(key)].extend(state.reports[key][1])
        for rid in new_ids:
            ids_of[self.keys[rid].article_id].append(rid)
        removed_set = set(removed)
        fresh = [r for article in sorted(ids_of)
                 for r in split_article(self.key(i) for i in ids_of[article] if i not in removed_set)]
        gone_blocks = {state.reports[key][2] for key in gone}
        seeds = [r.key for r in fresh] + [key for key, meta in state.reports.items()
                                          if meta[2] in gone_blocks and _article_of(key) not in touched]
        stale_events = {state.reports[key][3] for key in gone}
        for key in gone:
            del state.reports[key]
            self.reports.pop(key, None)
        for rid in removed:
            del state.rows[rid]
            self.keys.pop(rid, None)
        for rid in new_ids:
            state.rows[rid] = keys_to_row(self.keys[rid])
        for r in fresh:
            self.reports[r.key] = r
            index.add(r)
        self._regroup(index, sorted(set(seeds)), stale_events)
        state.version = grouping_version()
        return self._write()

    def _read(self) -> tuple[list[str], list[str]]:
        """Read the records files from where the last update stopped: the new record ids, and the ids of
        records gone from them."""
        state, notes = self.state, self.result.notes
        files: dict[str, FileMark] = {}
        new_ids: list[str] = []
        for path in self.paths:
            name = str(path.resolve())
            mark = state.files.get(name)
            scan = Scan(path, mark.size, mark.sha256) if mark else Scan(path)
            ids: list[str] = []
            try:
                for number, record in scan.records(notes):
                    record_id = sys.intern(str(record["record_id"]))
                    if record_id not in state.rows and record_id not in self.keys:
                        try:
                            self.keys[record_id] = keys_of(record)
                        except (BadRecord, ValueError, TypeError, AttributeError) as exc:
                            notes.append(f"{path}:{number}: skipped, not a record the grouping can read "
                                         f"({exc})")
                            continue
                        new_ids.append(record_id)
                    ids.append(record_id)
            except OSError as exc:
                notes.append(f"{path}: cannot read ({exc.strerror or exc}); its records are left out")
                continue
            files[name] = FileMark(scan.end, scan.digest, (mark.record_ids + ids) if scan.grown else ids)
        seen = {rid for mark in files.values() for rid in mark.record_ids}
        removed = [rid for rid in state.rows if rid not in seen]
        state.files = files
        self.result.records = len(state.rows) - len(removed) + len(new_ids)
        self.result.new_records = len(new_ids)
        return new_ids, removed

    def _regroup(self, index: Index, seeds: list[str], stale_events: set[str]) -> None:
        from sitrep.events.store import events_of

        state, lines = self.state, self.lines
        before: dict[str, bytes] = {}  # the old lines of the events grouped again
        changed: set[str] = set()

        def drop(event_ids: Iterable[str]) -> None:
            for e in event_ids:
                line = lines.pop(e, None)
                if line is not None:
                    before[e] = line
                    changed.add(e)
                state.order.pop(e, None)

        drop(stale_events)
        # block by block, so that only one block's links are held at a time; an old event lies in one block
        for members, links in blocks(index, [self.report(key) for key in seeds]):
            drop({state.reports[r.key][3] for r in members if r.key in state.reports})
            block = members[0].key
            event_of: dict[str, str] = {}
            for order, event, group in events_of(group_block(members, links)):
                line = event_to_json(event).encode("utf-8") + b"\n"
                event_id = event["event_id"]
                if before.get(event_id) == line:
                    changed.discard(event_id)
                else:
                    changed.add(event_id)
                lines[event_id] = line
                state.order[event_id] = order
                for r in group.reports:
                    event_of[r.key] = event_id
            for r in members:
                state.reports[r.key] = (r.kind, [k.record_id for k in r.records], block, event_of[r.key])
        self.result.changed_events = len(changed)

    def _write(self):
        state, lines = self.state, self.lines
        ordered = sorted(lines, key=state.order.__getitem__)
        digest = hashlib.sha256()

        def chunks() -> Iterator[bytes]:
            for e in ordered:
                digest.update(lines[e])
                yield lines[e]

        write_atomically(self.events_path, chunks())
        state.events_sha256 = digest.hexdigest()
        save(state, self.state_path)
        self.result.events = len(ordered)
        return self.result

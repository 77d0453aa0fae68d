"""One update of an events file from its records files and its state (sitrep.events.state).

The records files are read from where the last update stopped and the new records' keys are read. The
articles they belong to (and those that lost records) are split into reports again; their old reports leave
the index and the graph of links, the new ones enter them, linked to the reports the index finds. The blocks
of linked reports this touches are grouped again, from the reports' stored keys and stored links (no old link
is weighed again); an event whose reports are the same as before keeps its line, and only a changed event's
records are read. The result is what a full rebuild writes, byte for byte: a full rebuild is this same update
from an empty state."""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitrep.events.grouping import Group, add_links, blocks, group_block, kept, weigh_links
from sitrep.events.keys import BadRecord, Keys, keys_of
from sitrep.events.linking import Index
from sitrep.events.model import event_to_json
from sitrep.events.reports import Report, split_article
from sitrep.events.scan import Scan
from sitrep.events.state import (
    FileMark,
    State,
    grouping_version,
    keys_from_row,
    keys_to_row,
    load,
    pack,
    row_article,
    save,
    state_path,
    unpack,
    write_atomically,
)

KIND, IDS, _, EVENT, ROW = range(5)  # the fields of a report in the state


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
        self.reports: dict[str, Report] = {}  # the reports made so far, by key
        self.fresh: set[str] = set()  # the keys of the reports made again in this update

    # ---- records and reports, made only when met

    def key(self, record_id: str) -> Keys:
        found = self.keys.get(record_id)
        if found is None:
            found = self.keys[record_id] = keys_from_row(self.state.rows[record_id])
        return found

    def _keys(self, ids: Iterable[str]) -> list[Keys]:
        return [self.key(i) for i in ids]

    def report(self, key: str) -> Report:
        found = self.reports.get(key)
        if found is None:
            meta = self.state.reports[key]
            found = self.reports[key] = Report.from_row(key, meta[KIND], meta[IDS], unpack(meta[ROW]),
                                                             self._keys)
        return found

    # ---- the steps

    def run(self):
        state = self.state
        new_ids, removed = self._read()
        touched = {self.keys[rid].article_id for rid in new_ids}
        touched |= {row_article(state.rows[rid]) for rid in removed}
        gone = [key for key in state.reports if _article_of(key) in touched]
        index, links = Index(self.report, state.index), state.links
        ids_of: dict[str, list[str]] = defaultdict(list)
        for key in gone:
            index.remove(self.report(key))
            ids_of[_article_of(key)].extend(state.reports[key][IDS])
        for rid in new_ids:
            ids_of[self.keys[rid].article_id].append(rid)
        removed_set = set(removed)
        fresh = [r for article in sorted(ids_of)
                 for r in split_article(self.key(i) for i in ids_of[article] if i not in removed_set)]
        gone_set = set(gone)
        for r in fresh:
            self.fresh.add(r.key)
            index.add(r)
            self.reports[r.key] = r  # (a key of a gone report may come back with other records)
        new_links: dict = {}
        weigh_links(index, fresh, new_links,
                    skip=lambda r, other: other.key in gone_set and other.key not in self.fresh
                    or other.key in self.fresh and other.key < r.key)
        # the old reports whose links change, and those their strongest links led to: their blocks may split
        changed = {other for key in gone for other, _ in links.get(key, ()) if other not in gone_set}
        changed |= {other for key in new_links for other, _ in new_links[key] if other not in self.fresh}
        seeds = set(self.fresh) | changed
        seeds |= {other for key in changed for other, _ in kept(links, key)} - gone_set
        stale = {state.reports[key][EVENT] for key in gone}
        for key in gone:
            for other, _ in links.pop(key, ()):
                if other not in gone_set:
                    links[other] = [pair for pair in links.get(other, ()) if pair[0] != key]
            if key not in self.fresh:
                del state.reports[key]
        add_links(links, new_links)
        del new_links, fresh, ids_of
        for rid in removed:
            del state.rows[rid]
            self.keys.pop(rid, None)
        for rid in new_ids:
            state.rows[rid] = keys_to_row(self.keys[rid])
        self._regroup(sorted(seeds), stale)
        self.keys.clear()  # all the state needs is packed: let the objects go before it is written
        self.reports.clear()
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

    def _regroup(self, seeds: list[str], stale: set[str]) -> None:
        from sitrep.events.store import events_of

        state, lines = self.state, self.lines
        before: dict[str, bytes] = {}  # the old lines of the events grouped again
        changed: set[str] = set()
        written: set[str] = set()  # the events of this update (an old event's id may live on in one of them)

        def drop(event_ids: Iterable[str]) -> None:
            for e in event_ids:
                if e in written:
                    continue
                line = lines.pop(e, None)
                if line is not None:
                    before[e] = line
                    changed.add(e)
                state.order.pop(e, None)

        drop(stale)
        members_of: dict[str, set[str]] = defaultdict(set)  # every old event's reports
        for key, meta in state.reports.items():
            if key not in self.fresh:
                members_of[meta[EVENT]].add(key)
        # block by block, so that only one block's links are held at a time
        for members, links in blocks(state.links, seeds, self.report):
            old_events = {state.reports[r.key][EVENT] for r in members if r.key not in self.fresh}
            kept = {frozenset(members_of[e]): (e, lines[e], state.order[e])
                    for e in old_events if e in lines and e in state.order}
            drop(old_events)
            event_of: dict[str, str] = {}
            for group in group_block(members, links):
                event_id, line, order = self._event(group, kept, events_of)
                changed.discard(event_id) if before.get(event_id) == line else changed.add(event_id)
                lines[event_id], state.order[event_id] = line, order
                written.add(event_id)
                for r in group.reports:
                    event_of[r.key] = event_id
            for r in members:
                old = state.reports.get(r.key)
                row = old[ROW] if old is not None and r.key not in self.fresh else pack(r.to_row())
                state.reports[r.key] = (r.kind, r.ids, None, event_of[r.key], row)
        self.result.changed_events = len(changed)

    def _event(self, group: Group, kept: dict, events_of) -> tuple[str, bytes, str]:
        """(event id, line, place in the file): the old ones when the event holds the same reports as before
        and none of them was made again."""
        same = kept.get(frozenset(r.key for r in group.reports))
        if same is not None and not any(r.key in self.fresh for r in group.reports):
            return same
        order, event, _ = next(events_of([group]))
        return event["event_id"], event_to_json(event).encode("utf-8") + b"\n", order

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

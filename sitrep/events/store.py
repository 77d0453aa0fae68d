"""The events file: built from records in memory (`build`), or kept current from records files by updates
that regroup only what new records touch (`update`, sitrep.events.updating), written whole or not at all under
a lock beside it; and read back (`read`)."""

from __future__ import annotations

import fcntl
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.events.grouping import Group, blocks, event_of, group_block, weigh_links
from sitrep.events.keys import Keys, keys_of
from sitrep.events.linking import Index
from sitrep.events.model import Event
from sitrep.events.reports import split_article

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
    by_article: dict[str, list[Keys]] = defaultdict(list)
    for k in keys.values():
        by_article[k.article_id].append(k)
    reports = [r for article in sorted(by_article) for r in split_article(by_article[article])]
    by_key = {r.key: r for r in reports}
    adjacency: dict = {}
    weigh_links(Index.of(reports), reports, adjacency)
    events = [(order, event) for members, links in blocks(adjacency, by_key, by_key.__getitem__)
              for order, event, _ in events_of(group_block(members, links))]
    return [Event.model_validate(e) for _, e in sorted(events, key=lambda pair: pair[0])]


def events_of(groups: Iterable[Group]) -> Iterator[tuple[str, dict, Group]]:
    """(place in the file, event as plain data, group) of each group."""
    for g in groups:
        yield order_key(g.records[0]), event_of(g), g


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
    """Bring the events file up to date with the records files (sitrep.events.updating)."""
    from sitrep.events.updating import Update

    events_path = Path(events_path)
    with _locked(events_path):
        return Update(records_paths, events_path, EventsUpdate(events_path)).run()


def event_lines(path: Path) -> tuple[dict[str, bytes] | None, str | None]:
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

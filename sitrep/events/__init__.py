"""Events across articles: the records of many articles grouped into one event per real-world incident,
deployment, agreement or running total, with every source's figure side by side (docs/events.md).

Language-neutral and deterministic: decided by code over the records' dates, places, countries, actors and
figures, with the active language pack's event words; no model is asked."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sitrep.events.model import Claim, Event, Measure, When, event_json_schema, event_to_json
from sitrep.events.store import EventsUpdate, read, update

__all__ = ["Claim", "Event", "EventsUpdate", "Measure", "When", "build_events", "event_json_schema",
           "event_to_json", "events_path_for", "read_events", "update_events"]


def build_events(records: Iterable) -> list[Event]:
    """The events of the records (dicts as read from a records file, or record models), in a fixed order: the
    same records in any order give the same events. A record the grouping cannot read raises ValueError."""
    from sitrep.events.store import build

    return build(r if isinstance(r, dict) else r.model_dump(mode="json") for r in records)


def update_events(records_paths: list[Path], events_path: Path) -> EventsUpdate:
    """Bring `events_path` up to date with the records files; only what new records touch is grouped again
    (a state file beside it, `<stem>.state`, remembers the rest). Written atomically."""
    return update(list(records_paths), Path(events_path))


def read_events(path: Path) -> list[Event]:
    """Every event of an events file."""
    return read(Path(path))


def events_path_for(records_path: Path) -> Path:
    """Where `sitrep extract --events` keeps the events of a records file: `records.jsonl` ->
    `records.events.jsonl`."""
    records_path = Path(records_path)
    return records_path.with_name(records_path.stem + ".events.jsonl")

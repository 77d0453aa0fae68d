"""The update-events flow: the records of an output grouped into events (sitrep.events.update_events), kept
beside them. The extract-articles flow says at its end which records file it wrote (`emit_extracted`, a
Prefect event); a deployment of this flow triggered on that event keeps every served output's events current.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.events import emit_event

from sitrep.errors import ConfigError
from sitrep.io.outputs import Outputs

# The Prefect event an extract-articles run emits when it ends (also when some articles failed: the records of
# the others are written). Its resource is the records file, its payload names it and counts what changed.
EXTRACTED = "sitrep.records.extracted"
RESOURCE_PREFIX = "sitrep.records."
SUMMARY_KEY = "sitrep-events"


def emit_extracted(outputs: Outputs, summary: dict) -> None:
    """Tell Prefect that a run has written (or left as it was) the records file of `outputs`: the event a
    deployment of update-events is triggered on. The path is absolute, so the triggered run finds the file
    whatever folder it runs in on this machine. A run that left no records file (nothing read yet) says
    nothing: there are no events to keep."""
    records = Path(outputs.records).resolve()
    if not records.is_file():
        return
    emit_event(
        event=EXTRACTED,
        resource={"prefect.resource.id": f"{RESOURCE_PREFIX}{records}",
                  "prefect.resource.name": records.name},
        payload={"records": str(records), "records_written": summary.get("records_written", 0),
                 "articles": summary.get("articles", 0), "failed": summary.get("failed", 0)},
    )


@flow(name="update-events", log_prints=False)
def update_output_events(records: str, events: str | None = None) -> dict:
    """Group the records of the JSONL file `records` (written by extract-articles) into events, in `events`
    (default: `<records stem>.events.jsonl` beside it). Only the events that records added since the last
    update touch are regrouped; the rest are kept as they were."""
    from sitrep.events import events_path_for, update_events

    records_path = Path(records)
    if not records_path.is_file():
        raise ConfigError(f"{records}: no such records file")
    events_path = Path(events) if events else events_path_for(records_path)
    update = update_events([records_path], events_path)
    logger = get_run_logger()
    for note in update.notes:  # records lines the grouping could not read: left out, said once each
        logger.warning(note)
    create_markdown_artifact(markdown=summary_markdown(update, records_path), key=SUMMARY_KEY,
                             description="The output's events after the update, and what changed.")
    logger.info("events: %s", update.summary())
    return {"events": update.events, "records": update.records, "new_records": update.new_records,
            "changed_events": update.changed_events, "rebuilt": update.rebuilt, "notes": list(update.notes),
            "records_path": str(records_path), "events_path": str(update.path)}


def summary_markdown(update, records: Path) -> str:
    grouped = "all again (no usable state)" if update.rebuilt else "only what new records touch"
    lines = [f"# sitrep events: {update.events} events from {update.records} records", "",
             "| | |", "|---|---|",
             f"| new records | {update.new_records} |", f"| events changed | {update.changed_events} |",
             f"| grouped | {grouped} |",
             f"| records file | `{records}` |", f"| events file | `{update.path}` |"]
    if update.notes:
        lines += ["", f"## Lines left out ({len(update.notes)})", "", *(f"- {n}" for n in update.notes[:50])]
    return "\n".join(lines) + "\n"

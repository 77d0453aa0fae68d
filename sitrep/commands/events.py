"""`sitrep events`: the records of many articles grouped into events. Registered on the main app by
sitrep.commands.cli."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

err = Console(stderr=True, soft_wrap=True, markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("events")(events)


def events(
    records: list[Path] = typer.Argument(..., metavar="RECORDS.jsonl...",
                                         help="Records files written by sitrep extract (one or several)."),
    out: Path | None = typer.Option(None, "--out", "-o", metavar="EVENTS.jsonl",
                                    help="The events file [default: beside the first records file, "
                                         "records.jsonl -> records.events.jsonl, as `extract --events`]."),
) -> None:
    """Group the records of many articles into events: one line per incident, deployment, agreement or running
    total, with every source's figure side by side (best, low, high, the claims, disputed). Kept current: a
    second run after new records regroups only what they touch."""
    from sitrep.events import events_path_for, update_events

    missing = [p for p in records if not p.is_file()]
    if missing:
        err.print(f"sitrep: {missing[0]}: no such records file")
        raise typer.Exit(2)
    out = out or events_path_for(records[0])
    try:
        result = update_events(records, out)
    except OSError as exc:
        err.print(f"sitrep: {out}: cannot write ({exc.strerror or exc})")
        raise typer.Exit(1) from None
    for note in result.notes:
        err.print(f"sitrep: {note}")
    typer.echo(result.summary())

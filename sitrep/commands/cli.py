"""The `sitrep` command. The one engine module that may import `flows`; errors become one-line
messages here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console

# rich_markup_mode=None: help texts are shown as written ("[default: ...]" and "sitrep[embedded]" stay)
app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  rich_markup_mode=None,
                  help="Turn news articles about wars and alliances into grounded JSONL records.")
out = Console(markup=False, highlight=False)


SCHEMA_FILES = {"record.schema.json": "sitrep.schemas:record_json_schema",
                "event.schema.json": "sitrep.events.model:event_json_schema"}


def schema_text(name: str) -> str:
    """The text of one of the schema files, as `sitrep schema` prints and writes it."""
    from importlib import import_module

    module, function = SCHEMA_FILES[name].split(":")
    return json.dumps(getattr(import_module(module), function)(), indent=2) + "\n"


@app.command()
def schema(
    events: bool = typer.Option(False, "--events", help="The JSON Schema of an events line instead."),
    write: Path | None = typer.Option(None, "--write", metavar="DIR",
                                      help="Write record.schema.json and event.schema.json into DIR."),
) -> None:
    """Print the JSON Schema every JSONL record validates against."""
    if write is not None:
        write.mkdir(parents=True, exist_ok=True)
        for name in SCHEMA_FILES:
            (write / name).write_text(schema_text(name), encoding="utf-8")
            out.print(f"wrote {write / name}")
        return
    sys.stdout.write(schema_text("event.schema.json" if events else "record.schema.json"))


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            out.print(f"sitrep {version('sitrep')}", highlight=False)
        except PackageNotFoundError:
            out.print("sitrep (not installed)", highlight=False)
        raise typer.Exit(0)


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit.")) -> None:
    """Turn news articles about wars and alliances into grounded JSONL records."""


def _register_commands() -> None:
    from sitrep.commands import doctor as cli_doctor
    from sitrep.commands import eval as cli_eval
    from sitrep.commands import events as cli_events
    from sitrep.commands import explain as cli_explain
    from sitrep.commands import extract as cli_extract
    from sitrep.commands import report as cli_report
    from sitrep.commands import serve as cli_serve

    cli_extract.register(app)
    cli_doctor.register(app)
    cli_eval.register(app)
    cli_explain.register(app)
    cli_serve.register(app)
    cli_report.register(app)
    cli_events.register(app)


_register_commands()

if __name__ == "__main__":
    app()

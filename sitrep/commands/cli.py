"""The `sitrep` command. The one engine module that may import `flows`; errors become one-line
messages here."""

from __future__ import annotations

import json
import sys

import typer
from rich.console import Console

# rich_markup_mode=None: help texts are shown as written ("[default: ...]" and "sitrep[embedded]" stay)
app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  rich_markup_mode=None,
                  help="Turn news articles about wars and alliances into grounded JSONL records.")
out = Console(markup=False, highlight=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema every JSONL record validates against."""
    from sitrep.schemas import record_json_schema

    sys.stdout.write(json.dumps(record_json_schema(), indent=2) + "\n")


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


_register_commands()

if __name__ == "__main__":
    app()

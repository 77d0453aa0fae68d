"""The `sitrep` command. The one engine module that may import `flows`; errors become one-line messages here."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="Turn news articles about wars and alliances into grounded JSONL records.")
err = Console(stderr=True, soft_wrap=True)
out = Console()


def _quiet_prefect() -> None:
    """A normal run shows the progress bar and summary, not Prefect's own log lines or telemetry errors
    (sitrep reports failed articles itself, one line each)."""
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
    # The first temporary server on a machine migrates its database first: allow for it on 2 slow cores.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


def _settings_env(**flags) -> None:
    """CLI flags override SITREP_* environment variables; the flow builds its Settings from both."""
    for name, value in flags.items():
        if value is not None:
            os.environ[f"SITREP_{name.upper()}"] = str(value)


@app.command()
def extract(
    inputs: Optional[list[str]] = typer.Argument(None, help="Files, directories (read recursively), JSONL files, "
                                                           "http(s) URLs of pages, or - for stdin."),
    out_path: Path = typer.Option(Path("out/records.jsonl"), "--out", "-o", help="Records JSONL (appended)."),
    failures: Optional[Path] = typer.Option(None, help="Failures JSONL [default: beside --out]."),
    summary: Optional[Path] = typer.Option(None, help="Write the run summary as JSON here."),
    backend: Optional[str] = typer.Option(None, help="embedded | openai-compatible | openai | fake"),
    base_url: Optional[str] = typer.Option(None, help="Base URL of an OpenAI-compatible endpoint."),
    model: Optional[str] = typer.Option(None, help="Model name (or GGUF stem for embedded)."),
    model_path: Optional[Path] = typer.Option(None, help="A GGUF file for the embedded backend."),
    mode: Optional[str] = typer.Option(None, help="Instructor mode: json_schema | tools | json | md_json"),
    concurrency: Optional[int] = typer.Option(None, help="Articles extracted at once."),
    cache_dir: Optional[Path] = typer.Option(None, help="Cache directory [default: ~/.cache/sitrep]."),
    refresh: bool = typer.Option(False, "--refresh", help="Ignore cached results (and replace them)."),
    dask_workers: Optional[int] = typer.Option(None, help="Run the articles on a local Dask cluster of N "
                                                          "processes."),
    dask_address: Optional[str] = typer.Option(None, help="Run the articles on the Dask scheduler at this "
                                                          "address."),
    feed: Optional[list[str]] = typer.Option(None, "--feed", help="An RSS or Atom feed (URL or file) whose new "
                                                                  "and changed entries are extracted; repeatable."),
    keep_pages: Optional[Path] = typer.Option(None, help="Keep each fetched page and its extracted text here."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Fetch from loopback and private "
                                                                      "addresses too."),
) -> None:
    """Extract records from articles into JSONL, through the extract-articles Prefect flow."""
    if not inputs and not feed:
        err.print("sitrep: nothing to extract: give files, folders, URLs or --feed", highlight=False)
        raise typer.Exit(2)
    _quiet_prefect()
    _settings_env(backend=backend, base_url=base_url, model=model, model_path=model_path, mode=mode,
                  concurrency=concurrency, cache_dir=cache_dir, refresh=refresh or None,
                  dask_workers=dask_workers, dask_address=dask_address, keep_pages=keep_pages,
                  allow_private=allow_private or None)
    from sitrep.flows.local_api import local_api

    api = local_api()  # PREFECT_API_URL if set, else a local Prefect server, starting while we import
    from sitrep import prompting
    from sitrep.config import Settings
    from sitrep.errors import SitrepError
    from sitrep.flows.extract import extract_articles
    from sitrep.llm import backend_for
    from sitrep.run import on_outcome

    try:
        settings = Settings()
    except Exception as exc:  # pydantic's ValidationError, shown as one line
        err.print(f"sitrep: configuration error: {_first_error(exc)}", highlight=False)
        raise typer.Exit(2)
    try:
        prompting.check()  # a missing prompt file is one configuration error, before any article
        if settings.backend != "embedded":  # cheap to build: a bad remote configuration stops before any work
            backend_for(settings)  # (the flow loads the embedded model only when an article needs it)
    except SitrepError as exc:
        err.print(f"sitrep: {exc}", highlight=False)
        raise typer.Exit(2)
    with Progress(TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                  TimeElapsedColumn(), console=err, transient=True) as progress:
        bar = progress.add_task("", total=None)

        def advance(outcome) -> None:
            progress.update(bar, advance=1, description=f"{outcome.article_id} ({outcome.status})")
            if outcome.status == "failed":
                progress.console.print(f"sitrep: {outcome.source or outcome.article_id}: "
                                       f"{_strip_source(outcome.error, outcome.source)}", highlight=False,
                                       soft_wrap=True)

        on_outcome(advance)
        try:
            if api is not None:
                api.wait()
            result = extract_articles(inputs=list(inputs or []), out=str(out_path),
                                      failures=str(failures) if failures else None, feeds=list(feed or []))
        except SitrepError as exc:
            err.print(f"sitrep: {exc}", highlight=False)
            raise typer.Exit(2)
    if summary:
        summary.parent.mkdir(parents=True, exist_ok=True)
        summary.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for note in result.get("notes", []):
        err.print(f"sitrep: {note}", highlight=False, soft_wrap=True)
    _print_summary(result, out_path)
    raise typer.Exit(1 if result["failed"] else 0)


def _strip_source(error: str | None, source: str | None) -> str:
    if error and source and error.startswith(f"{source}: "):
        return error[len(source) + 2:]
    return error or "failed"


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        e = errors()[0]
        return f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}"
    return str(exc).splitlines()[0]


def _print_summary(result: dict, out_path: Path) -> None:
    table = Table(title="sitrep run", show_header=False)
    table.add_row("articles", f"{result['articles']} ({result['succeeded']} ok, {result['cached']} cached, "
                              f"{result['failed']} failed)")
    for record_type, n in result["records"].items():
        table.add_row(record_type, str(n))
    table.add_row("records written", str(result["records_written"]))
    table.add_row("model calls", f"{result['model_calls']} (retries {result['transport_retries']}, "
                                 f"re-asks {result['reasks']}, dropped {result['dropped_records']})")
    table.add_row("tokens", f"{result['tokens']['prompt']} prompt, {result['tokens']['completion']} completion")
    table.add_row("seconds", f"{result['seconds']:.1f}")
    if result.get("pages_fetched") or (result.get("feeds") or {}).get("feeds"):
        from sitrep.flows.report import fetched_line

        table.add_row("fetched", fetched_line(result))
    table.add_row("output", str(out_path))
    err.print(table)


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
    from sitrep import cli_doctor, cli_eval, cli_explain, cli_report, cli_serve

    cli_doctor.register(app)
    cli_eval.register(app)
    cli_explain.register(app)
    cli_serve.register(app)
    cli_report.register(app)


_register_commands()

if __name__ == "__main__":
    app()

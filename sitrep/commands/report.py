"""`sitrep report`, `sitrep export` and `sitrep stats`: for the people who use the records. Registered on the
main app by sitrep.commands.cli."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer
from rich.console import Console

err = Console(stderr=True, soft_wrap=True, markup=False)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.command("export")(export)
    app.command("stats")(stats)


def _records(path: Path) -> list:
    from sitrep.errors import SitrepError
    from sitrep.io.recordfile import read_records

    notes: list[str] = []
    try:
        records = read_records(path, notes)
    except SitrepError as exc:
        err.print(f"sitrep: {exc}", highlight=False)
        raise typer.Exit(2) from None
    for note in notes:  # damaged lines skipped: the rest is read
        err.print(f"sitrep: {note}", highlight=False)
    return records


def report(
    records_path: Path = typer.Argument(..., metavar="RECORDS.jsonl",
                                        help="Records written by sitrep extract."),
    more: list[str] | None = typer.Argument(None, metavar="INPUT", show_default=False,
                                               help="More article inputs (so `--articles a b c` works)."),
    articles: list[str] = typer.Option([], "--articles", "-a",
                                       help="The inputs the records came from: files, directories, JSONL, as "
                                            "given to sitrep extract."),
    out: Path = typer.Option(Path("report.html"), "--out", "-o", help="The HTML file to write."),
    failures: Path | None = typer.Option(None,
                                         help="Failures JSONL to list (default: the one beside RECORDS)."),
    title: str | None = typer.Option(None, help="Page title (default: from the records file name)."),
    backend: str | None = typer.Option(None, help="The backend the records were extracted with."),
    model: str | None = typer.Option(None, help="The model whose cached answers are replayed (default: the "
                                                   "one each article's records name)."),
    cache_dir: Path | None = typer.Option(None, help="The answers cache the records were extracted with "
                                                        "(default: ~/.cache/sitrep)."),
    events: Path | None = typer.Option(
        None, "--events", metavar="EVENTS.jsonl",
        help="The records' events (sitrep events), shown in the page's events view (default: "
             "<stem>.events.jsonl beside RECORDS, when it exists)."),
) -> None:
    """Write one self-contained HTML page to review every record in its article's text, with the candidates
    the model gave that did not become records greyed (replayed from the answers cache; no model call), and
    the records' events with every source's figure side by side when there are events."""
    from pydantic import ValidationError

    from sitrep.commands.explaining import RecordModels
    from sitrep.commands.extract import _first_error
    from sitrep.config import Settings
    from sitrep.errors import SitrepError
    from sitrep.io.article_ids import named_as_in
    from sitrep.io.recordfile import failures_beside, read_failures
    from sitrep.io.report import render
    from sitrep.io.sources import read_inputs
    from sitrep.llm.cache import take_bad_entries

    flags = {"backend": backend, "model": model, "cache_dir": cache_dir}
    try:
        settings = Settings(**{k: v for k, v in flags.items() if v is not None})
    except ValidationError as exc:  # shown as one line
        err.print(f"sitrep: configuration error: {_first_error(exc)}", highlight=False)
        raise typer.Exit(2) from None
    records = _records(records_path)
    articles = [*articles, *(more or [])]
    read = read_inputs(articles) if articles else None
    for problem in read.problems if read else []:
        err.print(f"sitrep: {problem}", highlight=False)
    notes: list[str] = []
    try:
        failed = read_failures(failures or failures_beside(records_path), notes)
    except SitrepError as exc:
        err.print(f"sitrep: {exc}", highlight=False)
        raise typer.Exit(2) from None
    for note in notes:
        err.print(f"sitrep: {note}", highlight=False)
    texts = named_as_in(read.articles, records, records_path) if read else []
    models = None if model else RecordModels(records)  # the model that made the records, unless told
    candidates, missing = _not_kept(texts, settings, models)
    grouped = _events(records_path, events)
    page = render(records, texts, failed, title or f"sitrep review: {records_path.name}", candidates, grouped)
    for warning in page.warnings:
        err.print(f"sitrep: {warning}", highlight=False)
    for line in take_bad_entries():
        err.print(f"sitrep: {line}", highlight=False)
    if missing:
        names = ", ".join(models.names()) if models and models.names() else settings.model_name()
        err.print(f"sitrep: {missing} of {len(texts)} articles have no model answers in {settings.cache_dir} "
                  f"for {names}; their dropped candidates are not shown (pass --cache-dir and the SITREP_* "
                  f"decoding settings as given to sitrep extract){_other_prompts(records)}", highlight=False)
    _write_text(out, page.html)
    size = len(page.html.encode())
    shown = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"
    dropped = sum(map(len, candidates))
    grouped_line = "" if grouped is None else f"{len(grouped)} events, "
    err.print(f"sitrep: {len(records)} records, {grouped_line}{len(texts)} articles, {len(failed)} failures, "
              f"{dropped} candidates dropped or merged -> {out} ({shown})", highlight=False)


def _other_prompts(records: list) -> str:
    """A remark when records were made with other prompts than the installed ones (their answers were asked
    with other messages, so they are keyed apart)."""
    from sitrep.llm import prompting

    other = sorted({r.extraction.prompt_version for r in records} - {prompting.prompt_version(), "none"})
    return f"; some records were made with other prompts ({', '.join(other)})" if other else ""


def _not_kept(texts: list, settings, models) -> tuple[list[list[dict]], int]:
    """The candidates each article's answers gave that did not become records, replayed with the model its
    records name (`models`), or with `settings`' model when None; and how many articles had no answers."""
    from sitrep.io.report import not_kept

    if models is None:
        return not_kept(texts, settings)
    groups: dict[str, tuple] = {}  # model -> (its settings, indexes of its articles)
    for i, article in enumerate(texts):
        own = models.settings_for(article.id, settings)
        groups.setdefault(own.model_name(), (own, []))[1].append(i)
    candidates: list[list[dict]] = [[] for _ in texts]
    missing = 0
    for own, indexes in groups.values():
        found, none = not_kept([texts[i] for i in indexes], own)
        missing += none
        for i, kept in zip(indexes, found, strict=True):
            candidates[i] = kept
    return candidates, missing


def export(
    records_path: Path = typer.Argument(..., metavar="RECORDS.jsonl",
                                        help="Records written by sitrep extract."),
    fmt: str = typer.Option("parquet", "--format", "-f", help="parquet | csv"),
    out: Path = typer.Option(Path("out/tables"), "--out", "-o",
                             help="Directory for one file per record type."),
    events: Path | None = typer.Option(
        None, "--events", metavar="EVENTS.jsonl",
        help="The records' events (sitrep events), written as the tables events and claims (default: "
             "<stem>.events.jsonl beside RECORDS, when it exists)."),
) -> None:
    """Write one flat table per record type (agreement, troop_deployment, casualty_figure) as
    Parquet or CSV; with the records' events, an events table (one row per event, each measure's best, low
    and high) and a claims table (one row per source's figure)."""
    from sitrep.io.export import FORMATS, uncovered, write

    if fmt not in FORMATS:
        err.print(f"sitrep: --format must be one of {', '.join(FORMATS)}, not {fmt!r}", highlight=False)
        raise typer.Exit(2)
    records = _records(records_path)
    if out.exists() and not out.is_dir():
        err.print(f"sitrep: {out}: exists and is not a directory", highlight=False)
        raise typer.Exit(2)
    grouped = _events(records_path, events)
    written = write(records, out, fmt, grouped)
    counts: dict[str, int] = {}
    for r in records:
        counts[r.record_type] = counts.get(r.record_type, 0) + 1
    if grouped is not None:
        counts.update(events=len(grouped), claims=sum(len(m.claims) for e in grouped
                                                      for m in e.measures.values()))
        if missing := uncovered(records, grouped):
            err.print(f"sitrep: {missing} of {len(records)} records are in no event: the events file is "
                      f"older than the records (update it with `sitrep events {records_path}`)",
                      highlight=False)
    for name, path in written.items():
        err.print(f"sitrep: {counts.get(name, 0)} rows -> {path}", highlight=False)


def _events(records_path: Path, given: Path | None) -> list | None:
    """The events given with --events, else those of the events file beside the records when there is one;
    None when there are none to read."""
    from pydantic import ValidationError

    from sitrep.events import events_path_for, read_events

    path = given or events_path_for(records_path)
    if given is None and not path.is_file():
        return None
    try:
        return read_events(path)
    except OSError as exc:
        err.print(f"sitrep: {path}: cannot be read ({exc.strerror or exc})", highlight=False)
    except ValidationError as exc:  # one line: the first problem
        problem = exc.errors()[0]
        where = ".".join(map(str, problem.get("loc") or ()))
        err.print(f"sitrep: {path}: not a sitrep events file ({where + ': ' if where else ''}"
                  f"{problem['msg']}); make it with `sitrep events {records_path}`", highlight=False)
    raise typer.Exit(2)


def stats(
    records_path: Path = typer.Argument(..., metavar="RECORDS.jsonl",
                                        help="Records written by sitrep extract."),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Count records by type, measure, claimant and article; share of vague, approximate, derived figures."""
    from sitrep.io import stats as counting

    result = counting.stats(_records(records_path))
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        return
    out = Console(markup=False)
    for table in counting.tables(result):
        out.print(table)


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)

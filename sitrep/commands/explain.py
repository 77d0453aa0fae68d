"""`sitrep explain`: registered on the main app by sitrep.commands.cli."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

out = Console(soft_wrap=True, markup=False)
err = Console(stderr=True, soft_wrap=True, markup=False)


def register(app: typer.Typer) -> None:
    app.command("explain")(explain)


def explain(
    inputs: list[str] = typer.Argument(..., help="The articles, as given to `sitrep extract`."),
    article_id: str | None = typer.Option(None, "--article", "-a", help="Only this article id."),
    record_id: str | None = typer.Option(None, "--record", "-r", help="Why this record exists."),
    sentence: str | None = typer.Option(None, "--sentence", "-s",
                                           help="Only sentences holding these words "
                                                "(why a sentence gave nothing)."),
    records: Path | None = typer.Option(None, "--records",
                                           help="The records extracted from these articles; "
                                                "each article is replayed with the model its records name "
                                                "(default: out/records.jsonl, when it exists)."),
    backend: str | None = typer.Option(None, help="The backend the records were extracted with."),
    model: str | None = typer.Option(None, help="The model whose cached answers are replayed (default: the "
                                                   "one the article's records name)."),
    cache_dir: Path | None = typer.Option(None, help="Cache directory [default: ~/.cache/sitrep]."),
    as_json: bool = typer.Option(False, "--json", help="Print the explanation as JSON."),
) -> None:
    """Why each record exists and why a sentence gave nothing: every candidate the model gave, the check
    that kept or dropped it, and what the candidate tests said of each sentence. Replays the cache; no model
    call."""
    from pydantic import ValidationError

    from sitrep.commands.extract import _first_error
    from sitrep.config import Settings
    from sitrep.io.sources import read_inputs
    from sitrep.llm.cache import take_bad_entries

    try:
        settings = Settings.from_flags(backend=backend, model=model, cache_dir=cache_dir)
    except ValidationError as exc:  # shown as one line
        err.print(f"sitrep: configuration error: {_first_error(exc)}", highlight=False)
        raise typer.Exit(2) from None
    models = None if model else _record_models(records)
    read = read_inputs(inputs)
    for problem in read.problems:
        err.print(f"sitrep: {problem}", highlight=False)
    articles = [a for a in read.articles if article_id in (None, a.id)]
    if not articles:
        err.print(f"sitrep: no article{' ' + repr(article_id) if article_id else ''} in {', '.join(inputs)}")
        raise typer.Exit(2)
    reports = [_explained(a, settings, models, sentence) for a in articles]
    for line in take_bad_entries():
        err.print(f"sitrep: {line}", highlight=False)
    if record_id:
        reports = [_for_record(r, record_id) for r in reports]
        reports = [r for r in reports if r["candidates"]]
        if not reports:
            err.print(f"sitrep: no record {record_id!r} is built from these articles with this cache "
                      f"(another cache? pass --cache-dir, or --records as extracted)")
            raise typer.Exit(1)
    if as_json:
        sys.stdout.write(json.dumps(reports, indent=2, ensure_ascii=False) + "\n")
        return
    for report in reports:
        _print(report)


def _explained(article, settings, models, sentence: str | None) -> dict:
    """The article explained with the model its records name; an article without records, with the configured
    model, else (no answers cached for it) with the model most records name."""
    from sitrep.commands.explaining import explain_article

    if models is None:
        return explain_article(article, settings, sentence)
    first = models.settings_for(article.id, settings, usual=False)
    report = explain_article(article, first, sentence)
    usual = models.settings_for(article.id, settings)
    if all(c["cached"] for c in report["calls"]) or usual.model_name() == first.model_name():
        return report
    return explain_article(article, usual, sentence)


def _record_models(path: Path | None):
    """The model each article's records name, from `path` (or out/records.jsonl, extract's default output,
    when it exists); None without records. A file given that cannot be read ends the command in one line."""
    from sitrep.commands.explaining import RecordModels
    from sitrep.errors import SitrepError
    from sitrep.io.recordfile import read_records

    given = path is not None
    path = path or Path("out/records.jsonl")
    if not given and not path.is_file():
        return None
    try:
        return RecordModels(read_records(path))
    except SitrepError as exc:
        err.print(f"sitrep: {exc}", highlight=False)
        if given:
            raise typer.Exit(2) from None
        return None


def _for_record(report: dict, record_id: str) -> dict:
    kept = [c for c in report["candidates"] if record_id in (c.get("record_id"), c.get("into"))]
    spans = {(c["start"], c["end"]) for c in kept}
    return {**report, "candidates": kept,
            "sentences": [s for s in report["sentences"]
                          if any(s["start"] <= a < s["start"] + len(s["sentence"]) for a, _ in spans)]}


def _print(report: dict) -> None:
    out.print(Text(report["article"], style="bold"))
    if report.get("language"):
        out.print(f"  language {report['language']}: not read, no call made", highlight=False)
    for call in report["calls"]:
        state = "answer cached" if call["cached"] else "not cached: run `sitrep extract` first"
        out.print(f"  call {call['record_type']} ({state}); passages listed for the model:", highlight=False)
        for p in call["passages"]:
            out.print(f"    - {p}", highlight=False, markup=False)
    if not report["calls"]:
        out.print("  no call: code found no passage worth asking about", highlight=False)
    for c in report["candidates"]:
        fate = c["outcome"] + (f" as {c['record_id']}"
                               if c.get("record_id") and c["outcome"] == "kept" else "")
        why = f": {c['reason']}" if c.get("reason") else ""
        out.print(f"  candidate {c['record_type']} {c.get('quote')!r} -> {fate}{why}",
                  highlight=False, markup=False)
        if c["outcome"] == "kept":
            out.print("    passed: " + "; ".join(c.get("checks") or []), highlight=False, markup=False)
    for s in report["sentences"]:
        out.print(f"  sentence {s['sentence'][:160]!r}", highlight=False, markup=False)
        for n in s["numbers"]:
            out.print(f"    {n['number']!r}: casualty {n['casualty']}; troops {n['troops']}", highlight=False,
                      markup=False)
        out.print(f"    agreement: {s['agreement']}", highlight=False, markup=False)
        for v in s["single_victims"]:
            out.print(f"    one person harmed: {v!r}", highlight=False, markup=False)

"""`sitrep explain`: registered on the main app by sitrep.cli."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("explain")(explain)


def explain(
    inputs: list[str] = typer.Argument(..., help="The articles, as given to `sitrep extract`."),
    article_id: Optional[str] = typer.Option(None, "--article", "-a", help="Only this article id."),
    record_id: Optional[str] = typer.Option(None, "--record", "-r", help="Why this record exists."),
    sentence: Optional[str] = typer.Option(None, "--sentence", "-s",
                                           help="Only sentences holding these words (why a sentence gave nothing)."),
    backend: Optional[str] = typer.Option(None, help="The backend the records were extracted with."),
    model: Optional[str] = typer.Option(None, help="The model the records were extracted with."),
    cache_dir: Optional[Path] = typer.Option(None, help="Cache directory [default: ~/.cache/sitrep]."),
    as_json: bool = typer.Option(False, "--json", help="Print the explanation as JSON."),
) -> None:
    """Why each record exists and why a sentence gave nothing: every candidate the model gave, the check that
    kept or dropped it, and what the candidate tests said of each sentence. Replays the cache; no model call."""
    from sitrep.config import Settings
    from sitrep.explain import explain_article
    from sitrep.sources import read_inputs

    flags = {"backend": backend, "model": model, "cache_dir": cache_dir}
    settings = Settings(**{k: v for k, v in flags.items() if v is not None})
    read = read_inputs(inputs)
    for problem in read.problems:
        err.print(f"sitrep: {problem}", highlight=False)
    articles = [a for a in read.articles if article_id in (None, a.id)]
    if not articles:
        err.print(f"sitrep: no article{' ' + repr(article_id) if article_id else ''} in {', '.join(inputs)}")
        raise typer.Exit(2)
    reports = [explain_article(a, settings, sentence) for a in articles]
    if record_id:
        reports = [_for_record(r, record_id) for r in reports]
        reports = [r for r in reports if r["candidates"]]
        if not reports:
            err.print(f"sitrep: no record {record_id!r} is built from these articles with this cache "
                      f"(another model or backend? pass --backend/--model as extracted)")
            raise typer.Exit(1)
    if as_json:
        sys.stdout.write(json.dumps(reports, indent=2, ensure_ascii=False) + "\n")
        return
    for report in reports:
        _print(report)


def _for_record(report: dict, record_id: str) -> dict:
    kept = [c for c in report["candidates"] if record_id in (c.get("record_id"), c.get("into"))]
    spans = {(c["start"], c["end"]) for c in kept}
    return {**report, "candidates": kept,
            "sentences": [s for s in report["sentences"]
                          if any(s["start"] <= a < s["start"] + len(s["sentence"]) for a, _ in spans)]}


def _print(report: dict) -> None:
    out.print(f"[bold]{report['article']}[/bold]")
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
        fate = c["outcome"] + (f" as {c['record_id']}" if c.get("record_id") and c["outcome"] == "kept" else "")
        why = f": {c['reason']}" if c.get("reason") else ""
        out.print(f"  candidate {c['record_type']} {c.get('quote')!r} -> {fate}{why}", highlight=False, markup=False)
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

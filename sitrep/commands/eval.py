"""`sitrep eval`: score records against gold annotations, extracting the gold articles first unless --pred is
given. Registered on the main app by sitrep.commands.cli."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

out = Console(markup=False)
err = Console(stderr=True, markup=False)


def register(app: typer.Typer) -> None:
    app.command("eval")(evaluate)


def evaluate(
    gold: Path = typer.Option(..., "--gold", exists=True, dir_okay=False, help="Gold annotations (JSONL)."),
    pred: Path | None = typer.Option(None, "--pred", exists=True, dir_okay=False,
                                        help="Records to score (default: extract the gold articles first)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    per_article: bool = typer.Option(False, "--per-article", help="List each article's misses."),
    ids: str | None = typer.Option(None, help="Comma-separated article ids: score only these."),
    out_path: Path = typer.Option(Path("out/eval/records.jsonl"), "--out", "-o",
                                  help="Where extracted records go (replaced on each run)."),
    backend: str | None = typer.Option(None, help="embedded | openai-compatible | openai | module:attribute"),
    base_url: str | None = typer.Option(None, help="Base URL of an OpenAI-compatible endpoint."),
    model: str | None = typer.Option(None, help="Model name (or GGUF stem for embedded)."),
    model_path: Path | None = typer.Option(None, help="A GGUF file for the embedded backend."),
    cache_dir: Path | None = typer.Option(None, help="Cache directory [default: ~/.cache/sitrep]."),
    refresh: bool = typer.Option(False, "--refresh", help="Ignore cached results (times every article)."),
    answers: Path | None = typer.Option(None, "--answers", exists=True, dir_okay=False,
                                           help="Replay the model answers recorded in this file (no model)."),
    save_answers: Path | None = typer.Option(None, "--save-answers",
                                                help="Write the model answers the gold articles used "
                                                     "to this file."),
) -> None:
    """Score records against gold annotations: precision/recall/F1, attributes, grounding audit, time."""
    from sitrep.commands.evaluation import load_gold, load_records, score

    articles = load_gold(gold)
    if ids:
        wanted = {i.strip() for i in ids.split(",") if i.strip()}
        unknown = wanted - {a.id for a in articles}
        if unknown:
            err.print(f"sitrep: no gold article with id {', '.join(sorted(unknown))}")
            raise typer.Exit(2)
        articles = [a for a in articles if a.id in wanted]
    seconds: dict[str, float] = {}
    header: dict = {}
    if answers is not None:
        from sitrep.llm.cache import AnswerCache, import_answers

        cache_dir = Path(tempfile.mkdtemp(prefix="sitrep-replay-"))
        header = import_answers(answers, AnswerCache(cache_dir))
        backend, model = "replay", header.get("model")
    from sitrep.commands.extract import settings_or_exit

    settings = None  # scoring records given with --pred needs none
    if pred is None or save_answers is not None:
        settings = settings_or_exit(backend=backend, base_url=base_url, model=model, model_path=model_path,
                                    cache_dir=cache_dir, refresh=refresh or None)
    if pred is None:
        seconds = _extract(articles, out_path, settings)
        pred = out_path
    report = score(articles, load_records(pred), seconds)
    report["gold"], report["pred"] = str(gold), str(pred)
    if header:
        report["recorded"] = header
    if save_answers is not None:
        report["saved_answers"] = _save_answers(articles, save_answers, report, settings)
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        print_report(report, per_article)


def _gold_inputs(articles, path: Path) -> Path:
    """The gold articles as a JSONL input file, read as `sitrep extract` reads any input."""
    path.write_text("".join(json.dumps({"id": a.id, "date": a.date, "title": a.title, "text": a.text},
                                       ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return path


def _save_answers(articles, path: Path, report: dict, settings) -> int:
    """The answers every gold article's calls used, from the cache, with what they scored."""
    from sitrep.extract import plan_calls
    from sitrep.io.sources import read_inputs
    from sitrep.llm.cache import AnswerCache, export_answers

    with tempfile.TemporaryDirectory() as tmp:
        inputs = _gold_inputs(articles, Path(tmp) / "articles.jsonl")
        keys = [c.key for a in read_inputs([str(inputs)]).articles for c in plan_calls(a, settings)]
    header = {"model": settings.model_name(), "decoding": settings.decoding(),
              "fact_f1": report["scores"]["fact"]["all"]["f1"], "articles": len(articles)}
    return export_answers(AnswerCache(settings.cache_dir), keys, path, header)


def _extract(articles, out_path: Path, settings) -> dict[str, float]:
    """Run the gold articles through the normal extract flow into `out_path`; seconds per freshly extracted
    article."""
    from sitrep.commands.extract import _quiet_prefect, _strip_source

    _quiet_prefect()
    from sitrep.flows.local_api import local_api

    api = local_api()  # PREFECT_API_URL if set, else a local Prefect server, starting while we import
    from sitrep.errors import SitrepError
    from sitrep.flows.extract import extract_articles
    from sitrep.run import on_outcome

    out_path.parent.mkdir(parents=True, exist_ok=True)
    inputs = _gold_inputs(articles, out_path.with_name(out_path.stem + ".articles.jsonl"))
    failures = out_path.with_name(out_path.stem + ".failures.jsonl")
    for stale in (out_path, failures):
        stale.unlink(missing_ok=True)
    seconds: dict[str, float] = {}

    def note(outcome) -> None:
        if outcome.status == "extracted":
            seconds[outcome.article_id] = outcome.seconds
        elif outcome.status == "failed":
            err.print(f"sitrep: {outcome.source or outcome.article_id}: "
                      f"{_strip_source(outcome.error, outcome.source)}",
                      highlight=False, soft_wrap=True)
        err.print(f"  {outcome.article_id}: {outcome.status} ({outcome.seconds:.1f} s)", highlight=False)

    on_outcome(note)
    try:
        api.wait()
        extract_articles(inputs=[str(inputs)], out=str(out_path), failures=str(failures), settings=settings)
    except SitrepError as exc:
        err.print(f"sitrep: {exc}", highlight=False)
        raise typer.Exit(2) from None
    if not out_path.exists():
        out_path.write_text("", encoding="utf-8")
    return seconds


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def print_report(report: dict, per_article: bool = False) -> None:
    table = Table(title=f"sitrep eval: {report['articles']} articles, {report['predicted_records']} records")
    for column in ("level", "type", "TP", "FP", "FN", "P", "R", "F1"):
        table.add_column(column, justify="left" if column in ("level", "type") else "right")
    for level, by_type in report["scores"].items():
        for kind, t in by_type.items():
            table.add_row(level, kind, str(t["tp"]), str(t["fp"]), str(t["fn"]),
                          _fmt(t["precision"]), _fmt(t["recall"]), _fmt(t["f1"]))
    out.print(table)
    attrs = Table(title="attributes on matched facts", show_header=True)
    attrs.add_column("attribute")
    attrs.add_column("correct", justify="right")
    for name, a in report["attributes"].items():
        attrs.add_row(name, f"{a['correct']}/{a['of']}")
    attrs.add_row("claimant where gold has none", str(report["claimant_where_gold_has_none"]))
    g = report["grounding"]
    attrs.add_row("grounding audit failures", f"{g['failed']}/{g['of']} records")
    t = report["seconds_per_article"]
    attrs.add_row("seconds per article",
                  f"median {t['median']:.1f}, mean {t['mean']:.1f}, max {t['max']:.1f} ({t['timed']} timed)"
                  if t else "n/a (not extracted in this run)")
    out.print(attrs)
    if report.get("records_for_unknown_articles"):
        out.print(f"{report['records_for_unknown_articles']} records belong to articles not in the gold file "
                  f"(not scored)")
    if per_article:
        _print_articles(report["per_article"])


def _print_articles(articles: list[dict]) -> None:
    for a in articles:
        clean = not (a["missed"] or a["spurious"] or a["wrong_attributes"] or a["ungrounded"])
        seconds = f", {a['seconds']:.1f} s" if a.get("seconds") is not None else ""
        out.print(f"{a['id']}  TP {a['tp']}  FP {a['fp']}  FN {a['fn']}{seconds}"
                  + ("  ok" if clean else ""), highlight=False)
        for m in a["missed"]:
            out.print(f"  missed    {m['fact']}: {m['quote']!r}", highlight=False, markup=False)
        for s in a["spurious"]:
            out.print(f"  spurious  {s['fact']}: {s['quote']!r}", highlight=False, markup=False)
        for w in a["wrong_attributes"]:
            out.print(f"  wrong     {w['attribute']} of {w['fact']}: gold {w['gold']!r}, "
                      f"predicted {w['predicted']!r}", highlight=False, markup=False)
        for u in a["ungrounded"]:
            out.print(f"  ungrounded {u['why']}: {u['quote']!r}", highlight=False, markup=False)

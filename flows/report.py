"""The run's artifacts in the Prefect UI: a table with one row per article and a markdown summary."""

from __future__ import annotations

from collections import defaultdict

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from sitrep.batch import fetched_line
from sitrep.config import Settings
from sitrep.run import ArticleOutcome, Outputs

RECORD_TYPES = ("agreement", "troop_deployment", "casualty_figure")
TABLE_KEY = "sitrep-articles"
SUMMARY_KEY = "sitrep-summary"


def article_rows(outcomes: list[ArticleOutcome]) -> list[dict]:
    return [{
        "article": o.article_id,
        "status": o.status,
        "cache_hit": o.status == "cached",
        **{t: o.records.get(t, 0) for t in RECORD_TYPES},
        "new_lines": o.written,
        "model_calls": o.stats.model_calls,
        "tokens": o.stats.prompt_tokens + o.stats.completion_tokens,
        "seconds": round(o.seconds, 3),
        "dropped": sum(o.dropped.values()),
        "error": o.error or "",
        "worker": o.worker,
    } for o in outcomes]


def cost(summary: dict, settings: Settings) -> float | None:
    if settings.prompt_price is None and settings.completion_price is None:
        return None
    return (summary["tokens"]["prompt"] * (settings.prompt_price or 0)
            + summary["tokens"]["completion"] * (settings.completion_price or 0)) / 1e6


def summary_markdown(summary: dict, settings: Settings, outputs: Outputs) -> str:
    s, tokens = summary, summary["tokens"]
    extracted = s["succeeded"] - s["cached"]
    price = cost(s, settings)
    if price is not None:
        cost_line = (f"{price:.4f} (at {settings.prompt_price or 0} per million prompt tokens, "
                     f"{settings.completion_price or 0} per million completion tokens)")
    elif tokens["prompt"] or tokens["completion"]:
        cost_line = "not priced (set SITREP_PROMPT_PRICE and SITREP_COMPLETION_PRICE, per million tokens)"
    else:
        cost_line = "no token usage reported"
    lines = [
        f"# sitrep: {s['articles']} articles, {sum(s['records'].values())} records",
        "",
        "| | |", "|---|---|",
        f"| articles | {s['articles']}: {extracted} extracted, {s['cached']} cached, {s['failed']} failed |",
        *(f"| {t} records | {s['records'][t]} |" for t in RECORD_TYPES),
        f"| new JSONL lines | {s['records_written']} in `{outputs.records}` |",
        (f"| model calls | {s['model_calls']} ({s['transport_retries']} transport retries, "
         f"{s['reasks']} re-asks, {s['dropped_records']} items dropped) |"),
        f"| tokens | {tokens['prompt']} prompt, {tokens['completion']} completion |",
        f"| cost | {cost_line} |",
        f"| backend | {settings.backend} / {settings.model_name()} |",
        f"| seconds | {s['seconds']} |",
    ]
    if s.get("pages_fetched") or (s.get("feeds") or {}).get("feeds"):
        lines.append(f"| fetched | {fetched_line(s)} |")
    if s["workers"]:
        lines.append("| workers | " + ", ".join(f"{w} ({n})" for w, n in sorted(s["workers"].items())) + " |")
    if s.get("dropped"):
        lines += ["", f"## Candidates dropped ({sum(s['dropped'].values())})", "", "| reason | candidates |",
                  "|---|---|"]
        lines += [f"| {reason.replace('|', chr(92) + '|')} | {n} |" for reason, n in s["dropped"].items()]
        lines += ["", "`sitrep explain` shows, for an article, each candidate and the check that kept or "
                  "dropped it."]
    if s["failures"]:
        by_reason: dict[str, list[str]] = defaultdict(list)
        for f in s["failures"]:
            by_reason[(f["error"] or "failed").replace("|", "\\|").replace("\n", " ")].append(f["id"])
        lines += ["", f"## Failures ({s['failed']})", "", "| reason | articles |", "|---|---|"]
        for reason, ids in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
            shown = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
            lines.append(f"| {reason} | {len(ids)}: {shown} |")
        lines += ["", f"Failed articles are listed in `{outputs.failures}`."]
    return "\n".join(lines) + "\n"


def publish_artifacts(outcomes: list[ArticleOutcome], summary: dict, settings: Settings,
                      outputs: Outputs) -> None:
    create_table_artifact(table=article_rows(outcomes), key=TABLE_KEY,
                          description="One row per article: records by type, cache hit, model calls, tokens, "
                                      "seconds, error.")
    create_markdown_artifact(markdown=summary_markdown(summary, settings, outputs), key=SUMMARY_KEY,
                             description="Totals, failure reasons and cost of the run.")

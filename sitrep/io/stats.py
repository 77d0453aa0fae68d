"""`sitrep stats`: what a records file holds, counted by type, measure, claimant and article, and how many of
its figures are vague, approximate or derived."""

from __future__ import annotations

from collections import Counter

from sitrep.schemas.records import RECORD_TYPES

OWN_VOICE = "(the article itself)"  # attributed_to is null: the article states it in its own voice


def _ranked(counter: Counter) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def stats(records: list) -> dict:
    """Counts and shares as plain data (the JSON of `sitrep stats --json`)."""
    by_type = Counter({t: 0 for t in RECORD_TYPES})
    by_measure: Counter = Counter()
    by_claimant: Counter = Counter()
    by_article: Counter = Counter()
    figures = [r.count for r in records if getattr(r, "count", None) is not None]
    for r in records:
        by_type[r.record_type] += 1
        by_claimant[r.attributed_to or OWN_VOICE] += 1
        by_article[r.article.id] += 1
        if r.record_type == "casualty_figure":
            by_measure[r.measure] += 1
    kinds = {
        "vague": sum(q.qualifier == "vague" for q in figures),
        "approximate": sum(q.qualifier == "approximately" for q in figures),
        "derived": sum(q.derived for q in figures),
    }
    return {
        "records": len(records),
        "articles": len(by_article),
        "by_type": dict(by_type),
        "by_measure": _ranked(by_measure),
        "by_claimant": _ranked(by_claimant),
        "by_article": _ranked(by_article),
        "figures": {"total": len(figures),
                    **{k: {"count": n, "share": _share(n, len(figures))} for k, n in kinds.items()}},
    }


def tables(report: dict):
    """The report as rich tables, for a terminal."""
    from rich.table import Table

    overview = Table(title=f"{report['records']} records from {report['articles']} articles",
                     show_header=False)
    for record_type, n in report["by_type"].items():
        overview.add_row(record_type, str(n))
    figures = report["figures"]
    for kind in ("vague", "approximate", "derived"):
        item = figures[kind]
        overview.add_row(f"{kind} figures", f"{item['count']} of {figures['total']} ({item['share']:.1%})")
    out = [overview]
    for key, title in (("by_measure", "casualty figures by measure"), ("by_claimant", "records by claimant"),
                       ("by_article", "records by article")):
        table = Table(title=title, min_width=len(title) + 2)
        table.add_column(key.removeprefix("by_"))
        table.add_column("records", justify="right")
        for name, n in report[key].items():
            table.add_row(name, str(n))
        out.append(table)
    return out

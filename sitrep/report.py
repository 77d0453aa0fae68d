"""`sitrep report`: one self-contained HTML page to review records in their articles. Every evidence span is
highlighted in its article's text; a filterable table of all records scrolls to each. The page's HTML, CSS and JS
ship inside the package (sitrep/report_page) and are inlined with the data, so the file needs no network."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources

from schemas import Article
from sitrep.stats import OWN_VOICE

LABELS = {"agreement": "agreement", "troop_deployment": "troops", "casualty_figure": "casualties"}


@dataclass
class Page:
    html: str
    warnings: list[str] = field(default_factory=list)  # what a reviewer should know: text changed, missing articles


def count_text(q) -> str:
    if q.qualifier == "range" and q.low is not None and q.high is not None:
        number = f"{q.low:,}–{q.high:,}"
    else:
        number = f"{q.value:,}"
    qualifier = "" if q.qualifier == "exact" else f" ({q.qualifier.replace('_', ' ')})"
    return f"{number}{qualifier}"


def _fields(r) -> list[list[str]]:
    """The record's fields as label/value pairs, in the order a reviewer reads them."""
    rows: list[tuple[str, object]] = []
    if r.record_type == "agreement":
        rows += [("parties", ", ".join(r.parties)), ("title", r.title), ("signed", r.signed),
                 ("status", r.status.replace("_", " ")), ("duration", _years(r.duration_years)),
                 ("mutual defence", _yes_no(r.mutual_defence)), ("sectors", ", ".join(r.sectors) or None)]
    else:
        if r.record_type == "casualty_figure":
            rows += [("measure", r.measure), ("group", r.group), ("country", r.country)]
        else:
            rows += [("force", r.force), ("status", r.status)]
        q = r.count
        rows += [("count", count_text(q)), ("count text", f"“{q.text}”"), ("derived", _yes_no(q.derived)),
                 ("location", r.location)]
        if r.record_type == "casualty_figure":
            rows.append(("period", r.period))
    rows += [("claimant", r.attributed_to or OWN_VOICE), ("article", r.article.id), ("record id", r.record_id)]
    return [[label, str(value)] for label, value in rows if value not in (None, "")]


def _years(value: float | None) -> str | None:
    return None if value is None else f"{value:g} years"


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _countries(r) -> list[str]:
    if r.record_type == "agreement":
        return list(r.parties)
    if r.record_type == "troop_deployment":
        return [r.force]
    return [r.country] if r.country else []


def _row(r) -> list[str]:
    """Table cells: type, article, what, count, who, claimant."""
    if r.record_type == "agreement":
        what, count, who = r.status.replace("_", " "), "", " – ".join(r.parties)
    elif r.record_type == "troop_deployment":
        what, count, who = r.status, count_text(r.count), r.force
    else:
        what, count, who = r.measure, count_text(r.count), r.group
    if getattr(r, "count", None) is not None and r.count.derived:
        count += " derived"
    return [LABELS[r.record_type], r.article.id, what, count, who, r.attributed_to or OWN_VOICE]


def page_data(records: list, articles: list[Article], failures: list[dict]) -> tuple[dict, list[str]]:
    """What the page shows, as plain data; and warnings about records whose offsets cannot be shown."""
    warnings: list[str] = []
    index = {a.id: i for i, a in enumerate(articles)}
    notes: dict[int, str] = {}
    missing: dict[str, int] = {}
    rows = []
    for r in records:
        at = index.get(r.article.id)
        shown = at is not None and articles[at].content_sha256 == r.article.content_sha256
        if at is None:
            missing[r.article.id] = missing.get(r.article.id, 0) + 1
        elif not shown:
            notes[at] = "this text differs from the one the records were extracted from; highlights are not shown"
        elif articles[at].text[r.evidence.start:r.evidence.end] != r.evidence.quote:
            shown = False
            warnings.append(f"record {r.record_id}: its quote is not at {r.evidence.start}:{r.evidence.end} of "
                            f"article {r.article.id!r}; not highlighted")
        rows.append({"id": r.record_id, "type": r.record_type, "article": at if at is not None else -1,
                     "article_id": r.article.id, "start": r.evidence.start if shown else -1,
                     "end": r.evidence.end if shown else -1, "quote": r.evidence.quote, "cells": _row(r),
                     "fields": _fields(r), "measure": getattr(r, "measure", None), "countries": _countries(r),
                     "claimant": r.attributed_to or OWN_VOICE})
    for article_id, n in sorted(missing.items()):
        warnings.append(f"article {article_id!r} ({n} records) is not among the --articles given; its records are "
                        "listed without their text")
    for at, note in sorted(notes.items()):
        warnings.append(f"article {articles[at].id!r}: {note}")
    docs = [{"id": a.id, "title": a.title, "published": a.published.isoformat() if a.published else None,
             "publisher": a.publisher, "url": a.url, "text": a.text, "note": notes.get(i)}
            for i, a in enumerate(articles)]
    fails = [{"id": f.get("id"), "source": f.get("source"), "error": f.get("error"), "attempts": f.get("attempts")}
             for f in failures]
    return {"articles": docs, "records": rows, "failures": fails, "warnings": warnings}, warnings


def _asset(name: str) -> str:
    return resources.files("sitrep").joinpath("report_page", name).read_text(encoding="utf-8")


def _script_json(data: dict) -> str:
    """JSON safe inside <script>: '<' only occurs in strings, where \\u003c means the same."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def render(records: list, articles: list[Article], failures: list[dict], title: str) -> Page:
    data, warnings = page_data(records, articles, failures)
    data["title"] = title
    parts, rest = [], _asset("page.html")
    for token, value in (("SITREP_TITLE", _escape(title)), ("/*SITREP_CSS*/", _asset("page.css")),
                         ("SITREP_DATA", _script_json(data)), ("/*SITREP_JS*/", _asset("page.js"))):
        head, sep, rest = rest.partition(token)  # in template order, so inserted text is never searched
        if not sep:
            raise RuntimeError(f"report_page/page.html has no {token} placeholder after the previous one")
        parts += [head, value]
    html = "".join(parts) + rest
    return Page(html, warnings)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

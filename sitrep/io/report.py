"""`sitrep report`: one self-contained HTML page to review records in their articles. Every evidence span is
highlighted in its article's text; a filterable table of all records scrolls to each. The candidates the model
gave that did not become records (replayed from the answers cache by sitrep.commands.explaining) are shown
greyed beside them. Given the records' events, an events view lists each event with every source's figure
side by side; a click on a figure shows its sentence in its article. The page's HTML, CSS and JS ship inside
the package (sitrep/report_page) and are inlined with the data, so the file needs no network."""

from __future__ import annotations

import base64
import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from importlib import resources

from sitrep.io.stats import OWN_VOICE
from sitrep.reading.language import language_for
from sitrep.schemas import Article

LABELS = {"agreement": "agreement", "troop_deployment": "troops", "casualty_figure": "casualties"}


@dataclass
class Page:
    html: str
    # what a reviewer should know: text changed, missing articles
    warnings: list[str] = field(default_factory=list)


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
    rows += [("claimant", r.attributed_to or OWN_VOICE), ("article", r.article.id),
             ("record id", r.record_id)]
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


def not_kept(articles: list[Article], settings) -> tuple[list[list[dict]], int]:
    """For each article, the candidates the model gave that did not become records (dropped or merged), as
    `sitrep explain` replays them from the answers cache; and how many articles'
    answers are not all cached."""
    from sitrep.commands.explaining import replay
    from sitrep.errors import SitrepError
    from sitrep.llm.cache import AnswerCache

    answers = AnswerCache(settings.cache_dir)
    if not answers.root.is_dir():  # no answers at all: nothing to replay, and no need to plan the calls
        return [[] for _ in articles], len(articles)
    out, missing = [], 0
    for article in articles:
        try:
            _, result = replay(article, settings, answers)
        except SitrepError:  # an unreadable cache entry: as good as none
            result = None
        missing += result is None
        out.append([] if result is None else [c for c in result.trace if c["outcome"] != "kept"])
    return out, missing


def _answer_fields(answer: dict) -> list[list[str]]:
    """The model's answer, as label/value pairs (its quote is shown apart)."""
    rows = []
    for key, value in answer.items():
        if key == "quote" or value in (None, "", [], False):  # a flag only when set
            continue
        if isinstance(value, bool):
            value = _yes_no(value)
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        elif isinstance(value, int):
            value = _number(value)
        rows.append([key.replace("_", " "), str(value).replace("_", " ")])
    return rows


def _number(value) -> str:
    return f"{value:,}" if isinstance(value, int) else ("" if value is None else str(value))


def _fate(c: dict) -> str:
    if c["outcome"] == "merged":
        return f"merged into {c['into']}"
    detail = "; ".join(c.get("checks") or [])
    return f"dropped: {c['reason']}" + (f" ({detail})" if detail else "")


def _candidate_row(c: dict, at: int, article: Article, n: int) -> dict:
    answer = c.get("answer") or {}
    what = answer.get("measure") or str(answer.get("status") or "").replace("_", " ")
    count = answer.get("count")
    who = answer.get("group") or answer.get("force") or " – ".join(answer.get("parties") or [])
    shown = "start" in c and article.text[c["start"]:c["end"]] == c.get("quote")
    return {"id": f"candidate-{at}-{n}", "type": c["record_type"], "article": at, "article_id": article.id,
            "start": c["start"] if shown else -1, "end": c["end"] if shown else -1,
            "quote": c.get("quote") or "",
            "cells": [LABELS[c["record_type"]], article.id, what, _number(count), who, ""],
            "fields": [*_answer_fields(answer), ["article", article.id]], "outcome": c["outcome"],
            "fate": _fate(c), "into": c.get("into"), "measure": None, "countries": [], "claimant": None}


def direction(text: str) -> str:
    """"rtl" when most of the text's letters are written right to left (Arabic, Hebrew, Persian scripts),
    else "ltr": told by the letters, so a right-to-left article opening on a Latin dateline is still rtl."""
    kinds = [unicodedata.bidirectional(ch) for ch in text[:4000] if ch.isalpha()]
    return "rtl" if 2 * sum(k in ("R", "AL") for k in kinds) > len(kinds) else "ltr"


def page_data(records: list, articles: list[Article], failures: list[dict],
              candidates: list[list[dict]] | None = None,
              events: list | None = None) -> tuple[dict, list[str]]:
    """What the page shows, as plain data; and warnings about records whose offsets cannot be shown.
    `candidates`: for each article, the candidates that did not become records (see `not_kept`); `events`:
    the records' events (sitrep.events), shown in the page's events view."""
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
            notes[at] = ("this text differs from the one the records were extracted from; "
                         "highlights are not shown")
        elif articles[at].text[r.evidence.start:r.evidence.end] != r.evidence.quote:
            shown = False
            warnings.append(f"record {r.record_id}: its quote is not at {r.evidence.start}:{r.evidence.end} "
                            f"of article {r.article.id!r}; not highlighted")
        rows.append({"id": r.record_id, "type": r.record_type, "article": at if at is not None else -1,
                     "article_id": r.article.id, "start": r.evidence.start if shown else -1,
                     "end": r.evidence.end if shown else -1, "quote": r.evidence.quote, "cells": _row(r),
                     "fields": _fields(r), "measure": getattr(r, "measure", None), "countries": _countries(r),
                     "claimant": r.attributed_to or OWN_VOICE})
    for article_id, n in sorted(missing.items()):
        warnings.append(f"article {article_id!r} ({n} records) is not among the --articles given; its "
                        "records are listed without their text")
    for at, note in sorted(notes.items()):
        warnings.append(f"article {articles[at].id!r}: {note}")
    docs = [{"id": a.id, "title": a.title, "published": a.published.isoformat() if a.published else None,
             "publisher": a.publisher, "url": a.url if web_link(a.url) else None, "text": a.text,
             "note": notes.get(i), "lang": language_for(a), "dir": direction(a.text)}
            for i, a in enumerate(articles)]
    fails = [{"id": f.get("id"), "source": f.get("source"), "error": f.get("error"),
              "attempts": f.get("attempts")}
             for f in failures]
    dropped = [_candidate_row(c, at, articles[at], n)
               for at, cs in enumerate(candidates or []) for n, c in enumerate(cs)]
    shown_events = None
    if events is not None:
        shown_events = event_rows(events)
        event_of = {rid: e.event_id for e in events for rid in e.record_ids}
        for row in rows:
            row["event"] = event_of.get(row["id"])
        if missing := sum(row["event"] is None for row in rows):
            warnings.append(f"{missing} records are in no event: the events file is older than the records")
    return ({"articles": docs, "records": rows, "dropped": dropped, "failures": fails, "warnings": warnings,
             "events": shown_events}, warnings)


def _claim_text(c) -> str:
    if c.low is not None and c.high is not None and c.low != c.high:
        return f"{c.low:,}–{c.high:,}"
    return f"{c.value:,}"


def event_rows(events: list) -> list[dict]:
    """The events as the page's events view shows them: each measure's figures and the claims behind them."""
    rows = []
    for e in events:
        measures = [{"name": name, "best": m.best, "low": m.low, "high": m.high, "disputed": m.disputed,
                     "sources": m.sources, "claimants": m.claimants, "basis": m.basis,
                     "claims": [{"record": c.record_id, "value": _claim_text(c),
                                 "qualifier": c.qualifier.replace("_", " "), "claimant": c.claimant,
                                 "publisher": c.publisher, "published": c.published, "article": c.article_id,
                                 "group": c.group, "role": c.role} for c in m.claims]}
                    for name, m in e.measures.items()]
        rows.append({"id": e.event_id, "kind": e.kind, "start": e.when.start, "end": e.when.end,
                     "place": e.place, "country": e.country, "actors": list(e.actors),
                     "records": list(e.record_ids), "articles": list(e.articles),
                     "disputed": any(m["disputed"] for m in measures), "measures": measures,
                     "joined_by": list(e.joined_by)})
    return rows


def web_link(url: str | None) -> bool:
    """Whether a URL may become a link in the page: http(s) only (never javascript:, data: or file:)."""
    scheme, sep, rest = (url or "").strip().partition(":")
    return bool(sep) and scheme.lower() in ("http", "https") and rest.startswith("//")


def _asset(name: str) -> str:
    return resources.files("sitrep.io").joinpath("report_page", name).read_text(encoding="utf-8")


def _script_json(data: dict) -> str:
    """JSON safe inside <script>: '<' only occurs in strings, where \\u003c means the same."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def render(records: list, articles: list[Article], failures: list[dict], title: str,
           candidates: list[list[dict]] | None = None, events: list | None = None) -> Page:
    data, warnings = page_data(records, articles, failures, candidates, events)
    data["title"] = title
    script = _asset("page.js") + "\n" + _asset("events.js")  # one script: the events view hooks into the page
    # the page's policy runs this script only (by its hash): no inline handler, no javascript: URL
    script_hash = "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    parts, rest = [], _asset("page.html")
    for token, value in (("SITREP_SCRIPT_HASH", script_hash), ("SITREP_TITLE", _escape(title)),
                         ("/*SITREP_CSS*/", _asset("page.css")), ("SITREP_DATA", _script_json(data)),
                         ("/*SITREP_JS*/", script)):
        head, sep, rest = rest.partition(token)  # in template order, so inserted text is never searched
        if not sep:
            raise RuntimeError(f"report_page/page.html has no {token} placeholder after the previous one")
        parts += [head, value]
    html = "".join(parts) + rest
    return Page(html, warnings)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

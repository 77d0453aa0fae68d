#!/usr/bin/env python3
"""Gold facts of a linking set as records of the record contract (schemas/record.schema.json), so that the
grouping into events can be measured apart from extraction.

  python eval/linking/to_records.py eval/linking/tune-gold.jsonl [--out RECORDS.jsonl] [--required-only]
                                    [--articles ARTICLES.jsonl]

One record per gold fact, `record_id` "<article id>#<fact index>" (the fact's index in the article's `facts`,
stable whatever is skipped), evidence offsets found in the article text, `attributed_to` the first acceptable
claimant, `count` a Quantity, casualty `location`/`period` when the fact has them. `--required-only` leaves
out the facts marked optional (default: every fact). `--articles` also writes the articles in sitrep's JSONL
input form (id, title, url, publisher, published, text), for the end-to-end run of `sitrep extract`."""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

RECORD_TYPE = {"casualty": "casualty_figure", "troops": "troop_deployment", "agreement": "agreement"}
QUALIFIERS = {"exact", "approximately", "at_least", "more_than", "up_to", "range", "vague"}
TROOP_STATUS = {"deployed", "planned", "withdrawn", "mobilised", "other"}
AGREEMENT_STATUS = {"signed", "ratified", "agreed_in_principle", "proposed", "suspended", "other"}
EXTRACTION = {"model": "gold-annotation", "prompt_version": "eval/linking"}
_URL = re.compile(r"\s*,?\s*(https?://\S+)\s*$")


def load_gold(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def record_id(article_id: str, index: int) -> str:
    return f"{article_id}#{index}"


def source_parts(source: str) -> tuple[str | None, str | None]:
    """'Outlet, https://…' -> ('Outlet', 'https://…'); a source with no address is all publisher."""
    m = _URL.search(source or "")
    if not m:
        return (source or None), None
    return source[:m.start()].strip(" ,") or None, m.group(1)


def article_ref(item: dict) -> dict:
    publisher, url = source_parts(item.get("source", ""))
    digest = hashlib.sha256(item["text"].encode("utf-8")).hexdigest()
    return {"id": item["id"], "url": url, "title": item.get("title"), "published": item.get("date"),
            "publisher": publisher, "content_sha256": digest}


def evidence(text: str, quote: str) -> dict:
    start = text.find(quote)
    if start < 0:
        raise ValueError(f"quote not in the article text: {quote!r}")
    return {"quote": quote, "start": start, "end": start + len(quote)}


_UNITS = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORDS = rf"(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(_UNITS)}))?|{'|'.join(_TEENS)}|{'|'.join(_UNITS)}"
_VAGUE = {"a dozen": 12, "dozens": 24, "several": 3, "hundreds": 100, "thousands": 1000}
_NUMBER_WORDS = re.compile(rf"\b(?:{_WORDS}|a dozen|dozens|several|hundreds|thousands)\b", re.IGNORECASE)


def _number_forms(value: int) -> list[str]:
    return [f"{value:,}", str(value)] if value >= 1000 else [str(value)]


def count_text(quote: str, value: int, low: int | None, high: int | None) -> str:
    """The words of the quote that state the number: the figure as written in digits, else the first number
    word or vague amount ("twelve", "dozens"), else the whole quote (a single victim told in words)."""
    for number in (low, high, value):
        if number is None:
            continue
        for form in _number_forms(number):
            m = re.search(rf"(?<![\d,.]){re.escape(form)}(?![\d]|,\d)", quote)
            if m:
                if low is not None and high is not None and number == low:
                    rest = re.search(rf"{re.escape(form)}\s*(?:-|–|to|and)\s*[\d,]+", quote[m.start():])
                    if rest:
                        return rest.group(0)
                return m.group(0)
    for words in _NUMBER_WORDS.finditer(quote):
        if _word_value(words.group(0)) in (value, low, high):
            return words.group(0)
    return quote


def _word_value(words: str) -> int | None:
    words = words.lower()
    if words in _VAGUE:
        return _VAGUE[words]
    total = 0
    for part in re.split(r"[\s-]+", words):
        if part in _UNITS:
            total += _UNITS.index(part) + 1
        elif part in _TEENS:
            total += _TEENS.index(part) + 10
        elif part in _TENS:
            total += (_TENS.index(part) + 2) * 10
        else:
            return None
    return total


def quantity(fact: dict) -> dict:
    qualifier = fact.get("qualifier") or "exact"
    return {"value": int(fact["value"]), "low": fact.get("low"), "high": fact.get("high"),
            "qualifier": qualifier if qualifier in QUALIFIERS else "exact",
            "derived": bool(fact.get("derived")),
            "text": count_text(fact["quote"], int(fact["value"]), fact.get("low"), fact.get("high"))}


def _claimant(fact: dict) -> str | None:
    names = fact.get("attributed_to")
    if isinstance(names, str):
        return names or None
    return names[0] if names else None


def fact_record(item: dict, index: int, fact: dict) -> dict:
    kind = fact["type"]
    made = f"{item.get('date') or '1970-01-01'}T00:00:00+00:00"
    record = {"schema_version": "1", "record_id": record_id(item["id"], index),
              "record_type": RECORD_TYPE[kind], "article": article_ref(item),
              "attributed_to": _claimant(fact), "evidence": evidence(item["text"], fact["quote"]),
              "extraction": EXTRACTION | {"extracted_at": made}}
    if kind == "casualty":
        record |= {"group": fact.get("group") or "people", "country": fact.get("country"),
                   "measure": fact["measure"], "count": quantity(fact), "location": fact.get("location"),
                   "period": fact.get("period")}
    elif kind == "troops":
        status = fact.get("status") or "other"
        record |= {"force": fact.get("force") or "unknown", "count": quantity(fact),
                   "location": fact.get("location"), "status": status if status in TROOP_STATUS else "other"}
    else:
        status = fact.get("status") or "other"
        record |= {"parties": list(fact.get("parties") or []), "title": fact.get("title"),
                   "signed": fact.get("signed"), "duration_years": fact.get("duration_years"),
                   "mutual_defence": fact.get("mutual_defence"), "sectors": list(fact.get("sectors") or []),
                   "status": status if status in AGREEMENT_STATUS else "other"}
    return record


def gold_records(items: Iterable[dict], keep_optional: bool = True) -> list[dict]:
    return [fact_record(item, i, fact) for item in items for i, fact in enumerate(item["facts"])
            if keep_optional or not fact.get("optional")]


def gold_labels(items: Iterable[dict], keep_optional: bool = True) -> dict[str, str]:
    """record_id -> the gold `event` label of the fact it stands for."""
    return {record_id(item["id"], i): fact["event"] for item in items for i, fact in enumerate(item["facts"])
            if keep_optional or not fact.get("optional")}


def article_inputs(items: Iterable[dict]) -> list[dict]:
    """The articles as sitrep reads them from JSONL."""
    out = []
    for item in items:
        publisher, url = source_parts(item.get("source", ""))
        row = {"id": item["id"], "title": item.get("title"), "url": url, "publisher": publisher,
               "published": item.get("date"), "text": item["text"]}
        out.append({k: v for k, v in row.items() if v is not None})
    return out


def _write(rows: Iterable[dict], out) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path, help="a linking gold file (eval/linking/*-gold.jsonl)")
    ap.add_argument("--out", type=Path, help="records file to write (default: stdout)")
    ap.add_argument("--required-only", action="store_true", help="leave out the facts marked optional")
    ap.add_argument("--articles", type=Path, help="also write the articles as sitrep JSONL input here")
    args = ap.parse_args(argv)
    items = load_gold(args.gold)
    records = gold_records(items, keep_optional=not args.required_only)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            n = _write(records, fh)
        print(f"{n} records from {len(items)} articles -> {args.out}", file=sys.stderr)
    else:
        _write(records, sys.stdout)
    if args.articles:
        with open(args.articles, "w", encoding="utf-8") as fh:
            n = _write(article_inputs(items), fh)
        print(f"{n} articles -> {args.articles}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

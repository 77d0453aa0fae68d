"""Rebuild records.jsonl here: the records of the three articles in examples/, made from their hand-made gold
annotations in eval/dev-gold.jsonl (the records a run that gets every fact right writes). Offsets are not
copied from anywhere: each gold quote is located by sitrep's own grounding (sitrep.building.grounding.locate)
in the article text exactly as `sitrep extract examples` reads it (sitrep.io.sources.read_inputs).

    .venv/bin/python tests/data/examples/make_records.py [--gold eval/dev-gold.jsonl]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sitrep.building.grounding import locate
from sitrep.building.records import article_ref, record_id
from sitrep.io.sources import read_inputs
from sitrep.schemas import Agreement, CasualtyFigure, Extraction, Quantity, TroopDeployment
from sitrep.schemas.records import record_to_json

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
EXTRACTION = Extraction(model="gold-annotation", prompt_version="none",
                        extracted_at="2026-12-01T00:00:00+00:00")


def claimant(fact: dict) -> str | None:
    names = fact.get("attributed_to")
    return names[0] if isinstance(names, list) else names  # the first of the accepted names


def quantity(fact: dict, quote: str) -> Quantity:
    return Quantity(value=fact["value"], low=fact["low"], high=fact["high"], qualifier=fact["qualifier"],
                    derived=fact["derived"], text=fact.get("count_text") or quote)


def build(article, fact: dict):
    span = locate(article.text, fact["quote"])
    if span is None:
        raise SystemExit(f"{article.id}: gold quote not found in the example text: {fact['quote']!r}")
    common = dict(article=article_ref(article), attributed_to=claimant(fact), extraction=EXTRACTION,
                  evidence={"quote": span.quote, "start": span.start, "end": span.end})
    if fact["type"] == "agreement":
        key = {"parties": sorted(fact["parties"]), "signed": fact["signed"]}
        return Agreement(record_id=record_id(article, "agreement", key, span), parties=fact["parties"],
                         title=fact["title"], signed=fact["signed"], duration_years=fact["duration_years"],
                         mutual_defence=fact["mutual_defence"], sectors=fact.get("sectors", []),
                         status=fact["status"], **common)
    count = quantity(fact, span.quote if fact["derived"] else number_text(span.quote, fact))
    if fact["type"] == "troops":
        key = {"force": fact["force"], "value": fact["value"]}
        return TroopDeployment(record_id=record_id(article, "troop_deployment", key, span),
                               force=fact["force"],
                               count=count, location=fact["location"], status=fact["status"], **common)
    key = {"group": fact["group"], "measure": fact["measure"], "value": fact["value"]}
    return CasualtyFigure(record_id=record_id(article, "casualty_figure", key, span), group=fact["group"],
                          country=fact["country"], measure=fact["measure"], count=count,
                          location=fact.get("location"), period=fact.get("period"), **common)


def number_text(quote: str, fact: dict) -> str:
    """The words of the quote that state the number, found by sitrep's own number reader."""
    from sitrep.reading.quantities import find_numbers

    for mention in find_numbers(quote):
        if mention.value == fact["value"]:
            return mention.text
    raise SystemExit(f"no number {fact['value']} in {quote!r}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "dev-gold.jsonl")
    args = parser.parse_args()
    articles = read_inputs([str(ROOT / "examples")]).articles
    by_title = {a.title: a for a in articles}
    lines = []
    for line in args.gold.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        gold = json.loads(line)
        article = by_title.get(gold.get("title"))
        if article is None or article.text.strip() != gold["text"].strip():
            continue
        lines += [record_to_json(build(article, fact)) for fact in gold["facts"] if not fact.get("optional")]
    if len(lines) == 0:
        raise SystemExit("no gold annotation matches an example article")
    (HERE / "records.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} records of {len(articles)} articles -> {HERE / 'records.jsonl'}")


if __name__ == "__main__":
    main()

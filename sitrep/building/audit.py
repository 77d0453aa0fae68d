"""The audit every record must pass, whoever made it: the quote is the article's text at its offsets; a stated
count is written in its quote (a count of 1 as one harmed person); a vague amount is marked vague with its word;
location, group, force, parties and claimant are words of the article (a country may stand for its name or
demonym); one number mention gives at most one record per measure, the measure the text states for it; and the
same fact is not told twice. `sitrep eval` reports what fails."""

from __future__ import annotations

from sitrep.building.grounding import words_of
from sitrep.deciding.candidates import one_person_harmed, stated_measure
from sitrep.reading.chunking import sentence_spans
from sitrep.reading.quantities import VAGUE, find_numbers, written_in


def _sentence(text: str, start: int, end: int) -> str:
    spans = sentence_spans(text)
    a = next((x for x, y in spans if x <= start < y), start)
    b = next((y for x, y in spans if x < end <= y), end)
    return text[a:b]


def record_problem(record: dict, text: str | None) -> str | None:
    """Why one record fails the audit, or None."""
    evidence = record.get("evidence") or {}
    quote, start, end = evidence.get("quote") or "", evidence.get("start"), evidence.get("end")
    if text is None:
        return "article text unknown"
    if not isinstance(start, int) or not isinstance(end, int) or text[start:end] != quote or not quote:
        return "quote is not the article text at its offsets"
    for field in ("location", "group", "force", "attributed_to"):
        if not words_of(record.get(field), text):
            return f"{field} {record.get(field)!r} is not words of the article"
    for party in record.get("parties") or []:
        if not words_of(party, text):
            return f"party {party!r} is not words of the article"
    count = record.get("count")
    if not count or count.get("derived"):
        return None
    return _count_problem(count, quote, _sentence(text, start, end), record.get("measure"))


def _count_problem(count: dict, quote: str, sentence: str, measure: str | None) -> str | None:
    value, qualifier = count.get("value"), count.get("qualifier")
    vague_words = [n for n in find_numbers(quote) if n.qualifier == "vague"]
    if qualifier == "vague":
        if (count.get("text") or "").lower() not in VAGUE or not vague_words:
            return f"vague count {value} does not carry its vague word from the quote"
        return None
    if value == 1 and not written_in(quote, 1):
        return None if one_person_harmed(quote, scoped=False) else "a count of 1 without one harmed person in its quote"
    bounds = [v for v in (value, count.get("low"), count.get("high")) if v is not None]
    if not all(written_in(quote, v) for v in bounds):
        return f"count {value} is not written in its quote"
    if measure is not None and value != 1:
        stated = {stated_measure(sentence, n) for n in find_numbers(sentence)
                  if n.qualifier != "vague" and n.value == value}
        if stated and None not in stated and measure not in stated:
            return f"measure {measure} is not what the text states for {value} ({', '.join(sorted(stated))})"
    return None


def _fact_key(record: dict) -> tuple | None:
    count = record.get("count") or {}
    if record.get("record_type") == "casualty_figure":
        return ("casualty", record.get("measure"), count.get("value"), (record.get("group") or "").lower(),
                record.get("location"))
    if record.get("record_type") == "troop_deployment":
        return ("troops", count.get("value"), (record.get("force") or "").lower(), record.get("location"))
    return ("agreement", tuple(sorted(p.lower() for p in record.get("parties") or [])))


def article_problems(records: list[dict], text: str | None) -> list[tuple[dict, str]]:
    """Every record of one article that fails the audit, with why: its own checks, then a fact or a
    (number mention, measure) told by an earlier record of the article."""
    out = [(r, why) for r in records if (why := record_problem(r, text))]
    seen_facts, seen_mentions = set(), set()
    for r in records:
        key = _fact_key(r)
        count = r.get("count") or {}
        mention = (r.get("record_type"), (r.get("evidence") or {}).get("start"), count.get("text"), r.get("measure"))
        if key in seen_facts:
            out.append((r, "the same fact as another record of the article"))
        elif count and not count.get("derived") and mention in seen_mentions:
            out.append((r, "a second record of one number mention with the same measure"))
        seen_facts.add(key)
        seen_mentions.add(mention)
    return out

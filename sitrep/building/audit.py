"""The audit every record must pass, whoever made it, judged with its own reading (`audit_reading`), not the
method's: the quote is the article's text at its offsets; a stated count is written in its quote in digits or
words (a count of 1 as one person told: a word for a person, or a name); a vague amount is marked vague with
its word; a casualty figure's measure is a kind of harm its clause tells (or its sentence, when the clause
tells none); location, group, force, parties and claimant are words of the article (a country may stand for
its name or demonym); one number mention gives at most one record per measure; and the same fact is not told
twice. `sitrep eval` reports what fails. A pack without the audit's words for a check lets that check pass.
A record is audited in the language it was read in (`article.language`)."""

from __future__ import annotations

import re

from sitrep.building.audit_reading import clause_around, harm_told, numbers, tells_of_a_person
from sitrep.building.grounding import words_of
from sitrep.reading.chunking import sentence_spans
from sitrep.reading.language import reading_in
from sitrep.reading.pack import active

ANY_HARM = "casualties"  # the measure of people harmed in any way


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    spans = sentence_spans(text)
    a = next((x for x, y in spans if x <= start < y), start)
    b = next((y for x, y in spans if x < end <= y), end)
    return a, b


def record_problem(record: dict, text: str | None) -> str | None:
    """Why one record fails the audit, or None."""
    with reading_in((record.get("article") or {}).get("language")):
        return _record_problem(record, text)


def _record_problem(record: dict, text: str | None) -> str | None:
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
    if not count:
        return None
    a, b = _sentence(text, start, end)
    sentence, at = text[a:b], start - a  # the quote's place in its sentence
    problem = None if count.get("derived") else _count_problem(count, quote)
    if problem is None and record.get("measure"):
        problem = _measure_problem(record["measure"], count, quote, sentence, at)
    return problem


def _count_problem(count: dict, quote: str) -> str | None:
    value, qualifier = count.get("value"), count.get("qualifier")
    pack = active()
    if qualifier == "vague":
        word = (count.get("text") or "").lower()
        if (word not in pack.table("numbers.vague")
                or not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", quote, re.I)):
            return f"vague count {value} does not carry its vague word from the quote"
        return None
    written = {n.value for n in numbers(quote)}
    if value == 1 and 1 not in written:
        if tells_of_a_person(quote) or not pack.words("audit.person"):
            return None
        return "a count of 1 without a person in its quote"
    bounds = [v for v in (value, count.get("low"), count.get("high")) if v is not None]
    if not all(v in written for v in bounds):
        return f"count {value} is not written in its quote"
    return None


def _measure_problem(measure: str, count: dict, quote: str, sentence: str, at: int) -> str | None:
    """The measure must be a kind of harm the clause of the count tells (any kind, for casualties); when that
    clause tells none, its sentence must tell it."""
    if not active().kinds("audit.harm"):
        return None
    value = count.get("value")
    places = ([(at + n.start, at + n.end) for n in numbers(quote) if n.value == value]
              or [(at, at + len(quote))])
    told_in_clauses = set()
    for start, end in places:
        told = harm_told(clause_around(sentence, start, end)) or harm_told(sentence)
        if told and (measure == ANY_HARM or measure in told):
            return None
        told_in_clauses |= told
    if not told_in_clauses:
        return f"no word of harm told for {value} in its sentence"
    return f"measure {measure} is not what the text tells for {value} ({', '.join(sorted(told_in_clauses))})"


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
        mention = (r.get("record_type"), (r.get("evidence") or {}).get("start"), count.get("text"),
                   r.get("measure"))
        if key in seen_facts:
            out.append((r, "the same fact as another record of the article"))
        elif count and not count.get("derived") and mention in seen_mentions:
            out.append((r, "a second record of one number mention with the same measure"))
        seen_facts.add(key)
        seen_mentions.add(mention)
    return out

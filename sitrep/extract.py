"""Article in, contract records out: one focused model call per record type (per chunk, for an article longer than
the model's context), grounded and assembled by code."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from schemas import Article
from schemas.records import RECORD_TYPES
from sitrep import prompting
from sitrep.assemble import Found, build_records, extraction_info
from sitrep.calls import CallStats, structured_call
from sitrep.chunking import Chunk, chunks, max_chunk_chars, sentence_spans
from sitrep.config import Settings
from sitrep.figures import (
    ONE_PERSON,
    counts_personnel,
    counts_things,
    measure_near,
    measures_in,
    not_harmed,
    segment_around,
)
from sitrep.grounding import Span, locate
from sitrep.items import bounded, makes_agreement
from sitrep.llm.base import Backend
from sitrep.quantities import find_numbers

# Cheap checks that save a model call when an article cannot hold a record of that type.


def worth_asking(record_type: str, text: str) -> bool:
    if record_type == "casualty_figure":
        return bool(measures_in(text))
    # judged sentence by sentence, as the items are: an agreement needs a sentence that makes one (an item from
    # any other sentence would be dropped), a troop number a number of personnel whose own clause does not say
    # they were killed, wounded or captured
    for a, b in sentence_spans(text):
        sentence = text[a:b]
        if record_type == "agreement":
            if makes_agreement(sentence):
                return True
        elif any(n.qualifier != "vague" and counts_personnel(sentence, n) and not counts_things(sentence, n)
                 and not measure_near(sentence, n) for n in find_numbers(sentence)):
            return True
    return False


MAX_HINTS = 12
MIN_ITEMS = 6
_PASSIVE_HARM = re.compile(r"\b(?:is|was|were|are|has been|have been)\s+(?:\w+\s+)?(?:killed|wounded|injured|captured|"
                           r"detained|arrested|abducted|kidnapped|missing)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:no|not|without|avoid\w*|none|nobody)\b", re.IGNORECASE)


def _clause(sentence: str, n) -> str:
    """A few words around a number: its clause, cut to at most five words each side."""
    a, b = segment_around(sentence, n.start, n.end)
    before = sentence[a:n.start].split()[-5:]
    after = sentence[n.end:b].split()[:5]
    return " ".join([*before, sentence[n.start:n.end], *after]).strip(" ,;")


def hints(record_type: str, text: str) -> list[str]:
    """Passages code finds worth checking for this task: numbers of people in sentences that speak of harm
    (casualties), numbers of personnel (troops), sentences that speak of an agreement (agreements)."""
    out: list[str] = []
    for a, b in sentence_spans(text):
        sentence = text[a:b].strip()
        if record_type == "agreement":
            if makes_agreement(sentence):
                out.append(sentence if len(sentence) <= 240 else sentence[:240].rsplit(" ", 1)[0] + " ...")
            continue
        if record_type == "casualty_figure" and not measures_in(sentence):
            continue
        before = len(out)
        for n in find_numbers(sentence):
            if n.qualifier == "vague" or counts_things(sentence, n):
                continue
            if record_type == "casualty_figure" and (not_harmed(sentence, n) or (
                    counts_personnel(sentence, n) and not measure_near(sentence, n))):
                continue  # people moved, or personnel sent, in a sentence that also speaks of harm
            if record_type == "troop_deployment" and (not counts_personnel(sentence, n) or measure_near(sentence, n)):
                continue
            out.append(_clause(sentence, n))
        if record_type == "casualty_figure":
            for m in ONE_PERSON.finditer(sentence):  # "a civilian", "an Israeli soldier": one person each
                a, b = segment_around(sentence, m.start(), m.end())
                if measures_in(sentence[a:b]) or measures_in(sentence[max(0, a - 40):a]):
                    out.append(" ".join(sentence[a:b].split()[:10]).strip(" ,;"))
        if record_type == "casualty_figure" and len(out) == before and _PASSIVE_HARM.search(sentence) \
                and not _NEGATION.search(sentence):
            out.append(" ".join(sentence.split()[:14]))  # harm without a number: a named person, "a soldier"
    unique = [h for i, h in enumerate(out)  # in article order, without passages another one holds
              if h and not any(h in o and (h != o or j < i) for j, o in enumerate(out) if j != i)]
    return unique[:MAX_HINTS]


@dataclass
class ExtractionResult:
    records: list = field(default_factory=list)
    stats: CallStats = field(default_factory=CallStats)


def _ask(record_type: str, chunk: Chunk, article: Article, backend: Backend, settings: Settings,
         stats: CallStats) -> list[Found]:
    passages = hints(record_type, chunk.text)
    messages = prompting.messages(record_type, chunk.text, article.id, article.published, passages)
    # room for every passage code found, twice over, and a few it missed; no more (small models run on)
    model = bounded(record_type, max(MIN_ITEMS, 2 * len(passages) + 2))
    answer = structured_call(backend, settings, messages, model, {"article": chunk.text}, stats)
    found = []
    for item in answer.items:
        span = locate(chunk.text, item.quote)
        if span is None:  # the validator already dropped these; kept as a guard
            stats.dropped_records += 1
            continue
        found.append(Found(record_type, item, Span(chunk.start + span.start, chunk.start + span.end, span.quote)))
    return found


def extract_article(article: Article, backend: Backend, settings: Settings) -> ExtractionResult:
    """All records of one article. Raises SitrepError subclasses when the article cannot be extracted."""
    result = ExtractionResult()
    found: list[Found] = []
    for chunk in chunks(article.text, max_chunk_chars(settings.context_size, settings.max_tokens)):
        for record_type in RECORD_TYPES:
            if worth_asking(record_type, chunk.text):
                found += _ask(record_type, chunk, article, backend, settings, result.stats)
    info = extraction_info(backend.model, prompting.prompt_version())
    result.records = build_records(found, article, info)
    return result

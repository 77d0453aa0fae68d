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
from sitrep.chunking import Chunk, chunks, max_chunk_chars
from sitrep.config import Settings
from sitrep.figures import counts_personnel, counts_things, measures_in
from sitrep.grounding import Span, locate
from sitrep.items import LIST_MODELS
from sitrep.llm.base import Backend
from sitrep.quantities import find_numbers

# Cheap checks that save a model call when an article cannot hold a record of that type.
_AGREEMENT_WORDS = re.compile(
    r"\b(agree\w*|deal|treaty|treaties|pact|accord|memorandum|partnership|ceasefire|cease-fire|truce|"
    r"sign\w*|alliance|armistice|protocol)\b", re.IGNORECASE)


def worth_asking(record_type: str, text: str) -> bool:
    if record_type == "agreement":
        return _AGREEMENT_WORDS.search(text) is not None
    if record_type == "casualty_figure":
        return bool(measures_in(text))
    return any(n.qualifier != "vague" and counts_personnel(text, n) and not counts_things(text, n)
               for n in find_numbers(text))


@dataclass
class ExtractionResult:
    records: list = field(default_factory=list)
    stats: CallStats = field(default_factory=CallStats)


def _ask(record_type: str, chunk: Chunk, article: Article, backend: Backend, settings: Settings,
         stats: CallStats) -> list[Found]:
    messages = prompting.messages(record_type, chunk.text, article.id, article.published)
    answer = structured_call(backend, settings, messages, LIST_MODELS[record_type], {"article": chunk.text}, stats)
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

"""Article in, contract records out: one focused model call per record type, grounded and assembled by code."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from schemas import Article
from schemas.records import RECORD_TYPES
from sitrep import prompting
from sitrep.assemble import build, extraction_info, locate_item
from sitrep.calls import CallStats, structured_call
from sitrep.config import Settings
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
    return any(n.qualifier != "vague" for n in find_numbers(text)) or re.search(
        r"\b(a|an)\s+\w+\s+(was|were|is)\s+(killed|wounded|injured|captured|detained)", text, re.IGNORECASE) is not None


@dataclass
class ExtractionResult:
    records: list = field(default_factory=list)
    stats: CallStats = field(default_factory=CallStats)


def extract_article(article: Article, backend: Backend, settings: Settings) -> ExtractionResult:
    """All records of one article. Raises SitrepError subclasses when the article cannot be extracted."""
    result = ExtractionResult()
    info = extraction_info(backend.model, prompting.prompt_version())
    seen: set[str] = set()
    for record_type in RECORD_TYPES:
        if not worth_asking(record_type, article.text):
            continue
        messages = prompting.messages(record_type, article.text, article.id, article.published)
        answer = structured_call(backend, settings, messages, LIST_MODELS[record_type],
                                 {"article": article.text}, result.stats)
        for item in answer.items:
            span = locate_item(item, article)
            if span is None:  # the validator already dropped these; kept as a guard
                result.stats.dropped_records += 1
                continue
            record = build(item, record_type, article, span, info)
            if record.record_id not in seen:
                seen.add(record.record_id)
                result.records.append(record)
    return result

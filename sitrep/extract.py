"""Article in, contract records out: one focused model call per record type (per chunk, for an article longer
than the model's context), grounded and assembled by code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sitrep.building.aligned import Alignment, Found
from sitrep.building.build import build_records
from sitrep.building.grounding import Span, locate
from sitrep.building.items import bounded, ground, holds_no_candidate
from sitrep.building.records import extraction_info
from sitrep.config import Settings
from sitrep.deciding.complete import code_items
from sitrep.deciding.decide import Candidates, decide
from sitrep.deciding.reasons import Reason
from sitrep.errors import ConfigError, NoRoomError
from sitrep.llm import prompting
from sitrep.llm.cache import AnswerCache, call_key
from sitrep.llm.callstats import CallStats
from sitrep.method import method_version
from sitrep.reading.chunking import Chunk, chunks, max_chunk_chars
from sitrep.reading.hostile import not_reported
from sitrep.reading.language import read_as
from sitrep.reading.reading import read
from sitrep.schemas import Article
from sitrep.schemas.records import RECORD_TYPES

if TYPE_CHECKING:  # the client library is imported only when a model is called
    from sitrep.llm.base import Backend

MIN_ITEMS = 6
# passages listed in one call: a small model given more returns only some of them (a whole day of
# news), so a long list is asked in parts, each with the whole text (whose processed prompt
# llama.cpp reuses between the parts)
PASSAGES_PER_CALL = 6


@dataclass(frozen=True)
class PlannedCall:
    """One model call an article needs: the candidates it lists (by id), what is sent, the answer's model, and
    the call's cache key. `candidates` is the decision for the whole chunk, shared by its calls."""

    record_type: str
    chunk: Chunk
    messages: list[dict]
    response_model: type
    key: str
    candidates: Candidates
    listed: tuple[str, ...] = ()


def in_parts(passages: list, size: int = PASSAGES_PER_CALL) -> list[list]:
    """The passages split into as few parts of at most `size` as can be, of even length, in article order."""
    parts = -(-len(passages) // size)
    each = -(-len(passages) // parts) if parts else 0
    return [passages[i:i + each] for i in range(0, len(passages), each)] if each else []


def plan_calls(article: Article, settings: Settings) -> list[PlannedCall]:
    """The calls extracting `article` takes, in order: per chunk, one per record type with candidates listed
    (more for a long list). The article is read in its language (see `sitrep.reading.language.read_as`)."""
    with read_as(article):
        return _plan_calls(article, settings)


def _plan_calls(article: Article, settings: Settings) -> list[PlannedCall]:
    planned = []
    for chunk in chunks(article.text, max_chunk_chars(settings.context_size, settings.max_tokens)):
        candidates = decide(read(chunk.text, article.title, chunk.start))
        for record_type in RECORD_TYPES:
            listed = candidates.listed(record_type)
            # room for every passage code found in the chunk (a call asked about some may still give the
            # others), twice over, and a few it missed; no more (small models run on)
            model = bounded(record_type, max(MIN_ITEMS, 2 * len(listed) + 2))
            for part in in_parts(listed):
                messages = prompting.messages(record_type, chunk.text, article.id, article.published,
                                              [c.passage for c in part])
                key = call_key(settings.model_name(), settings.decoding(), messages,
                               model.model_json_schema())
                planned.append(PlannedCall(record_type, chunk, messages, model, key, candidates,
                                           tuple(c.id for c in part)))
    return planned


@dataclass
class ExtractionResult:
    records: list = field(default_factory=list)
    stats: CallStats = field(default_factory=CallStats)
    drops: Counter = field(default_factory=Counter)  # candidates dropped, by reason
    trace: list[dict] = field(default_factory=list)  # every candidate and the checks that kept or dropped it


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def answer_of(call: PlannedCall, article: Article, backend: Backend | None, settings: Settings,
              answers: AnswerCache, stats: CallStats) -> dict:
    """The validated answer to one call: from the cache, else asked (and cached)."""
    hit = None if settings.refresh else answers.get(call.key)
    if hit is not None:
        return hit
    if backend is None:
        raise ConfigError(f"{article.id}: no usable recorded answer for its {call.record_type} call "
                          f"({answers.path(call.key)}); replaying needs the answers of the same prompts, "
                          f"model and decoding settings")
    context: dict = {"article": call.chunk.text, "candidates": call.candidates}
    calls_before = CallStats(**vars(stats))
    try:
        answers.check_room()  # no call whose answer the cache cannot keep
        from sitrep.llm.calls import structured_call

        answer = structured_call(backend, settings, call.messages, call.response_model, context, stats)
        entry = {"record_type": call.record_type, "article_id": article.id, "chunk_start": call.chunk.start,
                 "items": [item.model_dump(mode="json") for item in answer.items],
                 "dropped": context.get("dropped_items", []), "answered_at": _now(),
                 "model_calls": stats.model_calls - calls_before.model_calls}
        answers.put(call.key, entry)
    except NoRoomError as exc:
        exc.stats = stats  # type: ignore[attr-defined] -- the calls made for the article are still counted
        raise
    return entry


def found_in(call: PlannedCall, entry: dict, result: ExtractionResult, title: str = "") -> list[Found]:
    """The answer's items as candidates located in the whole article; items the model's re-asks could not
    ground were dropped at call time and are counted here."""
    item_model = call.response_model.model_fields["items"].annotation.__args__[0]
    for dropped in entry.get("dropped", []):
        result.drops[Reason.UNGROUNDED_AFTER_REASKS] += 1
        result.trace.append({"record_type": call.record_type, "quote": dropped["item"].get("quote"),
                             "outcome": "dropped", "reason": Reason.UNGROUNDED_AFTER_REASKS,
                             "checks": [dropped["reason"]]})
    found = []
    for raw in entry["items"]:
        item = item_model.model_validate(raw)
        text = call.chunk.text
        # a cached answer is judged again by the current grounding rules (off-topic
        # items are the build's to drop)
        why = None if holds_no_candidate(item, text, call.candidates) else ground(item, text)
        if why:
            result.drops[Reason.UNGROUNDED_NOW] += 1
            result.trace.append({"record_type": call.record_type, "quote": item.quote, "outcome": "dropped",
                                 "reason": Reason.UNGROUNDED_NOW, "checks": [why]})
            continue
        count = getattr(item, "count", None)
        span = locate(text, item.quote, lambda at, count=count: bool(call.candidates.stating(
            call.record_type, call.chunk.start + at.start, count)))
        if span is None:
            result.drops[Reason.QUOTE_NOT_FOUND] += 1
            result.trace.append({"record_type": call.record_type, "quote": item.quote, "outcome": "dropped",
                                 "reason": Reason.QUOTE_NOT_FOUND, "checks": []})
            continue
        at = Span(call.chunk.start + span.start, call.chunk.start + span.end, span.quote)
        read_it = call.candidates.stating(call.record_type, at.start, count)
        found.append(Found(call.record_type, item, at, read_it[0].id if read_it else None,
                           alignment=Alignment(getattr(item, "alignment", "exact"))))
    return found


def extract_article(article: Article, backend: Backend | None, settings: Settings,
                    answers: AnswerCache | None = None,
                    planned: list[PlannedCall] | None = None) -> ExtractionResult:
    """All records of one article, built by code from the model's answers (cached per call; `backend` None
    replays the cache only), read in the article's language. Raises SitrepError subclasses when the article
    cannot be extracted."""
    with read_as(article):
        return _extract_article(article, backend, settings, answers, planned)


def _extract_article(article: Article, backend: Backend | None, settings: Settings,
                     answers: AnswerCache | None, planned: list[PlannedCall] | None) -> ExtractionResult:
    answers = AnswerCache(settings.cache_dir) if answers is None else answers
    result = ExtractionResult()
    found: list[Found] = []
    answered: list[str] = []
    asked: dict[int, Candidates] = {}  # chunks whose casualty passages were listed to the model
    planned_calls = plan_calls(article, settings) if planned is None else planned
    for call in planned_calls:
        entry = answer_of(call, article, backend, settings, answers, result.stats)
        answered.append(entry.get("answered_at") or "")
        found += found_in(call, entry, result, article.title or "")
        if call.record_type == "casualty_figure":
            asked[call.chunk.start] = call.candidates
    for candidates in asked.values():
        for extra in code_items(candidates, found):
            # text addressed to a model is no report, whoever reads it
            why = not_reported(extra.item, candidates.reading.text)
            if why:
                result.drops[Reason.NOT_REPORTED] += 1
                result.trace.append({"record_type": extra.record_type, "quote": extra.span.quote,
                                     "outcome": "dropped", "reason": Reason.NOT_REPORTED, "checks": [why]})
            else:
                found.append(extra)
    info = extraction_info(settings.model_name(), prompting.prompt_version(), method_version(),
                           max(answered) if answered else None)
    decided = {c.id: c for call in planned_calls for c in call.candidates.items}
    result.records = build_records(found, article, info, result.drops, result.trace, decided)
    return result

"""Article in, contract records out: one focused model call per record type (per chunk, for an article longer than
the model's context), grounded and assembled by code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sitrep.building.assemble import Found, build_records, extraction_info
from sitrep.building.grounding import Span, locate, sentence_around
from sitrep.building.items import bounded, ground, off_topic
from sitrep.config import Settings
from sitrep.deciding.candidates import (
    casualty_number,
    context_of,
    makes_agreement,
    single_victims,
    troop_number,
)
from sitrep.deciding.complete import left_out
from sitrep.deciding.figures import segment_around
from sitrep.errors import ConfigError, NoRoomError
from sitrep.llm import prompting
from sitrep.llm.cache import AnswerCache, call_key
from sitrep.llm.callstats import CallStats
from sitrep.method import method_version
from sitrep.reading.chunking import Chunk, chunks, max_chunk_chars, sentence_spans
from sitrep.reading.hostile import not_reported
from sitrep.reading.quantities import find_numbers
from sitrep.schemas import Article
from sitrep.schemas.records import RECORD_TYPES

if TYPE_CHECKING:  # the client library is imported only when a model is called
    from sitrep.llm.base import Backend

MAX_HINTS = 24
MIN_ITEMS = 6
# passages listed in one call: a small model given more returns only some of them (a whole day of news), so a long
# list is asked in parts, each with the whole text (whose processed prompt llama.cpp reuses between the parts)
PASSAGES_PER_CALL = 6


def _clause(sentence: str, n) -> str:
    """A few words around a number: its clause, cut to at most five words each side."""
    a, b = segment_around(sentence, n.start, n.end)
    before = sentence[a:n.start].split()[-5:]
    after = sentence[n.end:b].split()[:5]
    return " ".join([*before, sentence[n.start:n.end], *after]).strip(" ,;")


def _short_sentence(sentence: str, limit: int = 240) -> str:
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + " ..."


def hints(record_type: str, text: str, title: str = "") -> list[str]:
    """Passages code finds worth checking for this task, as `sitrep.deciding.candidates` decides them: numbers the text
    states harm for and people harmed told in words (casualties), numbers of personnel (troops), sentences that
    make an agreement (agreements). No passage, no call."""
    out: list[str] = []
    for a, b in sentence_spans(text):
        sentence = text[a:b].strip()
        scope = context_of(text, a, title)
        if record_type == "agreement":
            if makes_agreement(sentence):
                out.append(_short_sentence(sentence))
            continue
        for n in find_numbers(sentence):
            if n.qualifier == "vague":
                continue
            if record_type == "casualty_figure" and casualty_number(sentence, n, scope) is None:
                out.append(_clause(sentence, n))
            elif record_type == "troop_deployment" and troop_number(sentence, n) is None:
                out.append(_clause(sentence, n))
        if record_type == "casualty_figure":
            out += [" ".join(sentence[a2:b2].split()[:12]).strip(" ,;") for a2, b2 in single_victims(sentence, scope)]
    unique = [h for i, h in enumerate(out)  # in article order, without passages another one holds
              if h and not any(h in o and (h != o or j < i) for j, o in enumerate(out) if j != i)]
    return unique[:MAX_HINTS]


def worth_asking(record_type: str, text: str, title: str = "") -> bool:
    """Whether a call for this record type is made: code found a passage worth checking."""
    return bool(hints(record_type, text, title))


@dataclass(frozen=True)
class PlannedCall:
    """One model call an article needs: what is sent, the answer's model, and the call's cache key."""

    record_type: str
    chunk: Chunk
    messages: list[dict]
    response_model: type
    key: str


def in_parts(passages: list[str], size: int = PASSAGES_PER_CALL) -> list[list[str]]:
    """The passages split into as few parts of at most `size` as can be, of even length, in article order."""
    parts = -(-len(passages) // size)
    each = -(-len(passages) // parts) if parts else 0
    return [passages[i:i + each] for i in range(0, len(passages), each)] if each else []


def plan_calls(article: Article, settings: Settings) -> list[PlannedCall]:
    """The calls extracting `article` takes, in order: per chunk, one per record type worth asking about (more
    for a long list of passages)."""
    planned = []
    for chunk in chunks(article.text, max_chunk_chars(settings.context_size, settings.max_tokens)):
        for record_type in RECORD_TYPES:
            listed = hints(record_type, chunk.text, article.title or "")
            # room for every passage code found in the chunk (a call asked about some may still give the others),
            # twice over, and a few it missed; no more (small models run on)
            model = bounded(record_type, max(MIN_ITEMS, 2 * len(listed) + 2))
            for passages in in_parts(listed):
                messages = prompting.messages(record_type, chunk.text, article.id, article.published, passages)
                key = call_key(settings.model_name(), settings.decoding(), messages, model.model_json_schema())
                planned.append(PlannedCall(record_type, chunk, messages, model, key))
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
                          f"({answers.path(call.key)}); replaying needs the answers of the same prompts, model and "
                          f"decoding settings")
    context: dict = {"article": call.chunk.text}
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


def states_it(record_type: str, item, text: str, at: Span, title: str = "") -> bool:
    """Whether the sentence at `at` can state the item's fact (a quote written twice is taken where it can)."""
    a, b = sentence_around(text, at.start, at.end)
    sentence = text[a:b]
    if record_type == "agreement":
        return makes_agreement(sentence)
    count = getattr(item, "count", None)
    if record_type == "troop_deployment":
        return any(n.value == count and troop_number(sentence, n) is None for n in find_numbers(sentence))
    scope = context_of(text, a, title)
    return any(n.value == count and casualty_number(sentence, n, scope) is None for n in find_numbers(sentence)) or \
        (count == 1 and bool(single_victims(sentence, scope)))


def found_in(call: PlannedCall, entry: dict, result: ExtractionResult, title: str = "") -> list[Found]:
    """The answer's items as candidates located in the whole article; items the model's re-asks could not
    ground were dropped at call time and are counted here."""
    item_model = call.response_model.model_fields["items"].annotation.__args__[0]
    for dropped in entry.get("dropped", []):
        result.drops["ungrounded after re-asks"] += 1
        result.trace.append({"record_type": call.record_type, "quote": dropped["item"].get("quote"),
                             "outcome": "dropped", "reason": "ungrounded after re-asks",
                             "checks": [dropped["reason"]]})
    found = []
    for raw in entry["items"]:
        item = item_model.model_validate(raw)
        text = call.chunk.text
        # a cached answer is judged again by the current grounding rules (off-topic items are the build's to drop)
        why = None if off_topic(item, text) else ground(item, text)
        if why:
            result.drops["ungrounded by the current method"] += 1
            result.trace.append({"record_type": call.record_type, "quote": item.quote, "outcome": "dropped",
                                 "reason": "ungrounded by the current method", "checks": [why]})
            continue
        span = locate(text, item.quote, lambda at, item=item, text=text: states_it(call.record_type, item, text, at, title))
        if span is None:
            result.drops["quote not in the article"] += 1
            result.trace.append({"record_type": call.record_type, "quote": item.quote, "outcome": "dropped",
                                 "reason": "quote not in the article", "checks": []})
            continue
        found.append(Found(call.record_type, item, Span(call.chunk.start + span.start,
                                                        call.chunk.start + span.end, span.quote)))
    return found


def extract_article(article: Article, backend: Backend | None, settings: Settings,
                    answers: AnswerCache | None = None, planned: list[PlannedCall] | None = None) -> ExtractionResult:
    """All records of one article, built by code from the model's answers (cached per call; `backend` None
    replays the cache only). Raises SitrepError subclasses when the article cannot be extracted."""
    answers = AnswerCache(settings.cache_dir) if answers is None else answers
    result = ExtractionResult()
    found: list[Found] = []
    answered: list[str] = []
    asked: dict[int, Chunk] = {}  # chunks whose casualty passages were listed to the model
    for call in plan_calls(article, settings) if planned is None else planned:
        entry = answer_of(call, article, backend, settings, answers, result.stats)
        answered.append(entry.get("answered_at") or "")
        found += found_in(call, entry, result, article.title or "")
        if call.record_type == "casualty_figure":
            asked[call.chunk.start] = call.chunk
    for chunk in asked.values():
        for extra in left_out(chunk.text, chunk.start, found, article.title or ""):
            why = not_reported(extra.item, chunk.text)  # text addressed to a model is no report, whoever reads it
            if why:
                result.drops["not reported by the article"] += 1
                result.trace.append({"record_type": extra.record_type, "quote": extra.span.quote,
                                     "outcome": "dropped", "reason": "not reported by the article", "checks": [why]})
            else:
                found.append(extra)
    info = extraction_info(settings.model_name(), prompting.prompt_version(), method_version(),
                           max(answered) if answered else None)
    result.records = build_records(found, article, info, result.drops, result.trace)
    return result

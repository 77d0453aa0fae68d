"""What the model is asked to return, one list model per record type. Items are short: the quote
first, then the few fields only reading can give (count, measure, group; force, status; parties,
status). Code computes the rest (qualifier, claimant, country, dates, duration). Every list has a
max_length (it stops runaway repetition).

The list validators ground each item in the article (passed as Instructor's validation context). Code first
repairs what it safely can: a quote copied with small slips becomes the article sentence it came from, a count
stated elsewhere in the quote's sentence widens the quote to that sentence, a count code can derive (a
fraction of a stated number) is marked derived. What is still unsupported is sent back to the model as a
re-ask; on the last allowed attempt the failing items are dropped (and counted) instead, so good
items are not lost with them."""

from __future__ import annotations

import re
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, ValidationInfo, create_model, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from sitrep.building.grounding import Span, locate
from sitrep.deciding.figures import derivable
from sitrep.deciding.victims import one_person_harmed
from sitrep.reading.chunking import sentence_spans
from sitrep.reading.hostile import not_reported
from sitrep.reading.quantities import find_numbers, written_in

if TYPE_CHECKING:
    from sitrep.deciding.decide import Candidates

# What the response model's validators need (the article, the attempt state) during one structured call (set
# by sitrep.llm.calls). Not passed as Instructor's `context=`: Instructor would then render every message as a
# Jinja template, which costs time on every call and would read `{{ ... }}` in an article as template code.
VALIDATION_CONTEXT: ContextVar[dict[str, Any] | None] = ContextVar("sitrep_validation_context", default=None)

MAX_ITEMS = 12
# Quotes only need to find their sentence (code widens a quote to its sentence when the count stands there),
# and every generated character costs time on a small CPU.
QUOTE_CHARS = 64
AGREEMENT_QUOTE_CHARS = 110
def _short(chars: int):
    """A length cap the model's decoder enforces (JSON Schema maxLength): it keeps answers, the slow part on a
    small CPU, short. Not validated here: a longer quote from another model is still welcome."""
    return Field(json_schema_extra={"maxLength": chars})


class CasualtyItem(BaseModel):
    quote: str = _short(QUOTE_CHARS)
    count: int = Field(ge=0)
    measure: Literal["killed", "wounded", "casualties", "missing", "captured"]
    group: str = _short(40)
    derived: SkipJsonSchema[bool] = False  # set by the grounding check when code derives the count; not asked
    # how the grounding check aligned the quote (sitrep.building.aligned)
    alignment: SkipJsonSchema[str] = "exact"


class TroopItem(BaseModel):
    quote: str = _short(QUOTE_CHARS)
    count: int = Field(ge=0)
    force: str = _short(40)
    location: str | None = Field(default=None, json_schema_extra={"maxLength": 40})
    status: Literal["deployed", "planned", "withdrawn", "mobilised", "other"] = "other"
    alignment: SkipJsonSchema[str] = "exact"


class AgreementItem(BaseModel):
    quote: str = _short(AGREEMENT_QUOTE_CHARS)
    parties: list[str] = Field(max_length=8, json_schema_extra={"items": {"type": "string", "maxLength": 40}})
    status: Literal["signed", "ratified", "agreed_in_principle", "proposed", "suspended", "other"] = "signed"
    alignment: SkipJsonSchema[str] = "exact"

    @field_validator("parties")
    @classmethod
    def _named(cls, parties: list[str]) -> list[str]:
        return [p.strip() for p in parties if p and p.strip()]


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())  # words of any script


def _sentence_of(article: str, span: Span) -> Span:
    """The sentence(s) holding the span."""
    spans = sentence_spans(article)
    start = next((a for a, b in spans if a <= span.start < b), span.start)
    end = next((b for a, b in spans if a < span.end <= b), span.end)
    text = article[start:end]
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    return Span(start + lead, start + lead + len(text), text)


def _closest_sentence(article: str, quote: str, count: int | None) -> Span | None:
    """The article sentence a slightly mis-copied quote came from: it holds at least 70% of the quote's words
    (and the count, for a figure)."""
    wanted = set(_words(quote))
    if len(wanted) < 3:
        return None
    best, best_share = None, 0.7
    for a, b in sentence_spans(article):
        sentence = article[a:b]
        share = len(wanted & set(_words(sentence))) / len(wanted)
        if share >= best_share and (count is None or written_in(sentence, count)):
            best, best_share = (a, b), share
    if best is None:
        return None
    return _sentence_of(article, Span(best[0], best[1], article[best[0]:best[1]]))


def vague_amount(quote: str) -> bool:
    """Whether the quote gives an amount only in words ("several", "dozens"), not as a number."""
    mentions = find_numbers(quote)
    numbers = [n for n in mentions if n.qualifier != "vague"]
    return any(n.qualifier == "vague" and not any(abs(n.end - m.start) <= 1 or m.start <= n.start < m.end
                                                  for m in numbers) for n in mentions)


def _aligned(item: BaseModel, how: str) -> None:
    """Note how the quote was aligned: the first change made to it stands, and a derived count above all."""
    if item.alignment == "exact" or how == "derived":  # type: ignore[attr-defined]
        item.alignment = how  # type: ignore[attr-defined]


def ground(item: BaseModel, article: str) -> str | None:
    """Ground one item in the article, repairing its quote or marking it derived where code can tell;
    returns why it is not supported, or None. The item's `alignment` says what was done."""
    count = getattr(item, "count", None)
    span = locate(article, item.quote)
    if span is None:
        span = _closest_sentence(article, item.quote, count)
        if span is None:
            return f"quote {item.quote[:80]!r} is not in the article; copy the exact words"
        item.quote = span.quote
        _aligned(item, "repaired")
    elif span.quote != item.quote:
        _aligned(item, "normalised")
    if count is None:
        return None
    item.quote = span.quote
    if written_in(span.quote, count) or vague_amount(span.quote):
        if hasattr(item, "derived"):
            item.derived = False
        return None
    sentence = _sentence_of(article, span)
    if count == 1 and hasattr(item, "derived") and one_person_harmed(sentence.quote):
        item.quote, item.derived = sentence.quote, False  # one person harmed, told in words
        _aligned(item, "widened")
        return None
    if hasattr(item, "derived") and count != 1 and derivable(sentence.quote, count):
        item.derived = True
        _aligned(item, "derived")
        return None
    if written_in(sentence.quote, count):
        item.quote = sentence.quote
        _aligned(item, "widened")
        return None
    return f"count {count} is not written in its quote {item.quote[:80]!r}; quote the words that state it"


def holds_no_candidate(item: BaseModel, article: str, candidates: Candidates | None) -> bool:
    """An item that cannot be a fact of its kind, whatever its wording: a zero count, or a quote whose
    sentence holds no candidate of its kind (the one decision, `sitrep.deciding.decide`). Dropped without a
    re-ask, since no correction of it could be right."""
    if getattr(item, "count", None) == 0:
        return True
    span = locate(article, item.quote)
    if span is None or candidates is None:
        return False  # the grounding check's business
    return not candidates.holds(ITEM_TYPES[type(item).__name__], candidates.reading.offset + span.start)


def grounding_problem(item: BaseModel, article: str) -> str | None:
    """Why an item is not grounded in the article, or None when it is (the item may be repaired in place)."""
    return ground(item, article)


class _GroundedList(BaseModel):
    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> _GroundedList:
        ctx = info.context or VALIDATION_CONTEXT.get() or {}
        article = ctx.get("article")
        if article is None:
            return self
        candidates = ctx.get("candidates")
        problems: list[tuple[int, str]] = []
        for i, item in enumerate(self.items):  # type: ignore[attr-defined]
            if holds_no_candidate(item, article, candidates):
                continue  # no correction of it could be right: not re-asked; the build drops it, counted
            why = ground(item, article) or not_reported(item, article)
            if why:
                problems.append((i, why))
        if not problems:
            return self
        state = ctx.get("state")
        if state is not None and state.get("responses", 0) >= state.get("max_attempts", 1):
            bad = dict(problems)
            state.setdefault("dropped_items", []).extend(
                {"item": self.items[i].model_dump(mode="json"), "reason": why}  # type: ignore[attr-defined]
                for i, why in problems)
            self.items = [it for i, it in enumerate(self.items) if i not in bad]  # type: ignore[attr-defined]
            return self
        lines = "; ".join(f"item {i}: {why}" for i, why in problems)
        raise ValueError(f"Some items are not supported by the article. {lines}. Fix or remove those items.")


class CasualtyList(_GroundedList):
    items: list[CasualtyItem] = Field(default_factory=list, max_length=MAX_ITEMS)


class TroopList(_GroundedList):
    items: list[TroopItem] = Field(default_factory=list, max_length=MAX_ITEMS)


class AgreementList(_GroundedList):
    items: list[AgreementItem] = Field(default_factory=list, max_length=6)


@cache
def bounded(record_type: str, max_items: int) -> type[_GroundedList]:
    """The list model of a record type allowing at most `max_items` items (same name, so the same JSON schema
    title): a cap the decoder enforces, so a small model cannot run on listing items a text does not hold."""
    base = LIST_MODELS[record_type]
    item_type = base.model_fields["items"].annotation
    limit = min(max_items, base.model_fields["items"].metadata[0].max_length)
    return create_model(base.__name__, __base__=base,
                        items=(item_type, Field(default_factory=list, max_length=limit)))


ITEM_TYPES = {"CasualtyItem": "casualty_figure", "TroopItem": "troop_deployment",
              "AgreementItem": "agreement"}
LIST_MODELS: dict[str, type[_GroundedList]] = {
    "casualty_figure": CasualtyList,
    "troop_deployment": TroopList,
    "agreement": AgreementList,
}

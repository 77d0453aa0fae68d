"""What the model is asked to return, one list model per record type. The quote comes first in each item,
and every list has a max_length (it stops runaway repetition in small models).

The list validators ground each item in the article (passed as Instructor's validation context): a quote that
is not in the article, or a count not written in its quote, is sent back to the model as a re-ask. On the last
allowed attempt the failing items are dropped (and counted) instead, so good items are not lost with them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from sitrep.grounding import locate
from sitrep.quantities import written_in

MAX_ITEMS = 12


class CasualtyItem(BaseModel):
    quote: str
    count: int = Field(ge=0)
    measure: Literal["killed", "wounded", "casualties", "missing", "captured"]
    group: str
    country: str | None = None
    derived: bool = False
    claimant: str | None = None
    location: str | None = None


class TroopItem(BaseModel):
    quote: str
    count: int = Field(ge=0)
    force: str
    location: str | None = None
    status: Literal["deployed", "planned", "withdrawn", "mobilised", "other"] = "other"
    claimant: str | None = None


class AgreementItem(BaseModel):
    quote: str
    parties: list[str] = Field(max_length=8)
    title: str | None = None
    signed_text: str | None = None
    duration_years: float | None = Field(default=None, ge=0, le=1000)
    mutual_defence: bool | None = None
    sectors: list[str] = Field(default_factory=list, max_length=12)
    status: Literal["signed", "ratified", "agreed_in_principle", "proposed", "suspended", "other"] = "signed"
    claimant: str | None = None

    @field_validator("parties")
    @classmethod
    def _named(cls, parties: list[str]) -> list[str]:
        return [p.strip() for p in parties if p and p.strip()]


def grounding_problem(item: BaseModel, article: str) -> str | None:
    """Why an item is not grounded in the article, or None when it is."""
    span = locate(article, item.quote)
    if span is None:
        return f"quote {item.quote[:80]!r} is not in the article; copy the exact words"
    count = getattr(item, "count", None)
    if count is not None and not getattr(item, "derived", False) and not written_in(span.quote, count):
        return f"count {count} is not written in its quote {item.quote[:80]!r}; quote the words that state it"
    return None


class _GroundedList(BaseModel):
    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> _GroundedList:
        ctx = info.context or {}
        article = ctx.get("article")
        if article is None:
            return self
        problems: list[tuple[int, str]] = []
        for i, item in enumerate(self.items):  # type: ignore[attr-defined]
            why = grounding_problem(item, article)
            if why:
                problems.append((i, why))
        if not problems:
            return self
        state = ctx.get("state")
        if state is not None and state.get("responses", 0) >= state.get("max_attempts", 1):
            bad = {i for i, _ in problems}
            state["dropped"] = state.get("dropped", 0) + len(bad)
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


LIST_MODELS: dict[str, type[_GroundedList]] = {
    "casualty_figure": CasualtyList,
    "troop_deployment": TroopList,
    "agreement": AgreementList,
}

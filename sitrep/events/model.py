"""Events: one line per real-world incident, deployment, agreement or running total, grouping the records of
many articles, with every source's figure side by side. Pydantic models and their JSON Schema; no I/O."""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EVENT_SCHEMA_VERSION = "1"

Kind = Literal["incident", "deployment", "agreement", "total"]
MeasureName = Literal["killed", "wounded", "missing", "captured", "casualties", "troops"]
MEASURES: tuple[str, ...] = ("killed", "wounded", "missing", "captured", "casualties", "troops")
# what a claim is to its measure's figures:
#   counted  - a claimant's latest figure (best, low and high are taken from these)
#   part     - a distinct part (a stage of an exchange, a contingent, another group) summed with the other
#              parts its article gives into that claimant's figure
#   included - a figure the same article counts inside a larger one ("12 people, including 5 children")
#   earlier  - an earlier or lower figure of a claimant who gave a later one (a rising toll)
#   repeated - the same figure told again in the same article
Role = Literal["counted", "part", "included", "earlier", "repeated"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class When(_Strict):
    start: str | None = Field(default=None, description="ISO date (YYYY-MM-DD) the event began, or the date "
                              "of its first report; null for a total of unknown start")
    end: str | None = Field(default=None, description="ISO date it ended (a total: the date it runs to); the "
                            "same as start for an event of one day")


class Claim(_Strict):
    value: int = Field(ge=0)
    low: int | None = Field(default=None, ge=0)
    high: int | None = Field(default=None, ge=0)
    qualifier: str = "exact"
    claimant: str = Field(description="who made the claim: the record's attributed_to, else the publisher "
                                      "(or the article) in its own voice")
    article_id: str
    publisher: str | None = None
    published: str | None = None
    record_id: str
    group: str | None = Field(default=None, description="whose casualties or troops, as the record names "
                              "them")
    role: Role = "counted"


class Measure(_Strict):
    best: int = Field(ge=0, description="the most conservative well-supported figure (docs/events.md)")
    low: int = Field(ge=0)
    high: int = Field(ge=0)
    claims: list[Claim]
    sources: int = Field(ge=0, description="distinct publishers (an article without one counts alone)")
    claimants: int = Field(ge=0, description="distinct claimants")
    disputed: bool = Field(description="claimants' current figures conflict beyond the tolerance")
    basis: str = Field(description="which rule chose best, and from whose figure")


class Event(_Strict):
    schema_version: Literal["1"] = EVENT_SCHEMA_VERSION
    event_id: str = Field(description="stable: kept when later articles join; the same on every rebuild")
    kind: Kind
    when: When
    place: str | None = None
    country: str | None = None
    actors: list[str] = Field(default_factory=list, description="groups, forces or parties named")
    record_ids: list[str] = Field(min_length=1)
    articles: list[str] = Field(default_factory=list, description="the ids of the articles that tell it")
    measures: dict[MeasureName, Measure] = Field(default_factory=dict)
    joined_by: list[str] = Field(default_factory=list,
                                 description="why each report joined the event: the keys that matched")


def event_json_schema() -> dict:
    """The JSON Schema every line of an events file validates against."""
    schema = Event.model_json_schema()
    schema["title"] = f"sitrep event v{EVENT_SCHEMA_VERSION}"
    return schema


def event_to_json(event: Event | dict) -> str:
    """One compact JSON line, keys in a fixed order, so rebuilds write identical bytes (an `Event`, or its
    fields as plain data in the same order)."""
    data = event if isinstance(event, dict) else event.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

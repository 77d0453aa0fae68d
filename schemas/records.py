"""Record contract v1: one JSON object per line, one fact stated in one article."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

SCHEMA_VERSION = "1"

Qualifier = Literal["exact", "approximately", "at_least", "more_than", "up_to", "range", "vague"]
Measure = Literal["killed", "wounded", "casualties", "missing", "captured"]
TroopStatus = Literal["deployed", "planned", "withdrawn", "mobilised", "other"]
AgreementStatus = Literal["signed", "ratified", "agreed_in_principle", "proposed", "suspended", "other"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Quantity(_Strict):
    value: int = Field(ge=0, description="the single best number")
    low: int | None = Field(default=None, ge=0)
    high: int | None = Field(default=None, ge=0)
    qualifier: Qualifier = "exact"
    derived: bool = Field(default=False, description="true when computed rather than stated")
    text: str = Field(description="the words of the article that state it")

    @model_validator(mode="after")
    def _bounds(self) -> Quantity:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")
        return self


class ArticleRef(_Strict):
    id: str
    url: str | None = None
    title: str | None = None
    published: date | None = None
    publisher: str | None = None
    content_sha256: str
    # Only for an article named by its file or stdin: a short hash of where it was read from (the resolved
    # path; for stdin, the text), which tells apart across runs two articles their file names give one id.
    origin: str | None = None
    # the language the article was read in: the code of the language pack that read it ("en")
    language: str | None = None


class Evidence(_Strict):
    quote: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    # how the quote was aligned with the article: the item's words as given (exact), once quotes,
    # dashes and spaces are made alike (normalised), a quote with slips replaced by its sentence
    # (repaired), widened to the sentence where the count stands (widened), or a count code computed
    # (derived); None in records of older versions
    alignment: Literal["exact", "normalised", "repaired", "widened", "derived"] | None = None
    candidate: str | None = None  # the id of the candidate code listed for the item (see `sitrep explain`)

    @model_validator(mode="after")
    def _span(self) -> Evidence:
        if self.end - self.start != len(self.quote):
            raise ValueError("evidence end - start must equal the quote length")
        return self


class Extraction(_Strict):
    model: str
    prompt_version: str
    method_version: str | None = None  # the code that built the record from the model's answers
    origin: Literal["model", "code"] = "model"  # "code": an item code made for a candidate the model left out
    extracted_at: str  # ISO 8601 UTC: when the model gave the answer the record is built from


class _RecordBase(_Strict):
    schema_version: Literal["1"] = SCHEMA_VERSION
    record_id: str
    article: ArticleRef
    attributed_to: str | None = None
    evidence: Evidence
    extraction: Extraction


class CasualtyFigure(_RecordBase):
    record_type: Literal["casualty_figure"] = "casualty_figure"
    group: str
    country: str | None = None
    measure: Measure
    count: Quantity
    location: str | None = None
    period: str | None = None


class TroopDeployment(_RecordBase):
    record_type: Literal["troop_deployment"] = "troop_deployment"
    force: str
    count: Quantity
    location: str | None = None
    status: TroopStatus = "other"


class Agreement(_RecordBase):
    record_type: Literal["agreement"] = "agreement"
    parties: list[str] = Field(min_length=1)
    title: str | None = None
    signed: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    duration_years: float | None = Field(default=None, ge=0)
    mutual_defence: bool | None = None
    sectors: list[str] = Field(default_factory=list)
    status: AgreementStatus = "signed"


Record = Annotated[Agreement | TroopDeployment | CasualtyFigure, Field(discriminator="record_type")]
RecordAdapter: TypeAdapter[Record] = TypeAdapter(Record)

RECORD_TYPES = ("agreement", "troop_deployment", "casualty_figure")


def record_json_schema() -> dict:
    """The JSON Schema every JSONL line validates against."""
    schema = RecordAdapter.json_schema()
    schema["title"] = f"sitrep record v{SCHEMA_VERSION}"
    return schema


def record_to_json(record: BaseModel) -> str:
    """One compact JSON line, with keys in a fixed order, so reruns write identical bytes."""
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))

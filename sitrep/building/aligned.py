"""An item tied to the text: the model's (or code's) item, where its quote stands in the article, the
candidate it reads, how its evidence was aligned, and who made it. The record builder takes these, so
`explain` and the records say the same."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel

from sitrep.building.grounding import Span


class Alignment(StrEnum):
    EXACT = "exact"  # the quote is the article's words as given
    NORMALISED = "normalised"  # found once quotes, dashes and spaces are made alike
    REPAIRED = "repaired"  # a quote with slips replaced by the article sentence it came from
    WIDENED = "widened"  # widened to its sentence, where the count stands
    DERIVED = "derived"  # a count code computed from the quote (a fraction of a stated number)


class Origin(StrEnum):
    MODEL = "model"
    CODE = "code"  # an item code made for a candidate the model left out


@dataclass(frozen=True)
class Found:
    """One grounded item and where its quote stands in the whole article."""

    record_type: str
    item: BaseModel
    span: Span
    candidate: str | None = None  # the id of the candidate the item reads, if any
    origin: Origin = Origin.MODEL
    alignment: Alignment = Alignment.EXACT

"""Casualty figures the model left out of its answer although code listed them: a number whose own clause states
harm in scope, or one person told harmed in words (`sitrep.deciding.candidates` decides both, as it decides what is
listed), becomes an item of code's own, quoted from that clause, when no item of the model tells it. Such items
go through every check the model's items go through; the model's reading wins wherever it gave one."""

from __future__ import annotations

import re

from sitrep.building.assemble import Found
from sitrep.building.grounding import Span
from sitrep.building.items import CasualtyItem
from sitrep.deciding.candidates import (
    casualty_number,
    context_of,
    harm_measure,
    one_person_harmed,
    single_victims,
    stated_measure,
)
from sitrep.deciding.figures import segment_around
from sitrep.reading.chunking import sentence_spans
from sitrep.reading.quantities import find_numbers


def _told(found: list[Found], sentence: tuple[int, int], value: int) -> bool:
    """Whether an item of the model gives this count from this sentence (a quote that merely holds the number,
    for another count, does not tell it)."""
    return any(f.record_type == "casualty_figure" and sentence[0] <= f.span.start < sentence[1]
               and getattr(f.item, "count", None) == value for f in found)


def left_out(text: str, offset: int, found: list[Found], title: str = "") -> list[Found]:
    """Code's items for the casualty numbers of `text` (a chunk starting at `offset` in the article) that no
    item of `found` tells."""
    out = []
    for a, b in sentence_spans(text):
        sentence = text[a:b]
        scope = context_of(text, a, title)
        for n in find_numbers(sentence):
            if n.qualifier == "vague" or casualty_number(sentence, n, scope) is not None:
                continue
            if _told(found, (offset + a, offset + b), n.value):
                continue
            c_start, c_end = segment_around(sentence, n.start, n.end)
            quote = sentence[c_start:c_end].strip(" ,;")
            c_start += sentence[c_start:c_end].index(quote)
            item = CasualtyItem(quote=quote, count=n.value, measure=stated_measure(sentence, n), group="")
            out.append(Found("casualty_figure", item, Span(offset + a + c_start, offset + a + c_start + len(quote),
                                                             quote)))
        for v_start, v_end in single_victims(sentence, scope):
            at = (offset + a + v_start, offset + a + v_end)
            if _one_told(found + out, at):
                continue
            if not one_person_harmed(sentence[v_start:v_end], scoped=False):
                v_end = len(sentence)  # the clause stops short of its harm word: "the perpetrator is shot | and killed"
            quote = sentence[v_start:v_end].strip(" ,;.")
            if not one_person_harmed(quote, scoped=False):
                continue
            start = at[0] + sentence[v_start:v_end].index(quote)
            item = CasualtyItem(quote=quote, count=1, measure=harm_measure(quote) or "killed",
                                group=_person(quote))
            out.append(Found("casualty_figure", item, Span(start, start + len(quote), quote)))
    return out


def _one_told(found: list[Found], at: tuple[int, int]) -> bool:
    """Whether an item gives one person harmed with a quote overlapping this person's clause."""
    return any(f.record_type == "casualty_figure" and getattr(f.item, "count", None) == 1
               and f.span.start < at[1] and at[0] < f.span.end for f in found)


def _person(clause: str) -> str:
    """The person a single-victim clause is about: its words before the verb ("a soldier is killed" ->
    "soldier"), or "" for the builder to read."""
    m = re.match(r"\s*(?:(?:a|an|one|the)\s+)?(.{1,40}?)\s+(?:is|was|has been|had been|are|were)\b", clause,
                 re.IGNORECASE)
    return m.group(1).strip(" ,") if m else ""

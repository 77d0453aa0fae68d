"""Casualty figures the model left out of its answer although code listed them: an asked casualty candidate (a
number whose clause states harm in scope, or one person told harmed in words) that no item of the model tells
becomes an item of code's own, quoted from its clause. Such items go through every check the model's items go
through; the model's reading wins wherever it gave one."""

from __future__ import annotations

import re

from sitrep.building.aligned import Found
from sitrep.building.grounding import Span
from sitrep.building.items import CasualtyItem
from sitrep.deciding.decide import CASUALTY, Candidate, Candidates
from sitrep.deciding.figures import segment_around
from sitrep.deciding.victims import harm_measure, one_person_harmed
from sitrep.deciding.vocabulary import per_pack
from sitrep.reading.pack import Pack


def _told(found: list[Found], sentence: tuple[int, int], value: int) -> bool:
    """Whether an item of the model gives this count from this sentence (a quote that merely holds the number,
    for another count, does not tell it)."""
    return any(f.record_type == CASUALTY and sentence[0] <= f.span.start < sentence[1]
               and getattr(f.item, "count", None) == value for f in found)


def _from_number(c: Candidate, sentence: str, at: int) -> Found:
    n = c.mention
    c_start, c_end = segment_around(sentence, n.start, n.end)
    quote = sentence[c_start:c_end].strip(" ,;")
    c_start += sentence[c_start:c_end].index(quote)
    item = CasualtyItem(quote=quote, count=n.value, measure=c.measure, group="")
    return Found(CASUALTY, item, Span(at + c_start, at + c_start + len(quote), quote), candidate=c.id,
                 origin="code")


def _from_person(c: Candidate, sentence: str, at: int) -> Found | None:
    v_start, v_end = c.start - at, c.end - at
    if not one_person_harmed(sentence[v_start:v_end], scoped=False):
        # the clause stops short of its harm word: "the perpetrator is shot | and killed"
        v_end = len(sentence)
    quote = sentence[v_start:v_end].strip(" ,;.")
    if not one_person_harmed(quote, scoped=False):
        return None
    start = at + v_start + sentence[v_start:v_end].index(quote)
    item = CasualtyItem(quote=quote, count=1, measure=harm_measure(quote) or "killed", group=_person(quote))
    return Found(CASUALTY, item, Span(start, start + len(quote), quote), candidate=c.id, origin="code")


def code_items(candidates: Candidates, found: list[Found]) -> list[Found]:
    """Code's items for the asked casualty candidates that no item of `found` tells."""
    out: list[Found] = []
    sentences = candidates.reading.sentences
    for c in candidates.asked(CASUALTY):
        if c.vague:
            continue  # "dozens" is no figure of code's own
        s = sentences[c.sentence]
        if c.one_person:
            if _one_told(found + out, (c.start, c.end)):
                continue
            extra = _from_person(c, s.text, s.start)
        elif _told(found, (s.start, s.end), c.value):
            continue
        else:
            extra = _from_number(c, s.text, s.start)
        if extra is not None:
            out.append(extra)
    return out


def _one_told(found: list[Found], at: tuple[int, int]) -> bool:
    """Whether an item gives one person harmed with a quote overlapping this person's clause."""
    return any(f.record_type == CASUALTY and getattr(f.item, "count", None) == 1
               and f.span.start < at[1] and at[0] < f.span.end for f in found)


def _person(clause: str) -> str:
    """The person a single-victim clause is about: its words before the verb ("a soldier is killed" ->
    "soldier"), or "" for the builder to read."""
    m = _person_before_verb().match(clause)
    return m.group(1).strip(" ,") if m else ""


@per_pack
def _person_before_verb(pack: Pack) -> re.Pattern:
    """A clause's words up to its passive verb, the person in a group without its determiner."""
    return re.compile(rf"\s*(?:{pack.alternation('determiners.one', 'word.the')}\s+)?(.{{1,40}}?)\s+"
                      rf"{pack.alternation('code_items.person_verbs')}\b", re.IGNORECASE)

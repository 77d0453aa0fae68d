"""The one decision: what each sentence of a reading can be a fact of. Every number is a casualty candidate
and a troop candidate, every person told harmed in words a casualty candidate, every sentence an agreement
candidate; each gets a verdict once (asked about, or a Reason why not). The passages listed to the model, the
items code adds for what the model left out, the check that an item's sentence can state it, the record
builder and `sitrep explain` all read these candidates by id instead of deciding again."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cached_property

from sitrep.deciding.candidates import casualty_number, makes_agreement, stated_measure, troop_number
from sitrep.deciding.figures import segment_around
from sitrep.deciding.reasons import Reason
from sitrep.deciding.scope import context_of
from sitrep.deciding.victims import single_victims
from sitrep.reading.quantities import NumberMention
from sitrep.reading.reading import Reading, Sentence

CASUALTY, TROOPS, AGREEMENT = "casualty_figure", "troop_deployment", "agreement"
MAX_PASSAGES = 24  # per record type and chunk: a small model given more returns fewer
_ID_PREFIX = {CASUALTY: "c", TROOPS: "t", AGREEMENT: "a"}


@dataclass(frozen=True)
class Candidate:
    """A place in the text that may be a fact of one record type, decided once. `start`/`end` are article
    offsets of the number, of the harmed person's clause, or of the sentence; `reason` is None when the model
    is asked about it."""

    id: str
    record_type: str
    sentence: int
    start: int
    end: int
    passage: str
    reason: Reason | None = None
    value: int | None = None
    measure: str | None = None
    mention: NumberMention | None = None  # offsets in the sentence's text
    one_person: bool = False

    @property
    def asked(self) -> bool:
        return self.reason is None

    @property
    def vague(self) -> bool:
        return self.mention is not None and self.mention.qualifier == "vague"


@dataclass(frozen=True)
class Candidates:
    """A reading's candidates, in text order."""

    reading: Reading
    items: tuple[Candidate, ...]

    @cached_property
    def by_id(self) -> dict[str, Candidate]:
        return {c.id: c for c in self.items}

    def asked(self, record_type: str) -> list[Candidate]:
        return [c for c in self.items if c.record_type == record_type and c.asked]

    def listed(self, record_type: str) -> list[Candidate]:
        """The candidates whose passages are listed to the model, in text order: no vague amount ("dozens"),
        no passage another one holds, at most MAX_PASSAGES."""
        asked = [c for c in self.asked(record_type) if not c.vague]
        texts = [c.passage for c in asked]
        kept = [c for i, c in enumerate(asked)
                if c.passage and not any(c.passage in o and (c.passage != o or j < i)
                                         for j, o in enumerate(texts) if j != i)]
        return kept[:MAX_PASSAGES]

    def stating(self, record_type: str, position: int, count: int | None = None) -> list[Candidate]:
        """The asked candidates of a record type in the sentence holding `position` (an article offset) that
        can state `count` (a number of that value, or one person harmed for 1)."""
        sentence = self.reading.sentence_at(position)
        if sentence is None:
            return []
        return [c for c in self.items
                if c.sentence == sentence.index and c.record_type == record_type and c.asked
                and (record_type == AGREEMENT or count is None or c.value == count)]

    def holds(self, record_type: str, position: int) -> bool:
        """Whether the sentence holding `position` holds an asked candidate of the record type."""
        return bool(self.stating(record_type, position))


def number_id(record_type: str, start: int) -> str:
    """The id of the candidate of a record type for the number mention starting at an article offset."""
    return f"{_ID_PREFIX[record_type]}{start}"


def _clause(sentence: str, n: NumberMention) -> str:
    """A few words around a number: its clause, cut to at most five words each side."""
    a, b = segment_around(sentence, n.start, n.end)
    end = n.end
    if end < b and unicodedata.category(sentence[end]).startswith("M"):
        end += len(sentence[end:b].split(maxsplit=1)[0])  # the marks and letters of its last word ("ألفًا")
    before = sentence[a:n.start].split()[-5:]
    after = sentence[end:b].split()[:5]
    return " ".join([*before, sentence[n.start:end], *after]).strip(" ,;")


def _short(sentence: str, limit: int = 240) -> str:
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + " ..."


def _of_sentence(reading: Reading, s: Sentence) -> list[Candidate]:
    out: list[Candidate] = []
    where = f"{s.start}"
    agreement = makes_agreement(s.text)
    out.append(Candidate(f"a{where}", AGREEMENT, s.index, s.start, s.end, _short(s.text),
                         None if agreement else Reason.NO_AGREEMENT))
    scope = context_of(reading.text, s.start - reading.offset, reading.title)
    for n in s.numbers:
        at = (s.start + n.start, s.start + n.end)
        why = casualty_number(s.text, n, scope)
        out.append(Candidate(number_id(CASUALTY, at[0]), CASUALTY, s.index, *at, _clause(s.text, n), why,
                             n.value, None if why else stated_measure(s.text, n), n))
        why = troop_number(s.text, n)
        out.append(Candidate(number_id(TROOPS, at[0]), TROOPS, s.index, *at, _clause(s.text, n), why, n.value,
                             None, n))
    for a, b in single_victims(s.text, scope):
        passage = " ".join(s.text[a:b].split()[:12]).strip(" ,;")
        out.append(Candidate(f"p{s.start + a}-{s.start + b}", CASUALTY, s.index, s.start + a, s.start + b,
                             passage, None, 1, None, None, one_person=True))
    return out


def decide(reading: Reading) -> Candidates:
    """Every candidate of the reading, each decided once."""
    return Candidates(reading, tuple(c for s in reading.sentences for c in _of_sentence(reading, s)))


def passages(record_type: str, text: str, title: str | None = "") -> list[str]:
    """The passages of a whole text listed to the model for a record type (no passage, no call)."""
    from sitrep.reading.reading import read

    return [c.passage for c in decide(read(text, title)).listed(record_type)]

"""One pass over a text: its sentences, each with the number mentions it holds (values and offsets) and the
countries it names, and the language pack it was read with. Every later stage takes a Reading instead of
splitting and scanning the text again."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sitrep.reading.chunking import sentence_spans
from sitrep.reading.countries import countries_in
from sitrep.reading.pack import active
from sitrep.reading.quantities import NumberMention, find_numbers


@dataclass(frozen=True)
class Sentence:
    """One sentence (or line) of the text. `start`/`end` are offsets in the article; `numbers` are offsets in
    `text`."""

    index: int
    start: int
    end: int
    text: str
    numbers: tuple[NumberMention, ...]

    @cached_property
    def countries(self) -> tuple[str, ...]:
        return tuple(countries_in(self.text))


@dataclass(frozen=True)
class Reading:
    """A text as read once: `text` is the part of the article read (a chunk) and `offset` where it starts in
    it."""

    text: str
    title: str
    offset: int
    language: str
    sentences: tuple[Sentence, ...]

    def sentence_at(self, position: int) -> Sentence | None:
        """The sentence holding an article offset."""
        for sentence in self.sentences:
            if sentence.start <= position < sentence.end:
                return sentence
        return None


def read(text: str, title: str | None = "", offset: int = 0) -> Reading:
    """Read `text` (the article, or a chunk of it starting at `offset`) with the active language pack."""
    sentences = []
    for a, b in sentence_spans(text):
        raw = text[a:b]
        stripped = raw.strip()
        if not stripped:
            continue
        lead = a + raw.index(stripped)
        sentences.append(Sentence(len(sentences), offset + lead, offset + lead + len(stripped), stripped,
                                  tuple(find_numbers(stripped))))
    return Reading(text, title or "", offset, active().code, tuple(sentences))

"""Splitting an article that is too long for the model's context into overlapping chunks on sentence
boundaries. Each chunk keeps its offset into the article, so spans found in a chunk map back to the whole
text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sitrep.reading.letters import LETTER
from sitrep.reading.pack import Pack, active
from sitrep.reading.pack_settings import setting

CHARS_PER_TOKEN = 3  # conservative for English news text (the usual figure is about 4)
PROMPT_TOKENS = 1200  # system prompt, task, examples and the article header, with margin


@dataclass(frozen=True)
class Chunk:
    start: int  # offset of text[0] in the article
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@lru_cache(maxsize=8)
def sentence_end(pack: Pack) -> re.Pattern:
    """A sentence ends at one of the pack's end marks (optionally followed by closing marks: a quote, a
    bracket) before whitespace, or at a newline."""
    ends, closing = pack.value("sentences.end_marks", ""), pack.value("sentences.closing_marks", "")
    if not ends:
        return re.compile(r"\n+")
    closed = f"[{re.escape(closing)}]*" if closing else ""
    return re.compile(f"[{re.escape(ends)}]{closed}" + r"(?=\s)|\n+")


def clause_marks(pack: Pack) -> str:
    """The marks besides "," ";" ":" that end a clause in the pack's language (Arabic "،" "؛"), as a string of
    characters (`sentences.clause_marks`)."""
    return str(setting(pack, "sentences.clause_marks", "") or "")


@lru_cache(maxsize=8)
def abbreviation(pack: Pack) -> re.Pattern:
    """A word the pack shortens with a full stop ("Gen", "U.S"), matched whole in any case."""
    return re.compile(pack.alternation("sentences.abbreviations"), re.IGNORECASE)


@lru_cache(maxsize=8)
def _ordinal(pack: Pack) -> tuple[re.Pattern, re.Pattern] | None:
    """Where the pack writes ordinals with a full stop ("am 12. März", "die 3. Brigade"): a month after the
    number's full stop, and the words before a number that make it an ordinal (its articles)."""
    if not any(re.fullmatch(form, ".") for form in pack.words("ordinal_suffixes")):
        return None
    return (re.compile(rf"\s*{pack.alternation('calendar.month_forms')}\b", re.IGNORECASE),
            re.compile(rf"(?:^|\s){pack.alternation('articles', 'sentences.ordinal_openers')}\s+\d{{1,3}}$",
                       re.IGNORECASE))


def _not_an_end(text: str, m: re.Match, pack: Pack) -> bool:
    """A full stop that ends an abbreviation ("Dec. 1", "U.S. Navy", "Gen. Smith"), an ordinal where the pack
    writes them with one ("am 12. März"), or runs on in lower case."""
    if text[m.start()] != ".":
        return False
    word = re.search(rf"({LETTER}+)\.?$", text[max(0, m.start() - 12):m.start()])
    following = text[m.end():m.end() + 3].lstrip()
    if following[:1].islower() or following[:1].isdigit():
        return True
    if (ordinal := _ordinal(pack)) is not None and re.search(r"(?:^|[^\d.,])\d{1,3}$",
                                                               text[max(0, m.start() - 4):m.start()]):
        months, openers = ordinal
        if months.match(text, m.end()) or openers.search(text[max(0, m.start() - 40):m.start()]):
            return True
    return bool(word) and (abbreviation(pack).fullmatch(word.group(1)) is not None or len(word.group(1)) == 1)


def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence or line, covering the text without gaps. Remembered for the last few
    texts: grounding, claimants and assembly ask again for every item of the same article (a str keeps its
    hash, so a repeated call costs no rescan)."""
    return _sentence_spans(text, active())


@lru_cache(maxsize=8)
def _sentence_spans(text: str, pack: Pack) -> tuple[tuple[int, int], ...]:
    spans, start = [], 0
    for m in sentence_end(pack).finditer(text):
        if _not_an_end(text, m, pack):
            continue
        if m.end() > start:
            spans.append((start, m.end()))
            start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return tuple(spans)


def max_chunk_chars(context_tokens: int, answer_tokens: int) -> int:
    """How many characters of article fit in one call, given the context and the room kept for the answer."""
    return max(1000, (context_tokens - answer_tokens - PROMPT_TOKENS) * CHARS_PER_TOKEN)


def _pieces(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Sentence spans, with any sentence longer than max_chars cut at whitespace."""
    out = []
    for start, end in sentence_spans(text):
        while end - start > max_chars:
            cut = text.rfind(" ", start + max_chars // 2, start + max_chars)
            cut = cut + 1 if cut > start else start + max_chars
            out.append((start, cut))
            start = cut
        out.append((start, end))
    return out


def chunks(text: str, max_chars: int, overlap_chars: int | None = None) -> list[Chunk]:
    """The whole text when it fits; else chunks of at most max_chars made of whole sentences, each starting
    with (about) the last overlap_chars of the previous chunk, so a fact cut at one seam is whole in the next
    chunk."""
    if len(text) <= max_chars:
        return [Chunk(0, text)]
    overlap = max_chars // 5 if overlap_chars is None else overlap_chars
    overlap = min(overlap, max_chars // 2)
    pieces = _pieces(text, max_chars)
    out: list[Chunk] = []
    i = 0
    while i < len(pieces):
        start = pieces[i][0]
        j = i
        while j + 1 < len(pieces) and pieces[j + 1][1] - start <= max_chars:
            j += 1
        end = pieces[j][1]
        out.append(Chunk(start, text[start:end]))
        if j + 1 >= len(pieces):
            break
        # the next chunk starts at the earliest sentence within `overlap` of this chunk's end, but always
        # moves on
        k = j
        while k > i + 1 and end - pieces[k - 1][0] <= overlap:
            k -= 1
        i = k if end - pieces[k][0] <= overlap and k > i else j + 1
    return out

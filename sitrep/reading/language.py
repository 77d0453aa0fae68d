"""Which language an article is written in, and the language pack it is read with. The language is told once,
when a run reads the article (`told`), and carried on it (`Article.language`); every later stage reads it with
that language's pack (`read_as`). An article in a language without a ready pack is reported, never passed as a
success with no records.

The identifier (py3langid's, shipped in its package) chooses among the languages news arrives in. The main
language is the one most of the text is written in: each sentence is identified on its own and weighed by its
letters, the article's own words before those it quotes (an English article quoting a Russian official is
English), and the language found must then be told with confidence from its sentences together. Text too short
or too mixed to tell is read as English."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sitrep.errors import InputError
from sitrep.reading.machine_text import unmixed
from sitrep.reading.pack import DEFAULT, Pack, available, chosen, load, ready, using
from sitrep.schemas import Article

CANDIDATES = ("en", "fr", "de", "es", "ru", "uk", "ar", "it", "pt", "nl", "pl", "tr", "fa", "zh", "ja", "ko",
              "he", "sv", "id")
CONFIDENT = 0.9
SAMPLE_CHARS = 4000
MIN_LETTERS = 20  # too little text to tell: taken as readable
SENTENCE_LETTERS = 12  # shorter pieces (a name, a dateline) say little of their language
OWN_LETTERS = 40  # the article's own words, outside quotation marks, decide when there are this many
MAIN_SHARE = 0.5
_QUOTE_MARKS = re.compile(r"[«»“”„\"‹›]")
_SENTENCE = re.compile(r"(?:[^.!?…\n]|[.!?…](?!\s|$))+")


class UnreadLanguage(InputError):
    """An article in a language that has no ready pack."""

    def __init__(self, code: str):
        super().__init__(f"language {code}: not supported")
        self.code = code


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True, langs=list(CANDIDATES))


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _pieces(sample: str) -> list[tuple[str, bool]]:
    """The sentences of `sample`, each with whether it stands inside quotation marks (marks that do not pair
    up say nothing: every piece is then the article's own)."""
    parts = _QUOTE_MARKS.split(sample)
    paired = len(parts) % 2 == 1
    return [(m.group(0), paired and i % 2 == 1)
            for i, part in enumerate(parts) for m in _SENTENCE.finditer(part)]


def language_of(text: str) -> str | None:
    """The code of the language most of the text is written in, when it can be told with confidence, else
    None."""
    sample = unmixed(text[:SAMPLE_CHARS])
    if _letters(sample) < MIN_LETTERS:
        return None
    pieces = [(piece, quoted, _letters(piece)) for piece, quoted in _pieces(sample)]
    pieces = [p for p in pieces if p[2] >= SENTENCE_LETTERS]
    own = [p for p in pieces if not p[1]]
    if sum(p[2] for p in own) >= OWN_LETTERS:
        pieces = own
    if not pieces:
        code, probability = _identifier().classify(sample)
        return code if probability >= CONFIDENT else None
    weights: Counter = Counter()
    by_language: dict[str, list[str]] = {}
    for piece, _, letters in pieces:
        code = _identifier().classify(piece)[0]
        weights[code] += letters
        by_language.setdefault(code, []).append(piece)
    code, weight = weights.most_common(1)[0]
    if weight < MAIN_SHARE * sum(weights.values()):
        return None
    told, probability = _identifier().classify(" ".join(by_language[code]))
    return code if told == code and probability >= CONFIDENT else None


def reading_language(text: str) -> str:
    """The language `text` is read in: its own when told with confidence, else English."""
    return language_of(text) or DEFAULT


def told(article: Article) -> Article:
    """The article with its language (`Article.language`), told once: one already told is kept."""
    if article.language is not None:
        return article
    return article.model_copy(update={"language": reading_language(article.text)})


def language_for(article: Article) -> str:
    return article.language or reading_language(article.text)


def unread_language(text: str) -> str | None:
    """The code of a language without a ready pack that `text` is confidently written in, else None."""
    code = language_of(text)
    return code if code is not None and not ready(code) else None


def unread(article: Article) -> str | None:
    """The article's language when no ready pack reads it, else None."""
    code = language_for(article)
    return None if ready(code) else code


@contextmanager
def read_as(article: Article) -> Iterator[Pack]:
    """Read `article` inside the block with its language's pack, or with the pack a caller chose (`using`).
    Raises UnreadLanguage for a language without a ready pack."""
    code = language_for(article)
    if chosen() is None and not ready(code):
        raise UnreadLanguage(code)
    with reading_in(code) as pack:
        yield pack


@contextmanager
def reading_in(code: str | None) -> Iterator[Pack]:
    """Read inside the block with the shipped pack of `code` (what a record was read in, ready or not), unless
    a caller chose a pack (`using`) or none is shipped for it."""
    pack = chosen()
    if pack is not None or not code or code not in available():
        yield pack or load(DEFAULT)
        return
    with using(load(code)) as pack:
        yield pack

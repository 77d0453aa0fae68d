"""Finding a model's quote in the article, by code: exact first, then tolerant of
whitespace, quotes and dashes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_VARIANTS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
}
_TRANSLATE = str.maketrans(_VARIANTS)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    quote: str  # the article's own characters at [start:end]


def _normalise(text: str) -> tuple[str, list[int]]:
    """Fold quote/dash variants, collapse whitespace runs to one space; map each
    output char to its source index."""
    out: list[str] = []
    index: list[int] = []
    prev_space = False
    for i, ch in enumerate(text.translate(_TRANSLATE)):
        if ch.isspace():
            if prev_space:
                continue
            ch, prev_space = " ", True
        else:
            prev_space = False
        out.append(ch.lower())
        index.append(i)
    return "".join(out), index


def locate(article: str, quote: str, prefer: Callable[[Span], bool] | None = None) -> Span | None:
    """Where `quote` stands in `article`, or None. Offsets index the article text as read. A quote written
    more than once stands where `prefer` says it can (the sentence that states the
    fact), else at its first place."""
    quote = quote.strip()
    if not quote:
        return None
    at = article.find(quote)
    if at >= 0 and prefer is not None:
        for m in re.finditer(re.escape(quote), article):
            whole_words = not (m.start() > 0 and article[m.start() - 1].isalnum() and quote[0].isalnum())
            if whole_words and prefer(Span(m.start(), m.end(), quote)):
                return Span(m.start(), m.end(), quote)
    if at >= 0:
        return Span(at, at + len(quote), quote)
    norm_article, index = _normalise(article)
    norm_quote, _ = _normalise(quote)
    norm_quote = norm_quote.strip(" .,;:'\"")
    if len(norm_quote) < 3:
        return None
    at = norm_article.find(norm_quote)
    if at < 0:
        return None
    start, end = index[at], index[at + len(norm_quote) - 1] + 1
    return Span(start, end, article[start:end])


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def words_of(name: str | None, text: str) -> bool:
    """Whether `name` is words of `text` (case and spacing aside), a country the text names by its name or
    a demonym ("Chad" for "Chadian troops"), or a name the language pack writes in its own words
    (`building.names`: "Hamas" = "ХАМАС"). An empty name passes."""
    from sitrep.reading.countries import DEMONYM, NAME, canonical_country, countries_in
    from sitrep.reading.pack import active

    if not name or not name.strip():
        return True
    plain = squash(name).lower()
    if re.search(rf"(?<!\w){re.escape(plain)}(?!\w)", squash(text).lower()):
        return True
    own = {k.lower(): str(v) for k, v in active().table("building.names").items()}.get(plain)
    if own and re.search(rf"(?<!\w)(?:{own})(?!\w)", text, re.IGNORECASE):
        return True  # the pack's own words for a name the model wrote in English
    country = canonical_country(name, kinds={NAME, DEMONYM})
    return country is not None and country in countries_in(text, kinds={NAME, DEMONYM})


def english_name(name: str) -> str | None:
    """The English name the pack gives a name written in its own words (`building.names`: "Europäische
    Union" -> "European Union"), an article before it aside ("die Europäische Union"); None when it has
    none."""
    from sitrep.reading.pack import active

    pack = active()
    bare = re.sub(rf"^(?:{pack.alternation('determiners.the')})(?:\s+|(?<=['’]))", "", squash(name),
                  flags=re.IGNORECASE)
    for english, own in pack.table("building.names").items():
        if re.fullmatch(str(own), bare, re.IGNORECASE):
            return english
    return None

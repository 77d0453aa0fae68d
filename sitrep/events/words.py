"""The words of a record's fields and quote, read with the active language pack's event words (`events.*`
in `sitrep/reading/packs/<code>/events.toml`): proper names, the words of a place, a group, a title or a
claimant, and the words that make a figure a running total. A field's words repeat from record to record, so
each text is read once per pack."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

from sitrep.reading.pack import Pack, active

T = TypeVar("T")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_NAME = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
_SENTENCE_END = frozenset(".!?:;\"“")


def per_text(read: Callable[[str, Pack], T]) -> Callable[[str | None], T]:
    """`read(text, pack)` with the active pack, remembered per text and pack."""
    remembered = lru_cache(maxsize=32768)(read)

    @wraps(read)
    def call(text: str | None) -> T:
        return remembered(text or "", active())

    return call


@lru_cache(maxsize=8)
def patterns(pack: Pack) -> dict[str, re.Pattern]:
    from sitrep.reading.dates import calendar

    cal = calendar(pack)
    months = "|".join(sorted(map(re.escape, cal.months), key=len, reverse=True)) or "(?!)"
    since = (rf"\b{pack.alternation('events.since')}\s+(?:{pack.alternation('events.since_qualifiers')}\s+)?"
             rf"(?:(?:{months})\b|\d{{4}}\b)")

    def whole(kind: str) -> re.Pattern:
        return re.compile(rf"^{pack.alternation(kind)}$", re.IGNORECASE)

    total = rf"\b{pack.alternation('events.total')}\b"
    return {"total": re.compile(f"{total}|{since}", re.IGNORECASE),
            "total_unless_dated": pack.pattern("events.total_unless_dated"),
            "everyone": pack.pattern("events.everyone"), "not_names": whole("events.not_names"),
            "place_filler": whole("events.place_filler"), "claimant_filler": whole("events.claimant_filler"),
            "agreement_filler": whole("events.agreement_filler"),
            "calendar": re.compile(rf"^(?:{months}|{'|'.join(map(re.escape, cal.weekdays)) or '(?!)'})$",
                                   re.IGNORECASE),
            # any word a date is written with: a quote without one states no date
            "dated": re.compile(rf"\b(?:{months}|{'|'.join(map(re.escape, cal.weekdays)) or '(?!)'}|"
                                rf"{pack.alternation('dates.relative')})\b|\d{{4}}", re.IGNORECASE)}


def says_total(text: str | None, dated: bool = False) -> bool:
    """Whether the words make a figure a running total over a period; some only when the words state no day
    of their own (`dated`)."""
    if not text:
        return False
    p = patterns(active())
    return bool(p["total"].search(text) or (not dated and p["total_unless_dated"].search(text)))


@per_text
def counts_everyone(group: str, pack: Pack) -> bool:
    """Whether a group counts people of every kind ("people", "victims")."""
    return bool(group and patterns(pack)["everyone"].search(group))


@lru_cache(maxsize=32768)
def country_of(text: str | None) -> str | None:
    """The country a name stands for ("North Korean" -> North Korea), or None."""
    from sitrep.reading.countries import canonical_country, country_kind

    if not text or country_kind(text) is None:
        return None
    return canonical_country(text)


@lru_cache(maxsize=32768)
def countries_of(text: str | None) -> tuple[str, ...]:
    """The countries a text names, in order."""
    from sitrep.reading.countries import countries_in

    return tuple(countries_in(text)) if text else ()


def _content(text: str, filler: re.Pattern, capitals: bool = False) -> frozenset[str]:
    """The words of a text but its filler and its countries (and capitals, unless `capitals`)."""
    if not text:
        return frozenset()
    from sitrep.reading.countries import DEMONYM, KINDS, NAME, without_countries

    bare = without_countries(text, {NAME, DEMONYM} if capitals else KINDS)
    return frozenset(w.lower().strip("'’-") for w in _WORD.findall(bare)
                     if len(w) > 2 and not filler.match(w))


@per_text
def place_words(place: str, pack: Pack) -> frozenset[str]:
    """The words of a place that name it, a capital among them ("Kursk region, Russia" -> kursk;
    "Dahieh, Beirut" -> dahieh, beirut)."""
    return _content(place, patterns(pack)["place_filler"], capitals=True)


@per_text
def place_spot(place: str, pack: Pack) -> frozenset[str]:
    """The words of the most precise part of a place: its first part that names one ("Dahieh, Beirut" ->
    dahieh; "southern Lebanon, Blida" has no first word but a country, so -> blida)."""
    filler = patterns(pack)["place_filler"]
    for part in re.split(r",|;|\(|\)", place):
        words = _content(part, filler, capitals=True)
        if words:
            return words
    return frozenset()


@per_text
def group_words(group: str, pack: Pack) -> frozenset[str]:
    """The words of a group, generic ones included ("North Korean troops" -> troops)."""
    return _content(group, patterns(pack)["place_filler"])


@per_text
def title_words(title: str, pack: Pack) -> frozenset[str]:
    """The words of an agreement's title that tell it from another."""
    return _content(title, patterns(pack)["agreement_filler"])


def _names(text: str, pack: Pack) -> frozenset[str]:
    out = set()
    for m in _NAME.finditer(text):
        run = m.group(0)
        if country_of(run):
            continue  # "United States", "North Korean"
        words = run.split()
        before = text[:m.start()].rstrip()
        if not before or before[-1] in _SENTENCE_END:
            words = words[1:]  # the first word of a sentence is capitalised anyway
        for w in words:
            name = _name_word(w, pack)
            if name:
                out.add(name)
    return frozenset(out)


@lru_cache(maxsize=65536)
def _name_word(word: str, pack: Pack) -> str | None:
    """A capitalised word as a name (lower case), or None for a country, a month, a weekday or a word of the
    pack's that names no particular place or party."""
    p = patterns(pack)
    w = word.strip("'’-").removesuffix("'s").removesuffix("’s")
    if len(w) <= 2 or p["not_names"].match(w) or p["calendar"].match(w) or country_of(w):
        return None
    return w.lower()


def names_in(quote: str) -> frozenset[str]:
    """Proper names of a quote (capitalised words not opening a sentence), without countries, months,
    weekdays and words that name no particular place or party."""
    return _names(quote, active())


@per_text
def names_of(name: str, pack: Pack) -> frozenset[str]:
    """Proper names of a group, force or party ("Wagner fighters" -> wagner), its first word included."""
    return _names(" " + name, pack)


@per_text
def claimant_key(name: str, pack: Pack) -> str:
    """One spelling for a claimant: countries named alike ("Ukraine's" and "Ukrainian"), filler dropped."""
    from sitrep.reading.countries import country_mentions

    filler = patterns(pack)["claimant_filler"]
    text = name
    for canonical, start, end in reversed(country_mentions(name)):
        text = text[:start] + f" {canonical.replace(' ', '_')} " + text[end:]
    words = sorted({w.lower() for w in re.findall(r"[^\W_][\w-]*", text) if not filler.match(w)})
    return " ".join(words) or name.lower()

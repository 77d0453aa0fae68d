"""The patterns the deciding wing reads, each built from the word kinds of the active language pack
(`sitrep.reading.pack`, English in `packs/en/words.toml`): harm, people and personnel, things counted,
violence and its opposites, agreements, the calendar. This module holds only how kinds combine ("a vehicle,
then up to three words, then a mishap"); every word is the pack's. Each accessor reads `active()` when called
and is compiled once per pack, so `sitrep.reading.pack.using(pack)` reads with another language."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from sitrep.reading.letters import LETTER, UPPER
from sitrep.reading.pack import NEVER, Pack, active
from sitrep.reading.pack_settings import enabled

T = TypeVar("T")
# after a word: a space, or nothing when the word ends in an elision's apostrophe (French "l’otage", "d’au")
AFTER_WORD = r"(?:\s+|(?<=['’]))"

def per_pack(build: Callable[[Pack], T]) -> Callable[[], T]:
    """The value `build` makes from the active pack, made once per pack."""

    @wraps(build)
    def get() -> T:
        pack = active()
        value = pack._patterns.get(build)
        if value is None:
            value = pack._patterns[build] = build(pack)
        return value

    return get


def kind(*kinds: str) -> re.Pattern:
    """Whole words or phrases of the kinds in the active pack."""
    return active().pattern(*kinds)


def alt(*kinds: str) -> str:
    """The kinds of the active pack as one regular-expression group."""
    return active().alternation(*kinds)


# ---------------------------------------------------------------- harm
def any_harm() -> re.Pattern:
    return kind("harm")


@per_pack
def harm_cues(pack: Pack) -> dict[str, re.Pattern]:
    """One pattern per casualty measure, in the pack's order."""
    return {measure: pack.pattern(f"harm.{measure}") for measure in pack.kinds("harm")}


@per_pack
def passive_harm(pack: Pack) -> re.Pattern:
    """A verb of harm in the passive: "was killed", "have been wounded", "is shot dead"."""
    return re.compile(rf"\b{pack.alternation('passive_auxiliaries')}\s+"
                      rf"(?:\w+\s+(?:{pack.alternation('word.and')}\s+)?)?"
                      rf"{pack.alternation('harm')}\b", re.IGNORECASE)


@per_pack
def charge_before(pack: Pack) -> re.Pattern:
    """Words that make the harm word after them a charge in court ("found guilty of murder")."""
    return re.compile(rf"\b{pack.alternation('charge_before')}\s+(?:\w+\s+){{0,2}}$", re.IGNORECASE)


def without_non_harm(text: str) -> str:
    """The text with phrases like "sentenced to death" blanked (same length, so offsets hold)."""
    return kind("not_harm").sub(lambda m: " " * len(m.group(0)), text)


# ---------------------------------------------------------------- people
def _qualifiers(pack: Pack) -> str:
    """Up to four words that qualify a person ("a critically injured crew member"), none of them a
    preposition."""
    return rf"(?:(?!{pack.alternation('not_qualifiers')}\b)(?:\d+-)?(?:{LETTER}|-)+\s+){{0,4}}?"


def _modifier(pack: Pack) -> str:
    """A person noun that only qualifies the noun after it: "a prisoner exchange", "the soldier's funeral"."""
    return (rf"(?!{pack.alternation('plural_endings')}\b|{pack.alternation('possessive')}\b|"
            rf"(?:\s+{pack.alternation('word.and')}\s+[\w-]+)?\s+{pack.alternation('person_modified')})")


@per_pack
def titled_person(pack: Pack) -> re.Pattern:
    """A person by title and name, with no article ("opposition activist Ana Ruiz")."""
    return re.compile(rf"\b{pack.alternation('person_nouns')}\s+(?:{UPPER}[\w'’-]+)"
                      rf"(?:\s+{UPPER}[\w'’-]+){{0,3}}\b")


@per_pack
def another_person(pack: Pack) -> re.Pattern:
    """One more person, told without a noun of its own ("two are killed and another is wounded")."""
    return re.compile(rf"\b{pack.alternation('another_person')}\b"
                      rf"(?!\s+(?:{pack.alternation('not_another_person')}|\d)s?\b)", re.IGNORECASE)


@per_pack
def one_person(pack: Pack) -> re.Pattern:
    return re.compile(rf"\b{pack.alternation('determiners.one')}{AFTER_WORD}{_qualifiers(pack)}"
                      rf"{pack.alternation('person_nouns')}\b{_modifier(pack)}", re.IGNORECASE)


@per_pack
def the_person(pack: Pack) -> re.Pattern:
    """A definite person; where the language has no articles (`determiners.optional`), also one that opens
    the sentence ("Жінка загинула")."""
    opens = r"^\s*|" if enabled(pack, "determiners.optional") else ""
    return re.compile(rf"(?:{opens}\b{pack.alternation('determiners.the')}{AFTER_WORD}){_qualifiers(pack)}"
                      rf"{pack.alternation('person_nouns')}\b{_modifier(pack)}", re.IGNORECASE)


@per_pack
def unit_name(pack: Pack) -> re.Pattern:
    """A singular unit noun after a number names the unit ("the 444 Brigade"), it does not count it; members
    of a unit after it are counted ("19 army officers")."""
    return re.compile(rf"^\s*(?:{pack.alternation('ordinal_suffixes')}\b)?\s*"
                      rf"(?:{pack.alternation('unit_qualifiers')}\s+){{0,2}}{pack.alternation('units')}\b"
                      rf"(?!\s+{pack.alternation('unit_members')})", re.IGNORECASE)


# ---------------------------------------------------------------- what the harm came from
@per_pack
def not_violence(pack: Pack) -> re.Pattern:
    """Harm from disease, disaster or accident: a vehicle in a mishap, a plant that explodes, causes by
    name."""
    vehicle, mishap, plant = (pack.alternation("vehicles"), pack.alternation("mishaps"),
                              pack.alternation("plants"))
    explodes = pack.alternation("explodes")
    structured = [rf"{vehicle}e?s?\s+(?:\w+\s+){{0,3}}?{mishap}", rf"{plant}\s+(?:\w+\s+){{0,2}}?{explodes}",
                  rf"{explodes}\s+(?:\w+\s+){{0,3}}?{pack.alternation('place_at')}\s+{pack.alternation('articles')}\s+"
                  rf"(?:\w+\s+){{0,3}}?{plant}"]
    return re.compile(r"\b(?:" + "|".join([*structured, pack.alternation("not_violence")]) + r")\b",
                      re.IGNORECASE)


# ---------------------------------------------------------------- agreements
def agreement_kinds() -> str:
    """The agreement nouns as one regular-expression group."""
    return alt("agreement.nouns")


@per_pack
def no_agreement(pack: Pack) -> re.Pattern:
    """An agreement the text says was not made ("no ceasefire is reached", "talks end without a deal")."""
    return re.compile(rf"\b{pack.alternation('agreement.negators')}\s+(?:\w+\s+){{0,2}}?"
                      rf"{pack.alternation('agreement.nouns')}\b", re.IGNORECASE)


@per_pack
def go_between(pack: Pack) -> re.Pattern:
    """A state that only helps another pair make an agreement ("a deal brokered by Qatar"); the go-between's
    name in a group."""
    the, of = pack.alternation("word.the"), pack.alternation("word.of")
    return re.compile(
        rf"\b{pack.alternation('agreement.go_between_verbs')}\s+{pack.alternation('word.by')}\s+(?:{the}\s+)?"
        rf"((?:[\w'’.-]+\s*){{1,4}})|\b(?:{pack.alternation('word.with')}\s+{the}\s+)?"
        rf"{pack.alternation('agreement.go_between_nouns')}\s+{of}\s+(?:{the}\s+)?((?:[\w'’.-]+\s*){{1,4}})|"
        rf"\b{pack.alternation('word.in')}\s+((?:{UPPER}[\w'’.-]+\s*){{1,3}}),\s+((?:{UPPER}[\w'’.-]+\s*){{1,3}})"
        rf"(?=[,.;]|\s+{pack.alternation('agreement.place_ends')}\b|$)")


# ---------------------------------------------------------------- calendar
def months() -> tuple[str, ...]:
    return active().words("calendar.months")


def weekdays() -> tuple[str, ...]:
    return active().words("calendar.weekdays")


def month_pattern() -> str:
    return alt("calendar.month_forms")


@per_pack
def month_or_weekday(pack: Pack) -> re.Pattern:
    names = (*pack.words("calendar.months"), *pack.words("calendar.weekdays"))
    if not names:
        return NEVER
    return re.compile(r"\b(?:" + "|".join(n.capitalize() for n in names) + r")\b")


# ---------------------------------------------------------------- things a number counts that are not people
@per_pack
def thing_units(pack: Pack) -> re.Pattern:
    return re.compile(pack.alternation("things_counted") + "$", re.IGNORECASE)


# the names other modules read at import; each is the English pack's (the pack active when first read)
_LEGACY: dict[str, Callable[[], object]] = {
    "AGREEMENT_KINDS": agreement_kinds, "AGREEMENT_NOUN": lambda: kind("agreement.nouns"),
    "ARMED": lambda: kind("armed_personnel"), "ARMED_GROUPS": lambda: kind("armed_groups"),
    "COMPANY_NOUN": lambda: kind("company_nouns"), "CORPORATE": lambda: kind("corporate_suffixes"),
    "GO_BETWEEN": go_between, "GOVERNING": lambda: kind("governing"), "HARM_CUE": harm_cues,
    "INTERNATIONAL_BODIES": lambda: kind("international_bodies"), "MAKING": lambda: kind("agreement.making"),
    "MONTH_OR_WEEKDAY": month_or_weekday, "NO_AGREEMENT": no_agreement, "ONE_PERSON": one_person,
    "THE_PERSON": the_person, "MONTHS": months, "WEEKDAYS": weekdays, "MONTH_PATTERN": month_pattern,
    "ANY_HARM": any_harm,
}


def __getattr__(name: str) -> object:
    if name in _LEGACY:
        return _LEGACY[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

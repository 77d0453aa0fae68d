"""What a number in a sentence counts, read by code from the words around it: the casualty measure its clause
states ("killing 25" -> killed, "35 others injured" -> wounded), whether it counts people or things (missiles,
tonnes, dollars, hours), whether it counts personnel, and figures derived from fractions ("4,000 casualties, a quarter
of whom were killed" -> 1,000 killed)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.deciding.vocabulary import (
    ANY_HARM,
    CIVIL_SERVICE,
    GENERIC_PERSONNEL,
    HARM,
    HARM_CUE,
    MILITARY,
    MILITARY_PERSONNEL,
    MONTH_PATTERN,
    NOT_HARMED,
    PERSON_NOUNS,
    THING_UNITS,
    UNIT_NAME,
    without_non_harm,
)
from sitrep.reading.countries import DEMONYM, countries_in
from sitrep.reading.quantities import NumberMention, find_numbers, parse_number

_FILLER = re.compile(r"(?:of|[\d.,]+|[-–]|more|additional|other|new|large|small|heavy|ballistic|cruise|"
                     r"armou?red|military|combat|attack|kamikaze|explosive|mm|US|U\.S\.|[A-Z][a-z]+-?\w*)$")


# words after a number that end the words naming what it counts: a verb, a preposition, a conjunction
_COUNTED_ENDS = re.compile(r"(?:in|at|on|by|from|to|for|with|and|or|but|who|which|that|as|after|during|near|were|was|"
                           r"are|is|have|has|had|be|been|being|will|would|including|among)$", re.IGNORECASE)
_PEOPLE_WORD = re.compile(rf"(?:people|persons|children|men|women|police|{PERSON_NOUNS})(?:e?s)?$", re.IGNORECASE)


def _unit_follows(after: str) -> bool:
    """A non-person unit among the next four words, before any word for people and past words that qualify it
    ("of 55", "ballistic", "three separate sites", "three alleged smuggling vessels")."""
    words = re.findall(r"%|[\w.,$€£'’-]+", after)[:4]
    for word in words:
        word = word.strip(".,").lstrip("-–")
        if not word:
            continue
        if word[0].isupper() and not word.isupper():
            if word.endswith("s") and countries_in(word, kinds={DEMONYM}):
                return False  # a people ("30 Israelis this year"): they are what is counted
            continue  # a name ("United States personnel", "Tomahawk missiles"): what follows is counted
        if THING_UNITS.match(word) or re.match(r"(?:year|month|day|hour|week)s?\b", word, re.IGNORECASE):
            return True
        if _FILLER.match(word):
            continue
        if _PEOPLE_WORD.match(word) or _COUNTED_ENDS.match(word) or ANY_HARM.match(word) or \
                MILITARY_PERSONNEL.match(word) or GENERIC_PERSONNEL.match(word) or not word.isalpha():
            return False
    return False


_CLOCK = re.compile(r"^(?::\d\d|\s*(?:a\.m\.|p\.m\.|am\b|pm\b|gmt\b|utc\b|hrs\b|h\b|local time))", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"\b{MONTH_PATTERN}\.?\s*$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_PATTERN}\b", re.IGNORECASE)
_MONEY_BEFORE = re.compile(r"[$€£¥]\s*$|\b(?:USD|EUR|GBP|US\$)\s*$")
_AGE = re.compile(r"^\s*-?\s*(?:year-old|years? old|-year-old)|^\s*(?:year|month)s?\s*-?\s*old", re.IGNORECASE)
_AGED_BEFORE = re.compile(r"\b(?:aged|age|ages)\s*(?:\d+\s*(?:,|and|to|or|-)\s*){0,3}$", re.IGNORECASE)
# clause boundaries for telling which cue belongs to which number
_SEGMENT = re.compile(r"[,;:()]|\s(?:and|with|while|whereas|but|as well as|plus|including|of whom|among them)\s"
                      r"|\s[-–—]\s", re.IGNORECASE)
_FRACTIONS = {"half": 0.5, "a half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "one-third": 1 / 3,
              "two thirds": 2 / 3, "two-thirds": 2 / 3, "a quarter": 0.25, "one quarter": 0.25, "one-quarter": 0.25,
              "three quarters": 0.75, "three-quarters": 0.75, "a fifth": 0.2, "one fifth": 0.2, "one-fifth": 0.2,
              "a tenth": 0.1, "one tenth": 0.1}
_FRACTION_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(f) for f in _FRACTIONS), key=len, reverse=True)) +
    r"|\d{1,2}(?:\.\d+)?\s*(?:%|per\s?cent|percent))\s+of\s+(?:whom|them|those|these|the\s+\w+)\b[^.;]{0,40}?"
    r"\b(" + "|".join("|".join(c) for c in HARM.values()) + r")\b", re.IGNORECASE)


def segment_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause piece that holds text[start:end], between clause boundaries (commas, "and", "with", ...)."""
    left = 0
    for m in _SEGMENT.finditer(text, 0, start):
        left = m.end()
    m = _SEGMENT.search(text, end)
    return left, (m.start() if m else len(text))


def measures_in(text: str) -> set[str]:
    text = without_non_harm(text)
    return {m for m, cue in HARM_CUE.items() if cue.search(text)}


def measure_near(sentence: str, mention: NumberMention) -> str | None:
    """The casualty measure the number's own clause states; "casualties" when it states several at once
    ("seized or killed some 40")."""
    a, b = segment_around(sentence, mention.start, mention.end)
    found = measures_in(sentence[a:b])
    if len(found) > 1:
        return "casualties"
    return found.pop() if found else None


def counts_things(sentence: str, mention: NumberMention) -> bool:
    """Whether the number counts things, money, time or age rather than people."""
    after = sentence[mention.end:mention.end + 40]
    before = sentence[max(0, mention.start - 24):mention.start]
    if _unit_follows(after) or _AGE.match(after) or _MONEY_BEFORE.search(before) or _AGED_BEFORE.search(before):
        return True
    if before.endswith(":") or _CLOCK.match(after):
        return True  # a time of day
    if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
        return True  # a day of the month
    if re.search(r"[\w/]-$|[A-Za-z]$", before) or re.match(r"^(?:-(?!strong\b)[A-Za-z0-9]|/\w|[A-Za-z])", after):
        return True  # joined to other characters: part of a code or a name ("F-16", "AB-12/7"), not a count
    if mention.value > 1 and UNIT_NAME.match(after):
        return True  # a singular unit noun: "the 444 Brigade" names a unit
    return bool(re.match(r"^(?:1[89]|20)\d\d$", mention.text.strip())) and mention.qualifier == "exact"


def not_harmed(sentence: str, mention: NumberMention) -> bool:
    """Whether the number counts people moved or living somewhere ("2,000 residents were evacuated"): said in the
    words right after it, or in a clause that speaks of no casualty."""
    a, b = segment_around(sentence, mention.start, mention.end)
    clause = sentence[a:b]
    if NOT_HARMED.search(" ".join(re.split(r"[,;:.()]", sentence[mention.end:])[0].split()[:3])):
        return not measures_in(clause)  # "four refugees have been shot dead" are harmed
    return bool(NOT_HARMED.search(clause)) and not measures_in(clause)


def counts_personnel(sentence: str, mention: NumberMention) -> bool:
    """Whether a personnel noun follows the number closely ("3,000 additional troops", "25 to 35 fighters"); a
    word such as "members" or "officers" only beside a military word ("members of the navy")."""
    after = " ".join(sentence[mention.end:].split()[:4])
    if re.search(r"['’]s\b", after.split()[0] if after else ""):
        return False  # a possessive ("Men's World Cup") names something else
    personnel = MILITARY_PERSONNEL.search(after) or GENERIC_PERSONNEL.search(after)
    if personnel is not None and CIVIL_SERVICE.search(after[:personnel.start()]):
        return False  # "5,000 police officers" are not troops
    if MILITARY_PERSONNEL.search(after):
        return True
    generic = GENERIC_PERSONNEL.search(after)
    if generic is None:
        return False
    around = sentence[max(0, mention.start - 30):mention.end] + " " + " ".join(sentence[mention.end:].split()[:8])
    return MILITARY.search(around) is not None


@dataclass(frozen=True)
class Derived:
    value: int
    measure: str
    start: int  # the fraction phrase, in sentence offsets
    end: int
    base: NumberMention


def fractions(sentence: str) -> list[Derived]:
    """Figures the sentence gives as a share of an earlier number: "4,000 casualties, a quarter of whom were
    killed" -> 1,000 killed, based on the nearest people-number before the fraction."""
    out = []
    for m in _FRACTION_RE.finditer(sentence):
        share_words = m.group(1).lower()
        if share_words in _FRACTIONS:
            share = _FRACTIONS[share_words]
        else:
            share = float(re.match(r"[\d.]+", share_words).group(0)) / 100
        before = [n for n in find_numbers(sentence[:m.start()])
                  if n.qualifier != "vague" and not counts_things(sentence, n)]
        if not before:
            continue
        base = before[-1]
        measure = next(k for k, cue in HARM_CUE.items() if cue.fullmatch(m.group(2)))
        out.append(Derived(int(round(base.value * share)), measure, m.start(), m.end(), base))
    return out


def derivable(sentence: str, count: int) -> bool:
    """Whether code can derive `count` from the sentence: a fraction of a number. A sum is never derived: two
    numbers beside each other count different people ("eight soldiers and 57 militants"), each its own fact."""
    return any(d.value == count for d in fractions(sentence))


def single_person(quote: str) -> bool:
    """A clause about one person: "X, the commander, is killed", "he was wounded"."""
    return re.search(r"\b(?:is|was|has been|had been)\s+(?:\w+\s+)?(?:" + "|".join("|".join(c) for c in HARM.values()) + r")\b",
                     quote, re.IGNORECASE) is not None


def number_value(words: str) -> int | None:
    return parse_number(words)

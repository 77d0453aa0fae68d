"""Finding number mentions in text and the qualifier words around them ("at least 51", "25 to 35")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.deciding.vocabulary import ONE_PERSON

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SINGLE = {"a dozen": 12, "dozen": 12, "a score": 20, "a hundred": 100, "a thousand": 1000, "a million": 1_000_000,
          "a couple": 2, "a pair": 2, "an": 1, "a": 1, "single": 1, "lone": 1}
VAGUE = {"several": 3, "a few": 3, "few": 3, "some": 3, "dozens": 24, "scores": 40, "hundreds": 200,
         "thousands": 2000, "tens of thousands": 20000, "hundreds of thousands": 200000, "millions": 2_000_000,
         "many": 3, "numerous": 3}

_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_WORD_NUMBER = rf"(?:(?:{_WORD})(?:[- ](?:{_WORD}))?(?:\s+(?:dozen|hundred|thousand|million|billion))*(?:\s+and\s+(?:{_WORD})(?:-(?:{_WORD}))?)?)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*(?:million|billion|thousand|m\b|bn\b|k\b))?"
_ONE = rf"(?:{_DIGITS}|a dozen|dozen|{_WORD_NUMBER})"
_NUMBER_RE = re.compile(rf"(?<![\w.,])({_ONE})(?![\w])", re.IGNORECASE)
_VAGUE_RE = re.compile(r"\b(" + "|".join(sorted(VAGUE, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_RANGE_RE = re.compile(
    rf"(?:between\s+({_ONE})\s+and\s+({_ONE})|(?<![\w.,])({_ONE})\s*(?:-|–|—|to)\s*({_ONE}))(?![\w])",
    re.IGNORECASE,
)

_BEFORE = [
    ("at_least", r"(?:at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of)"),
    ("more_than", r"(?:more\s+than|over|upwards\s+of|in\s+excess\s+of|above|exceeding)"),
    ("up_to", r"(?:up\s+to|as\s+many\s+as|at\s+most|fewer\s+than|less\s+than|under|nearly|almost)"),
    ("approximately", r"(?:approximately|about|around|roughly|some|an\s+estimated|estimated|nearly|almost|"
                      r"close\s+to|circa|approx\.?|~)"),
]
_AFTER_MORE = re.compile(r"^\s*(?:or\s+more|and\s+more|plus|\+)", re.IGNORECASE)


@dataclass(frozen=True)
class NumberMention:
    value: int
    start: int
    end: int
    text: str  # the words stating it, qualifier included ("at least 13")
    qualifier: str = "exact"
    low: int | None = None
    high: int | None = None


def parse_number(words: str) -> int | None:
    """'11,000' -> 11000, 'twenty-five' -> 25, '1.5 million' -> 1500000, 'a dozen' -> 12."""
    w = words.strip().lower().replace("–", "-")
    if w in SINGLE:
        return SINGLE[w]
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(million|billion|thousand|m|bn|k)?", w)
    if m:
        base = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        scale = {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3, "k": 1e3}.get(m.group(3) or "", 1)
        return int(round(base * scale))
    total, current = 0, 0
    for token in re.split(r"[\s-]+", w):
        if token == "and" or token == "a":
            continue
        if token in UNITS:
            current += UNITS[token]
        elif token in TENS:
            current += TENS[token]
        elif token in SCALES:
            scale = SCALES[token]
            current = max(current, 1) * scale
            if scale >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current


def _qualifier_before(text: str, start: int) -> tuple[str, int] | None:
    window = text[max(0, start - 30):start]
    for name, pattern in _BEFORE:
        m = re.search(rf"\b{pattern}\s*$", window, re.IGNORECASE)
        if m:
            return name, start - (len(window) - m.start())
    return None


def find_numbers(text: str) -> list[NumberMention]:
    """Every number mention in `text`, with its qualifier; ranges become one mention."""
    mentions: list[NumberMention] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE_RE.finditer(text):
        low_words, high_words = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        low, high = parse_number(low_words), parse_number(high_words)
        if low is None or high is None or low >= high or _looks_like_year(low_words):
            continue
        start = m.start()
        q = _qualifier_before(text, start)
        if q:
            start = q[1]
        mentions.append(NumberMention(low, start, m.end(), text[start:m.end()], "range", low, high))
        taken.append((m.start(), m.end()))
    for m in _NUMBER_RE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        value = parse_number(m.group(1))
        if value is None:
            continue
        start, end, qualifier = m.start(), m.end(), "exact"
        q = _qualifier_before(text, start)
        if q:
            qualifier, start = q
        after = _AFTER_MORE.match(text[end:])
        if after and qualifier == "exact":
            qualifier, end = "at_least", end + after.end()
        mentions.append(NumberMention(value, start, end, text[start:end], qualifier))
    for m in _VAGUE_RE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        mentions.append(NumberMention(VAGUE[m.group(1).lower()], m.start(), m.end(), m.group(0), "vague"))
    return sorted(mentions, key=lambda n: (n.start, n.end))


def _looks_like_year(words: str) -> bool:
    return bool(re.fullmatch(r"(1[89]|20)\d\d", words.strip()))


def mention_for(quote: str, value: int) -> NumberMention | None:
    """The mention in `quote` that states `value` (as the number, a range bound, or a vague amount)."""
    best = None
    for n in find_numbers(quote):
        if n.value == value or (n.qualifier == "range" and value in (n.low, n.high)):
            if n.qualifier != "vague":
                return n
            best = best or n
    return best


def written_in(quote: str, value: int) -> bool:
    """Whether `value` is stated in `quote` in digits or words (vague words do not count)."""
    n = mention_for(quote, value)
    if n is not None and n.qualifier != "vague" and not (value == 1 and n.text.lower() in ("a", "an")):
        return True
    # "a"/"an" state a count of 1 only when they belong to a person ("a soldier"), not to "an assault"
    return value == 1 and (re.search(r"\b(?:one|single|lone)\b", quote, re.IGNORECASE) is not None
                           or ONE_PERSON.search(quote) is not None)

"""Reading the numerals of a language: digits grouped and pointed as its locale writes them ("1,500", "1.500",
"12 000", "١٥"), and numbers spelled out in words ("twenty-five", "one hundred and five").

Digits: the group and decimal separators are CLDR's for the pack's code (Babel), widened by the pack's own
`numbers.thousands` and `numbers.decimal`; any script's decimal digits read as digits. Words: text2num parses
the languages it knows; for the others, CLDR's spellout rules (unicode-rbnf) become a table of number words
(0 to 99, the hundreds, the scales and their plurals), each in all its case forms where the language has a
morphology library ("три" -> "трёх", "трьома"). What neither library gives (collective numerals, a dozen,
vague amounts, scale abbreviations after digits) is the pack's: `numbers.words` adds number words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

from sitrep.reading.morphology import number_forms, spellings
from sitrep.reading.pack import Pack

SPACES = " \u00a0\u202f\u2009"  # a locale that groups with one kind of space is written with all of them
SPELLED = (*range(100), *range(200, 1000, 100))  # the number words of a language: 0 to 99, the hundreds,
SCALES = (100, 1_000, 1_000_000, 1_000_000_000)  # and its scales


def _alternation(forms) -> str:
    forms = sorted({f for f in forms if f}, key=len, reverse=True)
    return "(?:" + "|".join(forms) + ")" if forms else "(?!)"


@dataclass(frozen=True, eq=False)
class Numerals:
    """One language's numerals: the patterns that find them and what reads them."""

    code: str
    groups: tuple[str, ...]  # thousands separators
    decimal: str
    words: dict[str, int]  # a number word (lower case) -> its value; scales among them
    scales: dict[str, int]  # multipliers after a number: CLDR's scale words and the pack's ("dozen")
    digit_scales: dict[str, int]  # multipliers written after digits ("million", "bn", "k")
    amounts: dict[str, int]  # phrases that state an amount on their own ("a dozen")
    single: dict[str, int]  # words that state one amount when read ("a", "a couple")
    parses_words: bool  # text2num knows the language
    joins: re.Pattern  # a word between the words of one number ("and")
    digits: str  # a pattern for a number in digits, with its scale word
    spelled: str  # a pattern for a run of number words

    def value(self, words: str) -> int | None:
        """The number `words` state, or None: '11,000' -> 11000, 'twenty-five' -> 25, '2 million' -> 2e6."""
        w = " ".join(words.strip().lower().replace("–", "-").split())
        if w in self.single:
            return self.single[w]
        if w in self.amounts:
            return self.amounts[w]
        if w and w[0].isdecimal():
            return self._digit_value(w)
        return self._word_value(w)

    def _digit_value(self, w: str) -> int | None:
        signs = re.escape("".join(self.groups) + self.decimal)
        m = re.fullmatch(rf"([\d{signs}]*\d)\s*({_alternation(map(re.escape, self.digit_scales))})?", w)
        if not m:
            return None
        number, scale = m.group(1), self.digit_scales.get(m.group(2) or "", 1)
        number = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in number)
        grouped = [g for g in self.groups if g in number]
        if grouped == [self.decimal] and (scale > 1 or not _groups_of_three(number, self.decimal)):
            grouped = []  # "1.5 million", "2.75": the separator is the decimal point
        for g in grouped:
            if not _groups_of_three(number.split(self.decimal)[0] if g != self.decimal else number, g):
                return None
            number = number.replace(g, "")
        number = number.replace(self.decimal, ".")
        try:
            return int(round(float(number) * scale))
        except ValueError:
            return None

    def _word_value(self, w: str) -> int | None:
        tokens = [t for t in re.split(r"[\s-]+", w) if t]
        value = self._tokens_value(tokens)
        if value is not None:
            return value
        scale = 1
        while tokens and tokens[-1] in self.scales and tokens[-1] not in self.words:
            scale *= self.scales[tokens.pop()]  # "two dozen"
        value = self._tokens_value(tokens) if scale > 1 else None
        return value * scale if value is not None else None

    def _tokens_value(self, tokens: list[str]) -> int | None:
        if not tokens or any(t not in self.words and t not in self.scales and not self.joins.fullmatch(t)
                             for t in tokens):
            return None  # only the language's number words ("thousands" is a vague amount, not a number)
        if self.parses_words:
            from text_to_num import text2num

            try:
                return text2num(" ".join(tokens), self.code)
            except ValueError:  # a form text2num does not read ("veintiún"): CLDR's, when it is one word
                return self.words.get(tokens[0]) if len(tokens) == 1 else None
        total, current = 0, 0
        for token in (t for t in tokens if not self.joins.fullmatch(t)):
            value = self.words.get(token, self.scales.get(token))
            if value is None or (token not in self.words and value not in SCALES):
                return None  # a multiplier of the whole ("dozen"): read by the caller
            if value in SCALES:
                current = max(current, 1) * value
                if value >= 1000:
                    total, current = total + current, 0
            else:
                current += value
        return total + current


def _groups_of_three(number: str, separator: str) -> bool:
    head, *rest = number.split(separator)
    return 1 <= len(head) <= 3 and not head.startswith("0") and all(len(g) == 3 for g in rest)


def _locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None


def _spellout(code: str) -> dict[str, int]:
    """The number words of a language from CLDR's spellout rules: every cardinal form of 0 to 99, of the
    hundreds and of the scales, and every word in them; the plural of a scale from its multiples ("пять
    тысяч" -> "тысяч", "deux cents" -> "cents")."""
    try:
        from unicode_rbnf import RbnfEngine

        engine = RbnfEngine.for_language(code)
    except Exception:  # a language CLDR has no spellout rules for: no number words  # noqa: BLE001
        return {}
    words: dict[str, int] = {}

    def put(word: str, value: int) -> None:  # the first value a word is given, over "a part of a number"
        if words.get(word, -1) < 0:
            words[word] = value

    multiples = {k * scale: (k, scale) for scale in SCALES for k in (2, 5)}
    for n in (*SPELLED, *SCALES, *multiples):
        try:
            forms = engine.format_number(n).text_by_ruleset
        except Exception:  # noqa: BLE001
            continue
        for ruleset, form in forms.items():
            if "ordinal" in ruleset or "year" in ruleset:
                continue
            form = form.lower()
            parts = re.split(r"[\s-]+", form)
            put(form, n)
            if n in SCALES and len(parts) == 2 and words.get(parts[0]) == 1:
                put(parts[-1], n)  # "one thousand" -> "thousand", not "mil millones"
            elif n in multiples and len(parts) == 2 and words.get(parts[0]) == multiples[n][0]:
                put(parts[-1], multiples[n][1])  # "пять тысяч" -> "тысяч"
            elif len(parts) > 1 and n >= 20:
                for part in parts:  # "twenty-five": its words are numbers of their own
                    words.setdefault(part, words.get(part, -1))
    return {w: v for w, v in words.items() if v >= 0}


@lru_cache(maxsize=64)
def _cardinals(code: str, n: int) -> frozenset[str]:
    """CLDR's cardinal spellings of `n` in the language, lower case."""
    try:
        from unicode_rbnf import RbnfEngine

        forms = RbnfEngine.for_language(code).format_number(n).text_by_ruleset
    except Exception:  # noqa: BLE001
        return frozenset()
    return frozenset(f.lower() for r, f in forms.items() if "ordinal" not in r and "year" not in r)


def _whole_scale(code: str, word: str, value: int) -> bool:
    """Whether CLDR spells the scale itself as this one word, or a form of it ("сто", "ста", "mille")."""
    return any(word in spellings(f) for form in _cardinals(code, value) if " " not in form and "-" not in form
               for f in number_forms(code, form, True))


def _in_all_forms(code: str, words: dict[str, int]) -> dict[str, int]:
    """The number words with every case form of each (a language with a morphology library) and the
    spellings texts use for them; one ("один") keeps its forms as written, the words for it are many."""
    out: dict[str, int] = {}
    for word, value in words.items():
        forms = number_forms(code, word, value in SCALES) if " " not in word and value != 1 else (word,)
        for form in forms:
            for spelling in spellings(form):
                out.setdefault(spelling, value)
    return out


def _knows_words(code: str) -> bool:
    from text_to_num import text2num

    try:
        text2num("0", code)
    except ValueError as error:
        return "unsupported" not in str(error)
    return True


def _ints(table: dict) -> dict[str, int]:
    return {str(k).lower(): int(v) for k, v in table.items()}


@lru_cache(maxsize=16)
def numerals(pack: Pack) -> Numerals:
    """The numerals of a pack's language (built once per pack)."""
    locale = _locale(pack.code)
    groups = list(pack.words("numbers.thousands"))
    decimal = pack.value("numbers.decimal")
    if locale is not None:
        for system in ("latn", "default"):
            groups.append(get_group_symbol(locale, numbering_system=system))
            decimal = decimal or get_decimal_symbol(locale, numbering_system=system)
    decimal = str(decimal or ".")
    if any(g in SPACES for g in groups):
        groups.extend(SPACES)
    explicit = set(pack.words("numbers.thousands"))  # the pack may group with its decimal sign ("1.500")
    groups = tuple(dict.fromkeys(g for g in groups if g and (g != decimal or g in explicit)))
    cldr = _spellout(pack.code)
    words = _in_all_forms(pack.code, cldr | _ints(pack.table("numbers.words")))
    scales = {w: v for w, v in words.items() if v in SCALES and " " not in w}
    scales |= _ints(pack.table("numbers.scale_words"))
    digit_scales = {w: v for w, v in scales.items() if v >= 1000}
    digit_scales |= _ints(pack.table("numbers.scale_abbreviations"))
    grouped = "|".join(
        (r"(?!0)" if g == decimal else "") + rf"\d{{1,3}}(?:{re.escape(g)}\d{{3}})+(?!\d)" for g in groups)
    scale_after = "|".join(rf"{re.escape(w)}\b" for w in sorted(digit_scales, key=len, reverse=True))
    point = re.escape(decimal)
    digits = (rf"(?:(?:{grouped}|\d+)(?:{point}\d+)?" if grouped else rf"(?:\d+(?:{point}\d+)?") + (
        rf"(?:\s*(?:{scale_after}))?)" if scale_after else ")")
    # a scale word starts a number where it is the whole number ("cent", "mille", "сто"; not "hundred")
    alone = {w for w, v in words.items() if v in SCALES and " " not in w and _whole_scale(pack.code, w, v)}
    alone |= set(_ints(pack.table("numbers.words")))
    starts = _alternation(re.escape(w) for w, v in words.items()
                          if " " not in w and (v not in SCALES or w in alone))
    follows = _alternation(re.escape(w) for w in {*words, *scales} if " " not in w)
    joins = _alternation(pack.words("numbers.joins"))
    spelled = rf"(?:{starts}(?:(?:[- ]|\s+{joins}\s+|\s+)(?:{follows}))*)"
    return Numerals(pack.code, groups, decimal, words, scales, digit_scales,
                    _ints(pack.table("numbers.amounts")), _ints(pack.table("numbers.single")),
                    _knows_words(pack.code), re.compile(joins, re.IGNORECASE), digits, spelled)

"""Finding number mentions in text and the qualifier words around them ("at least 51", "25 to 35"), in the
active pack's language: numerals through `sitrep.reading.numerals` (locale digits, spelled-out numbers);
qualifier, range and vague-amount words from the pack."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from sitrep.deciding.vocabulary import ONE_PERSON
from sitrep.reading.dates import is_year, year_like
from sitrep.reading.letters import joined_prefixes
from sitrep.reading.morphology import PREFIXES_IN_A_ROW, is_word
from sitrep.reading.numerals import Numerals, numerals
from sitrep.reading.pack import NEVER, Pack, active


@dataclass(frozen=True)
class NumberMention:
    value: int
    start: int
    end: int
    text: str  # the words stating it, qualifier included ("at least 13")
    qualifier: str = "exact"
    low: int | None = None
    high: int | None = None
    noun: bool = False  # the mention is the counted noun itself, in a form that states its number (a dual)


def _alternation(forms) -> str:
    forms = sorted({f for f in forms if f}, key=len, reverse=True)
    return "(?:" + "|".join(forms) + ")" if forms else "(?!)"


def _phrase(words: str) -> str:
    return r"\s+".join(re.escape(w) for w in words.split())


@dataclass(frozen=True, eq=False)
class Reader:
    """The patterns that find one language's number mentions."""

    numerals: Numerals
    number: re.Pattern
    spelled: re.Pattern
    range: re.Pattern
    vague: re.Pattern
    vague_values: dict[str, int]
    qualifiers: tuple[tuple[str, re.Pattern], ...]
    qualifiers_after: tuple[tuple[str, re.Pattern], ...]  # after the counted noun: "14 مدنيا على الأقل"
    qualifiers_within: tuple[tuple[str, re.Pattern], ...]  # in the number's own words: "une centaine"
    more_after: re.Pattern
    one: re.Pattern  # the words for one that are not articles ("one", "single")
    articles: frozenset[str]  # words for one that state no number on their own ("a", "ein", "un")
    joined_and: tuple[str, ...]  # "and" where the language writes it onto the next word (Arabic "و")
    dual: re.Pattern  # a noun in the dual ("جنديين"): the noun in group 1
    joined: re.Pattern  # "and" written onto the next word, after a space ("و" of " و519")


def _qualifier_kinds(pack: Pack, group: str, around: str) -> tuple[tuple[str, re.Pattern], ...]:
    """(qualifier, its pattern) for each kind under `group`, its words placed in `around`."""
    return tuple((name, re.compile(around.replace("{}", pack.alternation(f"{group}.{name}")), re.IGNORECASE))
                 for name in pack.kinds(group))


@lru_cache(maxsize=16)
def reader(pack: Pack) -> Reader:
    """The number reader of a pack's language (built once per pack)."""
    num = numerals(pack)
    amounts = _alternation(_phrase(a) for a in num.amounts)
    # a number may carry the pack's clitics before it ("و12": "and 12")
    prefixes = pack.words("clitics.prefixes")
    clitics = rf"(?:{_alternation(prefixes)}){{0,{PREFIXES_IN_A_ROW}}}" if prefixes else ""
    one = rf"(?:{num.digits}|{amounts}|{num.spelled})"
    opens = _alternation(pack.words("numbers.range_opens"))
    joins = _alternation(pack.words("numbers.range_joins"))
    to = _alternation(["-", "–", "—", *pack.words("numbers.range_to")])
    joined = rf"(?:\s+|{clitics}(?=\d))" if clitics else r"\s+"  # "بين 25 و35"
    vague = {" ".join(k.lower().split()): int(v) for k, v in pack.table("numbers.vague").items()}
    qualifiers = _qualifier_kinds(pack, "numbers.qualifier", r"\b{}\s*$")
    return Reader(
        numerals=num,
        number=re.compile(rf"(?<![\w.,]){clitics}({one})(?![\w])", re.IGNORECASE),
        spelled=re.compile(num.spelled, re.IGNORECASE),
        range=re.compile(rf"(?:{opens}\s+({one})\s+{joins}{joined}({one})|(?<![\w.,]){clitics}({one})\s*{to}\s*"
                         rf"({one}))(?![\w])", re.IGNORECASE),
        vague=re.compile(rf"\b{clitics}(" + _alternation(_phrase(v) for v in vague) + r")\b", re.IGNORECASE),
        vague_values=vague,
        qualifiers=qualifiers,
        # up to three words of the counted noun between, no number among them ("14 مدنيا على الأقل")
        qualifiers_after=_qualifier_kinds(pack, "numbers.qualifier_after",
                                          r"\s*(?:[^\s\d.,;:!?()]+\s+){0,3}?{}(?!\w)"),
        qualifiers_within=_qualifier_kinds(pack, "numbers.qualifier_within", r"\b{}\b"),
        articles=frozenset(w.lower() for w in pack.words("numbers.articles")),
        joined_and=tuple(w for w in pack.words("word.and") if w in joined_prefixes(pack)),
        more_after=re.compile(rf"^\s*{pack.alternation('numbers.more_after')}", re.IGNORECASE),
        one=re.compile(r"\b" + _alternation(re.escape(w) for w, v in {**num.words, **num.single}.items()
                                             if v == 1 and w not in pack.words("numbers.articles")) + r"\b",
                       re.IGNORECASE),
        dual=_dual(pack, clitics),
        joined=re.compile(rf"\s+{_alternation(pack.words('numbers.joins'))}") if prefixes else NEVER,
    )


def singular_of_dual(pack: Pack, word: str) -> str:
    """The noun a dual is made of ("جنديين" -> "جندي", "دبابتين" -> "دبابة")."""
    for suffix in sorted(pack.words("numbers.dual.suffixes"), key=len, reverse=True):
        if word.endswith(suffix):
            stem = word[:-len(suffix)]
            for ending, changed in pack.table("numbers.dual.stem_endings").items():
                if stem.endswith(str(changed)):
                    return stem[:-len(str(changed))] + str(ending)
            return stem
    return word


def _dual(pack: Pack, clitics: str) -> re.Pattern:
    """A noun in the dual: a single word of the kinds `numbers.dual.kinds` lists, with a suffix of
    `numbers.dual.suffixes` (its last letter changed as `numbers.dual.stem_endings` says: "دبابة" ->
    "دبابتين"). A suffix the dual shares with a plural (`numbers.dual.shared_with_plural`, the suffix -> the
    plural's other suffix) is no dual for a noun whose plural the pack writes with that other suffix
    ("مدنيين": civilians, as "مدنيون" is)."""
    suffixes = pack.words("numbers.dual.suffixes")
    if not suffixes:
        return NEVER
    endings = {str(k): str(v) for k, v in pack.table("numbers.dual.stem_endings").items()}
    shared = {str(k): str(v) for k, v in pack.table("numbers.dual.shared_with_plural").items()}
    kinds = pack.words("numbers.dual.kinds")
    nouns = {w for kind in kinds for w in pack.words(kind) if is_word(w)}
    listed = re.compile(pack.alternation(*kinds), re.IGNORECASE)
    forms = set()
    for noun in nouns:
        stem = next((noun[:-len(e)] + v for e, v in endings.items() if noun.endswith(e)), noun)
        for suffix in suffixes:
            if suffix in shared and listed.fullmatch(noun + shared[suffix]):
                continue
            forms.add(stem + suffix)
    if not forms:
        return NEVER
    duals = _alternation(re.escape(f) for f in forms)
    return re.compile(rf"(?<![\w]){clitics}({duals})(?![\w])", re.IGNORECASE)


class _VagueAmounts(Mapping):
    """The vague amounts of the active pack ("dozens" -> 24), by their words in lower case."""

    def _table(self) -> dict[str, int]:
        return reader(active()).vague_values

    def __getitem__(self, words: str) -> int:
        return self._table()[words]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


VAGUE: Mapping[str, int] = _VagueAmounts()


def parse_number(words: str) -> int | None:
    """'11,000' -> 11000, 'twenty-five' -> 25, '1.5 million' -> 1500000, 'a dozen' -> 12."""
    return reader(active()).numerals.value(words)


def _qualifier_before(r: Reader, text: str, start: int) -> tuple[str, int] | None:
    window = text[max(0, start - 30):start]
    for name, pattern in r.qualifiers:
        m = pattern.search(window)
        if m:
            at = m.start()
            # "and" written onto the qualifier joins it to the number before: "وأكثر من 40" -> "أكثر من 40"
            joined = next((len(a) for a in r.joined_and if window.startswith(a, at)
                           and pattern.match(window[at + len(a):])), 0)
            return name, start - (len(window) - at - joined)
    return None


def _numbers(r: Reader, text: str) -> list[tuple[int, int, int]]:
    """(value, start, end) of each number in digits or words; a run of number words that is not one number is
    read as the longest numbers from its left ("five and six" -> 5, 6); a number after a scale word, joined to
    it by the language's "and" written onto its digits, goes on the same number ("42 ألفا و519" -> 42519)."""
    out: list[tuple[int, int, int]] = []
    for value, start, end in _read_numbers(r, text):
        if out and (scale := _joined_after_scale(r, text, out[-1], start)) and value < scale:
            out[-1] = (out[-1][0] + value, out[-1][1], end)
        else:
            out.append((value, start, end))
    return out


def _joined_after_scale(r: Reader, text: str, before: tuple[int, int, int], start: int) -> int | None:
    """The scale the number `before` ends with, when the next number at `start` is joined to it by "and"
    written onto the next number's digits; else None."""
    value, first, end = before
    if not r.joined.fullmatch(text, end, start) or not text[start:start + 1].isdecimal():
        return None
    last = text[first:end].split()[-1].lower()
    scale = r.numerals.digit_scales.get(last) or r.numerals.scales.get(last)
    return scale if scale and scale >= 1000 and value % scale == 0 else None


def _read_numbers(r: Reader, text: str) -> Iterator[tuple[int, int, int]]:
    for m in r.number.finditer(text):
        start, end = m.span(1)
        value = r.numerals.value(m.group(1))
        if value is not None:
            yield value, start, end
            continue
        while start < end:
            tokens = [t.end() for t in re.finditer(r"[^\s-]+", text[start:end])]
            for stop in reversed(tokens):
                value = r.numerals.value(text[start:start + stop])
                if value is not None:
                    yield value, start, start + stop
                    break
            else:
                stop = tokens[0] if tokens else end - start
            nxt = r.spelled.search(text, start + stop, end)
            start = nxt.start() if nxt else end


def find_numbers(text: str) -> list[NumberMention]:
    """Every number mention in `text`, with its qualifier; ranges become one mention."""
    r = reader(active())
    mentions: list[NumberMention] = []
    taken: list[tuple[int, int]] = []
    for m in r.range.finditer(text):
        low_words, high_words = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        low, high = r.numerals.value(low_words), r.numerals.value(high_words)
        if low is None or high is None or low >= high or year_like(low_words):
            continue
        start = m.start()
        q = _qualifier_before(r, text, start)
        if q:
            start = q[1]
        mentions.append(NumberMention(low, start, m.end(), text[start:m.end()], "range", low, high))
        taken.append((m.start(), m.end()))
    for value, start, end in _numbers(r, text):
        if any(a <= start < b for a, b in taken):
            continue
        if value == 1 and text[start:end].lower() in r.articles:
            continue  # an article ("ein", "un") counts one person only as a person noun's ("a soldier")
        qualifier = next((name for name, p in r.qualifiers_within if p.search(text, start, end)), "exact")
        q = _qualifier_before(r, text, start)
        if q:
            qualifier, start = q
        after = r.more_after.match(text[end:])
        if after and qualifier == "exact":
            qualifier, end = "at_least", end + after.end()
        if qualifier == "exact":
            qualifier = next((name for name, p in r.qualifiers_after if p.match(text, end)), qualifier)
        mentions.append(NumberMention(value, start, end, text[start:end], qualifier))
    for m in r.dual.finditer(text):
        if not any(n.start < m.end(1) and m.start(1) < n.end for n in mentions):
            mentions.append(NumberMention(2, m.start(1), m.end(1), m.group(1), noun=True))
    stated = [(n.start, n.end) for n in mentions]
    for m in r.vague.finditer(text):
        if any(a <= m.start(1) < b for a, b in (*taken, *stated)):
            continue  # a vague word inside a number is part of it ("ثلاثة آلاف" is 3000)
        words = " ".join(m.group(1).lower().split())
        mentions.append(NumberMention(r.vague_values[words], m.start(1), m.end(1), m.group(1), "vague"))
    return sorted(mentions, key=lambda n: (n.start, n.end))


def a_year(text: str, mention: NumberMention) -> bool:
    """Whether the mention is the year of a date in `text` ("in 2000", "May 2000"), not a count ("killed 2000
    civilians")."""
    return mention.qualifier == "exact" and is_year(text, mention.start, mention.end)


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
    articles = active().words("numbers.articles")
    if n is not None and n.qualifier != "vague" and not (value == 1 and n.text.lower() in articles):
        return True
    # an article states a count of 1 only when it belongs to a person ("a soldier"), not to "an assault"
    return value == 1 and (reader(active()).one.search(quote) is not None
                           or ONE_PERSON.search(quote) is not None)

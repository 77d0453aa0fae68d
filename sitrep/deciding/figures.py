"""What a number in a sentence counts, read by code from the words around it: the casualty measure its clause
states ("killing 25" -> killed, "35 others injured" -> wounded), whether it counts people or things (missiles,
tonnes, dollars, hours), whether it counts personnel, and figures derived from fractions ("4,000 casualties, a
quarter of whom were killed" -> 1,000 killed)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.deciding.vocabulary import (
    any_harm,
    harm_cues,
    kind,
    per_pack,
    thing_units,
    unit_name,
    without_non_harm,
)
from sitrep.reading.chunking import clause_marks
from sitrep.reading.countries import DEMONYM, countries_in, country_mentions
from sitrep.reading.letters import LETTER, LETTER_OR_DIGIT, LOWER, UPPER, capital_names, joined_prefixes
from sitrep.reading.pack import NEVER, Pack, active
from sitrep.reading.pack_settings import enabled
from sitrep.reading.quantities import NumberMention, a_year, find_numbers, parse_number, singular_of_dual


@per_pack
def _filler(pack: Pack) -> re.Pattern:
    """A word between a number and what it counts that names neither: "of", a figure, a dash, "ballistic",
    a name (where a capital marks one)."""
    name = rf"|{UPPER}{LOWER}+-?\w*" if capital_names(pack) else ""
    return re.compile(rf"(?:{pack.alternation('counted_filler')}|[\d.,]+|[-–]{name})$")


@per_pack
def _counted_ends(pack: Pack) -> re.Pattern:
    """A word after a number that ends the words naming what it counts: a verb, a preposition, a
    conjunction."""
    return re.compile(rf"{pack.alternation('counted_ends')}$", re.IGNORECASE)


@per_pack
def _people_word(pack: Pack) -> re.Pattern:
    return re.compile(rf"{pack.alternation('people_words', 'person_nouns')}(?:e?s)?$", re.IGNORECASE)


@per_pack
def _time_unit(pack: Pack) -> re.Pattern:
    return re.compile(rf"{pack.alternation('time_units')}s?\b", re.IGNORECASE)


def _unit_follows(after: str) -> bool:
    """A non-person unit among the next four words, before any word for people and past words that qualify it
    ("of 55", "ballistic", "three separate sites", "three alleged smuggling vessels")."""
    words = re.findall(r"%|[\w.,$€£'’-]+", after)[:4]
    for word in words:
        word = word.strip(".,").lstrip("-–")
        if not word:
            continue
        if word[0].isupper() and not word.isupper():
            if capital_names(active()):
                if word.endswith("s") and countries_in(word, kinds={DEMONYM}):
                    return False  # a people ("30 Israelis this year"): they are what is counted
                continue  # a name ("United States personnel", "Tomahawk missiles"): what follows is counted
            if countries_in(word, kinds={DEMONYM}):
                return False  # every noun capitalised (German): a people's noun is a people counted
        if thing_units().match(word) or _time_unit().match(word):
            return True
        if _filler().match(word):
            continue
        if _people_word().match(word) or _counted_ends().match(word) or any_harm().match(word) or \
                kind("personnel.military").match(word) or kind("personnel.generic").match(word) or \
                not word.isalpha():
            return False
    return False


def _clitic_before(pack: Pack) -> re.Pattern:
    """A clitic of the pack written onto the number after it ("و" of "و12", "بـ" of "بـ15")."""
    clitics = joined_prefixes(pack)
    if not clitics:
        return NEVER
    return re.compile(rf"(?<![\w.,])(?:{'|'.join(clitics)}){{1,3}}\u0640?$")


@dataclass(frozen=True)
class _Shapes:
    """The patterns of the words around a number that tell it counts no people, and of clause boundaries."""

    clock: re.Pattern
    month_before: re.Pattern
    month_after: re.Pattern
    money_before: re.Pattern
    age: re.Pattern
    aged_before: re.Pattern
    joined_after: re.Pattern
    joined_before: re.Pattern
    clitic_before: re.Pattern  # a clitic the language writes onto a number ("و12"): no code, a joined word
    unit_before: re.Pattern  # a unit noun right before the number: "la Brigada 3", "اللواء 52" name a unit
    possessive: re.Pattern
    segment: re.Pattern
    fraction: re.Pattern


@per_pack
def _shapes(pack: Pack) -> _Shapes:
    a, flags = pack.alternation, re.IGNORECASE
    month = a("calendar.month_forms")
    shares = "|".join(sorted((re.escape(f) for f in pack.table("fractions")), key=len, reverse=True))
    marks = re.escape(clause_marks(pack))
    return _Shapes(
        clock=re.compile(rf"^(?::\d\d|\s*{a('clock')})", flags),
        # a month before a day ("May 5"), where the pack does not write the day first ("5. Mai", "5 de mayo")
        month_before=(NEVER if enabled(pack, "calendar.day_first")
                      else re.compile(rf"\b{month}\.?\s*$", flags)),
        month_after=re.compile(rf"^{a('ordinal_suffixes')}?\s+(?:{a('word.of')}\s+)?{month}\b", flags),
        money_before=re.compile(rf"[$€£¥]\s*$|\b{a('currency_codes')}\s*$"),
        age=re.compile(rf"^\s*{a('age_after')}", flags),
        aged_before=re.compile(rf"\b{a('aged')}\s*(?:\d+\s*(?:,|{a('range_words')}|-)\s*){{0,3}}$", flags),
        # joined to other characters: part of a code or a name ("F-16", "AB-12/7"), not a count
        joined_after=re.compile(rf"^(?:-(?!{a('strength_suffix')}\b){LETTER_OR_DIGIT}|/\w|{LETTER})"),
        joined_before=re.compile(rf"[\w/]-$|{LETTER}$"),
        clitic_before=_clitic_before(pack),
        unit_before=re.compile(rf"\b{a('units')}\s*$", flags),
        possessive=re.compile(rf"{a('possessive')}\b"),
        segment=re.compile(rf"[,;:(){marks}]|\s{a('segment_words')}\s|\s[-–—]\s", flags),
        fraction=re.compile(rf"\b((?:{shares})|\d{{1,2}}(?:\.\d+)?\s*{a('percent')})\s+{a('word.of')}\s+"
                            rf"{a('fraction_of')}\b[^.;]{{0,40}}?\b({a('harm')})\b", flags))


def segment_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause piece that holds text[start:end], between clause boundaries (commas, "and", "with", ...)."""
    left = 0
    segment = _shapes().segment
    for m in segment.finditer(text, 0, start):
        left = m.end()
    m = segment.search(text, end)
    return left, (m.start() if m else len(text))


def measures_in(text: str) -> set[str]:
    text = without_non_harm(text)
    return {m for m, cue in harm_cues().items() if cue.search(text)}


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
    shapes = _shapes()
    if _unit_follows(after) or shapes.age.match(after) or shapes.money_before.search(before) or \
            shapes.aged_before.search(before):
        return True
    if before.endswith(":") or shapes.clock.match(after):
        return True  # a time of day
    if shapes.month_before.search(before) or shapes.month_after.match(after):
        return True  # a day of the month
    if (shapes.joined_before.search(before) and not shapes.clitic_before.search(before)) or \
            shapes.joined_after.match(after):
        return True  # joined to other characters: part of a code or a name ("F-16", "AB-12/7"), not a count
    if mention.value > 1 and (unit_name().match(after) or shapes.unit_before.search(before)):
        return True  # a singular unit noun: "the 444 Brigade", "Brigade 3" name a unit
    return a_year(sentence, mention)  # a year only as part of a date: "in 2000", not "killed 2000 civilians"


def not_harmed(sentence: str, mention: NumberMention) -> bool:
    """Whether the number counts people moved or living somewhere ("2,000 residents were evacuated"): said in
    the words right after it, or in a clause that speaks of no casualty."""
    a, b = segment_around(sentence, mention.start, mention.end)
    clause = sentence[a:b]
    not_harmed_words = kind("not_harmed")
    ends = rf"[,;:.(){re.escape(clause_marks(active()))}]"
    if not_harmed_words.search(" ".join(re.split(ends, sentence[mention.end:])[0].split()[:3])):
        return not measures_in(clause)  # "four refugees have been shot dead" are harmed
    return bool(not_harmed_words.search(clause)) and not measures_in(clause)


def counts_personnel(sentence: str, mention: NumberMention) -> bool:
    """Whether a personnel noun follows the number closely ("3,000 additional troops", "25 to 35 fighters"); a
    word such as "members" or "officers" only beside a military word ("members of the navy"); a noun that
    states its own number (a dual) is its own personnel noun."""
    after = " ".join(sentence[mention.end:].split()[:4])
    if mention.noun:
        after = f"{singular_of_dual(active(), mention.text)} {after}"
    if _shapes().possessive.search(after.split()[0] if after else ""):
        return False  # a possessive ("Men's World Cup") names something else
    military, generic_words = kind("personnel.military"), kind("personnel.generic")
    personnel = military.search(after) or generic_words.search(after)
    if personnel is not None and kind("civil_service").search(after[:personnel.start()]):
        return False  # "5,000 police officers" are not troops
    if military.search(after):
        return True
    around = (sentence[max(0, mention.start - 30):mention.end] + " "
              + " ".join(sentence[mention.end:].split()[:8]))
    if generic_words.search(after) is not None:
        return kind("military").search(around) is not None
    bracketed = _people_in_brackets(sentence, mention)
    if bracketed or _a_people(sentence[mention.end:mention.end + 60]):
        # "5,000 North Koreans were deployed", "les Maliens (900)": a people beside a military word or a
        # deployment (anywhere in a list of contingents, which they open)
        around = sentence if bracketed else around
        return kind("military").search(around) is not None or kind("deployed").search(around) is not None
    return _noun_left_out(sentence, mention)


def _people_in_brackets(sentence: str, mention: NumberMention) -> bool:
    """A number in brackets right after a people's plural noun: "les Maliens (900), les Nigériens (450)"."""
    people = re.search(rf"({LETTER}[\w'’-]*)\s*\(\s*$", sentence[max(0, mention.start - 40):mention.start])
    return (people is not None and re.match(r"\s*\)", sentence[mention.end:]) is not None
            and bool(countries_in(people.group(1), kinds={DEMONYM})))


def _a_people(after: str) -> bool:
    """The words after a number are a people's plural noun ("North Koreans were deployed"), not a people's
    adjective before a noun ("North Korean workers")."""
    found = country_mentions(after, kinds={DEMONYM})
    if not found or after[:found[0][1]].strip():
        return False
    following = re.match(rf"\s*({LETTER}[\w'’-]*)", after[found[0][2]:])
    if following is None:
        return True
    word = following.group(1)
    if kind("word.and", "harm_join.between").fullmatch(word):
        return False  # "two Russian and two Chinese aircraft": adjectives of one noun
    return (_counted_ends().match(word) is not None or kind("passive_auxiliaries").fullmatch(word) is not None
            or kind("deployed").match(word) is not None)


def _noun_left_out(sentence: str, mention: NumberMention) -> bool:
    """A number whose noun is left out, as a later member of a list of personnel: "800 troops go to
    Lithuania and about 300 to Latvia", "800 военнослужащих, ещё около 300 — в Латвию", "около 1000
    перебрасываются из Германии"."""
    following = re.match(rf"\s*(?:[-–—]\s*)?({LETTER}[\w'’-]*)?", sentence[mention.end:])
    word = following.group(1)
    own_noun = word and not _counted_ends().match(word)
    if word and not kind("deployed").match(word) and (
            own_noun or kind("relative_pronouns", "passive_auxiliaries").fullmatch(word)):
        return False  # a noun of its own, or a clause that tells what the number counts ("75 that arrived")
    earlier = [n for n in find_numbers(sentence[:mention.start])
               if n.qualifier != "vague" and not counts_things(sentence, n)]
    if not earlier or mention.start - earlier[-1].end > 100:
        return False
    between = sentence[earlier[-1].end:mention.start]
    return any_harm().search(between) is None and counts_personnel(sentence, earlier[-1])


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
    shares = active().table("fractions")
    for m in _shapes().fraction.finditer(sentence):
        share_words = m.group(1).lower()
        if share_words in shares:
            share = shares[share_words]
        else:
            share = float(re.match(r"[\d.]+", share_words).group(0)) / 100
        before = [n for n in find_numbers(sentence[:m.start()])
                  if n.qualifier != "vague" and not counts_things(sentence, n)]
        if not before:
            continue
        base = before[-1]
        measure = next(k for k, cue in harm_cues().items() if cue.fullmatch(m.group(2)))
        out.append(Derived(int(round(base.value * share)), measure, m.start(), m.end(), base))
    return out


def derivable(sentence: str, count: int) -> bool:
    """Whether code can derive `count` from the sentence: a fraction of a number. A sum is never derived: two
    numbers beside each other count different people ("eight soldiers and 57 militants"), each its own
    fact."""
    return any(d.value == count for d in fractions(sentence))


def single_person(quote: str) -> bool:
    """A clause about one person: "X, the commander, is killed", "he was wounded"."""
    return _single_passive().search(quote) is not None


@per_pack
def _single_passive(pack: Pack) -> re.Pattern:
    return re.compile(rf"\b{pack.alternation('single_passive')}\s+(?:\w+\s+)?{pack.alternation('harm')}\b",
                      re.IGNORECASE)


def number_value(words: str) -> int | None:
    return parse_number(words)

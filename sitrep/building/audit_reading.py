"""The audit's own reading of a quote, apart from the method's: the numbers it writes (digits with any
thousands separator, the number words of the pack's `audit.numbers` tables, or a noun in the dual of the
pack's `numbers.dual`), the clause a number stands in, the kinds of harm a text tells, and whether it tells of
a person. Words come from the language pack's `audit.*` kinds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.reading.chunking import clause_marks
from sitrep.reading.letters import LOWER, UPPER, capital_names
from sitrep.reading.pack import NEVER, Pack, active
from sitrep.reading.quantities import reader

SEPARATORS = ",.\u00a0\u2009\u202f "
_PLAIN_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")
_WORD_WITH_APOSTROPHES = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_WORD_AFTER = re.compile(r"\s*([^\W\d_]+)")
_BETWEEN_NUMBER_WORDS = re.compile(r"[\s-]*")
_NAME = re.compile(rf"{UPPER}(?:{LOWER}|['’-])+(?:\s+{UPPER}(?:{LOWER}|['’-])+)+")


def _digits(pack: Pack) -> re.Pattern:
    """Digits, grouped in thousands by one separator ("1,500", "1.500", "12 000", or the pack's own:
    "55’000"), or a plain run with an optional decimal part in the pack's decimal sign ("2.5", "1,5")."""
    compiled = pack._patterns.get("audit.digits")
    if compiled is None:
        separators = re.escape("".join(dict.fromkeys(SEPARATORS + "".join(pack.words("numbers.thousands")))))
        decimal = re.escape(str(pack.value("numbers.decimal", ".") or "."))
        compiled = pack._patterns["audit.digits"] = re.compile(
            rf"(?<![\d.,])(?:(\d{{1,3}}(?:([{separators}])\d{{3}})(?:\2\d{{3}})*)|(\d+)(?:{decimal}(\d+))?)(?!\d)")
    return compiled


@dataclass(frozen=True)
class Number:
    value: int
    start: int
    end: int


def numbers(text: str, pack: Pack | None = None) -> list[Number]:
    """Every number `text` writes, each with every value it can be read as
    ("12 000" is 12000, and 12 and 0)."""
    pack = pack or active()
    out = [Number(int(m.group()), m.start(), m.end()) for m in _PLAIN_DIGITS.finditer(text)]
    multipliers = pack.table("audit.numbers.multipliers")
    for m in _digits(pack).finditer(text):
        if m.group(1):
            value: float = int(re.sub(r"\D", "", m.group(1)))
        else:
            value = float(f"{m.group(3)}.{m.group(4) or 0}")
        out.append(Number(int(value), m.start(), m.end()))
        after = _WORD_AFTER.match(text, m.end())
        if after and after.group(1).lower() in multipliers:
            out.append(Number(round(value * multipliers[after.group(1).lower()]), m.start(), after.end()))
    duals = [Number(2, m.start(1), m.end(1)) for m in reader(pack).dual.finditer(text)]  # the pack's duals
    return out + duals + _spelled(text, pack)


def _spelled(text: str, pack: Pack) -> list[Number]:
    """Numbers in words: "twenty-five", "one hundred and five", "a dozen", "one thousand"."""
    units, multipliers = pack.table("audit.numbers.words"), pack.table("audit.numbers.multipliers")
    articles, joins = set(pack.words("audit.numbers.articles")), set(pack.words("audit.numbers.joins"))
    # a word with an apostrophe inside is one word where the pack writes number words so ("п’ять")
    apostrophes = any(a in w for w in (*units, *multipliers) for a in "'’")
    words = list((_WORD_WITH_APOSTROPHES if apostrophes else _WORD).finditer(text))
    out: list[Number] = []
    i = 0
    while i < len(words):
        total, current, start, end, tens_joined = 0, 0, None, None, False
        j = i
        while j < len(words):
            word = words[j].group().lower()
            if j > i and not _BETWEEN_NUMBER_WORDS.fullmatch(text[words[j - 1].end():words[j].start()]):
                break
            following = words[j + 1].group().lower() if j + 1 < len(words) else ""
            onto = _joined_onto(word, joins, units)
            if word in units and (current == 0 or current % 100 == 0 and start is not None
                                  or current % 100 >= 20 and current % 10 == 0 and units[word] < 10):
                current += units[word]
            elif onto and start is not None and 0 < current % 100 < 10 and _a_ten(units[onto]):
                out.append(Number(total + current, start, end))  # the unit alone is a reading too
                current += units[onto]  # the unit first, its ten joined to it: "خمسة وعشرون"
                tens_joined = True
            elif word in multipliers and start is not None:
                if multipliers[word] < 1000:
                    current = (current or 1) * multipliers[word]
                else:
                    total, current = total + (current or 1) * multipliers[word], 0
            elif word in articles and start is None and following in multipliers:
                current = 1
            elif word in joins and start is not None and following in units and (
                    total or current % 100 == 0):  # "one hundred and five"
                j += 1
                continue
            elif word in joins and start is not None and following in units and (
                    current % 100 >= 20 and current % 10 == 0 and units[following] < 10):
                out.append(Number(total + current, start, end))  # "treinta y cinco": 35, and 30 and 5
                tens_joined = True
                j += 1
                continue
            else:
                break
            start = words[i].start() if start is None else start
            end = words[j].end()
            j += 1
        if start is not None:
            out.append(Number(total + current, start, end))
        i = i + 1 if tens_joined else max(j, i + 1)
    return out


def _joined_onto(word: str, joins: set[str], units: dict) -> str | None:
    """The number word after a joining word written onto it ("وعشرون": "و" + "عشرون"), or None."""
    if word in units:
        return None
    return next((word[len(j):] for j in joins if word.startswith(j) and word[len(j):] in units), None)


def _a_ten(value: int) -> bool:
    return 20 <= value < 100 and value % 10 == 0


def clause_around(sentence: str, start: int, end: int, pack: Pack | None = None) -> str:
    """The clause of `sentence` that holds [start:end]: up to the punctuation or
    joining word on either side."""
    pack = pack or active()
    joins = pack.alternation("audit.clause_joins")
    harm = pack.alternation("audit.harm")
    marks = re.escape(clause_marks(pack))
    bounds = [(m.start(), m.end()) for m in re.finditer(rf"[,;:(){marks}]|\s{joins}\s", sentence,
                                                        re.IGNORECASE) if not _chains_harm(sentence, m, harm)]
    left = max((b for a, b in bounds if b <= start), default=0)
    right = min((a for a, b in bounds if a >= end), default=len(sentence))
    return sentence[left:right]


def _chains_harm(sentence: str, join: re.Match, harm: str) -> bool:
    """A joining word between two words of harm is one chain of verbs, not two clauses: "shot and killed"."""
    return (join.group().strip() not in ",;:()"
            and re.search(rf"\b{harm}$", sentence[:join.start()], re.IGNORECASE) is not None
            and re.match(rf"{harm}\b", sentence[join.end():], re.IGNORECASE) is not None)


def harm_told(text: str, pack: Pack | None = None) -> set[str]:
    """The kinds of harm (casualty measures) whose words `text` holds."""
    pack = pack or active()
    return {kind for kind in pack.kinds("audit.harm") if pack.pattern(f"audit.harm.{kind}").search(text)}


def _one_harmed(pack: Pack) -> re.Pattern:
    """An indefinite subject of a singular verb of being harmed: "a bank clerk was shot dead"."""
    compiled = pack._patterns.get("audit.one_harmed")
    if compiled is None:
        if not (pack.words("audit.indefinite") and pack.words("audit.singular_being")):
            compiled = NEVER
        else:
            compiled = re.compile(rf"\b{pack.alternation('audit.indefinite')}\s+(?:[\w'’-]+\s+){{1,6}}?"
                                  rf"{pack.alternation('audit.singular_being')}\s+(?:\w+\s+)?"
                                  rf"{pack.alternation('audit.harm')}\b", re.IGNORECASE)
        pack._patterns["audit.one_harmed"] = compiled
    return compiled


def tells_of_a_person(text: str, pack: Pack | None = None) -> bool:
    """Whether `text` names a person: a word for one ("a farmer", "another"), or a name of two or more words
    in capitals that is not an article or a number at a sentence's start ("Ana Ruiz")."""
    pack = pack or active()
    if pack.pattern("audit.person").search(text) or _one_harmed(pack).search(text):
        return True
    if not capital_names(pack):
        return False  # where every noun is capitalised, or no word is, capitals tell no name
    not_names = {w.lower() for w in pack.words("audit.not_names")}
    for m in _NAME.finditer(text):
        words = [w for w in m.group().split() if w.lower() not in not_names]
        if len(words) >= 2:
            return True
    return False

"""Letters of any script in patterns: Python's `re` spells "a letter" and "a capital" only in ASCII ([A-Za-z],
[A-Z]), which reads no "é", "Ж" or "ع". These classes read every script; what a capital letter marks is the
pack's setting `letters.capitals`:

- "names" (the default, as in English): a capitalised word inside a sentence is a name;
- "nouns" (German): every noun is capitalised, so a capital marks no name;
- "none" (Arabic): the script has no case, so no word is told by its capital."""

from __future__ import annotations

import unicodedata

from sitrep.reading.pack import Pack
from sitrep.reading.pack_settings import setting

LETTER = r"[^\W\d_]"  # a letter of any script
LETTER_OR_DIGIT = r"[^\W_]"
NAMES, NOUNS, NO_CASE = "names", "nouns", "none"
LAST_SCRIPT_LETTER = 0x1EFFF  # the letters of every script written today lie below


def _ranges(test) -> str:
    """The code points passing `test`, as the inside of a character class."""
    out, start, last = [], None, None
    for code in range(LAST_SCRIPT_LETTER + 1):
        if test(chr(code)):
            if start is None:
                start = code
            last = code
        elif start is not None:
            out.append(_escape(start) + ("" if last == start else "-" + _escape(last)))
            start = None
    if start is not None:
        out.append(_escape(start) + ("" if last == start else "-" + _escape(last)))
    return "".join(out)


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


_UPPER = _ranges(lambda c: unicodedata.category(c) in ("Lu", "Lt"))
_LOWER = _ranges(lambda c: unicodedata.category(c) == "Ll")
UPPER = f"[{_UPPER}]"  # a capital letter of any script
LOWER = f"[{_LOWER}]"  # a small letter of any script
CAPITALISED = f"{UPPER}{LOWER}+"  # a capital, then small letters ("Ruiz", "Киев")


def capitals(pack: Pack) -> str:
    """What a capital letter marks in the pack's language: NAMES, NOUNS or NO_CASE."""
    value = str(setting(pack, "letters.capitals", NAMES))
    return value if value in (NAMES, NOUNS, NO_CASE) else NAMES


def joined_prefixes(pack: Pack) -> tuple[str, ...]:
    """The clitics the language writes onto the word after them (Arabic "و", "ب"): the pack's
    `clitics.prefixes`, each a regular-expression alternative."""
    return pack.words("clitics.prefixes")


def capital_names(pack: Pack) -> bool:
    """Whether a capitalised word inside a sentence marks a name in the pack's language."""
    return capitals(pack) == NAMES

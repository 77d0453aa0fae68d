"""Word forms a pack does not list one by one, made when the pack loads:

- inflections: in the kinds a pack file lists under `inflected`, each single word is a lemma that stands for
  every form of it, as the language's morphology library gives them (pymorphy3's lexemes, with the
  OpenCorpora dictionary for Russian and the VESUM dictionary for Ukrainian): "убить" stands for "убит",
  "убиты", "убитых", "убили", ... Phrases and regular expressions stay as written.
- clitics: a pack's `[clitics]` prefixes and suffixes (Arabic "و", "ال", "ه", ...) may stand before and after
  every word form of the pack (`Pack.alternation`), prefixes in a row ("وبال").

Each form is also matched in the spellings a text may use for it: "е" for "ё", any of the apostrophes
(', ’, ʼ) for one, a bare alif for an Arabic alif with a hamza or madda."""

from __future__ import annotations

import re
from functools import cache, lru_cache

LIBRARIES = {"ru": "ru", "uk": "uk"}  # a language code -> pymorphy3's dictionary for it
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*")
_APOSTROPHES = "'’ʼ"


def is_word(entry: str) -> bool:
    """A single word as written (a lemma), not a phrase or a regular expression."""
    return _WORD.fullmatch(entry) is not None


@lru_cache(maxsize=4)
def _analyzer(code: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=LIBRARIES[code])


@cache
def lexeme(code: str, lemma: str) -> tuple[str, ...]:
    """Every form of `lemma` in the language `code` (the lemma alone when the dictionary does not know it).
    A word that is the lemma of several words (a noun and an adjective, a verb of either aspect) stands for
    the forms of them all."""
    if code not in LIBRARIES:
        raise LookupError(f"no morphology library for {code!r}: its packs cannot list inflected kinds")
    word = lemma.lower()
    parses = [p for p in _analyzer(code).parse(word) if p.is_known]
    as_lemma = [p for p in parses if p.normal_form.replace("ё", "е") == word.replace("ё", "е")]
    forms = {word}
    for parse in as_lemma or parses[:1]:
        forms.update(f.word for f in parse.lexeme)
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


@cache
def case_forms(code: str, word: str) -> tuple[str, ...]:
    """A noun in all its case forms, its number kept ("марта" -> "март", "марте", ...; "Штаты" stays plural),
    in its case of letter; the word alone in a language without a morphology library."""
    if code not in LIBRARIES:
        return (word,)
    parses = [p for p in _analyzer(code).parse(word.lower()) if p.is_known]
    if not parses:
        return (word,)
    first = parses[0]
    forms = {f.word for f in first.lexeme if f.tag.number == first.tag.number}
    if word[:1].isupper():
        forms = {f[:1].upper() + f[1:] for f in forms}
    return tuple(sorted(forms | {word}))


@cache
def number_forms(code: str, word: str, scale: bool = False) -> tuple[str, ...]:
    """Every case form of a number word ("три" -> "трёх", "трём", "тремя"): the lexeme of its reading as a
    numeral (as a noun for a scale: "тысяча", "сто"); the word alone when it has no such reading or the
    language no morphology library."""
    if code not in LIBRARIES:
        return (word,)
    plain = word.lower()
    for mark in _APOSTROPHES[1:]:
        plain = plain.replace(mark, "'")  # the dictionaries write the ASCII apostrophe
    parses = [p for p in _analyzer(code).parse(plain) if p.is_known]
    chosen = [p for p in parses if p.tag.POS == "NUMR"] or \
        ([p for p in parses if p.tag.POS == "NOUN"] if scale else [])
    return tuple(sorted({word, *(f.word for f in chosen[0].lexeme)} if chosen else {word}))


def spellings(form: str) -> set[str]:
    """The ways a text may write a form: "е" for "ё", any apostrophe for another, a bare alif for one with a
    hamza or madda ("اثنان" for "إثنان")."""
    out = {form, form.replace("ё", "е")}
    for mark in _APOSTROPHES:
        out |= {v.replace(other, mark) for v in out for other in _APOSTROPHES}
    out |= {re.sub("[أإآ]", "ا", v) for v in out}
    return out


def one_pattern(forms) -> str:
    """The forms as one regular expression, branching letter by letter (a lexeme shares its stem)."""
    root: dict = {}
    for form in {s for f in forms for s in spellings(f)}:
        node = root
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if "" in node:
            return "(?:" + "|".join(branches) + ")?"
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return "(?:" + pattern(root) + ")"


def inflect(code: str, entries: dict[str, object], kinds: set[str]) -> dict[str, object]:
    """`entries` with each single word of the kinds (or of the kinds under them) standing for all its
    forms."""

    def listed(kind: str) -> bool:
        return any(kind == k or kind.startswith(k + ".") for k in kinds)

    out = dict(entries)
    for kind, value in entries.items():
        if listed(kind) and isinstance(value, list):
            out[kind] = [one_pattern(lexeme(code, w)) if isinstance(w, str) and is_word(w) else w
                         for w in value]
    return out


def with_marks(form: str, marks: str) -> str:
    """A word form (a regular expression) that reads the optional marks a script writes inside words (Arabic
    vowel marks: "قُتل" for 'قتل'): the marks may follow each letter the form spells, each class of letters and
    each "\\w". Other escapes, groups and quantifiers are kept as written."""
    if not marks:
        return form
    allowed = f"[{marks}]*"
    out, i = [], 0
    while i < len(form):
        ch, atom = form[i], None
        if ch == "\\":  # an escape: "\\w" is a letter, "\\s", "\\b", "\\." are not
            atom, i = form[i:i + 2], i + 2
            if atom != "\\w":
                out.append(atom)
                continue
        elif ch == "[":  # a class of letters, copied whole
            end = i + 1
            while end < len(form) and (form[end] != "]" or end == i + 1):
                end += 2 if form[end] == "\\" else 1
            atom, i = form[i:end + 1], end + 1
        elif form.startswith("(?", i):  # group flags and names ("(?:", "(?-i:", "(?P<name>")
            end = i + 2
            while end < len(form) and form[end] not in ":)>":
                end += 1
            out.append(form[i:end + 1])
            i = end + 1
            continue
        elif ch.isalpha():
            atom, i = ch, i + 1
        else:
            out.append(ch)
            i += 1
            continue
        quantified = i < len(form) and form[i] in "*+?{"
        out.append(f"(?:{atom}{allowed})" if quantified else atom + allowed)
    return "".join(out)


PREFIXES_IN_A_ROW = 3  # a conjunction, a preposition and the article: "وبال"


def with_clitics(alternation: str, prefixes, suffixes) -> str:
    """An alternation of word forms that may carry the clitics: up to three prefixes in a row before them
    ("و" + "ب" + "ال"), one suffix after them."""
    if not prefixes and not suffixes:
        return alternation
    before = ("(?:" + "|".join(sorted(prefixes, key=len, reverse=True)) + f"){{0,{PREFIXES_IN_A_ROW}}}"
              if prefixes else "")
    after = "(?:" + "|".join(sorted(suffixes, key=len, reverse=True)) + ")?" if suffixes else ""
    return f"(?:{before}{alternation}{after})"

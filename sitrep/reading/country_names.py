"""Country names in the language of the active pack, read as the canonical English names the records use
("России" -> "Russia", "الولايات المتحدة" -> "United States").

- Names: CLDR's territory names for the language (Babel) and the ISO 3166 names the iso-codes project
  translates (pycountry's translations): the short, official and common names, each in every case form where
  the language has a morphology library (`sitrep.reading.morphology`: "России", "Соединённых Штатов").
- Acronyms: the initials of a name of three or more capitalised words ("Соединённые Штаты Америки" ->
  "США", "Объединённые Арабские Эмираты" -> "ОАЭ"), matched in their case.
- People and adjectives: a word made of a one-word name's stem and one of the endings the pack lists. The
  pack's `[countries]` settings say how its language makes them: `articles` (a word before a name that its
  stem drops: "ال" of "العراق"), `name_endings` (what a name drops to make its stem: "ия" of "Россия"),
  `demonym_endings` (what follows the stem: 'йск\\w*', 'ян\\w*'), `min_stem` (the shortest stem, 3 by
  default), `demonyms_lowercase` (the language writes them in lower case: one capitalised inside a sentence
  is a name, "Сирського" no Syrian). A pack without `demonym_endings` reads names and acronyms only.

A name is read as a name only where it is written as one: with a capital in a script that has capitals.
A form two countries share is no mention. English is read by `sitrep.reading.countries` alone."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import lru_cache

from sitrep.reading.morphology import case_forms, spellings
from sitrep.reading.pack import DEFAULT, Pack

NAME, DEMONYM = "name", "demonym"
_MARKS = re.compile("[\u064b-\u065f\u0670]")  # Arabic vowel marks, which names written in news leave out
_SPLIT = re.compile(r"\s*[()]\s*")
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*")


@dataclass(frozen=True)
class Found:
    country: str
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class _Form:
    country: str
    kind: str
    pattern: re.Pattern
    sensitive: bool  # an acronym: in its case


@dataclass(frozen=True)
class LocalNames:
    any_form: re.Pattern  # every form, the word found in group "w"
    forms: tuple[_Form, ...]  # names first, longer first: the first that matches the word whole says


def _cldr_names(code: str) -> dict[str, str]:
    from babel import Locale, UnknownLocaleError

    try:
        return dict(Locale.parse(code).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def _iso_translations(code: str):
    import pycountry

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[code]).gettext
    except OSError:
        return None


def _names(code: str, iso: str, cldr: dict[str, str], translate) -> set[str]:
    """The names of one country in the language, as written."""
    import pycountry

    written = {cldr.get(iso, "")}
    record = pycountry.countries.get(alpha_2=iso)
    if record is not None and translate is not None:
        for field in ("name", "official_name", "common_name"):
            english = getattr(record, field, None)
            if english and translate(english) != english:
                written.add(translate(english))
    out = set()
    for name in written:
        for part in _SPLIT.split(_MARKS.sub("", name)):  # "Myanmar (Birmania)": both
            if len(part) >= 3 and " - " not in part:
                out.add(" ".join(part.split()))
    return out


def _acronym(name: str) -> str | None:
    words = _WORD.findall(name)
    capitals = [w[0] for w in words if w[0].isupper()]
    return "".join(capitals) if len(capitals) >= 3 and len(capitals) == len(words) else None


def _name_pattern(code: str, name: str) -> str:
    """A name in every case form of each of its words ("Соединённых Штатов"), in the spellings texts use."""
    parts = []
    for token in name.split():
        forms = {s for f in case_forms(code, token) for s in spellings(f)}
        parts.append("(?:" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True)) + ")")
    return r"\s+".join(parts)


def _stem(name: str, articles, endings, shortest: int) -> str | None:
    if " " in name:
        return None
    for article in sorted(articles, key=len, reverse=True):
        if name.startswith(article) and len(name) > len(article):
            name = name[len(article):]
            break
    for ending in sorted(endings, key=len, reverse=True):
        if name.lower().endswith(ending) and len(name) > len(ending):
            name = name[:-len(ending)]
            break
    return name if len(name) >= shortest else None


@lru_cache(maxsize=16)
def local_names(pack: Pack) -> LocalNames | None:
    """The country forms of a pack's language (built once per pack); None for English."""
    if pack.code == DEFAULT:
        return None
    from sitrep.reading.countries import COUNTRIES

    cldr, translate = _cldr_names(pack.code), _iso_translations(pack.code)
    articles, endings = pack.words("countries.articles"), pack.words("countries.name_endings")
    demonym_endings = pack.words("countries.demonym_endings")
    shortest = int(pack.value("countries.min_stem", 3) or 3)
    by_form: dict[tuple[str, str], set[str]] = {}  # (kind, pattern) -> countries
    acronyms: dict[str, set[str]] = {}
    for country in COUNTRIES:
        for name in _names(pack.code, country.code, cldr, translate):
            by_form.setdefault((NAME, _name_pattern(pack.code, name)), set()).add(country.name)
            if (acronym := _acronym(name)) is not None:
                acronyms.setdefault(acronym, set()).add(country.name)
            stem = _stem(name, articles, endings, shortest) if demonym_endings else None
            if stem:
                stems = "|".join(sorted(map(re.escape, spellings(stem.lower())), key=len, reverse=True))
                tails = "|".join(demonym_endings)
                by_form.setdefault((DEMONYM, f"(?:{stems})(?:{tails})"), set()).add(country.name)
    forms = [_Form(next(iter(c)), kind, re.compile(p, re.IGNORECASE), False)
             for (kind, p), c in by_form.items() if len(c) == 1]
    forms += [_Form(next(iter(c)), NAME, re.compile(re.escape(a)), True) for a, c in acronyms.items()
              if len(c) == 1]
    if not forms:
        return None
    forms.sort(key=lambda f: (f.kind != NAME, -len(f.pattern.pattern)))
    prefixes = pack.words("clitics.prefixes")
    clitics = "(?:" + "|".join(prefixes) + "){0,3}" if prefixes else ""
    alternatives = "|".join(f"(?-i:{f.pattern.pattern})" if f.sensitive else f.pattern.pattern for f in forms)
    any_form = re.compile(rf"(?<![\w]){clitics}(?P<w>{alternatives})(?![\w])", re.IGNORECASE)
    return LocalNames(any_form, tuple(forms))


def local_mentions(text: str, pack: Pack) -> list[Found]:
    """The countries `text` names in the pack's language, in text order."""
    names = local_names(pack)
    if names is None or not text:
        return []
    lowercase = bool(pack.value("countries.demonyms_lowercase", False))
    out = []
    for m in names.any_form.finditer(text):
        word = m.group("w")
        form = next((f for f in names.forms if f.pattern.fullmatch(word)), None)
        if form is None:
            continue
        if form.kind == NAME and not form.sensitive and word[0].islower():
            continue  # a name in a script with capitals is written with one ("того" is no Togo)
        if (form.kind == DEMONYM and lowercase and word[0].isupper()
                and not _starts_sentence(text, m.start("w"))):
            continue  # a demonym the language writes in lower case, capitalised: a surname ("Сирського")
        out.append(Found(form.country, m.start("w"), m.end("w"), form.kind))
    return out


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t\"'«„“(")
    return not before or before[-1] in ".!?…:\n"

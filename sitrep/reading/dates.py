"""Resolving the dates articles write ("on January 17", "in June 2024", "yesterday") against their date.

The language is the active pack's: month and weekday names come from CLDR (Babel) for its code and the
regional variants of its language ("كانون الثاني" beside "يناير", "Jänner" beside "Januar"), in every case
form where the language has a morphology library ("в марте", "в среду"); the dates found are parsed by
dateparser relative to the publication date (with the month or weekday named as CLDR writes it when dateparser
does not read the form written), and the words around dates (what marks a year or a month as a date, relative
days, the markers of tense) are the pack's. A date without a year, or a
weekday, resolves into the past unless the words before it speak of the future ("will sign on Friday")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache, partial

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names, get_month_names

from sitrep.reading.morphology import case_forms
from sitrep.reading.pack import Pack, active

FIRST_YEAR, LAST_YEAR = 1800, 2099  # digits in this span can be a year; outside it they are a number


@dataclass(frozen=True)
class Calendar:
    """One language's date words and the patterns built from them."""

    months: dict[str, int]  # a month's name or abbreviation, lower case -> its number
    weekdays: dict[str, int]  # a weekday's name, lower case -> Monday 0 ... Sunday 6
    month_names: dict[int, str]  # a month's number -> its name as CLDR writes it in a date ("12 марта")
    month_alone_names: dict[int, str]  # ... and alone ("март 2024")
    weekday_names: dict[int, str]  # a weekday's number -> its name as CLDR writes it
    month: re.Pattern  # a month's name alone
    iso: re.Pattern
    day_month_year: re.Pattern
    month_day_year: re.Pattern
    month_year: re.Pattern
    month_day: re.Pattern
    day_month: re.Pattern
    month_alone: re.Pattern
    year_alone: re.Pattern
    weekday: re.Pattern
    relative: re.Pattern
    month_before_year: re.Pattern
    dating_word: re.Pattern
    owning_word: re.Pattern
    future_before: re.Pattern
    future_form: re.Pattern  # a verb whose own ending puts it in the future ("firmarán", "signeront")
    tense: re.Pattern  # every marker; group "future" when it is one of the future kind
    numeric: re.Pattern | None  # a date in digits, the day first ("23.10.2024"), where the pack writes so


def _spaced(name: str) -> str:
    """A name as a pattern, any spacing between its words ("تشرين الأول")."""
    return r"\s+".join(re.escape(w) for w in name.split())


def _alternation(words) -> str:
    forms = sorted({w for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(forms) + ")" if forms else "(?!)"


def _locale(code: str) -> Locale:
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _regional(locale: Locale) -> list[Locale]:
    """The regional variants of a language's locale written in its script ("ar_SY", "de_AT")."""
    from babel.localedata import locale_identifiers

    out = []
    for identifier in locale_identifiers():
        if identifier.split("_")[0] == locale.language and identifier != str(locale):
            variant = Locale.parse(identifier)
            if variant.script == locale.script:
                out.append(variant)
    return out


def _in_all_forms(code: str, names: dict[str, int]) -> dict[str, int]:
    """The names with every case form of each one-word name (a language with a morphology library)."""
    out = dict(names)
    for name, number in names.items():
        if " " not in name:
            for form in case_forms(code, name):
                out.setdefault(form.lower(), number)
    return out


def _day_first(pack: Pack) -> bool:
    """The pack's `calendar.day_first` setting (a language that writes "23.10.2024", "5 de mayo")."""
    return bool(pack.value("calendar.day_first") or pack.table("calendar").get("day_first"))


def _written(name: str) -> str:
    return " ".join(name.lower().rstrip(".").split())


@lru_cache(maxsize=16)
def calendar(pack: Pack) -> Calendar:
    """The calendar of a pack's language (built once per pack)."""
    locale = _locale(pack.code)
    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale).items():
                months.setdefault(_written(name), number)
    weekdays = {_written(name): number for context in ("format", "stand-alone")
                for number, name in get_day_names("wide", context, locale).items()}
    for variant in _regional(locale):  # the wide names only: abbreviations vary by house style
        for context in ("format", "stand-alone"):
            for number, name in get_month_names("wide", context, variant).items():
                months.setdefault(_written(name), number)
            for number, name in get_day_names("wide", context, variant).items():
                weekdays.setdefault(_written(name), number)
    months = _in_all_forms(pack.code, months)
    weekdays = _in_all_forms(pack.code, weekdays)
    months.update({k.lower(): int(v) for k, v in pack.table("dates.month_forms").items()})
    month_names = dict(get_month_names("wide", "format", locale))
    month_alone_names = dict(get_month_names("wide", "stand-alone", locale))
    weekday_names = dict(get_day_names("wide", "format", locale))
    month = "(" + _alternation(_spaced(m) for m in months) + ")"
    ordinal = "(?:" + _alternation(pack.words("dates.ordinal_suffixes")) + ")?"
    of = "(?:" + _alternation(pack.words("dates.day_of")) + r"\s+)?"
    day = rf"(\d{{1,2}}){ordinal}"
    flags = re.IGNORECASE
    future, past = _alternation(pack.words("tense.future")), _alternation(pack.words("tense.past"))
    year_of = rf"(?:{_alternation(pack.words('dates.year_of'))}\s+)?" if pack.words("dates.year_of") else ""
    return Calendar(
        months=months, weekdays=weekdays, month_names=month_names, month_alone_names=month_alone_names,
        weekday_names=weekday_names, month=re.compile(rf"\b{month}\b", flags),
        iso=re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b"),
        day_month_year=re.compile(rf"\b{day}\s+{of}{month}\.?,?\s+{year_of}(\d{{4}})\b", flags),
        month_day_year=re.compile(rf"\b{month}\.?\s+{day},?\s+(\d{{4}})\b", flags),
        month_year=re.compile(rf"\b{month}\.?,?\s+{year_of}(\d{{4}})\b", flags),
        month_day=re.compile(rf"\b{month}\.?\s+{day}\b", flags),
        day_month=re.compile(rf"\b{day}\s+{of}{month}\b", flags),
        month_alone=re.compile(rf"\b{_alternation(pack.words('dates.month_before'))}\s+{month}\b", flags),
        year_alone=re.compile(rf"\b{_alternation(pack.words('dates.year_in'))}\s+(\d{{4}})\b", flags),
        weekday=re.compile(rf"\b({_alternation(_spaced(w) for w in weekdays)})\b", flags),
        relative=re.compile(rf"\b{_alternation(pack.words('dates.relative'))}\b", flags),
        month_before_year=re.compile(rf"\b{month}\.?\s*(?:{day},?\s*)?$", flags),
        dating_word=re.compile(rf"\b{_alternation(pack.words('dates.year_context'))}\s*$", flags),
        owning_word=re.compile(rf"(?:^|\s){_alternation(pack.words('dates.year_owner'))}\s+(?:[^\W\d]+\s+)?$",
                               flags),  # "the 2024 election", "the fatal 2006 poisoning"
        future_before=re.compile(rf"\b{future}\s+(?:[\w’'-]+\s+){{0,2}}$", flags),
        future_form=re.compile(rf"{pack.alternation('tense.future_forms')}\b", flags),
        tense=re.compile(rf"\b(?:(?P<future>{future})|{past})\b", flags),
        numeric=(re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\.?\d)")
                 if _day_first(pack) else None),
    )


# ---------------------------------------------------------------- tense

def future_at(text: str, start: int) -> bool:
    """Whether the verb at text[start] is put in the future by a marker right before it ("will sign", "is to
    formally sign", "plans to sign", "to be signed"), or by its own ending (the pack's `tense.future_forms`:
    "firmarán")."""
    cal = calendar(active())
    return (cal.future_before.search(text[:start]) is not None
            or cal.future_form.match(text, start) is not None)


def tense_at(text: str, at: int) -> str | None:
    """"future" or "past": the tense marker nearest before `at`, else the first after it; None without one."""
    markers = list(calendar(active()).tense.finditer(text))
    if not markers:
        return None
    before = [m for m in markers if m.end() <= at]
    nearest = before[-1] if before else markers[0]
    return "future" if nearest.group("future") else "past"


# ---------------------------------------------------------------- resolving

@lru_cache(maxsize=64)
def _parser(code: str, base: date | None, prefer: str):
    import dateparser  # loads its language data: only when a date is read

    settings = {"PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": False}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    return dateparser.DateDataParser(languages=[code], settings=settings, try_previous_locales=False)


def _parsed(words: str, published: date | None, prefer: str = "past") -> str | None:
    """The ISO date, month or year dateparser reads in `words`, relative to `published`; when it reads none,
    what it reads in them with the month or weekday named as CLDR writes it ("марте 2024" as "марта 2024"
    or "март 2024")."""
    found = _parsed_as_written(words, published, prefer)
    if found is None:
        for named in _as_cldr_names(words):
            found = _parsed_as_written(named, published, prefer)
            if found is not None:
                break
    return found


def _as_cldr_names(words: str) -> list[str]:
    """`words` with their month or weekday named as CLDR writes it in a date and alone, in ASCII digits."""
    cal = calendar(active())
    digits = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in words)
    def name(names: dict[int, str], numbers: dict[str, int], found: re.Match) -> str:
        return names.get(numbers.get(_written(found.group(0)), -1), found.group(0))

    out = []
    for months in (cal.month_names, cal.month_alone_names):
        named = cal.month.sub(partial(name, months, cal.months), digits)
        named = cal.weekday.sub(partial(name, cal.weekday_names, cal.weekdays), named)
        if named != words and named not in out:
            out.append(named)
    return out


def _parsed_as_written(words: str, published: date | None, prefer: str) -> str | None:
    code = active().code
    try:
        data = _parser(code, published, prefer).get_date_data(words)
    except ValueError:  # a language dateparser does not know
        data = _parser("en", published, prefer).get_date_data(words)
    if data.date_obj is None:
        return None
    found = data.date_obj.date()
    return {"year": f"{found:%Y}", "month": f"{found:%Y-%m}"}.get(data.period or "day", found.isoformat())


def _safe(y: int, m: int, d: int | None = None) -> str | None:
    try:
        return date(y, m, d).isoformat() if d else f"{date(y, m, 1):%Y-%m}"
    except ValueError:
        return None


def resolve(text: str | None, published: date | None) -> str | None:
    """An ISO date (YYYY-MM-DD, YYYY-MM or YYYY) for the first date `text` states, or None. Dates without a
    year and weekdays resolve to their latest occurrence on or before `published`, or, when the words before
    them speak of the future, to their next one on or after it."""
    if not text:
        return None
    cal = calendar(active())
    if m := cal.iso.search(text):
        return _safe(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    if cal.numeric is not None and (m := cal.numeric.search(text)):
        return _safe(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if m := cal.day_month_year.search(text):
        return _parsed(f"{m.group(1)} {m.group(2)} {m.group(3)}", published)
    if m := cal.month_day_year.search(text):
        return _parsed(f"{m.group(2)} {m.group(1)} {m.group(3)}", published)
    if m := cal.month_year.search(text):
        return _parsed(f"{m.group(1)} {m.group(2)}", published)
    if published is None:
        m = cal.year_alone.search(text)
        return m.group(1) if m else None
    if m := cal.month_day.search(text) or cal.day_month.search(text):
        month_word, day = (m.group(1), m.group(2)) if m.re is cal.month_day else (m.group(2), m.group(1))
        return _undated(text, m, f"{day} {month_word}", published)
    if m := cal.month_alone.search(text):
        return _undated(text, m, m.group(1), published)
    if m := cal.year_alone.search(text):
        return m.group(1)
    if m := cal.relative.search(text):
        return _parsed(m.group(0), published)
    if m := cal.weekday.search(text):
        if cal.weekdays.get(m.group(1).lower()) == published.weekday():
            return published.isoformat()  # the day it was written
        future = tense_at(text, m.end()) == "future"
        return _parsed(m.group(1), published, "future" if future else "past")
    return None


def _undated(text: str, found: re.Match, words: str, published: date) -> str | None:
    """A day or month written without its year: its last occurrence on or before `published`, or its next one
    when the words before it speak of the future and that one is the nearer (a date written so is near)."""
    past = _parsed(words, published, "past")
    if past is None or tense_at(text, found.end()) != "future":
        return past
    future = _parsed(words, published, "future")
    if future is None or future == past:
        return past
    day = published.isoformat()[:len(past)]
    return future if _distance(day, future) <= _distance(past, day) else past


def _distance(earlier: str, later: str) -> int:
    """Days (or months, for YYYY-MM) from one ISO date to another."""
    if len(earlier) == 7:
        (y1, m1), (y2, m2) = (map(int, d.split("-")) for d in (earlier, later))
        return (y2 - y1) * 12 + m2 - m1
    return (date.fromisoformat(later) - date.fromisoformat(earlier)).days


# ---------------------------------------------------------------- years

_LINE_START = re.compile(r"(?:^|\n)[ \t]*$")
_BRACKET_OR_SPAN_BEFORE = re.compile(r"\(\s*$|\d\s*[-–—/]\s*$")
_BRACKET_OR_SPAN_AFTER = re.compile(r"\s*[)\]]|\s*[-–—/]\s*\d")


def year_like(words: str) -> bool:
    """Digits alone that can be a year (1800 to 2099)."""
    words = words.strip()
    return len(words) == 4 and words.isdecimal() and FIRST_YEAR <= int(words) <= LAST_YEAR


def is_year(text: str, start: int, end: int) -> bool:
    """Whether the digits at text[start:end] are the year of a date: beside a month ("May 2000", "May 5,
    2000"), after a word that dates it ("in 2000", "mid-2023") or names a thing of that year ("the 2024
    election"), in brackets, after a name or starting a heading, or one end of a span of years
    ("2019–2020"). Elsewhere they are a number: "killed 2000 civilians"."""
    if not year_like(text[start:end]):
        return False
    cal = calendar(active())
    before, after = text[max(0, start - 40):start], text[end:end + 12]
    if any(p.search(before) for p in (cal.month_before_year, cal.dating_word, cal.owning_word)):
        return True
    if _BRACKET_OR_SPAN_BEFORE.search(before) or _BRACKET_OR_SPAN_AFTER.match(after):
        return True
    if _LINE_START.search(before):
        return after.strip()[:1].isupper()  # a heading ("2024 Iran–Israel conflict"), not "2000 police"
    last = before.split()[-1:] if before.strip() else []
    # after a name ("Çanakkale 1915"), not after the first word of a sentence
    return bool(last) and last[0][0].isupper() and not re.search(r"[.!?:;]\s*$", before)


# ---------------------------------------------------------------- publication dates

def published_date(value: object) -> date:
    """The date an article's `published` value gives: ISO 8601 (a date, or a date and time), RFC 2822 as RSS
    writes it ("Thu, 23 Jan 2025 10:00:00 +0000"), or a date written out ("23 January 2025"). The date is the
    one written: a time zone does not move it to another day. Raises ValueError naming the whole value."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = " ".join(str(value).split())
    for parse in (date.fromisoformat, lambda t: datetime.fromisoformat(t).date(),
                  lambda t: parsedate_to_datetime(t).date()):
        try:
            return parse(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
    written = resolve(text, None) if len(text) <= 40 else None
    if written and len(written) == 10:
        return date.fromisoformat(written)
    raise ValueError(f"not a date: {text!r}")

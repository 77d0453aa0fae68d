"""Resolving the dates articles write ("on January 17", "in June 2024", "yesterday") against the article's date."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

from sitrep.deciding.vocabulary import MONTH_PATTERN
from sitrep.deciding.vocabulary import MONTHS as MONTH_NAMES
from sitrep.deciding.vocabulary import WEEKDAYS as WEEKDAY_NAMES

MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(WEEKDAY_NAMES)}

_MONTH = "(" + MONTH_PATTERN.removeprefix("(?:")  # the month name as a group
_ISO = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+(\d{{4}})\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\.?,?\s+(\d{{4}})\b", re.I)
_MONTH_DAY = re.compile(rf"\b{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b", re.I)
_MONTH_ONLY = re.compile(rf"\b(?:in|since|during|last|this|early|late|mid-?)\s+{_MONTH}\b", re.I)
_YEAR = re.compile(r"\b(?:in|since|during)\s+((?:19|20)\d{2})\b", re.I)
_WEEKDAY = re.compile(r"\b(?:on\s+|last\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_RELATIVE = {"today": 0, "yesterday": 1, "tonight": 0, "this morning": 0, "last night": 1}


def _safe(y: int, m: int, d: int | None = None) -> str | None:
    try:
        return date(y, m, d).isoformat() if d else f"{date(y, m, 1):%Y-%m}"
    except ValueError:
        return None


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")[:4] if word.lower().startswith("sept") else word.lower()[:3]]


def resolve(text: str | None, published: date | None) -> str | None:
    """An ISO date (YYYY-MM-DD, YYYY-MM or YYYY) for the first date `text` states, or None.
    Dates without a year resolve to their latest occurrence on or before `published`."""
    if not text:
        return None
    if m := _ISO.search(text):
        return _safe(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    if m := _DAY_MONTH_YEAR.search(text):
        return _safe(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
    if m := _MONTH_DAY_YEAR.search(text):
        return _safe(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
    if m := _MONTH_YEAR.search(text):
        return _safe(int(m.group(2)), _month(m.group(1)))
    if published is None:
        if m := _YEAR.search(text):
            return m.group(1)
        return None
    if m := _MONTH_DAY.search(text) or _DAY_MONTH.search(text):
        month_word, day = (m.group(1), m.group(2)) if m.re is _MONTH_DAY else (m.group(2), m.group(1))
        month, day_n = _month(month_word), int(day)
        year = published.year if (month, day_n) <= (published.month, published.day) else published.year - 1
        return _safe(year, month, day_n)
    if m := _MONTH_ONLY.search(text):
        month = _month(m.group(1))
        year = published.year if month <= published.month else published.year - 1
        return _safe(year, month)
    if m := _YEAR.search(text):
        return m.group(1)
    lowered = text.lower()
    for word, days in _RELATIVE.items():
        if re.search(rf"\b{word}\b", lowered):
            return (published - timedelta(days=days)).isoformat()
    if m := _WEEKDAY.search(text):
        back = (published.weekday() - WEEKDAYS[m.group(1).lower()]) % 7
        return (published - timedelta(days=back)).isoformat()
    return None


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

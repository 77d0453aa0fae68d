"""What one record says of when, where, who and what kind of event, read once into a `Keys`.

The fields decide first: a casualty figure's `period` (an ISO date, or an interval that makes it a running
total), an agreement's `signed` date, the record's `location`, `country`, `group`, `force` or `parties`.
Where a field is empty the record's own quote is read with the language pack (a date such as "on Sunday"
resolved against the article's date, a place after "in"), and last the article's published date stands for the
event's."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sitrep.events.words import (
    claimant_key,
    countries_of,
    country_of,
    names_in,
    names_of,
    patterns,
    place_spot,
    place_words,
    says_total,
)
from sitrep.reading.pack import active

INCIDENT, DEPLOYMENT, AGREEMENT, TOTAL = "incident", "deployment", "agreement", "total"
# how the event's date was found, most to least precise
FROM_PERIOD, FROM_SIGNED, FROM_QUOTE, FROM_PUBLISHED = "period", "signed", "quote", "published"
# an event is reported up to this many days after it happened
REPORTING_LAG = 3


class BadRecord(ValueError):
    """A line that is not a record the grouping can read."""


@dataclass(slots=True)
class Keys:
    record_id: str
    kind: str
    record_type: str
    measure: str | None  # killed ... captured, "troops", or None for an agreement
    value: int | None
    low: int | None
    high: int | None
    qualifier: str
    derived: bool
    group: str | None  # whose casualties or troops, as written; for an agreement its title
    status: str | None
    article_id: str
    publisher: str | None
    published: date | None
    claimant: str  # as shown
    claimant_key: str  # normalised, to tell claimants apart
    start: date | None  # the event's date range as this record tells it
    end: date | None
    dated_by: str
    place: str | None
    place_words: frozenset[str]  # every word naming the place ("Dahieh, Beirut" -> dahieh, beirut)
    place_spot: frozenset[str]  # those of its most precise part (dahieh)
    countries: frozenset[str]
    actors: tuple[str, ...]
    names: frozenset[str]  # proper names of the quote that are neither countries nor generic words
    at: int  # where the evidence starts in the article
    at_end: int  # and where it ends

    @property
    def order(self) -> tuple:
        """A deterministic order of records: first published first."""
        return (self.published or date.max, self.article_id, self.at, self.record_id)


# ---------------------------------------------------------------- dates

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\s*$")
_INTERVAL = re.compile(r"^\s*([\d-]*)\s*(?:/|\.\.|–|—|\s+to\s+)\s*([\d-]*)\s*$")


def iso_range(text: str | None) -> tuple[date, date] | None:
    """The first and last day of an ISO date, month or year."""
    m = _ISO.match(text or "")
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            d = date(year, int(month), int(day))
            return d, d
        if month:
            first = date(year, int(month), 1)
            return first, (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def period_range(period: str | None, published: date | None) -> tuple[date | None, date | None, bool] | None:
    """(start, end, interval) for an ISO period: a date, a month or a year (when an incident happened), or an
    interval whose open end is the article's date (what a running total counts over). None when the period is
    not ISO."""
    if not period:
        return None
    single = iso_range(period)
    if single:
        return single[0], single[1], False
    m = _INTERVAL.match(period)
    if not m or not (m.group(1) or m.group(2)):
        return None
    first = iso_range(m.group(1)) if m.group(1) else None
    last = iso_range(m.group(2)) if m.group(2) else None
    if (m.group(1) and not first) or (m.group(2) and not last):
        return None
    start = first[0] if first else None
    end = last[1] if last else published
    return start, end, True


@lru_cache(maxsize=65536)
def _resolved(snippet: str, published: date | None, code: str) -> str | None:
    from sitrep.reading.dates import resolve

    return resolve(snippet, published)


@lru_cache(maxsize=1024)
def _days_after(word: str, code: str) -> int | None:
    """How many days after the article's date a relative day ("yesterday") is."""
    base = date(2001, 1, 10)
    found = iso_range(_resolved(word, base, code))
    return (found[0] - base).days if found and found[0] == found[1] else None


def quote_date(quote: str, published: date | None) -> tuple[date, date] | None:
    """The date the quote states ("on Sunday", "on March 3"), resolved against the article's date as
    `sitrep.reading.dates.resolve` does; a weekday or a relative day is counted from the article's date
    without the date parser."""
    from sitrep.reading.dates import calendar, tense_at

    pack = active()
    if not patterns(pack)["dated"].search(quote):
        return None
    cal = calendar(pack)
    found = [(m, p) for p in (cal.iso, cal.day_month_year, cal.month_day_year, cal.month_year, cal.month_day,
                              cal.day_month, cal.month_alone, cal.year_alone, cal.relative, cal.weekday)
             if (m := p.search(quote))]
    if not found:
        return None
    first, pattern = min(found, key=lambda f: f[0].start())
    if published is not None and pattern is cal.weekday:
        weekday = cal.weekdays[first.group(1).lower()]
        back = (published.weekday() - weekday) % 7
        if back and tense_at(quote, first.end()) == "future":
            day = published + timedelta(days=7 - back)
        else:
            day = published - timedelta(days=back)
        return day, day
    if published is not None and pattern is cal.relative:
        days = _days_after(first.group(0).lower(), pack.code)
        return (published + timedelta(days=days),) * 2 if days is not None else None
    last = max(m.end() for m, _ in found if m.start() < first.end() + 1)
    snippet = quote[max(0, first.start() - 40):last]
    resolved = _resolved(snippet, published, pack.code)
    return iso_range(resolved) if resolved else None


# ---------------------------------------------------------------- one record

def _date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return _day(str(value)[:10])


@lru_cache(maxsize=8192)
def _day(text: str) -> date | None:
    found = iso_range(text)
    return found[0] if found else None


def _need(record: dict, *path: str):
    value = record
    for key in path:
        if not isinstance(value, dict) or value.get(key) in (None, ""):
            raise BadRecord(f"no {'.'.join(path)}")
        value = value[key]
    return value


def place_of(location: str | None, quote: str) -> str | None:
    """The record's location, else the place its quote names after "in", "near", "at"."""
    if location:
        return location.strip()
    from sitrep.building.records import place_in

    return place_in(quote)


def keys_of(record: dict) -> Keys:
    """The keys of one record (a dict as read from a records file)."""
    record_type = _need(record, "record_type")
    record_id = str(_need(record, "record_id"))
    article = _need(record, "article")
    article_id = str(_need(record, "article", "id"))
    published = _date(article.get("published"))
    quote = (record.get("evidence") or {}).get("quote") or ""
    evidence = record.get("evidence") or {}
    at = int(evidence.get("start") or 0)
    at_end = int(evidence.get("end") or at + len(quote))
    publisher = article.get("publisher") or None
    said_by = record.get("attributed_to") or None
    claimant = said_by or publisher or article_id
    count = record.get("count") or {}
    if record_type == "casualty_figure":
        kind, span, dated_by = _casualty_when(record, quote, published)
        measure, group = _need(record, "measure"), record.get("group") or None
        actors = (group,) if group else ()
        countries = [c for c in (record.get("country"),) if c]
        status = None
    elif record_type == "troop_deployment":
        kind, measure, group, status = DEPLOYMENT, "troops", _need(record, "force"), record.get("status")
        span, dated_by = _incident_when(quote, published)
        actors, countries = (group,), [c for c in (country_of(group),) if c]
    elif record_type == "agreement":
        kind, measure, status = AGREEMENT, None, record.get("status")
        parties = [str(p) for p in _need(record, "parties")]
        group = record.get("title") or None
        signed = iso_range(record.get("signed"))
        span, dated_by = (signed, FROM_SIGNED) if signed else ((published, published), FROM_PUBLISHED)
        actors = tuple(sorted({country_of(p) or p.strip() for p in parties}))
        countries = [c for c in map(country_of, parties) if c]
    else:
        raise BadRecord(f"unknown record_type {record_type!r}")
    if measure is not None and not isinstance(count.get("value"), int):
        raise BadRecord("no count.value")
    place = place_of(record.get("location"), quote) if kind != AGREEMENT else None
    place_countries = countries_of(place)
    return Keys(
        record_id=_text(record_id), kind=kind, record_type=record_type, measure=measure,
        value=count.get("value"), low=count.get("low"), high=count.get("high"),
        qualifier=_text(count.get("qualifier") or "exact"), derived=bool(count.get("derived")),
        group=_text(group), status=_text(status), article_id=_text(article_id), publisher=_text(publisher),
        published=published, claimant=_text(claimant),
        claimant_key=_text(claimant_key(claimant) if said_by else f"own voice of {claimant}".lower()),
        start=span[0] if span else None, end=span[1] if span else None, dated_by=dated_by, place=_text(place),
        place_words=place_words(place), place_spot=place_spot(place),
        countries=_words(frozenset(country_of(c) or c for c in [*countries, *place_countries])),
        actors=_words(actors), names=_words(names_in(quote) | frozenset().union(*map(names_of, actors))),
        at=at, at_end=at_end)


def _text(value: str | None) -> str | None:
    """One copy of a string many records share (an article id, a publisher, a claimant)."""
    return sys.intern(value) if isinstance(value, str) else value


@lru_cache(maxsize=65536)
def _words(words: frozenset[str] | tuple[str, ...]) -> frozenset[str] | tuple[str, ...]:
    """One copy of a set of words many records share."""
    return words


def _casualty_when(record: dict, quote: str, published: date | None):
    """(kind, (start, end), dated_by): an interval period, or words of a running total, make a total; else the
    incident's date (a month or a year when that is all the period says)."""
    period = record.get("period")
    found = period_range(period, published)
    if found:
        start, end, interval = found
        total = interval or (start != end and says_total(quote))
        return (TOTAL if total else INCIDENT), (start, end), FROM_PERIOD
    span, dated_by = _incident_when(quote, published)
    one_day = dated_by == FROM_QUOTE and span[0] == span[1]
    if says_total(period) or says_total(quote, dated=one_day):
        return TOTAL, (None, published), FROM_PUBLISHED
    return INCIDENT, span, dated_by


def _incident_when(quote: str, published: date | None):
    """The date the quote states when it is one day, or a month or year that ended before the article's date
    (an earlier event); else the article's date."""
    found = quote_date(quote, published) if quote else None
    if found and (found[0] == found[1] or published is None or found[1] < published):
        if published is None or found[0] <= published:
            return found, FROM_QUOTE
    return (published, published), FROM_PUBLISHED

"""What one record says of when, where, who and what kind of event, read once into a `Keys`.

The fields decide first: a casualty figure's `period` (an ISO date, or an interval that makes it a running
total), an agreement's `signed` date, the record's `location`, `country`, `group`, `force` or `parties`.
Where a field is empty the record's own quote is read with the language pack (a date such as "on Sunday"
resolved against the article's date, a place after "in"), and last the article's published date stands for the
event's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sitrep.reading.pack import Pack, active

INCIDENT, DEPLOYMENT, AGREEMENT, TOTAL = "incident", "deployment", "agreement", "total"
# how the event's date was found, most to least precise
FROM_PERIOD, FROM_SIGNED, FROM_QUOTE, FROM_PUBLISHED = "period", "signed", "quote", "published"
# an event is reported up to this many days after it happened
REPORTING_LAG = 3


class BadRecord(ValueError):
    """A line that is not a record the grouping can read."""


@dataclass(frozen=True, slots=True)
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
    place_words: frozenset[str]
    countries: frozenset[str]
    actors: tuple[str, ...]
    actor_words: frozenset[str]
    names: frozenset[str]  # proper names of the quote that are neither countries nor generic words
    at: int  # where the evidence starts in the article
    at_end: int  # and where it ends

    @property
    def order(self) -> tuple:
        """A deterministic order of records: first published first."""
        return (self.published or date.max, self.article_id, self.at, self.record_id)


# ---------------------------------------------------------------- pack patterns

@lru_cache(maxsize=8)
def _patterns(pack: Pack) -> dict[str, re.Pattern]:
    from sitrep.reading.dates import calendar

    cal = calendar(pack)
    months = "|".join(sorted(map(re.escape, cal.months), key=len, reverse=True)) or "(?!)"
    since = (rf"\b{pack.alternation('events.since')}\s+(?:{pack.alternation('events.since_qualifiers')}\s+)?"
             rf"(?:(?:{months})\b|\d{{4}}\b)")
    return {"total": pack.pattern("events.total"), "since": re.compile(since, re.IGNORECASE),
            "everyone": pack.pattern("events.everyone"),
            "not_names": re.compile(rf"^{pack.alternation('events.not_names')}$", re.IGNORECASE),
            "place_filler": re.compile(rf"^{pack.alternation('events.place_filler')}$", re.IGNORECASE),
            "claimant_filler": re.compile(rf"^{pack.alternation('events.claimant_filler')}$", re.IGNORECASE),
            "agreement_filler": re.compile(rf"^{pack.alternation('events.agreement_filler')}$",
                                           re.IGNORECASE),
            "calendar": re.compile(rf"^(?:{months}|{'|'.join(map(re.escape, cal.weekdays)) or '(?!)'})$",
                                   re.IGNORECASE)}


def _actor_words(actor: str) -> frozenset[str]:
    """The words of a group, force or party that tell it from others ("Hamas fighters" -> hamas, fighters;
    not "people")."""
    p = _patterns(active())
    return frozenset(w for w in content_words(actor, p["place_filler"])
                     if not p["not_names"].match(w) and not p["everyone"].match(w))


def group_words(group: str | None) -> frozenset[str]:
    """The words of a group, generic ones included ("North Korean troops" -> troops)."""
    return content_words(group, _patterns(active())["place_filler"])


def title_words(title: str | None) -> frozenset[str]:
    """The words of an agreement's title that tell it from another."""
    return content_words(title, _patterns(active())["agreement_filler"])


def says_total(text: str | None) -> bool:
    """Whether the words make a figure a running total over a period."""
    if not text:
        return False
    p = _patterns(active())
    return bool(p["total"].search(text) or p["since"].search(text))


def counts_everyone(group: str | None) -> bool:
    """Whether a group counts people of every kind ("people", "victims")."""
    return bool(group and _patterns(active())["everyone"].search(group))


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
    """(start, end, spans) for an ISO period: a date, a month or year, or an interval whose open end is the
    article's date; `spans` when it covers more than one day. None when the period is not ISO."""
    if not period:
        return None
    single = iso_range(period)
    if single:
        return single[0], single[1], single[0] != single[1]
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


def quote_date(quote: str, published: date | None) -> tuple[date, date] | None:
    """The date the quote states ("on Sunday", "on March 3"), resolved against the article's date; only the
    words around the first date are read, so that equal phrasings are resolved once."""
    from sitrep.reading.dates import calendar

    pack = active()
    cal = calendar(pack)
    found = [m for p in (cal.iso, cal.day_month_year, cal.month_day_year, cal.month_year, cal.month_day,
                         cal.day_month, cal.month_alone, cal.year_alone, cal.relative, cal.weekday)
             if (m := p.search(quote))]
    if not found:
        return None
    first = min(found, key=lambda m: m.start())
    last = max(m.end() for m in found if m.start() < first.end() + 1)
    snippet = quote[max(0, first.start() - 40):last]
    resolved = _resolved(snippet, published, pack.code)
    return iso_range(resolved) if resolved else None


# ---------------------------------------------------------------- words and names

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_NAME = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")


def _country_of(text: str | None) -> str | None:
    from sitrep.reading.countries import canonical_country, country_kind

    if not text or country_kind(text) is None:
        return None
    return canonical_country(text)


def countries_of(text: str | None) -> list[str]:
    from sitrep.reading.countries import countries_in

    return countries_in(text) if text else []


def content_words(text: str | None, filler: re.Pattern) -> frozenset[str]:
    """The lower-case words of a name that are not filler and not a country."""
    if not text:
        return frozenset()
    from sitrep.reading.countries import without_countries

    return frozenset(w.lower().strip("'’-") for w in _WORD.findall(without_countries(text))
                     if len(w) > 2 and not filler.match(w))


def names_in(quote: str) -> frozenset[str]:
    """Proper names of the quote (capitalised words not opening a sentence), without countries, months,
    weekdays and words that name no particular place or party."""
    from sitrep.reading.countries import without_countries

    p = _patterns(active())
    text = without_countries(quote)
    out = set()
    for m in _NAME.finditer(text):
        words = m.group(0).split()
        if m.start() == 0 or re.search(r"[.!?:;\"“]\s*$", text[:m.start()]):
            words = words[1:]  # the first word of a sentence is capitalised anyway
        for w in words:
            w = w.strip("'’-").removesuffix("'s").removesuffix("’s")
            if len(w) > 2 and not p["not_names"].match(w) and not p["calendar"].match(w):
                out.add(w.lower())
    return frozenset(out)


def claimant_key(name: str) -> str:
    """One spelling for a claimant: countries named alike ("Ukraine's" and "Ukrainian"), filler dropped."""
    from sitrep.reading.countries import country_mentions

    filler = _patterns(active())["claimant_filler"]
    text = name
    for canonical, start, end in reversed(country_mentions(name)):
        text = text[:start] + f" {canonical.replace(' ', '_')} " + text[end:]
    words = sorted({w.lower() for w in re.findall(r"[^\W_][\w-]*", text) if not filler.match(w)})
    return " ".join(words) or name.lower()


# ---------------------------------------------------------------- one record

def _date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    found = iso_range(str(value)[:10])
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
    filler = _patterns(active())["place_filler"]
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
        actors, countries = (group,), [c for c in (_country_of(group),) if c]
    elif record_type == "agreement":
        kind, measure, status = AGREEMENT, None, record.get("status")
        parties = [str(p) for p in _need(record, "parties")]
        group = record.get("title") or None
        signed = iso_range(record.get("signed"))
        span, dated_by = (signed, FROM_SIGNED) if signed else ((published, published), FROM_PUBLISHED)
        actors = tuple(sorted({_country_of(p) or p.strip() for p in parties}))
        countries = [c for c in map(_country_of, parties) if c]
    else:
        raise BadRecord(f"unknown record_type {record_type!r}")
    if measure is not None and not isinstance(count.get("value"), int):
        raise BadRecord("no count.value")
    place = place_of(record.get("location"), quote) if kind != AGREEMENT else None
    place_countries = countries_of(place)
    return Keys(
        record_id=record_id, kind=kind, record_type=record_type, measure=measure,
        value=count.get("value"), low=count.get("low"), high=count.get("high"),
        qualifier=count.get("qualifier") or "exact", derived=bool(count.get("derived")), group=group,
        status=status, article_id=article_id, publisher=publisher, published=published, claimant=claimant,
        claimant_key=claimant_key(claimant) if said_by else f"own voice of {claimant}".lower(),
        start=span[0] if span else None, end=span[1] if span else None, dated_by=dated_by, place=place,
        place_words=content_words(place, filler),
        countries=frozenset(_country_of(c) or c for c in [*countries, *place_countries]),
        actors=actors, actor_words=frozenset().union(*(_actor_words(a) for a in actors)),
        names=names_in(quote) | frozenset().union(*(names_in(" " + a) for a in actors)), at=at,
        at_end=at_end)


def _casualty_when(record: dict, quote: str, published: date | None):
    """(kind, (start, end), dated_by): a period over more than one day, or words of a running total, make a
    total; else the incident's date."""
    period = record.get("period")
    found = period_range(period, published)
    if found:
        start, end, spans = found
        return (TOTAL if spans else INCIDENT), (start, end), FROM_PERIOD
    if says_total(period) or says_total(quote):
        return TOTAL, (None, published), FROM_PUBLISHED
    span, dated_by = _incident_when(quote, published)
    return INCIDENT, span, dated_by


def _incident_when(quote: str, published: date | None):
    """The date the quote states when it is one day, or a month or year that ended before the article's date
    (an earlier event); else the article's date."""
    found = quote_date(quote, published) if quote else None
    if found and (found[0] == found[1] or published is None or found[1] < published):
        if published is None or found[0] <= published:
            return found, FROM_QUOTE
    return (published, published), FROM_PUBLISHED

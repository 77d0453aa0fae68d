"""Whether two reports of different articles tell one event, and why.

Two reports can be one event only when nothing they say tells them apart (`apart`): the same kind, dates that
meet, no two different places, no two different countries, the same force or parties. They are one event when,
besides, enough keys match (`link`): a place, a proper name, the same figure, the same force or parties weigh
most (what identifies an event); a country, the same day and a claimant in common add to them. Each match is
said in words, for `joined_by`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sitrep.events.keys import AGREEMENT, DEPLOYMENT, INCIDENT, TOTAL
from sitrep.events.reports import Report, places_meet

THRESHOLD = 3.0  # the weight of matching keys two reports need to be joined
IDENTITY = 2.0  # of which this much must identify the event (not only its country and day)
SMALL = 3  # figures below this are too common to identify an event by
SLACK = 1  # days by which dates may miss each other (time zones, a night) unless both state their day
OTHER_NAMES = 1.5  # what two reports that name only different places or parties lose
BUCKET_DAYS = 8  # the index files reports by spans of this many days
SIMILAR, SIMILAR_FROM = 1.5, 20  # large figures within this ratio may be one toll told at two times


@dataclass(frozen=True, slots=True)
class Link:
    """Two linked reports (by key, `a` < `b`) and the weight of their matching keys."""

    a: str
    b: str
    score: float
    reports: tuple[Report, Report]

    @property
    def why(self) -> tuple[str, ...]:
        """The keys that matched, in words (read again when asked: most links are never shown)."""
        return _weigh(*self.reports, words=True)[1]


def _meet(a: Report, b: Report) -> bool:
    """Whether the days the two events may have happened on meet: exactly, when both state their day; else
    within a day."""
    if a.days is None or b.days is None:
        return True
    pad = 0 if a.exact_day and b.exact_day else SLACK
    return a.days[0] - pad <= b.days[1] and b.days[0] - pad <= a.days[1]


def _same_day(a: Report, b: Report) -> bool:
    return a.exact_day and b.exact_day and a.days == b.days


def apart(a: Report, b: Report) -> str | None:
    """What tells the two reports apart, or None."""
    if a.kind != b.kind:
        return "kinds"
    if a.article_id == b.article_id:
        return "one article tells them apart"
    if not _meet(a, b):
        return "dates"
    if not places_meet(a.place_spot, a.place_words, b.place_spot, b.place_words) and not (
            _same_day(a, b) and _shared_figures(a, b)):
        return "places"  # unless one day's figure, told of one place under two names
    if (a.place_countries and b.place_countries and not (a.place_countries & b.place_countries)
            and not (a.names & b.names)):
        return "countries"  # places in two countries
    if a.kind == AGREEMENT and a.actors != b.actors:
        return "parties"
    if a.kind == TOTAL:
        sa, sb = a.span[0], b.span[0]
        if sa and sb and abs((sa - sb).days) > 31:
            return "periods"
        if not (a.measures & b.measures):
            return "measures"
    return None


def _shared_figures(a: Report, b: Report) -> list[tuple[str, int]]:
    return sorted(f for f in a.figures & b.figures if f[1] >= SMALL)


def _similar_figure(a: Report, b: Report) -> tuple[str, int, int] | None:
    """Two large figures of one measure within a ratio of each other (a toll told higher later)."""
    for measure, x in sorted(a.figures):
        for other, y in sorted(b.figures):
            if other == measure and x != y and min(x, y) >= SIMILAR_FROM and max(x, y) <= SIMILAR * min(x, y):
                return measure, x, y
    return None


def link(a: Report, b: Report) -> Link | None:
    """The link between two reports that can be one event and share enough keys; None otherwise."""
    if a.key > b.key:
        a, b = b, a  # the same link, and the same words, whichever report asks
    if apart(a, b):
        return None
    score, _ = _weigh(a, b)
    return Link(a.key, b.key, score, (a, b)) if score else None


def _weigh(a: Report, b: Report, words: bool = False) -> tuple[float, tuple[str, ...]]:
    """The weight of the keys two reports share (0 when too little for a link), and those keys in words."""
    # the same precise place; else a place one report names in its location and the other in its words, or
    # the precise place of one within the wider place of the other
    places = (a.place_spot & b.place_spot) or (a.place_words & b.names) | (a.names & b.place_words)
    wider = set() if places else (a.place_spot & b.place_words) | (b.place_spot & a.place_words)
    names = (a.names & b.names) - places - a.place_words - b.place_words
    figures = a.figures & b.figures
    similar = None if figures else _similar_figure(a, b)
    groups = a.group_words & b.group_words
    actors = a.kind in (DEPLOYMENT, AGREEMENT) and a.actors == b.actors
    identity = ((3 if places else 2 if wider else 0) + min(4, 2 * len(names))
                + min(4, sum(2 if value >= SMALL else 0.5 for _, value in figures)) + (1 if similar else 0)
                + (2 if groups and a.kind == TOTAL else 0) + (3 if actors else 0))
    titles = a.title_words & b.title_words
    identity += 1 if titles else 0
    # both name places or parties, none of them the same, or count people of different countries: a figure or
    # a day in common is not enough (forces of several countries may serve in one mission)
    unnamed = bool(a.names and b.names and not (names or places or wider))
    other_people = bool(a.kind in (INCIDENT, TOTAL) and a.countries and b.countries
                        and not (a.countries & b.countries))
    identity -= (OTHER_NAMES if unnamed else 0) + (OTHER_NAMES if other_people else 0)
    countries = a.countries & b.countries
    same_day = _same_day(a, b)
    # a day both state, in one country, lets a smaller identity do
    if identity < (1 if same_day and countries else IDENTITY):
        return 0, ()
    claimants = a.claimants & b.claimants
    dates, when = _dates(a, b, same_day)
    context = ((0.5 if groups and a.kind != TOTAL else 0) + (1 if countries else 0) + dates
               + (0.5 if claimants else 0))
    if identity + context < THRESHOLD:
        return 0, ()
    if not words:
        return identity + context, ()
    why = [f"place {' '.join(sorted(places))}" if places else "",
           "other names in each" if unnamed else "",
           "other countries in each" if other_people else "",
           f"title {', '.join(sorted(titles))}" if titles else "",
           f"place {' '.join(sorted(wider))} (one within the other)" if wider else "",
           f"names {', '.join(sorted(names))}" if names else "",
           "same figure " + ", ".join(f"{m} {v}" for m, v in sorted(figures)) if figures else "",
           f"close figures {similar[0]} {similar[1]} and {similar[2]}" if similar else "",
           f"group {', '.join(sorted(groups))}" if groups else "",
           f"{'force' if a.kind == DEPLOYMENT else 'parties'} {', '.join(a.actors)}" if actors else "",
           f"country {', '.join(sorted(countries))}" if countries else "", when,
           "same claimant" if claimants else ""]
    return identity + context, tuple(w for w in why if w)


def _dates(a: Report, b: Report, same_day: bool) -> tuple[float, str]:
    """The weight of the two reports' dates, and its words: one day both state, else days between their
    articles."""
    if same_day:
        return 1, f"same day {a.span[0].isoformat()}"
    if a.has_dates and b.has_dates:
        return 0.5, "dates meet"
    if a.published and b.published:
        days = abs((a.published - b.published).days)
        if days == 0:
            return 1, "published the same day"
        return 0.5, f"published {days} day{'s' if days > 1 else ''} apart"
    return 0, ""


# ---------------------------------------------------------------- finding the reports worth comparing

def _index_keys(r: Report) -> tuple:
    if r.index_keys is None:
        r.index_keys = tuple(_keys_of(r))
    return r.index_keys


def _keys_of(r: Report) -> Iterator[tuple]:
    for w in r.place_words:
        yield ("p", w)
    for w in r.names:
        yield ("n", w)
    for figure in r.figures:
        if figure[1] >= SMALL:
            yield ("f", *figure)
    if r.kind in (DEPLOYMENT, AGREEMENT):
        yield ("x", r.actors)
    if r.exact_day:  # the events of one day in one country
        for country in sorted(r.countries):
            yield ("d", country)
    if r.kind == TOTAL:  # a total is found by whom it counts in which country
        for w in r.group_words:
            for country in sorted(r.countries) or [None]:
                yield ("g", w, country)


def _buckets(days: tuple[int, int] | None, pad: int = 0) -> Iterable[int]:
    """The spans of BUCKET_DAYS days the days (widened by `pad` days) fall in."""
    if days is None:
        return (-1,)  # reports without a date meet every other: one shared bucket
    first = (days[0] - pad) // BUCKET_DAYS
    last = (days[1] + pad) // BUCKET_DAYS
    return range(first, min(last, first + 400 // BUCKET_DAYS) + 1)


class Index:
    """Report keys by kind, key and span of days, to find the few reports worth comparing with one. `buckets`
    is plain data (kept in the state between updates); `resolve` gives the report of a key."""

    def __init__(self, resolve: Callable[[str], Report], buckets: dict[tuple, list[str]] | None = None):
        self.resolve = resolve
        self.buckets: dict[tuple, list[str]] = buckets if buckets is not None else {}

    @classmethod
    def of(cls, reports: Iterable[Report]) -> Index:
        by_key = {r.key: r for r in reports}
        index = cls(by_key.__getitem__)
        for r in by_key.values():
            index.add(r)
        return index

    def _entries(self, r: Report, pad: int = 0) -> Iterator[tuple]:
        for key in _index_keys(r):
            for span in _buckets(r.days, pad):
                yield (r.kind, key, span)

    def add(self, r: Report) -> None:
        for entry in self._entries(r):
            self.buckets.setdefault(entry, []).append(r.key)

    def remove(self, r: Report) -> None:
        for entry in self._entries(r):
            bucket = self.buckets.get(entry)
            if bucket and r.key in bucket:
                bucket.remove(r.key)
                if not bucket:
                    del self.buckets[entry]

    def candidates(self, r: Report) -> list[Report]:
        found: set[str] = set()
        for entry in self._entries(r, SLACK):
            found.update(self.buckets.get(entry, ()))
        for key in _index_keys(r):
            found.update(self.buckets.get((r.kind, key, -1), ()))
        found.discard(r.key)
        return [self.resolve(key) for key in sorted(found)]

"""Whether two reports of different articles tell one event, and why.

Two reports can be one event only when nothing they say tells them apart (`apart`): the same kind, dates that
meet, no two different places, no two different countries, the same force or parties. They are one event when,
besides, enough keys match (`link`): a place, a proper name, the same figure, the same force or parties weigh
most (what identifies an event); a country, the same day and a claimant in common add to them. Each match is
said in words, for `joined_by`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sitrep.events.keys import AGREEMENT, DEPLOYMENT, TOTAL
from sitrep.events.reports import Report, _stage

THRESHOLD = 3.0  # the weight of matching keys two reports need to be joined
IDENTITY = 2.0  # of which this much must identify the event (not only its country and day)
SMALL = 3  # figures below this are too common to identify an event by
SLACK = 1  # days by which dates may miss each other (time zones, a night)


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    score: float
    why: tuple[str, ...]


def _meet(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    if a is None or b is None:
        return True
    pad = timedelta(days=SLACK)
    return a[0] - pad <= b[1] and b[0] - pad <= a[1]


def apart(a: Report, b: Report) -> str | None:
    """What tells the two reports apart, or None."""
    if a.kind != b.kind:
        return "kinds"
    if a.article_id == b.article_id:
        return "one article tells them apart"
    if not _meet(a.bounds, b.bounds):
        return "dates"
    if a.place_words and b.place_words and not (a.place_words & b.place_words):
        return "places"
    if a.countries and b.countries and not (a.countries & b.countries) and not (a.names & b.names):
        return "countries"
    if a.kind == DEPLOYMENT:
        if a.first.actors != b.first.actors and not (a.countries & b.countries):
            return "forces"
        if _stage(a.first.status) != _stage(b.first.status):
            return "stages"
    if a.kind == AGREEMENT:
        if a.first.actors != b.first.actors:
            return "parties"
        ta, tb = a.title_words, b.title_words
        if ta and tb and not (ta & tb):
            return "titles"
    if a.kind == TOTAL:
        sa, sb = a.span()[0], b.span()[0]
        if sa and sb and abs((sa - sb).days) > 31:
            return "periods"
        if not ({k.measure for k in a.records} & {k.measure for k in b.records}):
            return "measures"
    return None


def link(a: Report, b: Report) -> Link | None:
    """The link between two reports that can be one event and share enough keys; None otherwise."""
    if apart(a, b):
        return None
    identity, context, why = 0.0, 0.0, []
    # a place one report names in its location and the other only in its words counts as the place
    places = sorted((a.place_words & b.place_words) | (a.place_words & b.names) | (a.names & b.place_words))
    if places:
        identity += 3
        why.append(f"place {' '.join(places)}")
    names = sorted((a.names & b.names) - set(places))
    if names:
        identity += min(4, 2 * len(names))
        why.append(f"names {', '.join(names)}")
    figures = sorted(a.figures & b.figures)
    if figures:
        identity += min(4, sum(2 if value >= SMALL else 0.5 for _, value in figures))
        why.append("same figure " + ", ".join(f"{m} {v}" for m, v in figures))
    groups = sorted(a.group_words & b.group_words)
    if groups and a.kind == TOTAL:
        identity += 2  # a running total is told by whom it counts, over its country and period
        why.append(f"group {', '.join(groups)}")
    elif groups:
        context += 0.5
        why.append(f"group {', '.join(groups)}")
    actors = sorted(a.actor_words & b.actor_words)
    if actors:
        identity += 1
        why.append(f"actors {', '.join(actors)}")
    if a.kind in (DEPLOYMENT, AGREEMENT) and a.first.actors == b.first.actors:
        identity += 3
        why.append(f"{'force' if a.kind == DEPLOYMENT else 'parties'} {', '.join(a.first.actors)}")
    countries = sorted(a.countries & b.countries)
    if countries:
        context += 1
        why.append(f"country {', '.join(countries)}")
    days = _days_apart(a, b)
    if days is not None:
        context += 1 if days == 0 else 0.5
        why.append("same day" if days == 0 else f"{days} day{'s' if days > 1 else ''} apart")
    claimants = a.claimants & b.claimants
    if claimants:
        context += 0.5
        why.append("same claimant")
    if identity < IDENTITY or identity + context < THRESHOLD:
        return None
    first, second = sorted((a.key, b.key))
    return Link(first, second, identity + context, tuple(why))


def _days_apart(a: Report, b: Report) -> int | None:
    """Days between the two reports' dates when both state one; else between their articles."""
    sa, sb = a.span()[0], b.span()[0]
    if a.dated and b.dated and sa and sb:
        return abs((sa - sb).days)
    if a.published and b.published:
        return abs((a.published - b.published).days)
    return None


# ---------------------------------------------------------------- finding the reports worth comparing

def _index_keys(r: Report) -> Iterator[tuple]:
    for w in r.place_words:
        yield ("p", w)
    for w in r.names:
        yield ("n", w)
    for figure in r.figures:
        if figure[1] >= SMALL:
            yield ("f", *figure)
    for w in r.actor_words:
        yield ("a", w)
    if r.kind in (DEPLOYMENT, AGREEMENT):
        yield ("x", r.first.actors)
    if r.kind == TOTAL:
        for w in r.group_words:
            yield ("g", w)


def _days(bounds: tuple[date, date] | None, pad: int = 0) -> Iterable[int]:
    if bounds is None:
        return (0,)  # reports without a date meet every other: one shared bucket
    first, last = bounds[0].toordinal() - pad, bounds[1].toordinal() + pad
    return range(first, min(last, first + 400) + 1)


class Index:
    """Reports by kind, key and day, to find the few worth comparing with one."""

    def __init__(self, reports: Iterable[Report] = ()):
        self.buckets: dict[tuple, list[Report]] = defaultdict(list)
        for r in reports:
            self.add(r)

    def add(self, r: Report) -> None:
        for key in _index_keys(r):
            for day in _days(r.bounds):
                self.buckets[(r.kind, key, day)].append(r)

    def remove(self, r: Report) -> None:
        for key in _index_keys(r):
            for day in _days(r.bounds):
                bucket = self.buckets.get((r.kind, key, day))
                if bucket and r in bucket:
                    bucket.remove(r)

    def candidates(self, r: Report) -> set[Report]:
        found: set[Report] = set()
        for key in _index_keys(r):
            for day in _days(r.bounds, SLACK):
                found.update(self.buckets.get((r.kind, key, day), ()))
            found.update(self.buckets.get((r.kind, key, 0), ()))
        found.discard(r)
        return found

    def links(self, r: Report) -> list[Link]:
        """Every link of the report, in a fixed order."""
        out = [found for other in self.candidates(r) if (found := link(r, other))]
        return sorted(out, key=lambda lk: (lk.a, lk.b))

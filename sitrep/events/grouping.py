"""Reports into events.

Reports that link (sitrep.events.linking) form connected blocks; a block is grouped on its own, so an update
regroups only the blocks new records touch and gets what a full rebuild would. In a block, links are taken
strongest first (then by report key, so the order of the input never matters) and join two groups unless some
report of one and some report of the other are told apart (two dates, two places, one article): a weak chain
never joins what a report says are two events."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sitrep.events.figures import measures
from sitrep.events.ids import event_id
from sitrep.events.keys import AGREEMENT, Keys
from sitrep.events.linking import Index, Link, apart, link
from sitrep.events.model import EVENT_SCHEMA_VERSION
from sitrep.events.reports import Report
from sitrep.events.words import countries_of

MAX_ACTORS = 12


@dataclass
class Group:
    """Reports grouped as one event, with the links that joined them."""

    reports: list[Report]
    links: list[Link] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)

    @property
    def records(self) -> list[Keys]:
        return sorted((k for r in self.reports for k in r.load().records), key=lambda k: k.order)


def blocks(index: Index, seeds: Iterable[Report]) -> Iterator[tuple[list[Report], list[Link]]]:
    """The connected blocks of linked reports that hold the seeds, each with its links, one at a time."""
    seen: set[str] = set()
    for seed in sorted(seeds, key=lambda r: r.key):
        if seed.key in seen:
            continue
        seen.add(seed.key)
        members, links, todo = [seed], [], [seed]
        done: set[str] = set()
        while todo:
            r = todo.pop()
            done.add(r.key)
            for other in index.candidates(r):
                if other.key in done:
                    continue  # its links were found from the other side
                found = link(r, other)
                if found is None:
                    continue
                links.append(found)
                if other.key not in seen:
                    seen.add(other.key)
                    members.append(other)
                    todo.append(other)
        yield sorted(members, key=lambda r: r.key), links


def group_block(members: list[Report], links: list[Link]) -> list[Group]:
    """The events of one block: links strongest first, each joining two groups none of whose reports are
    told apart."""
    group_of = {r.key: Group([r], articles={r.article_id}) for r in members}
    told_apart: dict[tuple[str, str], bool] = {}

    def is_apart(x: Report, y: Report) -> bool:
        pair = (x.key, y.key)
        if pair not in told_apart:
            told_apart[pair] = apart(x, y) is not None
        return told_apart[pair]

    for found in sorted(links, key=lambda lk: (-lk.score, lk.a, lk.b)):
        ga, gb = group_of[found.a], group_of[found.b]
        if ga is gb or ga.articles & gb.articles or any(
                is_apart(x, y) for x in ga.reports for y in gb.reports):
            continue  # (one article's two reports are two events: told apart without comparing them)
        ga.reports.extend(gb.reports)
        ga.articles |= gb.articles
        ga.links.extend(gb.links)
        ga.links.append(found)
        for r in gb.reports:
            group_of[r.key] = ga
    unique = {id(g): g for g in group_of.values()}
    for g in unique.values():
        g.reports.sort(key=lambda r: (r.order, r.key))
    return list(unique.values())


# ---------------------------------------------------------------- a group as an event

def event_of(group: Group) -> dict:
    """The event of a group as an `Event`'s fields, in its order (plain data: written as they are, validated
    only when asked for as models)."""
    records = group.records
    reports = group.reports
    start, end = _when(reports)
    place = _most_common(k.place for k in records)
    kind = reports[0].kind
    return {"schema_version": EVENT_SCHEMA_VERSION, "event_id": event_id(records[0]), "kind": kind,
            "when": {"start": start, "end": end}, "place": place,
            "country": None if kind == AGREEMENT else _country(place, records),
            "actors": _actors(records), "record_ids": [k.record_id for k in records],
            "articles": list(dict.fromkeys(k.article_id for k in records)), "measures": measures(records),
            "joined_by": _joined_by(group)}


def _country(place: str | None, records: list[Keys]) -> str | None:
    """The country of the place, else the country the records name most."""
    of_place = countries_of(place)
    if of_place:
        return of_place[-1]  # "Kursk region, Russia": the country is named last
    return _most_common(c for k in records for c in sorted(k.countries))


def _when(reports: list[Report]) -> tuple[str | None, str | None]:
    dated = [r.span for r in reports if r.dated]
    spans = [s for s in dated if s[0] or s[1]] or [r.span for r in reports]
    starts = [s[0] for s in spans if s[0]]
    ends = [s[1] for s in spans if s[1]]
    start = min(starts) if starts else None
    end = max(ends) if ends else start
    return (start.isoformat() if start else None), (end.isoformat() if end else None)


def _most_common(values: Iterable[str | None]) -> str | None:
    counts: dict[str, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    if not counts:
        return None
    top = max(counts.values())
    return next(v for v in counts if counts[v] == top)  # the first told among the most told


def _actors(records: list[Keys]) -> list[str]:
    counts: dict[str, int] = {}  # in the order first told
    for k in records:
        for a in k.actors:
            counts[a] = counts.get(a, 0) + 1
    order = {a: i for i, a in enumerate(counts)}
    return sorted(counts, key=lambda a: (-counts[a], order[a]))[:MAX_ACTORS]


def _joined_by(group: Group) -> list[str]:
    out = []
    for r in group.reports:
        if len(r.records) > 1:
            out.append(f"{r.article_id}: {len(r.records)} records of one article, nothing telling them apart "
                       f"(date, place, country{', force' if r.kind == 'deployment' else ''})")
    names = {r.key: r.article_id for r in group.reports}
    for found in group.links:
        out.append(f"{names[found.b]} joined {names[found.a]}: {'; '.join(found.why)}")
    return out

"""Reports into events.

Reports that link (sitrep.events.linking) form connected blocks; a block is grouped on its own, so an update
regroups only the blocks new records touch and gets what a full rebuild would. In a block, links are taken
strongest first (then by report key, so the order of the input never matters) and join two groups unless some
report of one and some report of the other are told apart (two dates, two places, one article): a weak chain
never joins what a report says are two events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
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


# a report keeps its few strongest links (and those that are among the strongest of the other report): weaker
# links are no evidence the kept ones lack, and without them blocks stay small however many reports there are
KEPT_LINKS = 3

# report key -> [(linked report key, weight)], strongest first (then by key)
Adjacency = dict[str, list[tuple[str, float]]]


def _rank(pair: tuple[str, float]) -> tuple:
    return -pair[1], pair[0]


def weigh_links(index: Index, reports: Iterable[Report], adjacency: Adjacency,
                skip: Callable[[Report, Report], bool] = lambda r, other: other.key < r.key) -> None:
    """Weigh the links of the reports with those the index finds, into `adjacency` (both ways, each list
    kept strongest first); a pair is weighed once (`skip`: the pairs weighed from the other side)."""
    grown = set()
    for r in reports:
        for other in index.candidates(r):
            if skip(r, other):
                continue
            found = link(r, other)
            if found is not None:
                adjacency.setdefault(found.a, []).append((found.b, found.score))
                adjacency.setdefault(found.b, []).append((found.a, found.score))
                grown.update((found.a, found.b))
    for key in grown:
        adjacency[key].sort(key=_rank)


def add_links(adjacency: Adjacency, more: Adjacency) -> None:
    """Add the links of `more` to `adjacency`, each list kept strongest first."""
    for key, pairs in more.items():
        adjacency[key] = sorted([*adjacency.get(key, ()), *pairs], key=_rank)


def strongest(adjacency: Adjacency, key: str) -> list[str]:
    """The keys of a report's KEPT_LINKS strongest links."""
    return [other for other, _ in adjacency.get(key, ())[:KEPT_LINKS]]


def kept(adjacency: Adjacency, key: str) -> list[tuple[str, float]]:
    """The links of a report that are among the strongest of one of their two reports."""
    own = set(strongest(adjacency, key))
    return [(other, score) for other, score in adjacency.get(key, ())
            if other in own or key in strongest(adjacency, other)]


def blocks(adjacency: Adjacency, seeds: Iterable[str],
           report: Callable[[str], Report]) -> Iterator[tuple[list[Report], list[Link]]]:
    """The blocks of reports joined by kept links that hold the seeds, each with those links, one at a
    time."""
    seen: set[str] = set()
    for seed in sorted(seeds):
        if seed in seen:
            continue
        seen.add(seed)
        members, todo, pairs = [seed], [seed], []
        while todo:
            key = todo.pop()
            for other, score in kept(adjacency, key):
                if key < other:
                    pairs.append((key, other, score))
                if other not in seen:
                    seen.add(other)
                    members.append(other)
                    todo.append(other)
        members.sort()
        yield ([report(key) for key in members],
               [Link(a, b, score, (report(a), report(b))) for a, b, score in pairs])


def group_block(members: list[Report], links: list[Link]) -> list[Group]:
    """The events of one block: links strongest first, each joining two groups none of whose reports are
    told apart."""
    group_of = {r.key: Group([r], articles={r.article_id}) for r in members}
    # groups found told apart stay so as they grow: the pairs of groups already compared, by id
    apart_from: dict[int, set[int]] = defaultdict(set)
    for found in sorted(links, key=lambda lk: (-lk.score, lk.a, lk.b)):
        ga, gb = group_of[found.a], group_of[found.b]
        if ga is gb or id(gb) in apart_from[id(ga)]:
            continue
        if ga.articles & gb.articles or any(apart(x, y) for x in ga.reports for y in gb.reports):
            apart_from[id(ga)].add(id(gb))  # (one article's two reports are two events)
            apart_from[id(gb)].add(id(ga))
            continue
        for other in apart_from.pop(id(gb), ()):  # what was told apart from a part is from the whole
            apart_from[id(ga)].add(other)
            apart_from[other].add(id(ga))
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

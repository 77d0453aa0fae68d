"""One event's figures, per measure: every claim side by side, and best, low and high taken from them.

- Figures of different sources are never added: a sum is only ever of the parts one article gives.
- In one article, one claimant's figures of a measure are one figure: the same number told again is repeated;
  a group of every kind ("12 people") holds the smaller figures of other groups the article gives ("including
  five children"); figures of different groups are distinct parts and are summed (soldiers and civilians, both
  sides of an exchange); of one group, a toll (killed, wounded, missing, casualties) keeps its highest figure,
  while prisoners and troops come in stages and contingents, which are summed.
- A claimant's latest figure counts (the article published last; on one day, the highest): a rising toll keeps
  each claimant's latest figure, its earlier ones are shown as earlier.
- best is the most conservative well-supported figure: the lowest of the claimants' latest figures, leaving
  out a figure overtaken by a higher one published on a later day (the toll rose since), vague figures
  ("dozens"), upper bounds ("up to") and figures computed rather than stated, unless nothing else is left.
- low and high are the lowest and highest of the claimants' latest figures (a range counts with its bounds).
- disputed: two claimants' current figures conflict, that is their ranges (a figure "at least" is open above,
  "up to" below) do not meet even when each is widened by the tolerance.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sitrep.events.keys import Keys
from sitrep.events.model import MEASURES
from sitrep.events.words import counts_everyone

TOLERANCE = 0.25  # figures within a quarter of each other (or within 2) do not conflict
TOLERANCE_MIN = 2
TOLLS = ("killed", "wounded", "missing", "casualties")
WEAK = ("vague", "up_to")


@dataclass
class Figure:
    """One claimant's figure in one article: a record, or the parts summed."""

    claimant: str
    article_id: str
    published: date | None
    value: int
    low: int
    high: int
    qualifier: str
    derived: bool
    publisher: str
    keys: list[Keys]

    @property
    def when(self) -> tuple:
        return (self.published or date.min, self.article_id)


def measures(records: list[Keys]) -> dict[str, dict]:
    """The event's measures, in the contract's order, each as `Measure` fields (plain data)."""
    by_measure: dict[str, list[Keys]] = defaultdict(list)
    for k in records:
        if k.measure and k.value is not None:
            by_measure[k.measure].append(k)
    return {m: _measure(m, by_measure[m]) for m in MEASURES if by_measure.get(m)}


def _measure(measure: str, records: list[Keys]) -> dict:
    roles: dict[str, str] = {}
    figures = []
    by_article: dict[tuple[str, str], list[Keys]] = defaultdict(list)
    for k in records:
        by_article[(k.article_id, k.claimant_key)].append(k)
    for (_, claimant), keys in sorted(by_article.items()):
        figures.append(_article_figure(measure, claimant, keys, roles))
    every = _latest(figures, roles)
    latest = _whole(every, roles)
    current = _current(latest)
    best, basis = _best(latest, current, whole=len(latest) < len(every))
    lows = [f.low for f in latest]
    highs = [f.high for f in latest]
    claims = [_claim(k, roles.get(k.record_id, "counted")) for k in sorted(records, key=lambda k: k.order)]
    return {"best": best, "low": min(lows), "high": max(highs), "claims": claims,
            "sources": len({k.publisher or k.article_id for k in records}),
            "claimants": len({k.claimant_key for k in records}), "disputed": _disputed(current),
            "basis": basis}


def _group_key(k: Keys) -> str:
    return " ".join(sorted((k.group or "").lower().split()))


def _article_figure(measure: str, claimant: str, keys: list[Keys], roles: dict[str, str]) -> Figure:
    """One claimant's figure in one article, and the role of each of its records."""
    keys = sorted(keys, key=lambda k: (k.at, k.record_id))
    kept: list[Keys] = []
    for k in keys:  # the same number of the same group told again
        if any(o.value == k.value and (_group_key(o) == _group_key(k) or not k.group) for o in kept):
            roles[k.record_id] = "repeated"
        else:
            kept.append(k)
    everyone = [k for k in kept if counts_everyone(k.group)]
    umbrella = max(everyone, key=lambda k: (k.value, -k.at), default=None)
    if umbrella and umbrella.value >= sum(k.value for k in kept if k is not umbrella):
        for k in kept:
            if k is not umbrella:
                roles[k.record_id] = "included"
        return _figure(claimant, [umbrella], keys)
    by_group: dict[str, list[Keys]] = defaultdict(list)
    for k in kept:
        by_group[_group_key(k)].append(k)
    parts: list[Keys] = []
    for same in by_group.values():
        if measure in TOLLS and len(same) > 1:
            top = max(same, key=lambda k: (k.value, -k.at))
            for k in same:
                if k is not top:
                    roles[k.record_id] = "earlier"
            parts.append(top)
        else:
            parts.extend(same)
    if len(parts) > 1:
        for k in parts:
            roles[k.record_id] = "part"
    return _figure(claimant, parts, keys)


def _figure(claimant: str, parts: list[Keys], keys: list[Keys]) -> Figure:
    first = parts[0]
    return Figure(claimant=claimant, article_id=first.article_id, published=first.published,
                  value=sum(k.value for k in parts), low=sum(_low(k) for k in parts),
                  high=sum(_high(k) for k in parts),
                  qualifier=first.qualifier if len(parts) == 1 else _sum_qualifier(parts),
                  derived=all(k.derived for k in parts), publisher=first.publisher or first.article_id,
                  keys=parts)


def _low(k: Keys) -> int:
    return k.low if k.qualifier == "range" and k.low is not None else k.value


def _high(k: Keys) -> int:
    return k.high if k.qualifier == "range" and k.high is not None else k.value


def _sum_qualifier(parts: list[Keys]) -> str:
    kinds = {k.qualifier for k in parts}
    return kinds.pop() if len(kinds) == 1 else "approximately"


def _latest(figures: list[Figure], roles: dict[str, str]) -> list[Figure]:
    """Each claimant's latest figure (on one day, the highest); the records of the others become earlier."""
    by_claimant: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        by_claimant[f.claimant].append(f)
    latest = []
    for claimant in sorted(by_claimant):
        own = by_claimant[claimant]
        last_day = max(f.published or date.min for f in own)
        top = max((f for f in own if (f.published or date.min) == last_day), key=lambda f: (f.value, f.when))
        for f in own:
            for k in f.keys if f is not top else ():
                if roles.get(k.record_id, "counted") in ("counted", "part"):
                    roles[k.record_id] = "earlier"
        latest.append(top)
    return latest


def _whole(latest: list[Figure], roles: dict[str, str]) -> list[Figure]:
    """The figures that count the whole toll: those of a group of every kind ("people") when there are any;
    a figure of one group beside them ("children", one named commander) is counted inside it."""
    whole = [f for f in latest if any(counts_everyone(k.group) for k in f.keys)]
    if not whole:
        return latest
    for f in latest:
        if f not in whole:
            for k in f.keys:
                roles[k.record_id] = "included"
    return whole


def _current(latest: list[Figure]) -> list[Figure]:
    """The latest figures not overtaken by a higher one published on a later day."""
    return [f for f in latest
            if not any(o.value > f.value and (o.published or date.min) > (f.published or date.min)
                       for o in latest if o is not f)]


def _best(latest: list[Figure], current: list[Figure], whole: bool) -> tuple[int, str]:
    pool = [f for f in current if f.qualifier not in WEAK] or current or latest
    stated = [f for f in pool if not f.derived] or pool
    chosen = min(stated, key=lambda f: (f.value, f.when, f.claimant))
    rule = "the lowest current figure" if len(latest) > 1 else "the one current figure"
    if whole:
        rule += " of everyone counted"
    left = len(latest) - len(current)
    extra = f"; {left} figure{'s' if left > 1 else ''} overtaken by a higher one told later" if left else ""
    when = f", {chosen.published.isoformat()}" if chosen.published else ""
    parts = f", {len(chosen.keys)} parts summed" if len(chosen.keys) > 1 else ""
    return chosen.value, f"{rule}: {chosen.keys[0].claimant} ({chosen.publisher}{when}{parts}){extra}"


def _bounds(f: Figure) -> tuple[float, float] | None:
    if f.qualifier == "vague":
        return None
    if f.qualifier in ("at_least", "more_than"):
        return f.value, float("inf")
    if f.qualifier == "up_to":
        return 0, f.value
    return f.low, f.high


def _disputed(current: list[Figure]) -> bool:
    ranges = [(f.claimant, b) for f in current if (b := _bounds(f))]
    for i, (ca, (la, ha)) in enumerate(ranges):
        for cb, (lb, hb) in ranges[i + 1:]:
            if ca == cb:
                continue
            low, high = (ha, lb) if ha < lb else (hb, la)
            if high > low and high - low > max(TOLERANCE_MIN, TOLERANCE * high):
                return True
    return False


def _claim(k: Keys, role: str) -> dict:
    """A `Claim`'s fields, in its order."""
    return {"value": k.value, "low": k.low, "high": k.high, "qualifier": k.qualifier, "claimant": k.claimant,
            "article_id": k.article_id, "publisher": k.publisher,
            "published": k.published.isoformat() if k.published else None, "record_id": k.record_id,
            "group": k.group, "role": role}

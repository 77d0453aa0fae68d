"""What one article tells of one event: its records split into reports.

An article's records of one kind form one report unless they cannot be one event: a date that is not the
article's main event's (a figure for an earlier attack), another place, another country, another force or
another agreement. Records of one sentence (evidence that overlaps or touches) are always one report, so both
sides of a clash or of an exchange stay together; a figure derived from another takes its kind."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sitrep.events.keys import (
    AGREEMENT,
    DEPLOYMENT,
    FROM_PUBLISHED,
    INCIDENT,
    REPORTING_LAG,
    TOTAL,
    Keys,
)
from sitrep.events.words import countries_of, group_words, title_words

# how long before its article an event told without a date of its own may have happened, by kind; a running
# total is compared with others of its kind told within this many days
LAG_DAYS = {INCIDENT: REPORTING_LAG, DEPLOYMENT: 30, AGREEMENT: 30, TOTAL: 60}

# evidence this close (characters) is one sentence's ("killing 25 people, and injuring 110 others")
TOUCHING = 12


class Report:
    """One article's account of one event: its records, and their keys read once it is whole (`seal`). A
    report kept in an update's state is made again from those keys alone (`from_row`), its records read only
    when an event is built from it (`load`)."""

    __slots__ = ("key", "kind", "records", "index_keys", "first", "article_id", "published", "dated", "span",
                 "exact_day", "bounds", "days", "place_words", "place_spot", "countries", "place_countries",
                 "names",
                 "group_words", "title_words", "claimants", "figures", "actors", "status", "order",
                 "measures", "has_dates", "ids", "loader")

    def __init__(self, key: str, kind: str, records: list[Keys] | None = None):
        self.key = key  # "<article id>#<n>", unique and stable for the article's records
        self.kind = kind
        self.records: list[Keys] | None = records if records is not None else []
        self.index_keys: tuple | None = None  # the linking's, kept with the report

    def seal(self) -> Report:
        """Read the keys of all its records (after a record is added)."""
        records = self.records
        records.sort(key=lambda k: k.order)
        self.first = first = records[0]
        self.ids = [k.record_id for k in records]
        self.actors, self.status, self.order = first.actors, first.status, first.order
        self.measures = frozenset(k.measure for k in records)
        self.article_id, self.published = first.article_id, first.published
        self.dated = [k for k in records if k.dated_by != FROM_PUBLISHED and k.start is not None]
        self.has_dates = bool(self.dated)
        self.span = self._span()
        self.exact_day = bool(self.dated) and self.span[0] is not None and self.span[0] == self.span[1]
        self.bounds = self._window()
        self.days = (self.bounds[0].toordinal(), self.bounds[1].toordinal()) if self.bounds else None
        self.place_words = _union(k.place_words for k in records)
        self.place_spot = _union(k.place_spot for k in records)
        self.countries = _union(k.countries for k in records)
        # the countries its places are in (not those of the people counted, or of a force)
        self.place_countries = frozenset(c for k in records for c in countries_of(k.place))
        self.names = _union(k.names for k in records)
        # the words of the groups it counts ("civilians", "soldiers"), generic ones included
        self.group_words = _union(group_words(k.group) for k in records if k.measure != "troops")
        # the words of an agreement's title ("strategic partnership")
        self.title_words = _union(title_words(k.group) for k in records) if self.kind == AGREEMENT \
            else frozenset()
        self.claimants = frozenset(k.claimant_key for k in records)
        self.figures = frozenset((k.measure, k.value) for k in records if k.measure and k.value is not None)
        self.index_keys = None
        return self

    def load(self) -> Report:
        """Its records, read (for a report made from its keys alone)."""
        if self.records is None:
            self.records = self.loader(self.ids)
            self.seal()
        return self

    def to_row(self) -> tuple:
        """The keys linking and grouping read, as plain data."""
        def day(d: date | None) -> int | None:
            return d.toordinal() if d else None

        published, article, at, record = self.order
        return (self.article_id, day(self.published), self.has_dates, day(self.span[0]), day(self.span[1]),
                self.exact_day, self.days, self.place_words, self.place_spot, self.countries,
                self.place_countries, self.names,
                self.group_words, self.title_words, self.claimants, self.figures, self.actors, self.status,
                (day(published) if published != date.max else None, article, at, record), self.measures)

    @classmethod
    def from_row(cls, key: str, kind: str, ids: list[str], row: tuple, loader) -> Report:
        def day(n: int | None) -> date | None:
            return date.fromordinal(n) if n else None

        r = cls(key, kind, None)
        (r.article_id, published, r.has_dates, start, end, r.exact_day, days, r.place_words, r.place_spot,
         r.countries, r.place_countries, r.names, r.group_words, r.title_words, r.claimants, r.figures,
         actors, r.status, order, r.measures) = row
        r.published, r.span, r.days, r.actors = day(published), (day(start), day(end)), days, tuple(actors)
        r.days = tuple(days) if days else None
        r.bounds = (day(r.days[0]), day(r.days[1])) if r.days else None
        r.order = (day(order[0]) or date.max, *order[1:])
        r.ids, r.loader, r.first, r.dated, r.records = ids, loader, None, None, None
        return r

    def _span(self) -> tuple[date | None, date | None]:
        """The event's dates as the report tells them: the narrowest stated date, else the article's date."""
        if self.dated:
            best = min(self.dated, key=lambda k: ((k.end - k.start) if k.end and k.start else timedelta(9999),
                                                  k.at))
            return best.start, best.end
        return self.first.start, self.first.end

    def _window(self) -> tuple[date, date] | None:
        """The days the event may have happened on: its stated dates, else up to a few days before the
        article; for a running total, the days before the date it runs to."""
        start, end = self.span
        lag = timedelta(days=LAG_DAYS[self.kind])
        if self.kind == TOTAL:
            end = end or self.published
            return (end - lag, end) if end else None
        if self.dated and start is not None:
            return start, end or start
        if self.published is None:
            return None
        return self.published - lag, self.published


def places_meet(spot_a: frozenset[str], words_a: frozenset[str], spot_b: frozenset[str],
                words_b: frozenset[str]) -> bool:
    """Whether two places can be one: either's most precise part is named in the other ("Dahieh, Beirut"
    and "Beirut" can; "Nuseirat, Gaza" and "Rafah, Gaza" cannot), or one names none."""
    return not (spot_a and spot_b) or bool(spot_a & words_b or spot_b & words_a)


def _union(sets: Iterable[frozenset[str]]) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for s in sets:
        if s:
            out = out | s if out else s
    return out


def split_article(records: Iterable[Keys]) -> list[Report]:
    """The reports of one article's records."""
    ordered = sorted(records, key=lambda k: (k.at, k.record_id))
    kinds = _kinds(ordered)
    reports: list[Report] = []
    for k in ordered:
        kind = kinds[k.record_id]
        home = _same_sentence(reports, k, kind) or _fitting(reports, k, kind)
        if home is None:
            home = Report(f"{k.article_id}#{len(reports)}", kind)
            reports.append(home)
        home.records.append(k)
        home.seal()
    return reports


def _kinds(ordered: list[Keys]) -> dict[str, str]:
    """Each record's kind; a derived figure takes the kind of the figure just before it in its sentence."""
    kinds = {}
    for i, k in enumerate(ordered):
        kind = k.kind
        if k.derived and i and ordered[i - 1].kind == TOTAL and _touching(ordered[i - 1], k):
            kind = TOTAL
        kinds[k.record_id] = kind
    return kinds


def _touching(a: Keys, b: Keys) -> bool:
    """Whether two records' evidence overlaps or lies within a few characters."""
    first, second = (a, b) if (a.at, a.at_end) <= (b.at, b.at_end) else (b, a)
    return second.at <= first.at_end + TOUCHING


def _same_sentence(reports: list[Report], k: Keys, kind: str) -> Report | None:
    """The report of a record of the same sentence: one event even when the two name different countries,
    as both sides of a clash or the contingents of several forces, unless they state different days or places,
    or tell of two agreements."""
    for report in reversed(reports):
        if report.kind == kind and any(_touching(r, k) for r in report.records):
            strict = kind == AGREEMENT
            return report if _fits(report, k, countries=strict) else None
    return None


def _fitting(reports: list[Report], k: Keys, kind: str) -> Report | None:
    """The report the record can join: one whose date window holds the record's date, preferring the
    article's main event (the one its publication date fits)."""
    fitting = [r for r in reports if r.kind == kind and _fits(r, k)]
    if not fitting:
        return None
    if k.dated_by == FROM_PUBLISHED:
        main = [r for r in fitting if not r.dated or _near_publication(r)]
        return (main or fitting)[0]
    return fitting[0]


def _near_publication(report: Report) -> bool:
    start, end = report.span
    published = report.published
    if published is None or end is None:
        return True
    return published - timedelta(days=REPORTING_LAG) <= end <= published + timedelta(days=1)


def _fits(report: Report, k: Keys, countries: bool = True) -> bool:
    """Whether the record can tell the same event as the report."""
    if not places_meet(report.place_spot, report.place_words, k.place_spot, k.place_words):
        return False
    # places in two countries are two events; people of two countries may be both sides of one clash
    place_countries = frozenset(countries_of(k.place))
    if countries and report.place_countries and place_countries and not (
            report.place_countries & place_countries):
        return False
    if report.kind == AGREEMENT:
        first = report.first
        if first.actors != k.actors:
            return False
    if k.dated_by != FROM_PUBLISHED and k.start is not None:
        stated = {(d.start, d.end) for d in report.dated}
        if stated:  # one article stating two dates tells two events
            return (k.start, k.end) in stated
        window = report.bounds
        if window and not _overlap(window, (k.start, k.end or k.start), slack=1):
            return False
    return True


def _overlap(a: tuple[date, date], b: tuple[date, date], slack: int = 0) -> bool:
    pad = timedelta(days=slack)
    return a[0] - pad <= b[1] and b[0] - pad <= a[1]

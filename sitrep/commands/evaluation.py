"""Scoring predicted records against gold annotations (the rules in the shared eval README).

Per article, predictions are matched one-to-one to gold facts of the same type: casualties on value and
measure (the "fact" level) or on value alone (the "number" level), troops on value, agreements on shared
parties. Required gold facts are matched first; a prediction matched to an optional gold fact is neither
rewarded nor penalised. Attributes are compared on matched pairs of required facts. Every prediction also goes
through a grounding audit.
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.building.audit import article_problems, record_problem
from sitrep.reading.countries import canonical_country, countries_in

TYPES = ("casualty", "troops", "agreement")
LEVELS = ("fact", "number")
RECORD_TYPE = {"casualty_figure": "casualty", "troop_deployment": "troops", "agreement": "agreement"}
ATTRIBUTES = ("attribution", "country", "force", "qualifier", "signed", "duration_years", "mutual_defence")


# ---------------------------------------------------------------- reading

@dataclass
class GoldArticle:
    id: str
    date: str | None
    text: str
    facts: list[dict]
    title: str | None = None


def load_gold(path: str | Path) -> list[GoldArticle]:
    articles = []
    for line in Path(path).read_text(encoding="utf-8").split("\n"):
        if line.strip():
            obj = json.loads(line)
            articles.append(GoldArticle(id=str(obj["id"]), date=obj.get("date") or obj.get("published"),
                                        text=obj["text"], facts=list(obj.get("facts") or []),
                                        title=obj.get("title")))
    return articles


def load_records(path: str | Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").split("\n") if line.strip()]


# ---------------------------------------------------------------- loose name comparison

_GENERIC = {"the", "of", "and", "forces", "force", "troops", "army", "armed", "military", "government",
            "network", "group", "officials", "authorities", "s"}


def _words(name: str) -> list[str]:
    name = name.replace("\u2019", "'").lower()
    name = re.sub(r"'s\b", "", name)
    return re.findall(r"[a-z0-9]+", name)


def _norm(name: str) -> str:
    words = _words(name)
    while words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def same_name(a: str | None, b: str | None) -> bool:
    """Loose equality for country and group names: "North Korean" ~ "North Korea", "UK" ~ "United Kingdom",
    "United States Armed Forces" ~ "US", "Haqqani network" ~ "Haqqani"."""
    if not a or not b:
        return False
    ca, cb = canonical_country(a), canonical_country(b)
    if ca and cb and _norm(ca) == _norm(cb):
        return True
    ta = {w for w in _words(a) if w not in _GENERIC}
    tb = {w for w in _words(b) if w not in _GENERIC}
    return bool(ta) and bool(tb) and (ta <= tb or tb <= ta)


def same_claimant(predicted: str | None, accepted: list[str] | None) -> bool:
    """Whether a predicted claimant names one of the accepted names (case, "the" and possessives ignored;
    a name of two or more words may sit inside the other, as "Ana Maria Ruiz" in "foreign minister Ana
    Maria Ruiz")."""
    if not predicted or not accepted:
        return False
    p = _norm(predicted)
    for name in accepted:
        g = _norm(name)
        if not g:
            continue
        if p == g or (canonical_country(predicted) or "").lower() == (canonical_country(name) or "-").lower():
            return True
        shorter, longer = sorted((p, g), key=len)
        if len(shorter.split()) >= 2 and re.search(rf"(^| ){re.escape(shorter)}( |$)", longer):
            return True
    return False


# ---------------------------------------------------------------- one side of a pair, as plain fields

@dataclass
class Fact:
    """A gold fact or a predicted record, reduced to what scoring needs."""

    type: str
    value: int | None = None
    measure: str | None = None
    who: str | None = None  # casualty group or troop force
    country: str | None = None
    parties: list[str] = field(default_factory=list)
    claimants: list[str] | None = None  # gold: accepted names; prediction: [name] or None
    qualifier: str | None = None
    derived: bool = False
    signed: str | None = None
    duration_years: float | None = None
    mutual_defence: bool | None = None
    quote: str = ""
    start: int | None = None
    end: int | None = None
    optional: bool = False
    raw: dict = field(default_factory=dict, repr=False)

    def label(self) -> str:
        if self.type == "agreement":
            return f"agreement {'+'.join(self.parties)}"
        what = f" {self.measure}" if self.measure else ""
        return f"{self.type} {self.value}{what} ({self.who})"


def gold_fact(obj: dict, text: str) -> Fact:
    claimants = obj.get("attributed_to")
    quote = obj.get("quote") or ""
    at = text.find(quote) if quote else -1
    return Fact(type=obj["type"], value=obj.get("value"), measure=obj.get("measure"),
                who=obj.get("group") or obj.get("force"), country=obj.get("country"),
                parties=list(obj.get("parties") or []),
                claimants=[claimants] if isinstance(claimants, str) else claimants,
                qualifier=obj.get("qualifier"), derived=bool(obj.get("derived")), signed=obj.get("signed"),
                duration_years=obj.get("duration_years"), mutual_defence=obj.get("mutual_defence"),
                quote=quote, start=at if at >= 0 else None, end=at + len(quote) if at >= 0 else None,
                optional=bool(obj.get("optional")), raw=obj)


def predicted_fact(record: dict) -> Fact | None:
    kind = RECORD_TYPE.get(record.get("record_type", ""))
    if kind is None:
        return None
    count = record.get("count") or {}
    evidence = record.get("evidence") or {}
    claimant = record.get("attributed_to")
    return Fact(type=kind, value=count.get("value"), measure=record.get("measure"),
                who=record.get("group") or record.get("force"), country=record.get("country"),
                parties=list(record.get("parties") or []), claimants=[claimant] if claimant else None,
                qualifier=count.get("qualifier"), derived=bool(count.get("derived")),
                signed=record.get("signed"), duration_years=record.get("duration_years"),
                mutual_defence=record.get("mutual_defence"), quote=evidence.get("quote") or "",
                start=evidence.get("start"), end=evidence.get("end"), raw=record)


def country_of(fact: Fact) -> str | None:
    """The country a fact's group/force names (or its country field)."""
    if fact.country:
        return canonical_country(fact.country)
    named = countries_in(fact.who or "")
    return named[0] if named else None


# ---------------------------------------------------------------- matching

def compatible(gold: Fact, pred: Fact, level: str) -> bool:
    if gold.type != pred.type:
        return False
    if gold.type == "agreement":
        named = sum(any(same_name(g, p) for p in pred.parties) for g in gold.parties)
        return named >= min(2, len(gold.parties))
    if gold.value is None or pred.value != gold.value:
        return False
    return gold.type != "casualty" or level == "number" or gold.measure == pred.measure


def preference(gold: Fact, pred: Fact) -> tuple:
    """Among compatible predictions, prefer the one naming the same country, then the one quoting the same
    words."""
    same_country = same_name(country_of(gold), country_of(pred))
    if gold.type == "agreement":
        same_country = sum(any(same_name(g, p) for p in pred.parties) for g in gold.parties)
    overlap = 0
    if None not in (gold.start, gold.end, pred.start, pred.end):
        overlap = max(0, min(gold.end, pred.end) - max(gold.start, pred.start))
    return (same_country, overlap > 0, gold.measure == pred.measure)


def match(golds: list[Fact], preds: list[Fact], level: str) -> dict[int, int]:
    """A maximum one-to-one matching gold index -> prediction index; required gold facts are served first
    (augmenting paths never unmatch a gold fact, so optional facts only take predictions left over)."""
    owner: dict[int, int] = {}  # prediction -> gold
    options = {g: sorted((p for p in range(len(preds)) if compatible(golds[g], preds[p], level)),
                         key=lambda p, g=g: preference(golds[g], preds[p]), reverse=True)
               for g in range(len(golds))}

    def augment(g: int, seen: set[int]) -> bool:
        for p in options[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in sorted(range(len(golds)), key=lambda g: golds[g].optional):
        augment(g, set())
    return {g: p for p, g in owner.items()}


# ---------------------------------------------------------------- attributes and grounding

def attribute_checks(gold: Fact, pred: Fact) -> dict[str, bool]:
    """Which attributes a matched pair gets right (only the attributes that apply to the pair)."""
    checks: dict[str, bool] = {}
    if gold.claimants:
        checks["attribution"] = same_claimant(pred.claimants[0] if pred.claimants else None, gold.claimants)
    if gold.type == "casualty":
        g, p = canonical_country(gold.country) if gold.country else None, country_of(pred)
        checks["country"] = (g is None and not pred.country) or same_name(g, p)
    if gold.type == "troops":
        checks["force"] = same_name(gold.who, pred.who)
    if gold.type in ("casualty", "troops") and gold.qualifier:
        checks["qualifier"] = gold.qualifier == pred.qualifier
    if gold.type == "agreement":
        checks["signed"] = (gold.signed is None and pred.signed is None) or bool(
            gold.signed and pred.signed and str(pred.signed).startswith(str(gold.signed)))
        gd, pd = gold.duration_years, pred.duration_years
        checks["duration_years"] = (gd is None and pd is None) or (
            gd is not None and pd is not None and abs(pd - gd) <= 0.02 * abs(gd))
        checks["mutual_defence"] = gold.mutual_defence == pred.mutual_defence
    return checks


def grounding_problem(record: dict, text: str | None) -> str | None:
    """Why one predicted record fails the audit (see sitrep.building.audit), or None."""
    return record_problem(record, text)


# ---------------------------------------------------------------- per article and overall

@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


@dataclass
class ArticleScore:
    id: str
    tallies: dict[tuple[str, str], Tally]  # (level, type) -> tally
    missed: list[Fact]  # required gold facts not found (fact level)
    spurious: list[Fact]  # predictions matching no gold fact (fact level)
    pairs: list[tuple[Fact, Fact, dict[str, bool]]]  # matched required facts and their attribute checks
    ungrounded: list[tuple[dict, str]]
    seconds: float | None = None


def score_article(gold: GoldArticle, records: list[dict]) -> ArticleScore:
    golds = [gold_fact(f, gold.text) for f in gold.facts]
    preds = [f for f in (predicted_fact(r) for r in records) if f is not None]
    score = ArticleScore(gold.id, {}, [], [], [], [])
    for level in LEVELS:
        matched = match(golds, preds, level)
        used = set(matched.values())
        for kind in TYPES:
            t = Tally()
            t.tp = sum(1 for g, p in matched.items() if golds[g].type == kind and not golds[g].optional)
            t.fn = sum(1 for g, f in enumerate(golds)
                       if f.type == kind and not f.optional and g not in matched)
            t.fp = sum(1 for p, f in enumerate(preds) if f.type == kind and p not in used)
            score.tallies[(level, kind)] = t
        if level == "fact":
            score.missed = [f for g, f in enumerate(golds) if not f.optional and g not in matched]
            score.spurious = [f for p, f in enumerate(preds) if p not in used]
            score.pairs = [(golds[g], preds[p], attribute_checks(golds[g], preds[p]))
                           for g, p in sorted(matched.items()) if not golds[g].optional]
    score.ungrounded = article_problems(records, gold.text)
    return score


def score(gold: list[GoldArticle], records: list[dict], seconds: dict[str, float] | None = None) -> dict:
    """The whole report as plain data (what `sitrep eval --json` prints)."""
    by_article: dict[str, list[dict]] = {}
    for r in records:
        by_article.setdefault(str((r.get("article") or {}).get("id")), []).append(r)
    known = {g.id for g in gold}
    articles = [score_article(g, by_article.get(g.id, [])) for g in gold]
    seconds = seconds or {}
    for a in articles:
        a.seconds = seconds.get(a.id)
    totals = {(level, kind): Tally() for level in LEVELS for kind in (*TYPES, "all")}
    attributes = {name: [0, 0] for name in ATTRIBUTES}
    spurious_claimants = 0
    for a in articles:
        for (level, kind), t in a.tallies.items():
            totals[(level, kind)].add(t)
            totals[(level, "all")].add(t)
        for g, p, checks in a.pairs:
            for name, ok in checks.items():
                attributes[name][0] += ok
                attributes[name][1] += 1
            spurious_claimants += bool(not g.claimants and p.claimants)
    timed = [s for s in seconds.values() if s is not None]
    return {
        "articles": len(gold),
        "predicted_records": sum(len(v) for k, v in by_article.items() if k in known),
        "records_for_unknown_articles": sum(len(v) for k, v in by_article.items() if k not in known),
        "scores": {level: {kind: totals[(level, kind)].as_dict() for kind in ("all", *TYPES)}
                   for level in LEVELS},
        "attributes": {name: {"correct": c, "of": n} for name, (c, n) in attributes.items() if n},
        "claimant_where_gold_has_none": spurious_claimants,
        "grounding": {"failed": sum(len(a.ungrounded) for a in articles),
                      "of": sum(len(by_article.get(g.id, [])) for g in gold)},
        "seconds_per_article": {"median": round(statistics.median(timed), 2),
                                "mean": round(statistics.mean(timed), 2),
                                "max": round(max(timed), 2), "timed": len(timed)} if timed else None,
        "per_article": [_article_dict(a) for a in articles],
    }


def _article_dict(a: ArticleScore) -> dict:
    fact = Tally()
    for kind in TYPES:
        fact.add(a.tallies[("fact", kind)])
    return {
        "id": a.id, "tp": fact.tp, "fp": fact.fp, "fn": fact.fn, "seconds": a.seconds,
        "missed": [{"fact": f.label(), "quote": f.quote} for f in a.missed],
        "spurious": [{"fact": f.label(), "quote": f.quote} for f in a.spurious],
        "wrong_attributes": [{"fact": g.label(), "attribute": name, "gold": _attr(g, name),
                              "predicted": _attr(p, name)}
                             for g, p, checks in a.pairs for name, ok in checks.items() if not ok],
        "ungrounded": [{"quote": (r.get("evidence") or {}).get("quote"), "why": why}
                       for r, why in a.ungrounded],
    }


def _attr(fact: Fact, name: str):
    return {"attribution": fact.claimants, "country": fact.country, "force": fact.who,
            "qualifier": fact.qualifier, "signed": fact.signed, "duration_years": fact.duration_years,
            "mutual_defence": fact.mutual_defence}[name]

#!/usr/bin/env python3
"""Scores a grouping of a linking set's facts into events against the gold `event` labels.

  score.py GOLD --events EVENTS.jsonl    events grouped from the gold records (to_records.py output given
                                         to `sitrep events`)
  score.py GOLD --baseline               the naive grouping: record type + measure + country
  score.py GOLD                          groups the gold records with sitrep.events.build_events (imported
                                         only then)
  score.py GOLD --extracted RECORDS.jsonl [--events EVENTS.jsonl]
                                         end to end: real `sitrep extract` records of the set's articles and
                                         their events (built with build_events when --events is not given)

Figures: B-cubed precision/recall/F1 over facts; precision/recall/F1 over cross-article pairs of facts (two
facts of different articles that belong to one event); multi-article gold events found whole (all their facts
in one predicted event; "exact" when that event holds nothing else). Every report also gives the baseline.
`--required-only` leaves out the facts marked optional. End to end, each extracted record is mapped to the
gold fact it states (same article; same type and value — and measure for casualties, parties for agreements —
or else overlapping quotes), one record per fact; a record mapped to no fact is a false singleton (alone in
the gold), a fact no record states stays alone in the prediction."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from to_records import RECORD_TYPE, gold_labels, gold_records, load_gold, record_id  # noqa: E402

Clusters = Mapping[str, str]  # item -> cluster name


def _ratio(num: float, den: float) -> float:
    return num / den if den else 1.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _members(clusters: Clusters) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for item, name in clusters.items():
        out[name].add(item)
    return out


def bcubed(predicted: Clusters, gold: Clusters) -> tuple[float, float, float]:
    """B-cubed over the gold items; an item the prediction leaves out is alone."""
    if not gold:
        return 1.0, 1.0, 1.0
    pred = {item: predicted.get(item, f"\0alone:{item}") for item in gold}
    pm, gm = _members(pred), _members(gold)
    p = r = 0.0
    for item in gold:
        mine, truth = pm[pred[item]], gm[gold[item]]
        both = len(mine & truth)
        p += both / len(mine)
        r += both / len(truth)
    p, r = p / len(gold), r / len(gold)
    return p, r, _f1(p, r)


def _cross_pairs(clusters: Clusters, article_of: Mapping[str, str]) -> set[tuple[str, str]]:
    pairs = set()
    for items in _members(clusters).values():
        ordered = sorted(items)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if article_of[a] != article_of[b]:
                    pairs.add((a, b))
    return pairs


def pair_scores(predicted: Clusters, gold: Clusters, article_of: Mapping[str, str]) -> dict:
    """Precision/recall/F1 over pairs of facts from different articles that share an event."""
    pred = {item: predicted.get(item, f"\0alone:{item}") for item in gold}
    gp, pp = _cross_pairs(gold, article_of), _cross_pairs(pred, article_of)
    right = len(gp & pp)
    p, r = _ratio(right, len(pp)), _ratio(right, len(gp))
    return {"precision": p, "recall": r, "f1": _f1(p, r), "gold_pairs": len(gp), "predicted_pairs": len(pp),
            "correct_pairs": right}


def whole_events(predicted: Clusters, gold: Clusters, article_of: Mapping[str, str]) -> dict:
    """Gold events told by several articles whose facts all fall in one predicted event."""
    pred = {item: predicted.get(item, f"\0alone:{item}") for item in gold}
    pm = _members(pred)
    multi = {name: items for name, items in _members(gold).items()
             if len({article_of[i] for i in items}) > 1}
    whole, exact, split = [], [], []
    for name, items in sorted(multi.items()):
        homes = {pred[i] for i in items}
        if len(homes) == 1:
            whole.append(name)
            if pm[homes.pop()] == items:
                exact.append(name)
        else:
            split.append(name)
    return {"found": len(whole), "exact": len(exact), "total": len(multi), "split": split}


def score(predicted: Clusters, gold: Clusters, article_of: Mapping[str, str]) -> dict:
    p, r, f = bcubed(predicted, gold)
    return {"bcubed": {"precision": p, "recall": r, "f1": f},
            "pairs": pair_scores(predicted, gold, article_of),
            "whole": whole_events(predicted, gold, article_of), "items": len(gold),
            "predicted_events": len({predicted.get(i, f"\0alone:{i}") for i in gold})}


def clusters_from_events(events: Iterable, universe: Iterable[str],
                         rename: Mapping[str, str] | None = None) -> tuple[dict[str, str], list[str]]:
    """Item -> event of an events file's lines (or Event models), restricted to the universe; record ids are
    turned into items by `rename` when given. Items no event holds are left out (scored as alone)."""
    universe = set(universe)
    clusters: dict[str, str] = {}
    notes: list[str] = []
    for n, event in enumerate(events):
        if not isinstance(event, dict):
            event = {"record_ids": getattr(event, "record_ids", None),
                     "event_id": getattr(event, "event_id", None)}
        ids, name = event.get("record_ids"), event.get("event_id") or f"e{n}"
        for rid in ids or []:
            item = rename.get(rid, rid) if rename is not None else rid
            if item not in universe:
                continue
            if item in clusters:
                notes.append(f"{rid} is in more than one event")
                continue
            clusters[item] = str(name)
    missing = universe - set(clusters)
    if missing:
        notes.append(f"{len(missing)} of the scored facts are in no event (scored as alone)")
    return clusters, notes


def baseline_clusters(records: Iterable[dict]) -> dict[str, str]:
    """The naive grouping: casualties by measure and country, troops by force, agreements by parties."""
    out = {}
    for rec in records:
        kind = rec["record_type"]
        if kind == "casualty_figure":
            key = (kind, rec.get("measure"), rec.get("country"))
        elif kind == "troop_deployment":
            key = (kind, "troops", rec.get("force"))
        else:
            key = (kind, None, tuple(sorted(rec.get("parties") or [])))
        out[rec["record_id"]] = json.dumps(key)
    return out


def sitrep_events(records: list[dict]) -> list:
    from sitrep.events import build_events  # the events package, only when asked to group

    return build_events(records)


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# --- end to end: extracted records mapped to the gold facts they state -------------------------------------

def _name(s: str) -> str:
    return re.sub(r"[^a-z]", "", s.lower().removeprefix("the "))


def _same_party(a: str, b: str) -> bool:
    a, b = _name(a), _name(b)
    n = min(len(a), len(b), 6)
    return bool(n) and a[:n] == b[:n]


def _parties_match(gold: list[str], found: list[str]) -> bool:
    named = sum(any(_same_party(g, f) for f in found) for g in gold)
    return named >= min(2, len(gold))


def _value_match(rec: dict, fact: dict) -> bool:
    kind = fact["type"]
    if kind == "agreement":
        return _parties_match(fact.get("parties") or [], rec.get("parties") or [])
    value = (rec.get("count") or {}).get("value")
    if value != fact.get("value"):
        return False
    return kind != "casualty" or rec.get("measure") == fact.get("measure")


def _overlap(rec: dict, text: str, quote: str) -> int:
    start = text.find(quote)
    ev = rec.get("evidence") or {}
    if start < 0 or ev.get("start") is None:
        return 0
    return max(0, min(start + len(quote), ev["end"]) - max(start, ev["start"]))


def map_extracted(extracted: list[dict], items: list[dict],
                  keep_optional: bool = True) -> dict[str, str | None]:
    """Extracted record id -> the gold record id (article#fact) it states, or None; one record per fact."""
    by_article = {item["id"]: item for item in items}
    candidates = []
    for n, rec in enumerate(extracted):
        item = by_article.get((rec.get("article") or {}).get("id"))
        if item is None:
            continue
        for i, fact in enumerate(item["facts"]):
            if not keep_optional and fact.get("optional"):
                continue
            if RECORD_TYPE[fact["type"]] != rec.get("record_type"):
                continue
            overlap = _overlap(rec, item["text"], fact["quote"])
            strong = _value_match(rec, fact)
            if strong or overlap:
                candidates.append((-int(strong), -overlap, n, i, rec["record_id"], record_id(item["id"], i)))
    mapped: dict[str, str | None] = {rec["record_id"]: None for rec in extracted}
    taken: set[str] = set()
    for *_, rid, gid in sorted(candidates):
        if mapped[rid] is None and gid not in taken:
            mapped[rid], taken = gid, taken | {gid}
    return mapped


def end_to_end(items: list[dict], extracted: list[dict], events: list, keep_optional: bool = True) -> dict:
    labels = gold_labels(items, keep_optional)
    article_of = {gid: gid.rsplit("#", 1)[0] for gid in labels}
    mapped = map_extracted(extracted, items, keep_optional)
    gold = dict(labels)
    rename = {}
    for rec in extracted:
        rid = rec["record_id"]
        item = mapped[rid] or f"x:{rid}"
        rename[rid] = item
        if mapped[rid] is None:
            gold[item] = f"\0false:{rid}"
            article_of[item] = (rec.get("article") or {}).get("id") or item
    predicted, notes = clusters_from_events(events, gold, rename)
    result = score(predicted, gold, article_of)
    result["mapping"] = {"records": len(extracted), "mapped": sum(v is not None for v in mapped.values()),
                         "unmapped": sum(v is None for v in mapped.values()), "gold_facts": len(labels)}
    result["notes"] = notes
    return result


# --- report ------------------------------------------------------------------------------------------------

def explain(predicted: Clusters, gold: Clusters) -> list[str]:
    lines = []
    pm, gm = _members(predicted), _members(gold)
    for name, items in sorted(gm.items()):
        homes = defaultdict(list)
        for i in sorted(items):
            homes[predicted.get(i, f"alone:{i}")].append(i)
        if len(homes) > 1:
            lines.append(f"split   {name}: " + " | ".join(", ".join(v) for v in homes.values()))
    for name, items in sorted(pm.items()):
        labels = defaultdict(list)
        for i in sorted(items):
            labels[gold.get(i, "?")].append(i)
        if len(labels) > 1:
            lines.append(f"merged  {name}: " + " | ".join(f"{k}: {', '.join(v)}" for k, v in labels.items()))
    return lines


def _line(name: str, s: dict) -> str:
    b, p, w = s["bcubed"], s["pairs"], s["whole"]
    return (f"{name:<12} B-cubed P {b['precision']:.3f} R {b['recall']:.3f} F1 {b['f1']:.3f} | pairs P "
            f"{p['precision']:.3f} R {p['recall']:.3f} F1 {p['f1']:.3f} ({p['correct_pairs']} of "
            f"{p['gold_pairs']} gold, {p['predicted_pairs']} predicted) | whole {w['found']} of {w['total']} "
            f"(exact {w['exact']}) | {s['predicted_events']} events")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("--events", type=Path, help="events JSONL (lines with record_ids)")
    ap.add_argument("--baseline", action="store_true", help="score only the type+measure+country grouping")
    ap.add_argument("--extracted", type=Path, help="end to end: records extracted from the set's articles")
    ap.add_argument("--required-only", action="store_true", help="leave out the facts marked optional")
    ap.add_argument("--explain", action="store_true", help="list split gold events and merged predictions")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    keep = not args.required_only
    items = load_gold(args.gold)
    records = gold_records(items, keep)
    gold = gold_labels(items, keep)
    article_of = {gid: gid.rsplit("#", 1)[0] for gid in gold}
    report: dict = {"gold": str(args.gold), "articles": len(items), "facts": len(gold),
                    "gold_events": len(set(gold.values()))}
    base = baseline_clusters(records)
    report["baseline"] = score(base, gold, article_of)
    predicted: Clusters | None = None
    if args.extracted:
        extracted = read_jsonl(args.extracted)
        events = read_jsonl(args.events) if args.events else sitrep_events(extracted)
        report["end_to_end"] = end_to_end(items, extracted, events, keep)
    elif not args.baseline:
        events = read_jsonl(args.events) if args.events else sitrep_events(records)
        predicted, notes = clusters_from_events(events, gold)
        report["grouping"] = score(predicted, gold, article_of) | {"notes": notes}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    multi = report["baseline"]["whole"]["total"]
    print(f"{args.gold.name}: {report['facts']} facts, {report['articles']} articles, "
          f"{report['gold_events']} gold events ({multi} told by several articles)")
    if "grouping" in report:
        print(_line("events", report["grouping"]))
        for note in report["grouping"]["notes"]:
            print(f"  note: {note}")
    if "end_to_end" in report:
        e = report["end_to_end"]
        m = e["mapping"]
        print(_line("end to end", e))
        print(f"  {m['records']} records, {m['mapped']} mapped to gold facts, {m['unmapped']} unmapped "
              f"(false singletons); {m['gold_facts'] - m['mapped']} gold facts stated by no record")
        for note in e["notes"]:
            print(f"  note: {note}")
    print(_line("baseline", report["baseline"]))
    if args.explain and predicted is not None:
        print("\n".join(explain(predicted, gold)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

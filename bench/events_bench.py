"""How long `sitrep events` takes on a large output, and how much memory: a full grouping of 100,000 synthetic
records, then an update after the records of 100 more articles are appended (as `sitrep extract --events`
does after a run), then a full rebuild to check the update wrote the same bytes.

    .venv/bin/python bench/events_bench.py [--records 100000] [--articles 100] [--keep DIR]

The records are invented: incidents in invented towns of a few real countries over two years, each told by
one to eight articles of different outlets over the next days (rising tolls, other claimants, wounded beside
killed, a running total now and then), with deployments and agreements among them. Each step runs in a child
process, so its peak resident memory is its own; wall and CPU seconds are both given, as other work on the
machine slows the wall clock."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

COUNTRIES = ["Ukraine", "Sudan", "Syria", "Mali", "Nigeria", "Somalia", "Yemen", "Myanmar", "Colombia",
             "Mexico", "Pakistan", "Afghanistan", "Ethiopia", "Burkina Faso", "Haiti", "Iraq"]
SYLLABLES = ["ka", "lo", "mir", "ta", "ven", "dor", "sa", "ril", "bo", "ne", "tar", "vi", "gan", "ol", "ru"]
OUTLETS = [f"Outlet {chr(65 + i)}{chr(65 + j)}" for i in range(8) for j in range(8)]
CLAIMANTS = [None, "the regional governor", "local officials", "the health ministry", "police", "the army",
             "a rebel spokesman", "hospital staff"]
GROUPS = ["people", "civilians", "soldiers", "fighters", "police officers", "children", "villagers"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
EXTRACTION = {"model": "synthetic", "prompt_version": "none", "extracted_at": "2026-01-01T00:00:00Z"}
START = date(2023, 1, 1)


def _town(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _rid(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:24]


def _record(article: dict, n: int, kind: str, quote: str, **fields) -> dict:
    base = {"schema_version": "1", "record_id": _rid(article["id"], n, quote), "record_type": kind,
            "article": article, "attributed_to": fields.pop("claimant", None),
            "evidence": {"quote": quote, "start": n * 120, "end": n * 120 + len(quote)},
            "extraction": EXTRACTION}
    return {**base, **fields}


def _count(value: int, qualifier: str = "exact") -> dict:
    return {"value": value, "low": None, "high": None, "qualifier": qualifier, "derived": False,
            "text": str(value)}


def _incident(rng: random.Random, article: dict, day: date, town: str, country: str, toll: int) -> list[dict]:
    claimant, group = rng.choice(CLAIMANTS), rng.choice(GROUPS)
    when = f" on {WEEKDAYS[day.weekday()]}" if rng.random() < 0.4 else ""
    out = [_record(article, 0, "casualty_figure", f"An attack on {town}{when} killed {toll} {group}",
                   claimant=claimant, group=group, country=country if rng.random() < 0.5 else None,
                   measure="killed", count=_count(toll, rng.choice(["exact", "at_least"])),
                   location=f"{town}, {country}" if rng.random() < 0.3 else None, period=None)]
    if rng.random() < 0.7:
        wounded = toll * rng.randint(1, 4)
        out.append(_record(article, 1, "casualty_figure", f"and wounded {wounded} others", claimant=claimant,
                           group="others", country=None, measure="wounded", count=_count(wounded),
                           location=None, period=None))
    return out


def _total(article: dict, country: str, total: int) -> list[dict]:
    return [_record(article, 2, "casualty_figure",
                    f"{total} civilians have been killed in {country} since the war began",
                    claimant="the United Nations", group="civilians", country=country,
                    measure="killed", count=_count(total, "more_than"), location=None, period=None)]


def _deployment(rng: random.Random, article: dict, force: str, where: str, size: int) -> list[dict]:
    return [_record(article, 0, "troop_deployment", f"About {size} troops from {force} arrived in {where}",
                    claimant=rng.choice(CLAIMANTS), force=force, count=_count(size, "approximately"),
                    location=where, status="deployed")]


def _agreement(article: dict, parties: list[str], signed: date) -> list[dict]:
    return [_record(article, 0, "agreement", f"{parties[0]} and {parties[1]} signed a security pact",
                    parties=parties, title="security pact", signed=signed.isoformat(), duration_years=None,
                    mutual_defence=None, sectors=[], status="signed")]


def generate(n_records: int, seed: int = 1, first_article: int = 0,
             days: int = 730) -> tuple[list[dict], dict[str, str]]:
    """About `n_records` records of synthetic articles, and the true event of each record."""
    rng = random.Random(seed)
    records: list[dict] = []
    truth: dict[str, str] = {}
    number = first_article
    while len(records) < n_records:
        day = START + timedelta(days=rng.randrange(days))
        country, roll = rng.choice(COUNTRIES), rng.random()
        town, toll, event = _town(rng), rng.randint(1, 60), f"event-{seed}-{number}"
        for _ in range(rng.randint(1, 8)):
            published = day + timedelta(days=rng.randint(0, 2))
            article = {"id": f"art-{number}", "url": None, "title": None, "published": published.isoformat(),
                       "publisher": rng.choice(OUTLETS), "content_sha256": _rid("text", number)}
            number += 1
            if roll < 0.85:
                toll += rng.randint(0, 3)
                told = _incident(rng, article, day, town, country, toll)
                if rng.random() < 0.15:
                    total = _total(article, country, 300 * toll)
                    truth[total[0]["record_id"]] = f"total-{country}-{article['id']}"
                    told += total
            elif roll < 0.95:
                told = _deployment(rng, article, rng.choice(COUNTRIES), town, 100 * rng.randint(5, 50))
            else:
                told = _agreement(article, sorted(rng.sample(COUNTRIES, 2)), day)
            for r in told:
                truth.setdefault(r["record_id"], event)
            records += told
    return records, truth


def bcubed(events_path: Path, truth: dict[str, str]) -> float:
    """B-cubed F1 of the grouping against the true events, over the records of incidents, deployments and
    agreements (the synthetic running totals have no true grouping)."""
    predicted = {}
    with events_path.open(encoding="utf-8") as fh:
        for line in fh:
            event = json.loads(line)
            for rid in event["record_ids"]:
                predicted[rid] = event["event_id"]
    truth = {rid: e for rid, e in truth.items() if not e.startswith("total-")}
    gold_members, pred_members = defaultdict(set), defaultdict(set)
    for rid, e in truth.items():
        gold_members[e].add(rid)
        pred_members[predicted[rid]].add(rid)
    p = sum(len(pred_members[predicted[r]] & gold_members[truth[r]]) / len(pred_members[predicted[r]])
            for r in truth) / len(truth)
    r = sum(len(pred_members[predicted[x]] & gold_members[truth[x]]) / len(gold_members[truth[x]])
            for x in truth) / len(truth)
    return 2 * p * r / (p + r)


def _write(path: Path, records: list[dict], mode: str = "w") -> None:
    with path.open(mode, encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


STEP = """
import json, resource, sys, time
from pathlib import Path
from sitrep.events import update_events
started, cpu = time.perf_counter(), time.process_time()
result = update_events([Path(sys.argv[1])], Path(sys.argv[2]))
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak / 1024, "summary": result.summary()}))
"""


def _step(records: Path, events: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", STEP, str(records), str(events)], capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def _say(name: str, step: dict) -> str:
    return (f"{name}: {step['seconds']:.1f} s wall, {step['cpu']:.1f} s CPU, "
            f"peak RSS {step['peak_mb']:.0f} MB ({step['summary']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="Keep the records and events files here.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="sitrep-events-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    records, events, check = folder / "records.jsonl", folder / "records.events.jsonl", folder / "check.jsonl"
    for stale in [*folder.glob("records.events*"), *folder.glob("check*")]:
        stale.unlink()
    generated, truth = generate(args.records)
    _write(records, generated)
    articles = len({r["article"]["id"] for r in generated})
    full = _step(records, events)
    # the records of `--articles` more articles, about events already told and new ones
    extra, extra_truth = generate(args.articles * 3, seed=2, first_article=articles)
    ids = set(list(dict.fromkeys(r["article"]["id"] for r in extra))[:args.articles])
    more = [r for r in extra if r["article"]["id"] in ids]
    truth.update((r["record_id"], extra_truth[r["record_id"]]) for r in more)
    _write(records, more, mode="a")
    update = _step(records, events)
    rebuilt = _step(records, check)
    print(f"records: {len(generated)} of {articles} articles; then {len(more)} records of {len(ids)} "
          "articles")
    print(_say("full grouping", full))
    print(_say("update", update))
    print(_say("full rebuild after the update", rebuilt) + f"; same bytes as the update: "
          f"{check.read_bytes() == events.read_bytes()}")
    print(f"B-cubed F1 against the synthetic events: {bcubed(events, truth):.3f}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; files in {folder}")


if __name__ == "__main__":
    main()

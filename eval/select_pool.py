"""Draw the items of the second annotated set and of the empty-item sample from the shared pool, by a fixed
seed.

  python eval/select_pool.py ../shared/eval/pool/wcep-2022-2025.jsonl.gz eval/
  python eval/select_pool.py ../shared/eval/pool/wcep-2022-2025.jsonl.gz eval/ third   # further, smaller sets
  python eval/select_pool.py ../shared/eval/pool/wcep-2022-2025.jsonl.gz eval/ fourth
  python eval/select_pool.py ../shared/eval/pool/wcep-2022-2025.jsonl.gz eval/ fifth
  python eval/select_pool.py ../shared/eval/pool/wcep-2022-2025.jsonl.gz eval/ sixth
  python eval/select_pool.py ../shared/eval/pool/wcep-2022-2025.jsonl.gz eval/ seventh
  python eval/select_pool.py ../shared/eval/pool/wcep-2022-2025.jsonl.gz eval/ eighth
  python eval/select_pool.py ../shared/eval/pool/wcep-2022-2025.jsonl.gz eval/ ninth
  python eval/select_pool.py ../shared/eval/pool/wcep-2022-2025.jsonl.gz eval/ tenth
  python eval/select_pool.py ../shared/eval/pool/wcep-2022-2025.jsonl.gz eval/ eleventh

Writes `pool-candidates.jsonl` (items to annotate: single items, half of them drawn from items that use a word
of conflict, half from all items, and whole days of the portal, each 2,000 characters or more) and
`empty-candidates.jsonl` (further single items drawn from all items, to be labelled as holding a fact or not).
The draw depends on nothing but the seed and the pool, never on what the method does with an item."""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

SEED = 20261201
CONFLICT = re.compile(r"\b(?:kill\w*|dead|death\w*|wound\w*|injur\w*|troops|soldiers|militar\w*|attack\w*|"
                      r"strike\w*|missile\w*|shell\w*|bomb\w*|hostage\w*|captur\w*|prisoner\w*|agreement\w*|"
                      r"treat\w*|deal|ceasefire|accord|pact|sign\w*)\b", re.IGNORECASE)
N_CONFLICT, N_ANY, N_DAYS, N_EMPTY = 50, 50, 25, 300
# further sets, each drawn after the one before was scored, from what the earlier draws left:
# name -> (seed, conflict-word items, any items, whole days)
LATER = {"third": (20261202, 40, 20, 10), "fourth": (20261203, 45, 15, 5), "fifth": (20261204, 45, 15, 5),
         "sixth": (20261205, 45, 15, 5), "seventh": (20261206, 45, 15, 5),
         "eighth": (20261207, 45, 15, 5), "ninth": (20261208, 45, 15, 5),
         "tenth": (20261209, 45, 15, 5), "eleventh": (20261210, 45, 15, 5)}


def main(pool: str, out_dir: str, which: str = "second") -> None:
    items = [json.loads(line) for line in gzip.open(pool, "rt", encoding="utf-8")]
    if which in LATER:
        return later(items, Path(out_dir), which)
    rng = random.Random(SEED)
    by_day = defaultdict(list)
    for item in items:
        by_day[item["published"]].append(item)
    days = sorted(d for d, its in by_day.items() if sum(len(i["text"]) for i in its) + len(its) >= 2000)
    chosen_days = set(rng.sample(days, N_DAYS))
    single = [i for i in items if i["published"] not in chosen_days]
    conflict = [i for i in single if CONFLICT.search(i["text"])]
    picked = rng.sample(conflict, N_CONFLICT)
    taken = {i["id"] for i in picked}
    picked += rng.sample([i for i in single if i["id"] not in taken], N_ANY)
    taken = {i["id"] for i in picked}
    out = [{**i, "drawn_as": "conflict-word" if n < N_CONFLICT else "any"} for n, i in enumerate(picked)]
    for day in sorted(chosen_days):
        its = by_day[day]
        out.append({"id": f"pool-day-{day}", "published": day, "title": f"Portal:Current events/{day}",
                    "text": "\n".join(i["text"] for i in its), "drawn_as": "whole-day"})
    empty = rng.sample([i for i in single if i["id"] not in taken], N_EMPTY)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    for name, rows in (("pool-candidates.jsonl", out), ("empty-candidates.jsonl", empty)):
        with open(Path(out_dir) / name, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(out)} items to annotate ({sum(len(r['text']) >= 2000 for r in out)} of 2,000+ chars), "
          f"{len(empty)} for the empty sample")


def later(items: list[dict], out_dir: Path, which: str) -> None:
    """Items no earlier draw took (nor their days), drawn the same way with another seed."""
    seed, n_conflict, n_any, n_days = LATER[which]
    taken = set()
    earlier = list(LATER)[:list(LATER).index(which)]
    for name in ("pool-candidates.jsonl", "empty-candidates.jsonl",
                 *(f"{e}-candidates.jsonl" for e in earlier)):
        for line in open(out_dir / name, encoding="utf-8"):
            row = json.loads(line)
            taken.add(row["published"] if row["id"].startswith("pool-day-") else row["id"])
    rng = random.Random(seed)
    by_day = defaultdict(list)
    for item in items:
        by_day[item["published"]].append(item)
    days = sorted(d for d, its in by_day.items() if d not in taken
                  and sum(len(i["text"]) for i in its) >= 2000)
    chosen_days = set(rng.sample(days, n_days))
    single = [i for i in items if i["id"] not in taken and i["published"] not in chosen_days | taken]
    picked = rng.sample([i for i in single if CONFLICT.search(i["text"])], n_conflict)
    ids = {i["id"] for i in picked}
    picked += rng.sample([i for i in single if i["id"] not in ids], n_any)
    out = [{**i, "drawn_as": "conflict-word" if n < n_conflict else "any"} for n, i in enumerate(picked)]
    out += [{"id": f"pool-day-{d}", "published": d, "title": f"Portal:Current events/{d}",
             "text": "\n".join(i["text"] for i in by_day[d]), "drawn_as": "whole-day"}
            for d in sorted(chosen_days)]
    with open(out_dir / f"{which}-candidates.jsonl", "w", encoding="utf-8") as fh:
        for row in out:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(out)} items to annotate ({sum(len(r['text']) >= 2000 for r in out)} of 2,000+ chars)")


if __name__ == "__main__":
    main(*sys.argv[1:4])

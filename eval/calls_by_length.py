"""Model calls per article against article length: each language's recorded answers beside the English
articles of the same length that hold facts too (every English set's recorded answers; most short English
items hold nothing and take no call). An article with no recorded answer took no call.

  .venv/bin/python eval/calls_by_length.py
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sets import AnnotatedSet, recorded  # noqa: E402

BOUNDS = (1500, 3000, 6000)  # article length in characters: four bands
BANDS = ("up to 1,500 chars", "1,500 to 3,000", "3,000 to 6,000", "over 6,000")


def _band(chars: int) -> int:
    return sum(chars > b for b in BOUNDS)


def articles(s: AnnotatedSet) -> list[tuple[int, int, int]]:
    """(characters, model calls, kinds of fact it holds: casualties, troops, agreements) of each scored
    article of the set that holds a fact."""
    calls: dict[str, int] = defaultdict(int)
    for line in s.answers.read_text(encoding="utf-8").split("\n"):  # not splitlines: quotes hold U+2028
        if not line.strip():
            continue
        row = json.loads(line)
        if "answer" in row:
            calls[row["answer"]["article_id"]] += row["answer"].get("model_calls", 1)
    items = [json.loads(line) for line in s.gold.read_text(encoding="utf-8").split("\n") if line.strip()]
    scored = set(s.ids() or (item["id"] for item in items))
    return [(len(item["text"]), calls.get(item["id"], 0), len({f["type"] for f in item["facts"]}))
            for item in items if item["id"] in scored and item.get("facts")]


def main() -> int:
    sets = recorded()
    english = [a for s in sets if s.language == "en" for a in articles(s)]
    by_band: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for row in english:
        by_band[_band(row[0])].append(row)
    calls = {band: sum(r[1] for r in rows) / len(rows) for band, rows in by_band.items()}
    kinds = {band: sum(r[2] for r in rows) / len(rows) for band, rows in by_band.items()}
    mean_calls = sum(r[1] for r in english) / len(english)
    print(f"English: {len(english)} articles that hold facts, {mean_calls:.2f} calls each")
    for band in sorted(calls):
        print(f"  {BANDS[band]:>17}: {calls[band]:.2f} calls per article, {kinds[band]:.2f} kinds of fact "
              f"held ({len(by_band[band])} articles)")
    print("     set  articles  mean length  calls  kinds of fact held  "
          "English of the same lengths: calls  kinds")
    for s in sets:
        if s.language == "en":
            continue
        rows = articles(s)
        length = sum(r[0] for r in rows) / len(rows)
        mean, held = (sum(r[i] for r in rows) / len(rows) for i in (1, 2))
        same, same_held = (sum(table[_band(r[0])] for r in rows) / len(rows) for table in (calls, kinds))
        print(f"{s.name:>8}  {len(rows):>8}  {length:>11.0f}  {mean:>5.2f}  {held:>18.2f}  "
              f"{same:>34.2f}  {same_held:>5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

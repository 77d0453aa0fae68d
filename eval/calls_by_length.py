"""Model calls per article against article length: each language's recorded answers beside the English
articles of the same length (every English set's recorded answers). An article with no recorded answer took
no call.

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


def articles(s: AnnotatedSet) -> list[tuple[int, int]]:
    """(characters, model calls) of each scored article of the set."""
    calls: dict[str, int] = defaultdict(int)
    for line in s.answers.read_text(encoding="utf-8").split("\n"):  # not splitlines: quotes hold U+2028
        if not line.strip():
            continue
        row = json.loads(line)
        if "answer" in row:
            calls[row["answer"]["article_id"]] += row["answer"].get("model_calls", 1)
    items = [json.loads(line) for line in s.gold.read_text(encoding="utf-8").split("\n") if line.strip()]
    scored = set(s.ids() or (item["id"] for item in items))
    return [(len(item["text"]), calls.get(item["id"], 0)) for item in items if item["id"] in scored]


def main() -> int:
    sets = recorded()
    english = [a for s in sets if s.language == "en" for a in articles(s)]
    by_band: dict[int, list[int]] = defaultdict(list)
    for chars, n in english:
        by_band[_band(chars)].append(n)
    per_band = {band: sum(ns) / len(ns) for band, ns in by_band.items()}
    print(f"English: {len(english)} articles, {sum(n for _, n in english) / len(english):.2f} calls each")
    for band in sorted(per_band):
        print(f"  {BANDS[band]:>17}: {per_band[band]:.2f} calls per article ({len(by_band[band])} articles)")
    print("language  articles  mean length  calls per article  English articles of the same lengths")
    for s in sets:
        if s.language == "en":
            continue
        rows = articles(s)
        mean = sum(n for _, n in rows) / len(rows)
        same = sum(per_band[_band(chars)] for chars, _ in rows) / len(rows)
        length = sum(chars for chars, _ in rows) / len(rows)
        print(f"{s.language:>8}  {len(rows):>8}  {length:>11.0f}  {mean:>17.2f}  {same:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

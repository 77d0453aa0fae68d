"""How many required single-victim facts (a casualty of value 1) a set's records find.

  python bench/single_victims.py GOLD.jsonl RECORDS.jsonl
"""

from __future__ import annotations

import sys
from collections import defaultdict

from sitrep.commands.evaluation import load_gold, load_records, score_article


def main(gold_path: str, records_path: str) -> None:
    by_article = defaultdict(list)
    for record in load_records(records_path):
        by_article[record["article"]["id"]].append(record)
    found = total = 0
    for gold in load_gold(gold_path):
        result = score_article(gold, by_article[gold.id])
        matched = [g for g, _, _ in result.pairs if g.type == "casualty" and g.value == 1]
        missed = [g for g in result.missed if g.type == "casualty" and g.value == 1]
        found += len(matched)
        total += len(matched) + len(missed)
    print(f"single victims found: {found} of {total}")


if __name__ == "__main__":
    main(*sys.argv[1:3])

"""How well a language pack's candidates cover an annotated set, without the model: for each required
fact, whether the model would be asked about it (an asked candidate of its record type inside its quote), and
how many asked candidates touch no fact at all. The figure a pack is tuned on before any model run.

    python eval/gate_recall.py eval/lang/fr-gold.jsonl [--lang fr] [--misses] [--noise]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from sitrep.deciding.decide import decide
from sitrep.reading.pack import load, using
from sitrep.reading.reading import read


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    out, at = [], text.find(quote)
    while at >= 0:
        out.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return out


def covered(candidates, fact: dict, text: str) -> bool:
    spans = _spans(text, fact["quote"])
    for c in candidates.items:
        if not c.asked or c.record_type != fact_type(fact) or c.vague:
            continue
        if any(c.start < b and a < c.end for a, b in spans):
            return True
    return False


def fact_type(fact: dict) -> str:
    return {"casualty": "casualty_figure", "troops": "troop_deployment",
            "agreement": "agreement"}.get(fact["type"], fact["type"])


def score(items: list[dict], code: str, show_misses: bool, show_noise: bool) -> dict:
    hit, total, noise, asked = Counter(), Counter(), Counter(), Counter()
    with using(load(code)):
        for item in items:
            text = item["text"]
            candidates = decide(read(text, item.get("title")))
            spans = [s for f in item["facts"] for s in _spans(text, f["quote"])]
            for fact in item["facts"]:
                if fact.get("optional"):
                    continue
                kind = fact_type(fact)
                total[kind] += 1
                if covered(candidates, fact, text):
                    hit[kind] += 1
                elif show_misses:
                    print(f"MISS {item['id']} {kind}: {fact['quote']!r}")
            for c in candidates.items:
                if not c.asked or c.vague:
                    continue
                asked[c.record_type] += 1
                if not any(c.start < b and a < c.end for a, b in spans):
                    noise[c.record_type] += 1
                    if show_noise:
                        print(f"NOISE {item['id']} {c.record_type}: {c.passage!r}")
    return {kind: {"recall": round(hit[kind] / total[kind], 3) if total[kind] else None,
                   "facts": total[kind], "asked": asked[kind], "touching_no_fact": noise[kind]}
            for kind in ("casualty_figure", "troop_deployment", "agreement")}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--lang", help="the pack's code (default: the items' language, else en)")
    parser.add_argument("--misses", action="store_true", help="print each required fact no candidate covers")
    parser.add_argument("--noise", action="store_true", help="print each asked candidate touching no fact")
    args = parser.parse_args(argv)
    items = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    code = args.lang or (items[0].get("language") if items else None) or "en"
    print(json.dumps(score(items, code, args.misses, args.noise), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

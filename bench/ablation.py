"""What each code step of the method gains on a gold set: extract once with the configured model, keep the model's
grounded items, then rebuild the records with one code step switched off at a time and score each variant.

    python bench/ablation.py --gold ../shared/eval/dev.jsonl                # extracts (minutes), then replays
    python bench/ablation.py --gold ../shared/eval/dev.jsonl --items bench/out/ablation-items.json   # replay only
    python bench/ablation.py --gold ../shared/eval/dev.jsonl --model-side   # + one extraction per model-side row

The model's answers are the same in every code-side row (they are replayed), so a row's difference from "full
method" is what that step of `sitrep/assemble.py` adds on top of the model's reading. Model-side rows change what
the model is asked, so each extracts the gold articles again."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sitrep.assemble as asm
import sitrep.extract as ex
import sitrep.items as items
from schemas import Article
from sitrep.config import Settings
from sitrep.evaluation import load_gold, score
from sitrep.grounding import Span
from sitrep.items import AgreementItem, CasualtyItem, TroopItem
from sitrep.llm import backend_for

ITEM_MODELS = {"casualty_figure": CasualtyItem, "troop_deployment": TroopItem, "agreement": AgreementItem}

# one code step switched off per row: (module, attribute, replacement)
VARIANTS = {
    "full method": [],
    "- figures derived from fractions by code": [(asm, "derived_from", lambda record, article: [])],
    "- one record per fact (duplicate merging)": [(asm, "_same_fact", lambda a, b: False)],
    "- agreement parties checked against the sentence": [(asm, "_supported", lambda parties, s, c: parties)],
    "- claimants from attribution phrases": [(asm, "claimant", lambda text, start, end: None)],
    "- measure from the number's own clause": [(asm, "measure_near", lambda sentence, n: None)],
    "- non-people and not-harmed numbers dropped": [(asm, "counts_things", lambda s, n: False),
                                                     (asm, "not_harmed", lambda s, n: False)],
    "- countries by code": [(asm, "_country", lambda group, sentence, mention, claimant_name: None)],
}

# what the model is asked, changed per row: each needs an extraction of its own
MODEL_VARIANTS = {
    "- passages code found, listed after the task (prompts/hints.md)": [(ex, "hints", lambda record_type, text: [])],
    "- grounding repair and re-ask (items taken as the model gives them)": [
        (items, "ground", lambda item, article: None), (items, "not_reported", lambda item, article: None)],
}


def articles_of(gold) -> list[Article]:
    return [Article(id=g.id, text=g.text, title=g.title, published=g.date) for g in gold]


def extract_items(articles: list[Article]) -> dict:
    """Run the real extraction; keep every article's grounded items (what build_records receives)."""
    settings = Settings()
    backend = backend_for(settings)
    kept: dict[str, list] = {}
    real_build = ex.build_records

    def keep(found, article, info):
        kept[article.id] = [{"record_type": f.record_type, "item": f.item.model_dump(),
                             "span": [f.span.start, f.span.end]} for f in found]
        return real_build(found, article, info)

    with mock.patch.object(ex, "build_records", keep):
        for i, article in enumerate(articles, 1):
            ex.extract_article(article, backend, settings)
            print(f"  {i}/{len(articles)} {article.id}: {len(kept[article.id])} items", file=sys.stderr)
    return kept


def rebuild(articles: list[Article], kept: dict) -> list[dict]:
    info = asm.extraction_info("replay", "replay")
    records = []
    for article in articles:
        found = [asm.Found(f["record_type"], ITEM_MODELS[f["record_type"]].model_construct(**f["item"]),
                           Span(f["span"][0], f["span"][1], article.text[f["span"][0]:f["span"][1]]))
                 for f in kept.get(article.id, [])]
        records += [r.model_dump(mode="json") for r in asm.build_records(found, article, info)]
    return records


@contextmanager
def switched_off(patches):
    with ExitStack() as stack:
        for module, name, value in patches:
            stack.enter_context(mock.patch.object(module, name, value))
        yield


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", required=True)
    parser.add_argument("--items", default="bench/out/ablation-items.json",
                        help="the model's grounded items: read when present, else extracted and written here")
    parser.add_argument("--model-side", action="store_true",
                        help="also run the model-side rows (one extraction each, minutes)")
    args = parser.parse_args()
    gold = load_gold(args.gold)
    articles = articles_of(gold)
    items_path = Path(args.items)
    if items_path.exists():
        kept = json.loads(items_path.read_text(encoding="utf-8"))
    else:
        kept = extract_items(articles)
        items_path.parent.mkdir(parents=True, exist_ok=True)
        items_path.write_text(json.dumps(kept, ensure_ascii=False, indent=1), encoding="utf-8")
    print("| variant | fact P | fact R | fact F1 | TP | FP | FN | attribution | country | grounding failures |")
    print("|---|---|---|---|---|---|---|---|---|---|", flush=True)
    for name, patches in VARIANTS.items():
        with switched_off(patches):
            print_row(name, score(gold, rebuild(articles, kept)))
    if args.model_side:
        for name, patches in MODEL_VARIANTS.items():
            with switched_off(patches):
                print_row(name, score(gold, rebuild(articles, extract_items(articles))))


def print_row(name: str, report: dict) -> None:
    f = report["scores"]["fact"]["all"]
    at, country = (report["attributes"].get(name, {"correct": 0, "of": 0}) for name in ("attribution", "country"))
    print(f"| {name} | {f['precision']:.2f} | {f['recall']:.2f} | {f['f1']:.2f} | {f['tp']} | {f['fp']} | "
          f"{f['fn']} | {at['correct']}/{at['of']} | {country['correct']}/{country['of']} | "
          f"{report['grounding']['failed']} |", flush=True)


if __name__ == "__main__":
    main()

"""What each code step of the method adds: the gold articles' cached model answers are replayed (no model
call) with one step of the record builder switched off at a time, and each variant is scored.

    python bench/ablation.py --gold eval/dev-gold.jsonl --cache-dir .cache/eval

The answers must be in the cache (run `sitrep eval --gold … --cache-dir …` once). Every row uses the same
answers, so a row's difference from "full method" is what that step adds on top of the model's reading."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sitrep.building.agreements as agr  # noqa: E402
import sitrep.building.build as bld  # noqa: E402
import sitrep.building.casualties as cas  # noqa: E402
import sitrep.building.records as rec  # noqa: E402
import sitrep.building.troops as trp  # noqa: E402
import sitrep.deciding.candidates as cand  # noqa: E402
import sitrep.deciding.victims as vic  # noqa: E402
import sitrep.extract as ext  # noqa: E402
from sitrep.commands.evaluation import load_gold, score  # noqa: E402
from sitrep.config import Settings  # noqa: E402
from sitrep.extract import extract_article, plan_calls  # noqa: E402
from sitrep.io.sources import read_inputs  # noqa: E402
from sitrep.llm.cache import AnswerCache  # noqa: E402

# one code step switched off per row: (module, attribute, replacement)
VARIANTS = {
    "full method": [],
    "- scope: violence only, arrests only in conflict": [(cas, "casualty_number", lambda *a: _unscoped(*a)),
                                                           (cas, "out_of_scope", lambda *a, **k: None),
                                                           (cas, "one_person_harmed",
                                                            lambda *a: _unscoped_one(*a))],
    "- attributes must be words of the article": [(m, "words_of", lambda name, text: True)
                                                  for m in (cas, trp, agr)],
    "- a count of 1 needs one harmed person": [(cas, "one_person_harmed", lambda *a, **k: True)],
    "- companies are not parties": [(agr, "_not_companies", lambda parties, sentence: parties)],
    "- one record per fact (duplicate merging)": [(bld, "_same_fact", lambda a, b: False)],
    "- figures derived from fractions": [(bld, "derived_from", lambda record, article: [])],
    "- claimants from attribution phrases": [(m, "claimant", lambda text, start, end: None)
                                             for m in (rec, agr)],
    "- countries by code": [(cas, "_country", lambda group, sentence, mention, claimant_name: None)],
    "- code's items for what the model left out": [(ext, "code_items", lambda *a, **k: [])],
}


_casualty_number, _one_person_harmed = cand.casualty_number, vic.one_person_harmed


def _unscoped(*args):
    """The record builder's casualty test without its scope check (the passages listed for the model keep it,
    so the same answers replay)."""
    with mock.patch.object(cand, "out_of_scope", lambda *a, **k: None):
        return _casualty_number(*args)


def _unscoped_one(*args):
    with mock.patch.object(vic, "out_of_scope", lambda *a, **k: None):
        return _one_person_harmed(*args)


@contextmanager
def switched_off(patches):
    with ExitStack() as stack:
        for module, name, value in patches:
            stack.enter_context(mock.patch.object(module, name, value))
        yield


def replay(articles, settings: Settings) -> list[dict]:
    answers = AnswerCache(settings.cache_dir)
    records = []
    for article in articles:
        planned = plan_calls(article, settings)
        missing = [c.record_type for c in planned if not answers.has(c.key)]
        if missing:
            raise SystemExit(f"{article.id}: no cached answer for its {', '.join(missing)} call(s); run "
                             f"sitrep eval with this --cache-dir first")
        records += [r.model_dump(mode="json")
                    for r in extract_article(article, None, settings, answers, planned).records]
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", required=True)
    parser.add_argument("--cache-dir", required=True)
    args = parser.parse_args()
    gold = load_gold(args.gold)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        path.write_text("".join(json.dumps({"id": g.id, "date": g.date, "title": g.title, "text": g.text})
                                + "\n" for g in gold), encoding="utf-8")
        articles = read_inputs([str(path)]).articles
    settings = Settings(cache_dir=args.cache_dir)
    print("| variant | fact P | fact R | fact F1 | TP | FP | FN | attribution | country | audit failures |")
    print("|---|---|---|---|---|---|---|---|---|---|", flush=True)
    for name, patches in VARIANTS.items():
        with switched_off(patches):
            print_row(name, score(gold, replay(articles, settings)))


def print_row(name: str, report: dict) -> None:
    f = report["scores"]["fact"]["all"]
    at, country = (report["attributes"].get(name, {"correct": 0, "of": 0})
                   for name in ("attribution", "country"))
    print(f"| {name} | {f['precision']:.2f} | {f['recall']:.2f} | {f['f1']:.2f} | {f['tp']} | {f['fp']} | "
          f"{f['fn']} | {at['correct']}/{at['of']} | {country['correct']}/{country['of']} | "
          f"{report['grounding']['failed']} |", flush=True)


if __name__ == "__main__":
    main()

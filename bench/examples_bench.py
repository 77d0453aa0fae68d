"""Time `sitrep extract examples` with the embedded model, extraction apart from loading: a fresh answers
cache, the model loaded first (and timed), then each article extracted (and timed).

  .venv/bin/python bench/examples_bench.py [--runs 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitrep.config import Settings  # noqa: E402
from sitrep.llm import backend_for  # noqa: E402
from sitrep.llm.model_files import ensure_model  # noqa: E402
from sitrep.run import Outputs, plan_run, process_article  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    model = ensure_model(Settings().cache_dir)  # assembled once; not part of any run's time
    started = time.monotonic()
    backend_for(Settings(model_path=model, model="qwen2.5-coder-1.5b-instruct-q4_k_m"))
    load = time.monotonic() - started
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(model_path=model, model="qwen2.5-coder-1.5b-instruct-q4_k_m", cache_dir=tmp)
            outputs = Outputs.beside(Path(tmp) / "records.jsonl")
            plan = plan_run([str(ROOT / "examples")], settings)
            per_article = {}
            for article in plan.todo:
                outcome = process_article(article, settings, outputs)
                per_article[article.id] = (round(outcome.seconds, 1), outcome.stats.model_calls,
                                           outcome.stats.prompt_tokens, outcome.stats.completion_tokens,
                                           sum(outcome.records.values()))
            total = sum(v[0] for v in per_article.values())
            print(json.dumps({"run": run + 1, "model_load_s": round(load, 1), "extraction_s": round(total, 1),
                              "articles": per_article}))


if __name__ == "__main__":
    main()

"""The dev set extracted afresh with the embedded model (a new answers cache: every call is real), its total
time against the token-rate limit measured in the same run: prompt tokens / prompt tok/s + generated tokens /
generation tok/s, the rates being what llama.cpp reports of its own work over the run.

  .venv/bin/python bench/token_rate.py eval/dev-gold.jsonl
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitrep.config import Settings  # noqa: E402
from sitrep.llm import backend_for  # noqa: E402
from sitrep.llm.calls import CallStats  # noqa: E402
from sitrep.llm.model_files import ensure_model  # noqa: E402
from sitrep.run import Outputs, plan_run, process_article  # noqa: E402


def main(gold: str) -> None:
    model = ensure_model(Settings().cache_dir)
    with tempfile.TemporaryDirectory() as tmp:
        articles = Path(tmp) / "articles.jsonl"
        articles.write_text("".join(json.dumps({k: g.get(k) for k in ("id", "date", "title", "text")}) + "\n"
                                    for g in map(json.loads, filter(None, Path(gold).read_text(
                                        encoding="utf-8").split("\n")))))
        settings = Settings(model_path=model, model="qwen2.5-coder-1.5b-instruct-q4_k_m",
                            cache_dir=Path(tmp) / "c")
        backend_for(settings)  # loaded before the clock starts
        plan = plan_run([str(articles)], settings)
        outputs, stats, seconds = Outputs.beside(Path(tmp) / "records.jsonl"), CallStats(), []
        started = time.monotonic()
        for article in plan.todo:
            outcome = process_article(article, settings, outputs)
            stats.add(outcome.stats)
            seconds.append(outcome.seconds)
        wall = time.monotonic() - started
    prompt_rate = stats.prompt_processed / (stats.prompt_ms / 1000)
    generation_rate = stats.completion_tokens / (stats.generation_ms / 1000)
    limit_all = stats.prompt_tokens / prompt_rate + stats.completion_tokens / generation_rate
    limit_processed = stats.prompt_processed / prompt_rate + stats.completion_tokens / generation_rate
    print(json.dumps({
        "articles": len(plan.todo) + len(plan.cached), "with_calls": len(plan.todo),
        "model_calls": stats.model_calls,
        "reasks": stats.reasks, "prompt_tokens": stats.prompt_tokens,
        "prompt_processed": stats.prompt_processed,
        "completion_tokens": stats.completion_tokens, "prompt_tok_s": round(prompt_rate, 1),
        "generation_tok_s": round(generation_rate, 1), "total_s": round(wall, 1),
        "median_s_per_article": round(statistics.median(seconds), 1),
        "limit_s (all prompt tokens)": round(limit_all, 1), "ratio to it": round(wall / limit_all, 2),
        "limit_s (prompt tokens processed, not from llama.cpp's prompt cache)": round(limit_processed, 1),
        "ratio to that": round(wall / limit_processed, 2)}, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])

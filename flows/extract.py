"""The extract-articles flow: list the articles, extract the ones not cached (bounded concurrency), write JSONL,
return a summary."""

from __future__ import annotations

import time
from typing import Any

from prefect import flow, get_run_logger
from prefect.futures import as_completed

from flows.tasks import extract_article_task
from sitrep.config import Settings
from sitrep.run import Outputs, plan_run, problem_outcomes, summarise, write_cached


def settings_from(overrides: dict[str, Any]) -> Settings:
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


@flow(name="extract-articles", log_prints=False)
def extract_articles(
    inputs: list[str],
    out: str = "out/records.jsonl",
    failures: str | None = None,
    backend: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    concurrency: int | None = None,
    refresh: bool = False,
) -> dict:
    started = time.monotonic()
    settings = settings_from({"backend": backend, "model": model, "base_url": base_url,
                              "concurrency": concurrency, "refresh": refresh or None})
    outputs = Outputs.beside(out, failures)
    plan = plan_run(inputs, settings)
    outcomes = problem_outcomes(plan.problems, outputs) + write_cached(plan.cached, outputs)
    outcomes += run_bounded(plan.todo, settings, outputs)
    summary = summarise(outcomes, time.monotonic() - started)
    get_run_logger().info("extracted %d articles (%d cached, %d failed), %s records", summary["articles"],
                          summary["cached"], summary["failed"], sum(summary["records"].values()))
    return summary


def run_bounded(articles, settings: Settings, outputs: Outputs) -> list:
    """Submit one task per article, never more than `settings.concurrency` in flight."""
    pending, outcomes = [], []
    for article in articles:
        if len(pending) >= settings.concurrency:
            finished = next(as_completed(pending))
            pending.remove(finished)
            outcomes.append(finished.result())
        pending.append(extract_article_task.submit(article, settings, outputs))
    outcomes += [f.result() for f in as_completed(pending)]
    return outcomes

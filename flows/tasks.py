"""Thin Prefect tasks over engine functions; retry and cache policy declared on the decorator."""

from __future__ import annotations

import hashlib
from typing import Any

from prefect import task
from prefect.concurrency.sync import rate_limit
from prefect.context import TaskRunContext
from prefect.states import Failed

from schemas import Article
from sitrep.config import Settings
from sitrep.errors import BackendError, SitrepError
from sitrep.run import ArticleOutcome, Outputs, article_cache_key, extract_one, fail_article, failure_of


class TransientFailure(Exception):
    """The backend failed in a way that may pass (timeouts, 429, 5xx, connection refused) after the engine's
    own transport retries; the task run is retried later. Plain and picklable, so it crosses processes."""


def retry_if_transient(task, task_run, state) -> bool:
    """Retry a failed task run only when it failed transiently, never for a bad answer or a bad config."""
    return isinstance(state.result(raise_on_failure=False), TransientFailure)


def engine_cache_key(context: Any, parameters: dict[str, Any]) -> str | None:
    """The engine's content key (article text, backend, model, prompts, decoding) and the cache it lives in.
    No key when the run asks to refresh, so the task runs and replaces the cached result."""
    settings: Settings = parameters["settings"]
    if settings.refresh:
        return None
    key = article_cache_key(parameters["article"], settings)
    return "sitrep-" + hashlib.sha256(f"{key}\0{settings.cache_dir.resolve()}".encode()).hexdigest()


def _retries_left() -> bool:
    ctx = TaskRunContext.get()
    return ctx is not None and ctx.task_run.run_count <= ctx.task.retries


@task(
    name="extract-article",
    task_run_name="extract-{article.id}",
    retries=2,
    retry_delay_seconds=[10, 60],
    retry_jitter_factor=0.5,
    retry_condition_fn=retry_if_transient,
    cache_key_fn=engine_cache_key,
    persist_result=True,
)
def extract_article_task(article: Article, settings: Settings, outputs: Outputs) -> ArticleOutcome:
    """Extract one article. A transient backend failure raises (and is retried) while retries are left;
    any other failure is recorded and ends the task run Failed, carrying its outcome (never cached).
    The result is the small outcome only: the records go to the JSONL sink and the engine cache."""
    gate = (lambda: rate_limit(settings.rate_limit, occupy=1)) if settings.rate_limit else None
    try:
        return extract_one(article, settings, outputs, gate)
    except SitrepError as exc:
        error, attempts, stats = failure_of(exc)
        if isinstance(exc, BackendError) and _retries_left():
            raise TransientFailure(error) from None
        ctx = TaskRunContext.get()
        outcome = fail_article(article, outputs, error, max(attempts, ctx.task_run.run_count if ctx else 1), stats)
        return Failed(message=error, data=outcome)

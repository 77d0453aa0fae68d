"""Thin Prefect tasks over engine functions; retry and cache policy declared on the decorator."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.sync import rate_limit
from prefect.context import TaskRunContext
from prefect.states import Completed, Failed

from sitrep.config import Settings
from sitrep.errors import BackendError, ConfigError, SitrepError
from sitrep.run import ArticleOutcome, Outputs, extract_one, fail_article, failure_of
from sitrep.schemas import Article


class TransientFailure(Exception):
    """The backend failed in a way that may pass (timeouts, 429, 5xx, connection refused) after the engine's
    own transport retries; the task run is retried later. Plain and picklable, so it crosses processes."""


def retry_if_transient(task, task_run, state) -> bool:
    """Retry a failed task run only when it failed transiently, never for a bad answer or a bad config."""
    return isinstance(state.result(raise_on_failure=False), TransientFailure)


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
    # One cache, the engine's (keyed on article text, backend, model, prompts, decoding): the flow skips
    # cached articles before submitting tasks, and the task checks it again first. A second, Prefect-side
    # cache could disagree with it (a cleared engine cache, a stale Prefect result), so Prefect caches nothing
    # and keeps no result file: the records go to the JSONL sink, the small outcome stays in memory.
    cache_policy=NO_CACHE,
    persist_result=False,
)
def extract_article_task(article: Article, settings: Settings, outputs: Outputs) -> ArticleOutcome:
    """Extract one article. Found in the engine cache (another run extracted it meanwhile): the task run ends
    Cached, without a model call. A transient backend failure raises (and is retried) while retries are left;
    any other failure is recorded and ends the task run Failed, carrying its outcome."""
    gate = (lambda: rate_limit(settings.rate_limit, occupy=1)) if settings.rate_limit else None
    try:
        outcome = extract_one(article, settings, outputs, gate)
        return Completed(name="Cached", message="in the sitrep cache", data=outcome) \
            if outcome.status == "cached" else outcome
    except ConfigError:
        # the configuration cannot work (a refused key, a model not served): the run stops, not the article
        raise
    except SitrepError as exc:
        error, attempts, stats = failure_of(exc)
        if isinstance(exc, BackendError) and _retries_left():
            raise TransientFailure(error) from None
        ctx = TaskRunContext.get()
        attempts = max(attempts, ctx.task_run.run_count if ctx else 1)
        outcome = fail_article(article, outputs, error, attempts, stats)
        return Failed(message=error, data=outcome)

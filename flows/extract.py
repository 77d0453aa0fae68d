"""The extract-articles flow: list the articles, write the cached ones in-process, extract the rest as one
task each (never more than `concurrency` in flight), publish the run's artifacts and return a summary."""

from __future__ import annotations

import math
import queue
import time
from contextlib import ExitStack
from functools import partial
from typing import Any

from prefect import flow, get_run_logger
from prefect.context import FlowRunContext
from prefect.states import Failed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from sitrep.batch import execute, not_started, plan_for, stopping
from sitrep.config import Settings
from sitrep.errors import ConfigError
from sitrep.flows.events import emit_extracted
from sitrep.flows.report import publish_artifacts
from sitrep.flows.tasks import extract_article_task
from sitrep.io.sink import forget_shared
from sitrep.llm import backend_for, prompting
from sitrep.run import ArticleOutcome, Outputs, fail_article, notify


def dask_task_runner(address: str | None = None, workers: int | None = None,
                     concurrency: int = 1) -> TaskRunner:
    """Tasks on a Dask cluster: the scheduler at `address`, or a local cluster of `workers` processes."""
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    workers = workers or 2
    return DaskTaskRunner(cluster_kwargs={
        "n_workers": workers, "processes": True,
        "threads_per_worker": max(1, math.ceil(concurrency / workers)),
        "dashboard_address": None, "silence_logs": 40,
    })


def task_runner_for(settings: Settings) -> TaskRunner | None:
    """A Dask task runner when the settings name a scheduler or a number of workers; None: the flow's own
    (threads in the flow's process, the per-run `concurrency` window bounding how many are busy)."""
    if settings.dask_address or settings.dask_workers:
        return dask_task_runner(settings.dask_address, settings.dask_workers, settings.concurrency)
    return None


@flow(name="extract-articles", task_runner=ThreadPoolTaskRunner(max_workers=256), log_prints=False)
def extract_articles(
    inputs: list[str],
    out: str = "out/records.jsonl",
    failures: str | None = None,
    backend: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    concurrency: int | None = None,
    rate_limit: str | None = None,
    refresh: bool = False,
    feeds: list[str] | None = None,
    allow_private: bool | None = None,
    dask_workers: int | None = None,
    dask_address: str | None = None,
    settings: Settings | None = None,
) -> dict:
    """Extract agreements, troop numbers and casualty figures from `inputs` (files, folders, JSONL, page URLs)
    and the new or changed entries of `feeds` (RSS/Atom URLs or files) into the JSONL file `out`. `settings`
    are those the command built; without them (a deployment's run) they are built here, when the run starts,
    from the SITREP_* environment variables. The other options, when set, override them."""
    started = time.monotonic()
    settings = (settings or Settings()).with_flags(
        backend=backend, model=model, base_url=base_url, concurrency=concurrency, rate_limit=rate_limit,
        refresh=refresh or None, allow_private=allow_private, dask_workers=dask_workers,
        dask_address=dask_address)
    if settings.rate_limit:
        check_rate_limit(settings.rate_limit)
    prompting.check()  # a missing prompt file fails the run once, not every article
    outputs = Outputs.beside(out, failures)
    outputs.check()  # an output that cannot be written fails the run before any model call
    forget_shared()  # files may have changed since an earlier run in this process
    plan = plan_for(inputs, settings, feeds or [], outputs)
    with ExitStack() as stack:
        runner = FlowRunContext.get().task_runner
        on_dask = task_runner_for(settings) if plan.todo else None
        if on_dask is not None:  # chosen when the run starts, from its settings; started only with work to do
            runner = stack.enter_context(on_dask)
        if plan.todo and isinstance(runner, ThreadPoolTaskRunner):
            backend_for(settings)  # a bad configuration fails the run here, once; the tasks share this client
        outcomes, summary = execute(plan, settings, outputs, started, partial(run_bounded, runner=runner))
    if not inputs and not feeds:  # a served deployment triggered before its feeds or inputs were set
        summary["notes"].append("nothing to extract: the run was given no inputs and no feeds")
        get_run_logger().warning(summary["notes"][-1])
    publish_artifacts(outcomes, summary, settings, outputs)
    emit_extracted(outputs, summary)  # a deployment of update-events keeps the output's events current
    get_run_logger().info("%d articles (%d cached, %d failed), %d records, %d model calls -> %s",
                          summary["articles"], summary["cached"], summary["failed"],
                          sum(summary["records"].values()), summary["model_calls"], outputs.records)
    if summary["failed"]:  # the run did not fully succeed: a user watching the UI sees it in the final state
        failed = ArticlesFailed(f"{summary['failed']} of {summary['articles']} articles failed; see the "
                                f"run's artifacts and {outputs.failures}", summary)
        return Failed(message=str(failed), data=failed)
    return summary


class ArticlesFailed(Exception):
    """A run in which some articles failed: its flow run ends Failed; `summary` is the run's summary (calling
    the flow raises this; `summary_of(state)` gives the summary either way)."""

    def __init__(self, message: str, summary: dict):
        super().__init__(message, summary)
        self.summary = summary

    def __str__(self) -> str:
        return self.args[0]


def summary_of(state) -> dict:
    """The summary of a finished extract-articles flow run, Completed or Failed for failed articles; raises
    what the run raised otherwise."""
    result = state.result(raise_on_failure=False)
    if isinstance(result, ArticlesFailed):
        return result.summary
    if isinstance(result, BaseException):
        raise result
    return result


def run_bounded(articles, settings: Settings, outputs: Outputs,
                runner: TaskRunner | None = None) -> list[ArticleOutcome]:
    """Submit one task per article to `runner` (default: the flow's), never more than `settings.concurrency`
    in flight; collect outcomes as they finish, in this process (also when the tasks run on Dask workers)."""
    runner = runner or FlowRunContext.get().task_runner
    done: queue.Queue = queue.Queue()
    article_of: dict[Any, Any] = {}
    outcomes: list[ArticleOutcome] = []
    todo = list(articles)
    in_flight = 0
    halt: str | None = None
    while todo or in_flight:
        if (halt or stopping()) and todo:  # a full disk or a signal: start nothing more
            outcomes += [notify(o) for o in not_started(todo, halt or "the run was stopped")]
            todo = []
        while todo and in_flight < settings.concurrency:
            article = todo.pop(0)
            future = runner.submit(extract_article_task,
                                   {"article": article, "settings": settings, "outputs": outputs})
            article_of[future] = article
            future.add_done_callback(done.put)
            in_flight += 1
        if not in_flight:
            break
        future = done.get()
        in_flight -= 1
        outcome = _outcome_of(future, article_of.pop(future), outputs)
        halt = halt or outcome.halt
        outcomes.append(notify(outcome))
    return outcomes


def _outcome_of(future, article, outputs: Outputs) -> ArticleOutcome:
    future.wait()
    result = future.result(raise_on_failure=False)
    if isinstance(result, ArticleOutcome):
        return result
    if isinstance(result, ConfigError):  # a refused key, a model not served: every article would fail alike
        raise result
    # not an outcome: the task itself broke (a bug, a crashed worker); the article still counts as failed
    if isinstance(result, BaseException):
        error = f"{type(result).__name__}: {result}"
    else:
        error = f"task {future.state.name}"
    return fail_article(article, outputs, " ".join(error.split())[:500], 1)


def check_rate_limit(name: str) -> None:
    """Fail early, in one line, when the named rate limit does not exist or is not a rate limit."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    create = f"prefect gcl create {name} --limit 60 --slot-decay-per-second 1"
    with get_client(sync_client=True) as client:
        try:
            limit = client.read_global_concurrency_limit_by_name(name)
        except ObjectNotFound:
            raise ConfigError(f"no Prefect global concurrency limit named {name!r}; "
                              f"create it with: {create}") from None
    if not limit.slot_decay_per_second:
        raise ConfigError(f"the Prefect limit {name!r} has no slot decay, so it cannot limit a rate; "
                          f"recreate it with: {create}")

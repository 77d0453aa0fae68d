"""A whole run as plain functions, with no Prefect in them: check the outputs, plan, then write, settle and
summarise around whatever runs the articles still to do. The Prefect flow runs the articles as tasks; a run
whose every answer is cached needs no model call and no orchestration, and the CLI runs it in-process."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitrep.config import Settings
from sitrep.io.outputs import Outputs
from sitrep.llm.cache import take_bad_entries
from sitrep.run import (
    ArticleOutcome,
    Plan,
    forget_fixed_failures,
    notify_plan,
    plan_run,
    problem_outcomes,
    settle_outputs,
    summarise,
    write_cached,
)
from sitrep.schemas import Article

RunTodo = Callable[[list[Article], Settings, Outputs], list[ArticleOutcome]]

_summary_listeners: list[Callable[[dict], None]] = []
_stop = threading.Event()


def on_summary(listener: Callable[[dict], None]) -> None:
    """Call `listener(summary)` as soon as a run's records are settled and its summary is made, before the run
    reports to Prefect (so the CLI can finish a run whose Prefect server went away)."""
    _summary_listeners.append(listener)


def request_stop() -> None:
    """Start no further article in this process (a signal arrived)."""
    _stop.set()


def stopping() -> bool:
    return _stop.is_set()


@dataclass(frozen=True)
class PlanKey:
    """What a plan was made for: a plan handed from the CLI to the flow in the same process is used only for
    the same inputs and outputs."""

    inputs: tuple[str, ...]
    feeds: tuple[str, ...]
    records: str

    @classmethod
    def of(cls, inputs, feeds, outputs: Outputs) -> PlanKey:
        return cls(tuple(inputs), tuple(feeds or ()), str(Path(outputs.records).resolve()))


_handed: dict[PlanKey, Plan] = {}


def hand_over(key: PlanKey, plan: Plan) -> None:
    """Keep a plan the CLI made (inputs read once: stdin cannot be read twice) for the flow it starts next."""
    _handed[key] = plan


def plan_for(inputs: list[str], settings: Settings, feeds: list[str], outputs: Outputs) -> Plan:
    """The plan handed over for these inputs, else a new one."""
    plan = _handed.pop(PlanKey.of(inputs, feeds, outputs), None)
    return plan if plan is not None else plan_run(inputs, settings, feeds, outputs)


def not_started(articles: list[Article], reason: str) -> list[ArticleOutcome]:
    """Articles a run did not start: failed outcomes naming why, written nowhere (a rerun does them)."""
    return [ArticleOutcome(a.id, "failed", error=f"not started: {reason}", source=a.source) for a in articles]


def execute(plan: Plan, settings: Settings, outputs: Outputs, started: float,
            run_todo: RunTodo | None) -> tuple[list[ArticleOutcome], dict]:
    """Write the plan's problems and cached articles, run the rest with `run_todo`, settle the outputs and
    summarise. Returns the outcomes and the summary, which reaches the `on_summary` listeners first."""
    notify_plan(len(plan.problems) + len(plan.cached) + len(plan.todo))
    outcomes = problem_outcomes(plan.problems, outputs) + write_cached(plan.cached, settings, outputs)
    if plan.todo:
        if run_todo is None:
            raise ValueError("articles to extract but nothing to run them")
        outcomes += run_todo(plan.todo, settings, outputs)
    settle_outputs(outcomes, outputs)
    forget_fixed_failures(outcomes, outputs)
    fetched = plan.remote.finish(outcomes, outputs.failures)  # entries with records written are done
    summary = summarise(outcomes, time.monotonic() - started) | fetched
    # inputs read with a remark (decoded as Windows-1252, same article twice)
    summary["notes"] = list(plan.notes)
    summary["notes"] += take_bad_entries("asked again")  # damaged cache entries, each a miss
    halts = list(dict.fromkeys(o.halt for o in outcomes if o.halt))
    if halts:
        summary["halted"] = halts
    for listener in _summary_listeners:
        listener(summary)
    return outcomes, summary


def fetched_line(summary: dict) -> str:
    """Page requests and, with feeds, what the feeds held: "page requests 1; feed requests 1 (not modified 0);
    entries 3: new 1, changed 0, unchanged 2"."""
    f = summary.get("feeds") or {}
    line = f"page requests {summary.get('pages_fetched', 0)}"
    if f.get("feeds"):
        line += (f"; feed requests {f['requests']} (not modified {f['not_modified']}); "
                 f"entries {f['entries']}: new {f['new']}, changed {f['changed']}, "
                 f"unchanged {f['unchanged']}")
    return line

"""Plain engine functions a run is made of: plan (read inputs, split cached from to-do), process one article
(extract, cache, write), and summarise. The Prefect flow is a thin layer over these."""

from __future__ import annotations

import hashlib
import os
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.config import Settings
from sitrep.errors import NoRoomError, SitrepError
from sitrep.extract import ExtractionResult, PlannedCall, extract_article, plan_calls
from sitrep.io.article_ids import distinct_ids
from sitrep.io.outputs import Outputs
from sitrep.io.remote import RemoteSources
from sitrep.io.sink import (
    ArticleText,
    Built,
    FailureSink,
    RecordSink,
    forget_failures,
    settle_records,
)
from sitrep.io.sources import InputProblem, read_inputs
from sitrep.llm.cache import AnswerCache
from sitrep.llm.callstats import CallStats
from sitrep.reading.language import told, unread
from sitrep.schemas import Article

_listeners: list = []
_plan_listeners: list = []


def on_outcome(listener) -> None:
    """Call `listener(outcome)` as each article finishes (the CLI's progress bar). Outcomes reach the
    listeners in the process that runs the flow, also when the articles themselves ran in other processes."""
    _listeners.append(listener)


def on_plan(listener) -> None:
    """Call `listener(total)` once a run knows how many articles it holds (the progress bar's total)."""
    _plan_listeners.append(listener)


def notify_plan(total: int) -> None:
    for listener in list(_plan_listeners):
        listener(total)


def notify(outcome: ArticleOutcome) -> ArticleOutcome:
    for listener in list(_listeners):
        listener(outcome)
    return outcome


def worker_name() -> str:
    """Which process handled an article: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class ArticleOutcome:
    """What happened to one article; small enough to be a Prefect task result (the records go to the sink)."""

    article_id: str
    status: str  # "extracted" | "cached" | "failed"
    records: dict[str, int] = field(default_factory=dict)
    written: int = 0
    error: str | None = None
    attempts: int = 0
    stats: CallStats = field(default_factory=CallStats)
    seconds: float = 0.0
    source: str | None = None
    worker: str = ""
    dropped: dict[str, int] = field(default_factory=dict)  # candidates dropped, by reason
    line_keys: tuple[str, ...] = ()  # the record lines this run built for the article (see settle_records)
    content_sha256: str | None = None  # the text they were built from
    origin: str | None = None  # where that text was read from, for an article named by its file
    halt: str | None = None  # set when the run must start no more work (a full disk: see NoRoomError)


@dataclass
class Plan:
    todo: list[Article]
    cached: list[tuple[Article, list[PlannedCall]]]  # every answer these need is in the cache
    problems: list[InputProblem]
    notes: list[str]
    remote: RemoteSources = field(default_factory=RemoteSources)  # what was fetched; marks feed entries done


def all_answered(planned: list[PlannedCall], answers: AnswerCache) -> bool:
    return all(answers.has(call.key) for call in planned)


def plan_run(inputs: Iterable[str], settings: Settings, feeds: Iterable[str] = (),
             outputs: Outputs | None = None) -> Plan:
    """Read the inputs (fetching URLs and the new entries of `feeds`) and split articles whose every model
    answer is already cached from those still to do. An article in a language the method cannot read is a
    problem (a failure line), not an empty success."""
    remote = RemoteSources.for_run(settings, outputs.records if outputs else None)
    read = read_inputs(inputs, feeds=feeds, remote=remote)
    articles, notes = read.articles, list(read.notes)
    if outputs is not None:
        articles, more = against_outputs(articles, outputs)
        notes += more
    answers = AnswerCache(settings.cache_dir)
    todo, cached, problems = [], [], list(read.problems)
    for article in map(told, articles):  # each article's language, told once, read with its pack
        language = unread(article)
        if language is not None:
            problems.append(InputProblem(article.source, f"language {language}: not supported", article.id))
            continue
        planned = plan_calls(article, settings)
        if not settings.refresh and all_answered(planned, answers):
            cached.append((article, planned))
        else:
            todo.append(article)
    return Plan(todo, cached, problems, notes, remote)


def against_outputs(articles: list[Article], outputs: Outputs) -> tuple[list[Article], list[str]]:
    """Open the run's records and failures files (a torn last line or a damaged line is set aside now, and
    said) and give each article an id no other article has in the records (see sitrep.io.article_ids). Returns
    the articles and the notes to show."""
    notes: list[str] = []
    try:
        sink = RecordSink.shared(outputs.records)
        notes += sink.notes
        failures = FailureSink.shared(outputs.failures)
        notes += failures.notes
    except (NoRoomError, OSError):  # an output that cannot be written is said before the run (Outputs.check)
        return articles, notes
    sink.notes.clear()
    failures.notes.clear()
    if not any(a.origin for a in articles):  # every id given by the input: nothing to tell apart
        return articles, notes
    articles, renamed = distinct_ids(articles, sink.article_texts(), outputs.records)
    return articles, notes + renamed


def write_cached(cached: list[tuple[Article, list[PlannedCall]]], settings: Settings,
                 outputs: Outputs) -> list[ArticleOutcome]:
    """Build and write the records of articles whose answers are all cached: no model call, no task."""
    return [notify(o) for o in _write_cached(cached, settings, outputs)]


def _write_cached(cached: list[tuple[Article, list[PlannedCall]]], settings: Settings,
                  outputs: Outputs) -> list[ArticleOutcome]:
    if not cached:
        return []
    answers = AnswerCache(settings.cache_dir)
    replay = settings.model_copy(update={"refresh": False})
    outcomes: list[ArticleOutcome] = []
    for n, (article, planned) in enumerate(cached):
        started = time.monotonic()
        result = extract_article(article, None, replay, answers, planned)
        try:
            written = RecordSink.shared(outputs.records).write_article(result.records)
        except NoRoomError as exc:
            outcomes.append(halted(article, outputs, exc, None, started))
            reason = f"not started: {exc}"
            rest = [ArticleOutcome(a.id, "failed", error=reason, source=a.source) for a, _ in cached[n + 1:]]
            return outcomes + rest
        outcomes.append(_outcome(article, "cached", result, written, started))
    return outcomes


def _outcome(article: Article, status: str, result: ExtractionResult, written: tuple[int, tuple[str, ...]],
             started: float) -> ArticleOutcome:
    return ArticleOutcome(article.id, status, _by_type(result.records), written[0], line_keys=written[1],
                          attempts=1 + result.stats.transport_retries if status == "extracted" else 0,
                          stats=result.stats, seconds=time.monotonic() - started, source=article.source,
                          worker=worker_name(), dropped=dict(result.drops),
                          content_sha256=article.content_sha256, origin=article.origin)


def extract_one(article: Article, settings: Settings, outputs: Outputs,
                gate: Callable[[], None] | None = None) -> ArticleOutcome:
    """Extract one article: the model answers what the cache does not hold, code builds the records, the
    sink writes them. Raises SitrepError when it cannot be extracted; nothing is recorded then (see
    `fail_article`). When the output (or the cache) has no room, no model call is made, or none more: the
    outcome is failed, with `halt` set, so the run starts no further article."""
    started = time.monotonic()
    answers = AnswerCache(settings.cache_dir)
    planned = plan_calls(article, settings)
    if not settings.refresh and all_answered(planned, answers):
        return _write_cached([(article, planned)], settings, outputs)[0]
    try:
        check_room(outputs.records)
    except NoRoomError as exc:  # nothing done for it yet
        return ArticleOutcome(article.id, "failed", error=f"not started: {exc}", source=article.source,
                              halt=str(exc), worker=worker_name())
    result = None
    try:
        from sitrep.llm import backend_for, gated  # the client library, only when a model is called

        backend = gated(backend_for(settings), gate)
        result = extract_article(article, backend, settings, answers, planned)
        written = RecordSink.shared(outputs.records).write_article(result.records)
    except NoRoomError as exc:
        return halted(article, outputs, exc, result.stats if result else getattr(exc, "stats", None), started)
    return _outcome(article, "extracted", result, written, started)


MIN_FREE_BYTES = 1 << 20  # below this an output is full: an article's records and the settling need room


def check_room(records: Path) -> None:
    """Raise NoRoomError when the records file's disk is (almost) full or read-only: cheaper than a model
    call whose records could not be written. A quota is not seen here; the write itself says."""
    folder = Path(records).parent
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    try:
        fs = os.statvfs(folder)
    except OSError:
        return
    if fs.f_flag & os.ST_RDONLY:
        raise NoRoomError(f"{records}: cannot write: its file system is read-only", path=str(records))
    if fs.f_bavail * fs.f_frsize < MIN_FREE_BYTES:  # said as a failed write says it: one reason, one line
        raise NoRoomError(f"{records}: cannot write: its disk is full", path=str(records))


def halted(article: Article, outputs: Outputs, exc: NoRoomError, stats: CallStats | None,
           started: float) -> ArticleOutcome:
    """The outcome of an article stopped by a full disk: failed, and the run starts nothing more."""
    outcome = fail_article(article, outputs, str(exc), 1, stats, time.monotonic() - started)
    outcome.halt = str(exc)
    return outcome


def _by_type(records: list) -> dict[str, int]:
    return dict(Counter(r.record_type for r in records))


def fail_article(article: Article, outputs: Outputs, error: str, attempts: int,
                 stats: CallStats | None = None, seconds: float = 0.0) -> ArticleOutcome:
    """Record an article that could not be extracted in the failures file; its outcome."""
    record_failure(outputs, article.id, article.source, error, attempts, article.content_sha256,
                   article.origin)
    return ArticleOutcome(article.id, "failed", error=error, attempts=attempts, stats=stats or CallStats(),
                          seconds=seconds, source=article.source, worker=worker_name())


def failure_of(exc: SitrepError) -> tuple[str, int, CallStats]:
    """The message, attempt count and calls made of a failed extraction."""
    return str(exc), getattr(exc, "attempts", 0) or 1, getattr(exc, "stats", None) or CallStats()


def process_article(article: Article, settings: Settings, outputs: Outputs,
                    gate: Callable[[], None] | None = None) -> ArticleOutcome:
    """Extract one article, cache the result, append its records; a failure goes to the failures file.
    The caller passes the outcome to `notify`."""
    started = time.monotonic()
    try:
        return extract_one(article, settings, outputs, gate)
    except SitrepError as exc:
        error, attempts, stats = failure_of(exc)
        return fail_article(article, outputs, error, attempts, stats, time.monotonic() - started)


def record_failure(outputs: Outputs, article_id: str | None, source: str | None, error: str, attempts: int,
                   content_sha256: str | None = None, origin: str | None = None) -> bool:
    """Append a failure line; False when the failures file cannot take it (a full disk): the failure is then
    only in the run's summary, which the caller keeps in memory. `origin` (an article named by its file)
    keeps apart the failures of two files that give one id (see sink.failure_input)."""
    key = f"{article_id}\0{source}\0{content_sha256}\0{error}"
    failure_id = hashlib.sha256(key.encode()).hexdigest()[:24]
    try:
        FailureSink.shared(outputs.failures).write([{
            "failure_id": failure_id, "id": article_id, "source": source, "error": error,
            "attempts": attempts, "content_sha256": content_sha256, "origin": origin,
            "failed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }])
    except (NoRoomError, OSError):
        return False
    return True


def settle_outputs(outcomes: list[ArticleOutcome], outputs: Outputs) -> int:
    """After a run: each article the run built holds the run's records in the JSONL, and the lines they
    supersede go (an older method's or an older text's; never another run's lines of the same records, nor
    another article's that has the same id); returns how many lines went. A disk with no room for the settled
    file leaves the file as it is (0)."""
    current = {o.article_id: Built(frozenset(o.line_keys),
                                   ArticleText(o.content_sha256, o.origin) if o.content_sha256 else None)
               for o in outcomes if o.status != "failed"}
    try:
        return settle_records(outputs.records, current)
    except (NoRoomError, OSError):
        return 0


def forget_fixed_failures(outcomes: list[ArticleOutcome], outputs: Outputs) -> int:
    """Drop the old failure lines of articles this run has written (extracted or from the cache), and keep one
    line per input, the latest, so the failures file lists only what is still missing and why; returns how
    many lines went."""
    failed = {o.article_id for o in outcomes if o.status == "failed"}
    fixed = {o.article_id for o in outcomes if o.status != "failed"} - failed
    try:
        return forget_failures(outputs.failures, fixed)
    except (NoRoomError, OSError):
        return 0


def problem_outcomes(problems: list[InputProblem], outputs: Outputs) -> list[ArticleOutcome]:
    """Inputs that could not be read count as failed articles and are listed in the failures file."""
    outcomes = []
    for p in problems:
        record_failure(outputs, p.article_id or p.source, p.source, p.message, 0)
        outcome = ArticleOutcome(p.article_id or p.source, "failed", error=str(p), source=p.source)
        outcomes.append(notify(outcome))
    return outcomes


def summarise(outcomes: list[ArticleOutcome], seconds: float) -> dict:
    stats = CallStats()
    records: Counter = Counter()
    dropped: Counter = Counter()
    for o in outcomes:
        stats.add(o.stats)
        records.update(o.records)
        dropped.update(o.dropped)
    return {
        "articles": len(outcomes),
        "succeeded": sum(o.status != "failed" for o in outcomes),
        "failed": sum(o.status == "failed" for o in outcomes),
        "cached": sum(o.status == "cached" for o in outcomes),
        "records": {t: records.get(t, 0) for t in ("agreement", "troop_deployment", "casualty_figure")},
        "records_written": sum(o.written for o in outcomes),
        "model_calls": stats.model_calls,
        "transport_retries": stats.transport_retries,
        "reasks": stats.reasks,
        "dropped_records": stats.dropped_records,
        "dropped": dict(sorted(dropped.items(), key=lambda kv: (-kv[1], kv[0]))),
        "tokens": {"prompt": stats.prompt_tokens, "completion": stats.completion_tokens},
        "seconds": round(seconds, 3),
        "workers": dict(Counter(o.worker for o in outcomes if o.status == "extracted")),
        "failures": [{"id": o.article_id, "error": o.error} for o in outcomes if o.status == "failed"],
    }

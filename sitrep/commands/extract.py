"""`sitrep extract`: registered on the main app by sitrep.commands.cli.

Argument, configuration and output errors are found before Prefect is imported or a server started. A run
whose every answer is cached, with no Prefect server configured, is done in-process without one. Otherwise the
flow runs in a thread while this thread watches for signals and for the Prefect server going away: one Ctrl-C
or SIGTERM stops the run within seconds (whole lines only, exit 130 or 143), and a run whose server died
finishes its articles, prints its summary and exits."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

err = Console(stderr=True, soft_wrap=True, markup=False, highlight=False)
NOT_STARTED = "not started: "


def _say(message: str) -> None:
    err.print(f"sitrep: {message}")


def _quiet_prefect() -> None:
    """A normal run shows the progress bar and summary, not Prefect's own log lines or telemetry errors
    (sitrep reports failed articles itself, one line each)."""
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
    # The first temporary server on a machine migrates its database first: allow for it on 2 slow cores.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


def settings_or_exit(**flags):
    """The run's Settings: the flags that are set over the SITREP_* environment and the defaults, built once
    here and passed down; a setting that does not validate ends the command in one line (exit 2)."""
    from sitrep.config import Settings

    try:
        return Settings.from_flags(**flags)
    except Exception as exc:  # noqa: BLE001 -- pydantic's ValidationError, shown as one line
        _say(f"configuration error: {_first_error(exc)}")
        raise typer.Exit(2) from None


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        e = errors()[0]
        return f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}"
    return str(exc).splitlines()[0]


def _strip_source(error: str | None, source: str | None) -> str:
    if error and source and error.startswith(f"{source}: "):
        return error[len(source) + 2:]
    return error or "failed"


@dataclass
class RunWatch:
    """What the waiting thread learns while the run goes on: the run's summary, the flow's end, a signal, the
    Prefect server going away."""

    summary: dict | None = None
    finished: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None
    signum: int | None = None
    server_gone: str | None = None
    done: int = 0
    total: int | None = None
    wake: threading.Event = field(default_factory=threading.Event)

    def on_signal(self, signum: int, frame) -> None:
        if self.signum is not None:  # a second signal: no more waiting
            os._exit(128 + signum)
        self.signum = signum
        self.wake.set()


def _watch_server(watch: RunWatch, url: str, process=None, every: float = 2.0, misses: int = 3) -> None:
    """Mark the run's Prefect server gone after `misses` health checks in a row fail (or its
    process ended)."""
    import httpx

    failed = 0
    with httpx.Client(timeout=every) as client:
        while not watch.finished.is_set():
            try:
                healthy = client.get(f"{url.rstrip('/')}/health").status_code == 200
            except httpx.HTTPError:
                healthy = False
            if process is not None and process.poll() is not None:
                healthy, failed = False, misses
            failed = 0 if healthy else failed + 1
            if failed >= misses:
                watch.server_gone = url
                watch.wake.set()
                return
            watch.finished.wait(every)


def _progress() -> Progress:
    return Progress(TextColumn("extract"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.description}"), TimeElapsedColumn(), TextColumn("eta"),
                    TimeRemainingColumn(), console=err, transient=True)


def register(app) -> None:
    @app.command()
    def extract(
        inputs: list[str] | None = typer.Argument(
            None, help="Files, directories (read recursively), JSONL files, http(s) URLs of pages, "
                       "or - for stdin."),
        out_path: Path = typer.Option(Path("out/records.jsonl"), "--out", "-o",
                                      help="Records JSONL (appended)."),
        failures: Path | None = typer.Option(None, help="Failures JSONL [default: beside --out]."),
        summary: Path | None = typer.Option(None, help="Write the run summary as JSON here."),
        backend: str | None = typer.Option(None,
                                           help="embedded | openai-compatible | openai | module:attribute"),
        base_url: str | None = typer.Option(None, help="Base URL of an OpenAI-compatible endpoint."),
        model: str | None = typer.Option(None, help="Model name (or GGUF stem for embedded)."),
        model_path: Path | None = typer.Option(None, help="A GGUF file for the embedded backend."),
        mode: str | None = typer.Option(None, help="Instructor mode: json_schema | tools | json | md_json"),
        concurrency: int | None = typer.Option(None, help="Articles extracted at once."),
        cache_dir: Path | None = typer.Option(None, help="Cache directory [default: ~/.cache/sitrep]."),
        refresh: bool = typer.Option(False, "--refresh", help="Ignore cached results (and replace them)."),
        dask_workers: int | None = typer.Option(None, help="Run the articles on a local Dask cluster of N "
                                                              "processes."),
        dask_address: str | None = typer.Option(None, help="Run the articles on the Dask scheduler at this "
                                                              "address."),
        feed: list[str] | None = typer.Option(None, "--feed",
                                              help="An RSS or Atom feed (URL or file) whose new and changed "
                                                   "entries are extracted; repeatable."),
        keep_pages: Path | None = typer.Option(None, help="Keep each fetched page and its extracted text "
                                                             "here."),
        allow_private: bool = typer.Option(False, "--allow-private", help="Fetch from loopback and private "
                                                                          "addresses too."),
        events: bool = typer.Option(False, "--events", help="Keep the events of every record in --out "
                                                            "current beside it (<out stem>.events.jsonl)."),
    ) -> None:
        """Extract records from articles into JSONL, through the extract-articles Prefect flow."""
        if not inputs and not feed:
            _say("nothing to extract: give files, folders, URLs or --feed")
            raise typer.Exit(2)
        settings = settings_or_exit(backend=backend, base_url=base_url, model=model, model_path=model_path,
                                    mode=mode, concurrency=concurrency, cache_dir=cache_dir,
                                    refresh=refresh or None, dask_workers=dask_workers,
                                    dask_address=dask_address, keep_pages=keep_pages,
                                    allow_private=allow_private or None)
        run = ExtractRun(list(inputs or []), list(feed or []), out_path, failures, settings)
        result = run.start()
        if events and result is not None:
            _update_events(out_path)
        if summary and result is not None:
            summary.parent.mkdir(parents=True, exist_ok=True)
            summary.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        raise typer.Exit(run.exit_code(result))


def _update_events(out_path: Path) -> None:
    """Group every record of the output into events, beside it; a failure here leaves the records as they
    are."""
    from sitrep.events import events_path_for, update_events

    if not out_path.is_file():
        return
    try:
        result = update_events([out_path], events_path_for(out_path))
    except (OSError, ValueError) as exc:
        _say(f"events not updated: {exc}")
        return
    for note in result.notes:
        _say(note)
    _say(f"events: {result.summary()}")


class ExtractRun:
    """One `sitrep extract` run, from its checks to its exit code."""

    def __init__(self, inputs: list[str], feeds: list[str], out_path: Path, failures: Path | None, settings):
        self.inputs, self.feeds, self.out_path, self.failures = inputs, feeds, out_path, failures
        self.settings = settings
        self.watch = RunWatch()
        self.api = None
        self.started = time.monotonic()

    # ---- before any work: one line and exit 2 for what would fail every article

    def _check(self):
        from sitrep.errors import SitrepError
        from sitrep.io.outputs import Outputs
        from sitrep.llm import prompting

        settings = self.settings
        outputs = Outputs.beside(self.out_path, self.failures)
        try:
            prompting.check()  # a missing prompt file is one configuration error, before any article
            outputs.check()
            # cheap to build: a bad remote configuration stops before any work
            if settings.backend != "embedded":
                from sitrep.llm import backend_for

                backend_for(settings)  # (the flow loads the embedded model only when an article needs it)
        except SitrepError as exc:
            _say(str(exc))
            raise typer.Exit(2) from None
        return settings, outputs

    def start(self) -> dict | None:
        settings, outputs = self._check()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self.watch.on_signal)
        from sitrep.flows.local_api import api_url_in_sight

        plan = None
        from sitrep.io.urls import is_url

        if not self.feeds and not any(is_url(i) for i in self.inputs):
            plan = self._plan(settings, outputs)  # local inputs: read them once, here
            if not plan.todo and not api_url_in_sight():
                return self._wait(lambda: self._in_process(plan, settings, outputs))
        return self._wait(lambda: self._flow(plan, settings, outputs))

    def _plan(self, settings, outputs):
        from sitrep.io.sink import forget_shared
        from sitrep.run import plan_run

        forget_shared()
        return plan_run(self.inputs, settings, (), outputs)

    def _in_process(self, plan, settings, outputs) -> None:
        from sitrep.batch import execute

        execute(plan, settings, outputs, self.started, None)

    def _flow(self, plan, settings, outputs) -> None:
        _quiet_prefect()
        from sitrep.flows.local_api import LocalAPI, local_api

        # PREFECT_API_URL if set, else a local Prefect server, starting while we import
        self.api = local_api()
        from sitrep.batch import PlanKey, hand_over
        from sitrep.flows.extract import extract_articles

        if plan is not None:
            hand_over(PlanKey.of(self.inputs, self.feeds, outputs), plan)
        url = self.api.wait()
        process = self.api.process if isinstance(self.api, LocalAPI) else None
        threading.Thread(target=_watch_server, args=(self.watch, url, process), daemon=True,
                         name="sitrep-server-watch").start()
        state = extract_articles(inputs=self.inputs, out=str(self.out_path),
                                 failures=str(self.failures) if self.failures else None, feeds=self.feeds,
                                 settings=settings, return_state=True)
        if self.watch.summary is None:  # the flow ended before its summary: it raised
            raise state.result(raise_on_failure=False) if state.is_failed() else RuntimeError(state.message)

    # ---- the waiting thread

    def _wait(self, body) -> dict | None:
        from sitrep.batch import on_summary
        from sitrep.run import on_outcome, on_plan

        watch = self.watch
        on_summary(lambda s: setattr(watch, "summary", s))

        def work() -> None:
            try:
                body()
            except BaseException as exc:  # noqa: BLE001 -- reported by the waiting thread
                watch.error = exc
            finally:
                watch.finished.set()
                watch.wake.set()

        with _progress() as progress:
            bar = progress.add_task("", total=None)
            on_plan(lambda total: (setattr(watch, "total", total), progress.update(bar, total=total)))
            on_outcome(lambda outcome: self._advance(progress, bar, outcome))
            threading.Thread(target=work, daemon=True, name="sitrep-run").start()
            while not watch.finished.is_set():
                watch.wake.wait(0.5)
                watch.wake.clear()
                if watch.signum is not None:
                    progress.stop()
                    self._interrupted()
                if watch.server_gone and watch.summary is not None:
                    break  # the run is done; only its report to the dead server is left
        return self._report()

    def _advance(self, progress: Progress, bar, outcome) -> None:
        self.watch.done += 1
        progress.update(bar, advance=1, description=f"{outcome.article_id} ({outcome.status})")
        # a full disk is said once, after the run (see _report), not once per article it stopped
        if (outcome.status == "failed" and not outcome.halt
                and not (outcome.error or "").startswith(NOT_STARTED)):
            progress.console.print(f"sitrep: {outcome.source or outcome.article_id}: "
                                   f"{_strip_source(outcome.error, outcome.source)}")

    def _interrupted(self) -> None:
        """Stop now: start nothing more, wait for a write in progress to end, stop the local server, exit."""
        from sitrep.batch import request_stop
        from sitrep.io.sink import hold_writes

        watch = self.watch
        request_stop()
        name = signal.Signals(watch.signum).name
        total = f" of {watch.total}" if watch.total is not None else ""
        _say(f"stopped by {name} after {watch.done}{total} articles; every line written is whole; "
             f"run the same command again to do the rest")
        with hold_writes():
            if self.api is not None:
                self.api.stop(wait=False)
            sys.stderr.flush()
            os._exit(128 + watch.signum)

    def _report(self) -> dict | None:
        from sitrep.errors import SitrepError

        watch = self.watch
        if watch.summary is None:
            exc = watch.error
            if isinstance(exc, SitrepError):
                _say(str(exc))
                self._exit_now(2)
            _say(f"the run failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}")
            self._exit_now(1)
        result = watch.summary
        for note in result.get("notes", []):
            _say(note)
        for reason in result.get("halted", []):
            left = sum(1 for f in result["failures"] if (f["error"] or "").startswith(NOT_STARTED))
            _say(f"stopped starting articles: {reason}; {left} not started (listed in the summary); run the "
                 f"same command again when it is fixed")
        if watch.server_gone:
            _say(f"the Prefect server at {watch.server_gone} went away during the run: "
                 f"the records are complete, but the flow run's final state was not recorded")
        _print_summary(result, self.out_path)
        return result

    def exit_code(self, result: dict | None) -> int:
        code = 1 if result is None or result["failed"] else 0
        if self.watch.server_gone:  # Prefect's client would retry the dead server for minutes at exit
            self._exit_now(code)
        return code

    def _exit_now(self, code: int) -> None:
        if self.api is not None:
            self.api.stop(wait=False)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _print_summary(result: dict, out_path: Path) -> None:
    from sitrep.batch import fetched_line

    table = Table(title="sitrep run", show_header=False)
    table.add_row("articles", f"{result['articles']} ({result['succeeded']} ok, {result['cached']} cached, "
                              f"{result['failed']} failed)")
    for record_type, n in result["records"].items():
        table.add_row(record_type, str(n))
    table.add_row("records written", str(result["records_written"]))
    table.add_row("model calls", f"{result['model_calls']} (retries {result['transport_retries']}, "
                                 f"re-asks {result['reasks']}, dropped {result['dropped_records']})")
    table.add_row("tokens",
                  f"{result['tokens']['prompt']} prompt, {result['tokens']['completion']} completion")
    table.add_row("seconds", f"{result['seconds']:.1f}")
    if result.get("pages_fetched") or (result.get("feeds") or {}).get("feeds"):
        table.add_row("fetched", fetched_line(result))
    table.add_row("output", str(out_path))
    err.print(table)


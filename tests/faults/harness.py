"""Running sitrep for the fault tests and reading what it left behind, strictly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sitrep.config import Settings
from sitrep.run import (
    Outputs,
    plan_run,
    problem_outcomes,
    process_article,
    settle_outputs,
    summarise,
    write_cached,
)

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def run_engine(inputs: list[str], settings: Settings, outputs: Outputs, workers: int = 4) -> dict:
    """One run through the engine functions the extract-articles flow is made of (plan, cached, per-article
    extraction with bounded concurrency, summary), without the Prefect API server."""
    started = time.monotonic()
    plan = plan_run(inputs, settings)
    outcomes = problem_outcomes(plan.problems, outputs) + write_cached(plan.cached, settings, outputs)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes += list(pool.map(lambda a: process_article(a, settings, outputs), plan.todo))
    settle_outputs(outcomes, outputs)
    return summarise(outcomes, time.monotonic() - started)


def read_lines(path: Path) -> list[dict]:
    """Every line of a JSONL file, which must be whole (newline-terminated) and valid JSON."""
    if not path.exists():
        return []
    data = path.read_bytes()
    assert not data or data.endswith(b"\n"), f"{path.name} ends with a torn line: {data[-80:]!r}"
    out = []
    for number, line in enumerate(data.split(b"\n")[:-1], start=1):
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as exc:  # pragma: no cover - the assertion message is the point
            raise AssertionError(f"{path.name}:{number} is not valid JSON ({exc}): {line[:120]!r}") from None
    return out


def by_article(records: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for r in records:
        grouped.setdefault(r["article"]["id"], []).append(r)
    return grouped


def cli_env(**settings: object) -> dict[str, str]:
    """The environment for a `sitrep` subprocess: SITREP_* from keyword arguments, quiet Prefect, tests/ on
    the path (for the crash hooks)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_") and k != "OPENAI_API_KEY"}
    env.update({f"SITREP_{k.upper()}": str(v) for k, v in settings.items() if v is not None})
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "tests"), str(ROOT)])
    env.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def sitrep_cmd(*args: str, hooks: bool = False) -> list[str]:
    """`sitrep extract …` as a command; with hooks, through tests/faults/crashpoints.py (pause points)."""
    module = "faults.crashpoints" if hooks else "sitrep.commands.cli"
    return [PYTHON, "-m", module, *args]


def start(cmd: list[str], env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen:
    """Start a process in its own session, so it and any child it starts can be killed together."""
    return subprocess.Popen(cmd, env=env, cwd=cwd, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the process started by `start` and its children (its own process group, by id)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def wait_for(predicate, timeout: float, proc: subprocess.Popen | None = None, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"process ended (exit {proc.returncode}) before {what}")
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")

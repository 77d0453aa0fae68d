"""Wall time of `sitrep extract` as a user starts it, from outside (a fresh process each time, no Prefect
server configured): a cached rerun of examples/ and the time to report argument, configuration and output
errors.

  .venv/bin/python bench/cli_latency.py [--runs 5] [--backend embedded]

The cached rerun needs the answers of examples/ in the cache (SITREP_CACHE_DIR, default ~/.cache/sitrep): run
`make example` first; the script says so if they are missing (a rerun that calls the model is not measured).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITREP = [sys.executable, "-m", "sitrep.commands.cli"]


def timed(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    proc = subprocess.run([*SITREP, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=900)
    return time.perf_counter() - started, proc


def median_of(runs: int, args: list[str], env: dict[str, str], cwd: Path, expect: int) -> tuple[float, str]:
    times, last = [], None
    for _ in range(runs):
        seconds, last = timed(args, env, cwd)
        if last.returncode != expect:
            sys.exit(f"{' '.join(args)}: exit {last.returncode}, expected {expect}\n{last.stderr[-2000:]}")
        times.append(seconds)
    lines = [line for line in last.stderr.splitlines() if line.startswith("sitrep:")]
    return statistics.median(times), (lines[0] if lines else "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--backend", default="embedded")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sitrep-latency-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_URL")}
    env.update(PREFECT_HOME=str(work / "prefect"), PREFECT_PROFILES_PATH=str(work / "profiles.toml"),
               SITREP_BACKEND=args.backend)
    out = work / "out" / "records.jsonl"
    rows = []

    seconds, first = timed(["extract", str(ROOT / "examples"), "--out", str(out), "--summary",
                            str(work / "summary.json")], env, work)
    summary = json.loads((work / "summary.json").read_text()) if first.returncode == 0 else {}
    if summary.get("cached") != summary.get("articles"):
        print(f"the answers of examples/ were not all cached (first run: {seconds:.1f} s, exit "
              f"{first.returncode}); timing reruns now that they are")
    cached, _ = median_of(args.runs, ["extract", str(ROOT / "examples"), "--out", str(out)], env, work, 0)
    rows.append(("cached rerun of examples/ (3 articles, no model call, no Prefect server)", cached))

    errors = {
        "bad option value (`--concurrency 0`)": (["extract", str(ROOT / "examples"), "--concurrency", "0"],
                                                 {}),
        "bad setting in the environment (`SITREP_TIMEOUT=soon`)": (["extract", str(ROOT / "examples")],
                                                                   {"SITREP_TIMEOUT": "soon"}),
        "output that cannot be written (`--out /proc/x/records.jsonl`)": (
            ["extract", str(ROOT / "examples"), "--out", "/proc/x/records.jsonl"], {}),
        "remote backend without a base URL": (["extract", str(ROOT / "examples"), "--backend",
                                               "openai-compatible"], {}),
    }
    for name, (argv, extra) in errors.items():
        seconds, line = median_of(args.runs, argv, {**env, **extra}, work, 2)
        rows.append((f"{name}: {line}", seconds))

    print(f"median of {args.runs} runs each, load average {os.getloadavg()[0]:.1f}")
    print("| command | wall |\n|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} s |")


if __name__ == "__main__":
    main()

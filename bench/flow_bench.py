"""Benchmarks of the extract-articles flow; the figures are in bench/RESULTS.md.

    .venv/bin/python bench/flow_bench.py cached   # rerun over 1,000 cached articles, articles/s
    .venv/bin/python bench/flow_bench.py latency  # concurrency 16, 1 s per call: share of the ideal time
    .venv/bin/python bench/flow_bench.py cli      # `sitrep extract` with no Prefect server: old and new
    .venv/bin/python bench/flow_bench.py sink     # writing records: a sink per article vs the shared sink
    .venv/bin/python bench/flow_bench.py all

Everything runs under bench/out/ (its own PREFECT_HOME and caches) against a local Prefect server started
once per section (its start-up is reported, not counted); the model is the fake backend or
bench/latency_server.py. Nothing leaves 127.0.0.1. The fake backend is the tests' (tests/fakellm.py), named
`fakellm:fake_backend` and imported from tests/, which this script puts on the path of every process it
runs."""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "out"
os.environ["PREFECT_HOME"] = str(WORK / "prefect-home")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
for _name in [n for n in os.environ if n.startswith(("SITREP_", "PREFECT_API_"))]:
    os.environ.pop(_name)
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT / "tests"),
                                            *filter(None, [os.environ.get("PYTHONPATH")])])
FAKE = "fakellm:fake_backend"  # tests/fakellm.py


def write_articles(path: Path, n: int) -> Path:
    """n distinct short articles, each stating an agreement, a troop number and a casualty figure (so the
    engine asks about all three record types: up to three model calls each)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({
        "id": f"bench-{i:05d}",
        "text": f"Report {i}. The two governments signed a ceasefire agreement on Monday. About {1000 + i} "
                f"soldiers were deployed near the border, and shelling killed {2 + i % 50} civilians in the "
                f"town, officials said.",
    }) + "\n" for i in range(n)), encoding="utf-8")
    return path


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def start_api() -> float:
    from sitrep.flows.local_api import local_api

    started = time.monotonic()
    server = local_api(timeout=600)
    if server is not None:
        server.wait()
    import sitrep.flows.extract  # noqa: F401 -- imported here, not on the clock

    return time.monotonic() - started


def timed_flow(**parameters) -> tuple[dict, float]:
    from sitrep.flows.extract import extract_articles  # imported before the clock starts

    started = time.monotonic()
    summary = extract_articles(**parameters)
    return summary, time.monotonic() - started


def bench_cached(n: int) -> list[str]:
    work = fresh(WORK / "cached")
    os.environ["SITREP_CACHE_DIR"] = str(work / "cache")
    inputs = [str(write_articles(work / "articles.jsonl", n))]
    api = start_api()
    first, fill = timed_flow(inputs=inputs, out=str(work / "records.jsonl"), backend=FAKE, concurrency=8)
    again, rerun = timed_flow(inputs=inputs, out=str(work / "records.jsonl"), backend=FAKE, concurrency=8)
    assert again["cached"] == n and again["model_calls"] == 0, again
    return [
        f"- local Prefect server start-up: {api:.1f} s (not counted below)",
        f"- first run, {n} articles with the fake backend at concurrency 8: {fill:.1f} s "
        f"({n / fill:.0f} articles/s, {first['model_calls']} model calls, one task run per article)",
        f"- **rerun, all {n} cached: {rerun:.2f} s through the flow ({n / rerun:.0f} articles/s)**, of which "
        f"{again['seconds']:.2f} s inside the flow body (plan, write, summary, artifacts); 0 model calls",
    ]


def bench_latency(n: int, concurrency: int, latency: float) -> list[str]:
    import httpx

    work = fresh(WORK / "latency")
    os.environ["SITREP_CACHE_DIR"] = str(work / "cache")
    inputs = [str(write_articles(work / "articles.jsonl", n))]
    api = start_api()
    # the endpoint in a process of its own, so it does not compete with the flow for this process's GIL
    endpoint = subprocess.Popen([sys.executable, str(ROOT / "bench" / "latency_server.py"),
                                 "--latency", str(latency), "--max-requests", str(20 * n),
                                 "--max-seconds", "1800"],
                                stdout=subprocess.PIPE, text=True)
    try:
        base_url = endpoint.stdout.readline().strip()
        summary, wall = timed_flow(inputs=inputs, out=str(work / "records.jsonl"),
                                   backend="openai-compatible", base_url=base_url, model="bench",
                                   concurrency=concurrency)
        peak = httpx.get(f"{base_url}/stats").json()["peak_in_flight"]
    finally:
        endpoint.terminate()
        endpoint.wait(timeout=30)
    assert summary["failed"] == 0, summary["failures"][:3]
    calls = summary["model_calls"]
    ideal = calls * latency / concurrency
    return [
        f"- local Prefect server start-up: {api:.1f} s (not counted below)",
        f"- {n} articles, {calls} model calls ({calls / n:.1f} per article), {latency:g} s per call, "
        f"concurrency {concurrency} (peak {peak} requests in flight at the endpoint)",
        f"- ideal wall time = calls x latency / concurrency = {ideal:.1f} s; "
        f"**measured {wall:.1f} s through the flow = {ideal / wall:.0%} of ideal** "
        f"({summary['seconds']:.1f} s inside the flow body)",
    ]


OLD_PATH = """
import os, sys
os.environ.update(PREFECT_LOGGING_LEVEL="WARNING", PREFECT_SERVER_ANALYTICS_ENABLED="false",
                  PREFECT_SERVER_LOGGING_LEVEL="WARNING",
                  PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="600")
from sitrep.flows.extract import extract_articles
s = extract_articles(inputs=[sys.argv[1]], out=sys.argv[2], backend="fakellm:fake_backend")
assert s["failed"] == 0
"""


def _measure(args: list[str], env: dict) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert proc.returncode == 0, proc.stderr[-2000:]
    noisy = sum(1 for line in proc.stderr.splitlines()
                if "Traceback" in line or "| ERROR" in line or "CancelledError" in line)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, noisy


def bench_cli(repeat: int) -> list[str]:
    work = fresh(WORK / "cli")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PREFECT_LOGGING", "PREFECT_SERVER", "PREFECT_API"))}  # no server configured
    env.update(SITREP_CACHE_DIR=str(work / "cache"), PREFECT_HOME=str(work / "prefect-home"))
    examples, out = str(ROOT / "examples"), str(work / "records.jsonl")
    variants = {
        "Prefect's temporary server (the flow called with no API URL, as before)":
            [sys.executable, "-c", OLD_PATH, examples, out],
        "`sitrep extract` (local server started in the background, services off)":
            [sys.executable, "-m", "sitrep.commands.cli", "extract", examples, "--backend", FAKE, "--out",
             out],
    }
    lines = []
    _measure(list(variants.values())[1], env)  # creates and migrates the database, fills the cache
    for name, args in variants.items():
        runs = [_measure(args, env) for _ in range(repeat)]
        wall = sorted(r[0] for r in runs)[len(runs) // 2]
        cpu = sorted(r[1] for r in runs)[len(runs) // 2]
        lines.append(f"| {name} | {wall:.1f} s | {cpu:.1f} s | {max(r[2] for r in runs)} |")
    return [f"| no-server CLI path, 3 cached articles (median of {repeat}) | wall | CPU (all processes) | "
            "error/traceback lines |", "|---|---|---|---|", *lines]


def bench_sink(n: int) -> list[str]:
    """Writing n articles' records (3 lines of ~700 bytes each) to one JSONL: a sink opened per article (it
    reads the whole file's ids each time) against the process's shared sink (it reads only what was
    appended)."""
    from sitrep.io.sink import RecordSink, forget_shared

    out = []
    for name, sink_for in (("a sink per article", RecordSink), ("the shared sink", RecordSink.shared)):
        path = fresh(WORK / "sink") / "records.jsonl"
        forget_shared()
        started = time.perf_counter()
        for i in range(n):
            lines = [(f"{i}-{k}", json.dumps({"record_id": f"{i}-{k}", "text": "x" * 700})) for k in range(3)]
            sink_for(path).write_lines(lines)
        out.append(f"- {name}: {n} articles, {3 * n} lines in {time.perf_counter() - started:.1f} s")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmarks of the extract-articles flow.")
    parser.add_argument("what", choices=["cached", "latency", "cli", "sink", "all"], nargs="?", default="all")
    parser.add_argument("--articles", type=int, default=1000, help="articles for the cached rerun")
    parser.add_argument("--latency-articles", type=int, default=512)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sink-articles", type=int, default=3000)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"# {time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} cores, load average {load:.1f}\n")
    if args.what in ("cached", "all"):
        print("## Cached rerun\n", *bench_cached(args.articles), "", sep="\n")
    if args.what in ("latency", "all"):
        lines = bench_latency(args.latency_articles, args.concurrency, args.latency)
        print("## Latency-bound run\n", *lines, "", sep="\n")
    if args.what in ("cli", "all"):
        print("## CLI without a Prefect server\n", *bench_cli(args.repeat), "", sep="\n")
    if args.what in ("sink", "all"):
        print("## Writing records\n", *bench_sink(args.sink_articles), "", sep="\n")


if __name__ == "__main__":
    main()

"""Against a real Prefect server: `prefect server start` on 127.0.0.1 (free port, own home), `sitrep serve`
serving the ad-hoc deployment of prefect.yaml, runs triggered with parameters through the REST API."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fakellm import FAKE

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SITREP_"))}
    return {**env, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **extra}


class Process:
    """A child process with its output in a log file, stopped politely, then firmly."""

    def __init__(self, args: list[str], log: Path, **kwargs):
        self.log = log
        self._out = open(log, "wb")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=self._out,
                                     stderr=subprocess.STDOUT, **kwargs)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def tail(self, n: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.alive():
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        self._out.close()


def request(method: str, url: str, **kwargs) -> httpx.Response:
    """One API call, retried as Prefect's own client does when a busy server answers 429/502/503/504."""
    for attempt in range(10):
        try:
            response = httpx.request(method, url, timeout=30, **kwargs)
            if response.status_code not in (429, 502, 503, 504):
                return response.raise_for_status()
        except httpx.TransportError:
            if attempt == 9:
                raise
        time.sleep(min(5.0, 0.5 * 2 ** attempt))
    return response.raise_for_status()


def wait_for(what: str, check, timeout: float, process: Process | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and not process.alive():
            pytest.fail(f"{what}: the process exited ({process.proc.returncode}):\n{process.tail()}")
        try:
            value = check()
        except httpx.HTTPError:
            value = None
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"{what}: not within {timeout:.0f} s" + (f":\n{process.tail()}" if process else ""))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("prefect-server")
    port = free_port()
    proc = Process([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                    "--port", str(port), "--no-ui"], home / "server.log",
                   env=clean_env(PREFECT_HOME=str(home / "home")))
    url = f"http://127.0.0.1:{port}/api"
    try:
        wait_for("prefect server start", lambda: httpx.get(f"{url}/health", timeout=5).status_code == 200,
                 300, proc)
        yield url, home
    finally:
        proc.stop()


@pytest.fixture(scope="module")
def served(server, tmp_path_factory):
    """`sitrep serve -d adhoc` in a project folder of its own, with the fake backend."""
    url, home = server
    project = tmp_path_factory.mktemp("project")
    env = clean_env(PREFECT_API_URL=url, PREFECT_HOME=str(home / "client"), PREFECT_RUNNER_POLL_FREQUENCY="2",
                    SITREP_BACKEND=FAKE, SITREP_CACHE_DIR=str(project / "cache"))
    proc = Process([sys.executable, "-m", "sitrep.commands.cli", "serve", "--file",
                    str(ROOT / "prefect.yaml"), "-d", "adhoc"], project / "serve.log", cwd=project, env=env)
    try:
        deployment = wait_for("sitrep serve registering extract-articles/adhoc",
                              lambda: _deployment(url, "extract-articles/adhoc"), 240, proc)
        yield url, deployment, project, proc
    finally:
        proc.stop(signal.SIGTERM)  # the runner pauses its schedules and exits


def _deployment(url: str, name: str) -> dict | None:
    response = httpx.get(f"{url}/deployments/name/{name}", timeout=10)
    return response.json() if response.status_code == 200 else None


def run_deployment(url: str, deployment: dict, parameters: dict, serve: Process) -> dict:
    run = request("POST", f"{url}/deployments/{deployment['id']}/create_flow_run",
                  json={"parameters": parameters}).json()

    def finished():
        state = request("GET", f"{url}/flow_runs/{run['id']}").json()["state"]
        return state if state and state["type"] in FINAL else None

    state = wait_for(f"flow run {run['id']} to finish", finished, 300, serve)
    assert state["type"] == "COMPLETED", f"{state['type']}: {state.get('message')}\n{serve.tail()}"
    return run


def artifacts(url: str, flow_run_id: str) -> dict:
    body = {"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}}
    found = request("POST", f"{url}/artifacts/filter", json=body).json()
    return {a["key"]: json.loads(a["data"]) if a["type"] == "table" else a["data"] for a in found}


@pytest.mark.server
def test_adhoc_deployment_runs_on_a_real_server_and_rerun_is_all_cached(served):
    url, deployment, project, serve = served
    assert deployment["parameters"] == {"out": "out/adhoc/records.jsonl"}  # as declared in prefect.yaml
    out = project / "runs" / "records.jsonl"
    parameters = {"inputs": [str(EXAMPLES)], "out": str(out), "concurrency": 2}

    run = run_deployment(url, deployment, parameters, serve)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    ids = [r["record_id"] for r in lines]
    assert lines and len(ids) == len(set(ids))
    made = artifacts(url, run["id"])
    rows = made["sitrep-articles"]
    assert len(rows) == 3 and not any(r["cache_hit"] for r in rows)
    assert sum(r["model_calls"] for r in rows) > 0
    assert sum(r[t] for r in rows for t in ("agreement", "troop_deployment", "casualty_figure")) == len(lines)
    assert "3 extracted, 0 cached, 0 failed" in made["sitrep-summary"]

    before = out.read_bytes()
    rerun = run_deployment(url, deployment, parameters, serve)
    rows = artifacts(url, rerun["id"])["sitrep-articles"]
    assert [(r["cache_hit"], r["model_calls"]) for r in rows] == [(True, 0)] * 3
    assert "0 extracted, 3 cached, 0 failed" in artifacts(url, rerun["id"])["sitrep-summary"]
    assert out.read_bytes() == before


def test_serve_without_a_server_says_how_to_start_one(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "sitrep.commands.cli", "serve", "--file",
                           str(ROOT / "prefect.yaml")],
                          cwd=tmp_path, env=clean_env(PREFECT_HOME=str(tmp_path / "home")),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "prefect server start" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.server
@pytest.mark.parametrize(("args", "said"), [
    (["--file", "missing/[x]/prefect.yaml"], "missing/[x]/prefect.yaml: no such file"),
    (["-d", "adhoc", "--feed", "https://news.example.org/rss.xml"], "--feed: no served deployment"),
    (["-d", "nightly"],
     "no deployment named nightly (there are: scheduled, adhoc, watch-feeds, after-extract)"),
])
def test_serve_says_what_is_wrong_in_one_line(server, tmp_path, args, said):
    url, home = server
    proc = subprocess.run([sys.executable, "-m", "sitrep.commands.cli", "serve", *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300,
                          env=clean_env(PREFECT_API_URL=url, PREFECT_HOME=str(home / "wrong-client")))
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and said in proc.stderr, proc.stderr
    assert httpx.get(f"{url}/deployments/name/extract-articles/nightly", timeout=10).status_code == 404

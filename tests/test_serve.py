"""`sitrep serve` as a user meets it after `pip install .`: the repository's files (as a clean clone holds
them) installed non-editable into a fresh venv, a real Prefect server started from that venv, `sitrep serve`
from the repository root and from a folder without prefect.yaml (as wheel and pipx users have), and ad-hoc
runs against a local OpenAI-compatible endpoint, triggered with the commands docs/deployments.md gives."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import venv
from pathlib import Path

import httpx
import pytest
from faults.server import FaultServer
from test_prefect_server import FINAL, Process, clean_env, free_port, request, wait_for

from sitrep.flows.deployments import deployment_specs
from sitrep.io.sources import read_inputs

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("scheduled", "adhoc", "watch-feeds")
SERVED = (*NAMES, "after-extract")  # and the update-events deployment that keeps their events current


def _run(cmd: list, cwd: Path, env: dict, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def clean_clone(dest: Path) -> Path:
    """The files a clone of this checkout holds (tracked and new, not ignored), symlinks kept as links."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True, timeout=60).stdout.decode().split("\0")
    for name in filter(None, listed):
        source, target = ROOT / name, dest / name
        if not source.is_symlink() and not source.exists():
            continue  # deleted in the working tree
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, target)
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(a clean clone, the bin folder of a fresh venv where `pip install .` ran in it, a clean
    environment)."""
    base = tmp_path_factory.mktemp("serve")
    clone = clean_clone(base / "clone")
    env = {k: v for k, v in clean_env().items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))
           and k != "OPENAI_API_KEY"}
    env.update(HOME=str(base / "home"), PREFECT_HOME=str(base / "home" / "prefect"))
    venv.create(base / "venv", with_pip=True)
    bin_ = base / "venv" / "bin"
    done = _run([bin_ / "pip", "install", "-q", "."], clone, env)
    assert done.returncode == 0, done.stderr[-3000:]
    return clone, bin_, env


@pytest.fixture(scope="module")
def api(installed, tmp_path_factory):
    """`prefect server start` from the fresh venv, on a free port of 127.0.0.1, with its own home."""
    _, bin_, env = installed
    home = tmp_path_factory.mktemp("serve-server")
    port = free_port()
    proc = Process([bin_ / "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port),
                    "--no-ui"],
                   home / "server.log", env={**env, "PREFECT_HOME": str(home / "home")})
    url = f"http://127.0.0.1:{port}/api"
    try:
        wait_for("prefect server start", lambda: httpx.get(f"{url}/health", timeout=5).status_code == 200,
                 300, proc)
        yield url
    finally:
        proc.stop()


@pytest.fixture
def endpoint():
    with FaultServer(model="fault", max_seconds=900) as server:
        yield server


def serve(bin_: Path, cwd: Path, env: dict, url: str, endpoint: FaultServer, log: Path) -> Process:
    """`sitrep serve` in `cwd`, its runs sent to the fake endpoint; returns once it registered every
    deployment."""
    env = {**env, "PREFECT_API_URL": url, "PREFECT_RUNNER_POLL_FREQUENCY": "2",
           "SITREP_BACKEND": "openai-compatible", "SITREP_BASE_URL": endpoint.url, "SITREP_MODEL": "fault",
           "SITREP_CACHE_DIR": str(log.parent / "cache")}
    proc = Process([bin_ / "sitrep", "serve"], log, cwd=cwd, env=env)
    wait_for("sitrep serve registering its deployments", lambda: len(deployments(url)) == len(SERVED), 300,
             proc)
    return proc


def deployments(url: str) -> dict[str, dict]:
    found = request("POST", f"{url}/deployments/filter", json={}).json()
    return {d["name"]: d for d in found}


def forget(url: str, proc: Process) -> None:
    proc.stop()
    for deployment in deployments(url).values():
        request("DELETE", f"{url}/deployments/{deployment['id']}")


def sitrep_lines(proc: Process) -> list[str]:
    return [line for line in proc.log.read_text(errors="replace").splitlines() if line.startswith("sitrep")]


def assert_records_for_every_article(out: Path, inputs: Path) -> None:
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    articles = {a.id for a in read_inputs([str(inputs)]).articles}
    assert len(articles) == 3 and {r["article"]["id"] for r in records} == articles
    assert not out.with_name("records.failures.jsonl").exists() or \
        not out.with_name("records.failures.jsonl").read_text().strip()


@pytest.mark.server
def test_serve_from_the_repository_root_after_pip_install(installed, api, endpoint):
    clone, bin_, env = installed
    proc = serve(bin_, clone, env, api, endpoint, clone.parent / "serve-root.log")
    try:
        served = deployments(api)
        assert set(served) == set(SERVED)
        assert served["adhoc"]["entrypoint"] == "sitrep.flows.extract.extract_articles"  # no file path
        # the command of docs/deployments.md, run from the repository root
        command = "prefect deployment run extract-articles/adhoc --param inputs='[\"examples\"]' " \
                  "--param out=out/adhoc/records.jsonl --watch"
        assert command in (ROOT / "docs" / "deployments.md").read_text(encoding="utf-8")
        done = _run(["sh", "-c", command], clone, {**env, "PATH": f"{bin_}:{env['PATH']}",
                                                   "PREFECT_API_URL": api}, timeout=600)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:] + proc.tail()
        run_id = re.search(r"UUID: ([0-9a-f-]{36})", done.stdout).group(1)
        state = request("GET", f"{api}/flow_runs/{run_id}").json()["state"]
        assert state["type"] == "COMPLETED", state
        assert_records_for_every_article(clone / "out" / "adhoc" / "records.jsonl", clone / "examples")
        assert [s.article_id for s in endpoint.log if s.fault == "ok"]  # the model was asked, over HTTP
        # served from the clone's own prefect.yaml, whose watch-feeds lists no feeds
        said = sitrep_lines(proc)
        assert any("watch-feeds is not scheduled" in line and f"in {clone / 'prefect.yaml'}" in line
                   for line in said), said
        assert not any("no prefect.yaml" in line for line in said), said
    finally:
        forget(api, proc)


@pytest.mark.server
def test_serve_without_prefect_yaml_serves_the_built_in_deployments(installed, api, endpoint, tmp_path):
    _, bin_, env = installed
    work = tmp_path / "work"
    shutil.copytree(ROOT / "examples", work / "examples")
    proc = serve(bin_, work, env, api, endpoint, tmp_path / "serve.log")
    try:
        served = deployments(api)
        assert served["adhoc"]["parameters"] == {"out": "out/adhoc/records.jsonl"}
        assert [s["schedule"]["interval"] for s in served["scheduled"]["schedules"]] == [900]
        assert served["watch-feeds"]["schedules"] == []  # no feeds: not run every 10 minutes for nothing
        said = sitrep_lines(proc)
        assert any(f"no prefect.yaml in {work}" in line for line in said), said
        assert any("extract-articles/watch-feeds is not scheduled: it has no feeds" in line for line in said)
        assert any("extract-articles/scheduled: inbox does not exist" in line for line in said)
        assert len(said) == 3, said

        # the REST commands of docs/deployments.md (the deployment's id looked up by name, then a run)
        block = next(b for b in re.findall(r"```bash\n(.*?)```", (ROOT / "docs" / "deployments.md").read_text(
            encoding="utf-8"), re.S) if "create_flow_run" in b)
        rest = "\n".join(line for line in block.splitlines() if not line.startswith("prefect "))
        done = _run(["sh", "-ec", rest], work, {**env, "PREFECT_API_URL": api}, timeout=120)
        assert done.returncode == 0, done.stderr
        run_id = json.loads(done.stdout)["id"]
        wait_for("the flow run to finish",
                 lambda: request("GET", f"{api}/flow_runs/{run_id}").json()["state"][
            "type"] in FINAL, 300, proc)
        state = request("GET", f"{api}/flow_runs/{run_id}").json()["state"]
        assert state["type"] == "COMPLETED", f"{state}\n{proc.tail()}"
        assert_records_for_every_article(work / "out" / "adhoc" / "records.jsonl", work / "examples")
    finally:
        forget(api, proc)


def test_the_built_in_deployments_are_those_of_prefect_yaml():
    """What a wheel serves without prefect.yaml is what the repository's prefect.yaml declares."""
    built_in = deployment_specs(None)  # the prefect.yaml inside the package
    assert deployment_specs(ROOT / "prefect.yaml") == built_in
    assert [d["name"] for d in built_in] == list(NAMES)


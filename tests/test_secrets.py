"""Secrets: API keys never reach logs, JSONL, failures, the cache, Prefect (artifacts, logs, runs, results) or
exception messages, even from a provider that repeats the key back in its error messages. The endpoint sitrep
talks to listens on 127.0.0.1 only and refuses requests without its key."""

from __future__ import annotations

import json
import random
import secrets
import socket
import subprocess
import traceback
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from faults import corpus, prefect_api
from faults.harness import cli_env, read_lines, run_engine, sitrep_cmd
from faults.server import FaultPlan, FaultServer

from sitrep.building.items import CasualtyList
from sitrep.config import Settings
from sitrep.errors import SitrepError
from sitrep.llm import using_backend
from sitrep.llm.base import Backend, openai_client
from sitrep.llm.calls import CallStats, structured_call
from sitrep.llm.openai_backends import remote_backend
from sitrep.run import Outputs

prefect_api.start()  # boots while other tests run

KEY = "sk-canary-" + secrets.token_hex(16)  # recognisable, and unique to this test session
WRONG = "sk-wrongcanary-" + secrets.token_hex(16)
MARKERS = (KEY, WRONG, KEY[10:], WRONG[15:])  # the whole keys and their random parts
SCRIPT = {"a0001": "server_error", "a0002": "bad_json", "a0003": "rate_limit", "a0004": "ungrounded_number"}


def leaks(text: str) -> list[str]:
    return [m for m in MARKERS if m in text]


def scan(root: Path) -> dict[str, list[str]]:
    """Every file under root (binary too: SQLite databases, WAL files, pickled results) that holds a
    marker."""
    found = {}
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            hits = [m for m in MARKERS if m.encode() in data]
            if hits:
                found[str(path)] = hits
    return found


def api_dump(api: str) -> dict[str, list]:
    """What the Prefect API serves about runs: flow and task runs (with parameters), logs, artifacts."""
    out = {}
    for what in ("flow_runs", "task_runs", "logs", "artifacts"):
        request = urllib.request.Request(f"{api}/{what}/filter", data=json.dumps({"limit": 200}).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            out[what] = json.loads(response.read())
    return out


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("secrets")
    source = corpus.write_files(tmp / "in", corpus.articles(12, seed=9))
    api = prefect_api.url()
    plan = FaultPlan(script=lambda r: SCRIPT.get(r.article_id) if r.attempt == 0 or r.article_id == "a0002"
                     else None,
                     retry_after=("0",))
    results = {}
    with FaultServer(plan, responder=corpus.responder, api_key=KEY, echo_auth=True, max_requests=500,
                     max_seconds=300) as server:
        procs = {}
        for name, key_env in (("right-key", {"OPENAI_API_KEY": KEY}),
                              ("wrong-key", {"SITREP_API_KEY": WRONG})):
            env = cli_env(backend="openai-compatible", base_url=server.url, model="fault",
                          cache_dir=tmp / name / "cache", timeout=10, retry_initial_wait=0.01,
                          retry_max_wait=0.1)
            env.update(key_env, PREFECT_API_URL=api, PREFECT_HOME=str(tmp / name / "prefect-home"),
                       SITREP_TEST_RAISE="a0005")
            out = tmp / name / "records.jsonl"
            procs[name] = (out, subprocess.Popen(  # both runs at once
                sitrep_cmd("extract", str(source), "--out", str(out), "--summary",
                           str(tmp / name / "summary.json"), hooks=True),
                env=env, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        for name, (out, proc) in procs.items():
            try:
                stdout, stderr = proc.communicate(timeout=300)
            finally:
                if proc.poll() is None:
                    proc.kill()
            results[name] = {"proc": subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr),
                             "records": read_lines(out),
                             "failures": read_lines(out.with_name("records.failures.jsonl"))}
        results["log"], results["gets"] = server.log, server.gets
    results["tmp"], results["api"] = tmp, api
    return results


def test_the_runs_did_send_the_key_and_met_the_errors(runs):
    right, wrong = runs["right-key"], runs["wrong-key"]
    assert right["records"] and right["proc"].returncode == 1  # a0002 and a0005 fail, the rest succeed
    assert {f["id"] for f in right["failures"]} == {"a0002", "a0005"}
    assert (any(s.fault == "server_error" for s in runs["log"])
            and any(s.fault == "rate_limit" for s in runs["log"]))
    assert all(s.authorized for s in runs["log"]) and ("/v1/models", False) in runs["gets"]
    assert wrong["proc"].returncode == 2 and not wrong["records"] and not wrong["failures"]
    assert "the API key was refused (401)" in wrong["proc"].stderr  # before any call


def test_no_key_in_any_output_or_file(runs):
    for name in ("right-key", "wrong-key"):
        proc = runs[name]["proc"]
        assert not leaks(proc.stdout + proc.stderr), name
    # JSONL, failures, summaries, cache, the run's PREFECT_HOME (results, logs)
    assert scan(runs["tmp"]) == {}
    assert scan(prefect_api.home()) == {}  # the Prefect server's database (artifacts, logs, run parameters)


def test_no_key_in_prefect_artifacts_logs_or_runs(runs):
    dump = api_dump(runs["api"])
    # there was something
    assert {a["key"] for a in dump["artifacts"]} >= {"sitrep-articles", "sitrep-summary"}
    assert any(r["parameters"].get("inputs") for r in dump["flow_runs"])  # to look at
    assert not leaks(json.dumps(dump))


def test_no_key_in_exception_messages_or_reprs(tmp_path):
    with FaultServer(api_key=KEY, echo_auth=True, max_requests=20, max_seconds=60) as server:
        for key in (WRONG, KEY):
            settings = Settings(backend="openai-compatible", base_url=server.url, model="fault", api_key=key,
                                cache_dir=tmp_path, max_retries=0, timeout=5)
            if key == WRONG:  # refused when the backend is built; then met at a call (a server that lists
                with pytest.raises(SitrepError) as info:  # its models to anyone)
                    remote_backend(settings)
                assert not leaks(shown_of(info.value))
                client = openai_client(server.url, key, settings.timeout)
                backend = Backend("openai-compatible", "fault", client, secrets=(key,), on_close=client.close)
            else:
                backend = remote_backend(settings)
            server.plan = FaultPlan(first={"server_error": 1.0}, later={"server_error": 1.0})
            messages = [{"role": "user", "content": "ARTICLE (id: s; published: unknown)\n<<<\nx\n>>>"}]
            with pytest.raises(SitrepError) as info:
                structured_call(backend, settings, messages, CasualtyList, {"article": "x"}, CallStats())
            shown = shown_of(info.value)
            assert ("refused (401)" if key == WRONG else "***") in shown and not leaks(shown)
            assert not leaks(repr(settings) + str(settings.model_dump()) + repr(backend))
            backend.close()


def shown_of(error: BaseException) -> str:
    return "".join(traceback.format_exception(error)) + repr(error) + str(error)


def test_the_endpoint_rejects_requests_without_its_key_and_binds_loopback():
    with FaultServer(api_key=KEY, max_requests=10, max_seconds=30) as server:
        for headers in ({}, {"Authorization": f"Bearer {WRONG}"}):
            request = urllib.request.Request(f"{server.url}/chat/completions", data=b"{}", headers=headers)
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(request, timeout=5)
            assert info.value.code == 401 and not leaks(info.value.read().decode())
        assert server.address == "127.0.0.1" and server.url.startswith("http://127.0.0.1:")
        for address in other_addresses():  # not reachable on this host's other addresses
            with socket.socket() as other:
                other.settimeout(1)
                assert other.connect_ex((address, server.port)) != 0, address


def other_addresses() -> list[str]:
    import psutil

    return [a.address for addrs in psutil.net_if_addrs().values() for a in addrs
            if a.family == socket.AF_INET and not a.address.startswith("127.")]


@pytest.mark.embedded
def test_embedded_server_wants_its_key_and_never_shows_it(tmp_path, caplog, capfd):
    import psutil

    from sitrep.llm.embedded import embedded_backend

    backend = embedded_backend(Settings(cache_dir=tmp_path / "cache", max_tokens=128))
    try:
        url = str(backend.client.base_url).rstrip("/")
        key = backend.secrets[0]
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        assert url.startswith("http://127.0.0.1:")
        listening = [c for c in psutil.net_connections("tcp") if c.laddr and c.laddr.port == port
                     and c.status == psutil.CONN_LISTEN]
        assert listening and all(c.laddr.ip == "127.0.0.1" for c in listening)
        for headers in ({}, {"Authorization": f"Bearer {WRONG}"}):
            request = urllib.request.Request(f"{url}/chat/completions", data=b'{"messages": []}',
                                             headers={"Content-Type": "application/json", **headers})
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(request, timeout=30)
            assert info.value.code in (401, 403)
        source = corpus.write_jsonl(tmp_path / "a.jsonl",
                                    [{"id": "e1", "text": corpus.report(1, random.Random(1))}])
        outputs = Outputs.beside(tmp_path / "out" / "records.jsonl")
        with using_backend(backend):
            summary = run_engine([str(source)], Settings(backend="embedded", cache_dir=tmp_path / "cache",
                                                         max_tokens=256), outputs, workers=1)
        assert summary["articles"] == 1
        captured = capfd.readouterr()
        shown = captured.out + captured.err + caplog.text + repr(backend)
        assert key not in shown
        assert all(key.encode() not in p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    finally:
        backend.close()

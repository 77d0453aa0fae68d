"""Configuration errors stop at once: a model the endpoint does not serve, an API key it refuses, a base URL
without /v1. `sitrep extract` says so in one line with exit 2, before or at the first call (never one failed
call per article); `sitrep doctor` finds the same with one real request. Keys are redacted as whole tokens,
never inside ordinary words."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from faults import corpus, prefect_api
from faults.harness import cli_env, read_lines, sitrep_cmd
from faults.server import FaultPlan, FaultServer

from sitrep.building.items import CasualtyList
from sitrep.config import Settings
from sitrep.errors import BackendError, ConfigError
from sitrep.llm.base import Backend, openai_client, redact
from sitrep.llm.calls import CallStats, structured_call

prefect_api.start()  # boots while other tests run

KEY = "sk-right-0123456789abcdef"
WRONG = "sk-wrong-0123456789abcdef"
N_ARTICLES = 6


def sitrep(tmp_path: Path, command: str, *args: str, key: str = KEY,
           **settings) -> subprocess.CompletedProcess:
    env = cli_env(backend="openai-compatible", cache_dir=tmp_path / "cache", **settings)
    env.update(SITREP_API_KEY=key, PREFECT_API_URL=prefect_api.url())
    return subprocess.run(sitrep_cmd(command, *args), cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def said(done: subprocess.CompletedProcess) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.strip()]


@pytest.fixture
def server():
    with FaultServer(responder=corpus.responder, api_key=KEY, models=("fault",), max_requests=200,
                     max_seconds=280) as server:
        yield server


@pytest.fixture
def articles(tmp_path) -> Path:
    return corpus.write_jsonl(tmp_path / "articles.jsonl", corpus.articles(N_ARTICLES, seed=2))


def extract(tmp_path: Path, articles: Path, **settings) -> subprocess.CompletedProcess:
    return sitrep(tmp_path, "extract", str(articles), "--out", str(tmp_path / "out" / "records.jsonl"),
                  **settings)


def test_a_model_the_endpoint_does_not_serve_stops_the_run_at_the_first_call(tmp_path, server, articles):
    done = extract(tmp_path, articles, base_url=server.url, model="nope")
    assert done.returncode == 2, done.stderr
    why = f"model nope is not served by {server.url} (404); it serves fault"
    assert [line for line in said(done) if why in line] == [f"sitrep: {why}"], done.stderr  # said once
    assert [s.fault for s in server.seen()] == ["unknown_model"]  # one call, not one per article
    assert not read_lines(tmp_path / "out" / "records.jsonl")


def test_a_refused_key_stops_the_run_before_any_call(tmp_path, server, articles):
    done = extract(tmp_path, articles, base_url=server.url, model="fault", key=WRONG)
    assert done.returncode == 2, done.stderr
    assert said(done) == [f"sitrep: the API key was refused (401) by {server.url}: check SITREP_API_KEY "
                          f"(or OPENAI_API_KEY)"]
    assert server.seen() == [] and server.gets == [("/v1/models", False)]
    assert WRONG not in done.stdout + done.stderr


def test_a_base_url_without_v1_stops_the_run_before_any_call(tmp_path, server, articles):
    base = server.url.removesuffix("/v1")
    done = extract(tmp_path, articles, base_url=base, model="fault")
    assert done.returncode == 2, done.stderr
    assert said(done) == [f"sitrep: {base} has no /chat/completions (404): did you mean {base}/v1?"]
    assert server.seen() == []


def test_a_key_refused_at_the_first_call_is_a_configuration_error(tmp_path, server):
    """Some servers list their models to anyone and refuse the key only on a call."""
    settings = Settings(backend="openai-compatible", base_url=server.url, model="fault", timeout=10,
                        cache_dir=tmp_path)
    client = openai_client(server.url, WRONG, settings.timeout)
    backend = Backend("openai-compatible", "fault", client, secrets=(WRONG,), on_close=client.close)
    messages = [{"role": "user", "content": "ARTICLE (id: k; published: unknown)\n<<<\nx\n>>>"}]
    try:
        for _ in range(3):
            with pytest.raises(ConfigError) as info:
                structured_call(backend, settings, messages, CasualtyList, {"article": "x"}, CallStats())
            assert str(info.value) == (f"the API key was refused (401) by {server.url}: check SITREP_API_KEY "
                                       f"(or OPENAI_API_KEY)")
    finally:
        backend.close()
    assert [s.fault for s in server.seen()] == ["unauthorized"]  # the later calls were not sent


@pytest.mark.parametrize("case", ["fine", "model", "key", "v1"])
def test_doctor_checks_the_model_and_the_key_with_one_real_request(tmp_path, server, case):
    base = server.url.removesuffix("/v1") if case == "v1" else server.url
    done = sitrep(tmp_path, "doctor", "--out", str(tmp_path / "out" / "records.jsonl"), base_url=base,
                  model="nope" if case == "model" else "fault", key=WRONG if case == "key" else KEY)
    shown = " ".join(done.stdout.split())  # the table's rows, unwrapped
    expected = {
        "fine": (0, f"model ok fault answered a request at {server.url} "),
        "model": (2, f"model FAIL model nope is not served by {server.url} (404); it serves fault "),
        "key": (2, f"endpoint FAIL the API key was refused (401) by {server.url}: check SITREP_API_KEY"),
        "v1": (2, f"endpoint FAIL {base} has no /chat/completions (404): did you mean {base}/v1? "),
    }
    code, row = expected[case]
    assert done.returncode == code, done.stdout + done.stderr
    assert row in shown, done.stdout
    # one real request, when it can be made
    assert len(server.seen()) == (1 if case in ("fine", "model") else 0)
    assert WRONG not in done.stdout + done.stderr


def test_a_short_key_is_redacted_as_a_whole_token_never_inside_words(tmp_path):
    assert redact("the backend does not exist; Bearer e", ("e",)) == "the backend does not exist; Bearer ***"
    assert (redact(f"key {KEY}, and {KEY}x is another token", (KEY,))
            == f"key ***, and {KEY}x is another token")
    # through a real call: the server repeats the key in its error message
    with FaultServer(api_key="c", echo_auth=True, max_requests=5, max_seconds=60) as server:
        server.plan = FaultPlan(first={"server_error": 1.0})
        settings = Settings(backend="openai-compatible", base_url=server.url, model="fault", api_key="c",
                            max_retries=0, timeout=10, cache_dir=tmp_path)
        client = openai_client(server.url, "c", settings.timeout)
        backend = Backend("openai-compatible", "fault", client, secrets=("c",), on_close=client.close)
        messages = [{"role": "user", "content": "ARTICLE (id: c; published: unknown)\n<<<\nx\n>>>"}]
        try:
            with pytest.raises(BackendError) as info:
                structured_call(backend, settings, messages, CasualtyList, {"article": "x"}, CallStats())
        finally:
            backend.close()
    message = str(info.value)
    assert message.startswith("HTTP 5") and "from the openai-compatible backend: " in message
    assert "upstream failure (request from Bearer ***)" in message

"""Slow senders: a server on 127.0.0.1 that sends its answer one byte a second (status line, headers, body) is
given up once the configured timeout has passed since the request was sent, for page fetches and for model
calls, and the request is retried or failed as the retry settings say."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from fakellm import FAKE
from faults import corpus, prefect_api
from faults.harness import cli_env, read_lines, sitrep_cmd, wait_for
from faults.server import TRICKLE, FaultPlan, FaultServer, SlowSender

from sitrep.building.items import CasualtyList
from sitrep.config import Settings
from sitrep.errors import BackendError
from sitrep.llm.calls import CallStats, structured_call
from sitrep.llm.openai_backends import remote_backend

prefect_api.start()  # boots while other tests run

TIMEOUT = 2.0
# A client that hangs up at its deadline is seen by the sender at its next byte (a second later, or two when
# the first byte after the hang-up still fits in the socket's buffer): a request held for less than this was
# ended by the timeout, while the whole answer would take minutes.
HELD_AT_MOST = 3 * TIMEOUT + 2
PAGE = (b"<html><head><title>Slow</title></head><body><p>" + b"Troops were deployed. " * 20
        + b"</p></body></html>")


def answered(server: FaultServer) -> list:
    """The server's log once every request has ended on its side (the client hung up, or it was all sent)."""
    wait_for(lambda: all(s.answered for s in server.seen()), HELD_AT_MOST, what="the slow answers to end")
    return server.seen()


def run_extract(tmp_path: Path, *args: str, **settings) -> subprocess.CompletedProcess:
    env = cli_env(cache_dir=tmp_path / "cache", **settings)
    env["PREFECT_API_URL"] = prefect_api.url()
    return subprocess.run(sitrep_cmd("extract", *args, "--out", str(tmp_path / "out" / "records.jsonl"),
                                     "--summary", str(tmp_path / "summary.json")),
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_a_page_sent_one_byte_a_second_fails_as_a_timeout_after_its_retries(tmp_path):
    with SlowSender(PAGE, seconds=1.0) as sender:
        url = sender.url("/slow.html")
        done = run_extract(tmp_path, url, "--allow-private", backend=FAKE, fetch_timeout=TIMEOUT,
                           fetch_retries=1, fetch_retry_wait=0.1)
        wait_for(lambda: all(h.closed for h in sender.held), HELD_AT_MOST, what="the slow answers to end")
        held = list(sender.held)
    assert done.returncode == 1, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("sitrep: ")]
    assert lines == [f"sitrep: {url}: timed out (no whole answer within {TIMEOUT:g} s) (after 2 attempts)"]
    [failure] = read_lines(tmp_path / "out" / "records.failures.jsonl")
    assert failure["source"] == url and "timed out" in failure["error"]
    assert len(held) == 2  # the first attempt and one retry, as fetch_retries=1 says
    for request in held:
        assert request.closed - request.opened < HELD_AT_MOST, request
        assert request.sent < len(PAGE) // 4  # given up long before the page was sent


def test_a_model_answer_sent_one_byte_a_second_is_given_up_and_retried(tmp_path):
    items = corpus.articles(2, seed=3, treaty_share=0.0)
    source = corpus.write_jsonl(tmp_path / "articles.jsonl", items)
    plan = FaultPlan(script=lambda r: TRICKLE if r.attempt == 0 else None, trickle_seconds=1.0)
    with FaultServer(plan, responder=corpus.responder, max_requests=100, max_seconds=280) as server:
        done = run_extract(tmp_path, str(source), backend="openai-compatible", base_url=server.url,
                           model="fault", timeout=TIMEOUT, max_retries=1, retry_initial_wait=0.05,
                           retry_max_wait=0.1)
        log = answered(server)
    assert done.returncode == 0, done.stderr
    slow = [s for s in log if s.fault == TRICKLE]
    assert len(slow) == len(server.calls()) >= 2  # the first request of every call was slow ...
    for request in slow:
        assert request.answered - request.received < HELD_AT_MOST, request
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["transport_retries"] == len(slow)  # ... and was retried once, as max_retries=1 allows
    assert summary["failed"] == 0 and summary["model_calls"] == len(log)
    records = read_lines(tmp_path / "out" / "records.jsonl")
    assert {r["article"]["id"] for r in records} == {a["id"] for a in items}


def test_a_model_answer_that_stays_slow_fails_the_call_as_a_timeout(tmp_path):
    plan = FaultPlan(script=lambda r: TRICKLE, trickle_seconds=1.0)
    article = corpus.articles(1, seed=4, treaty_share=0.0)[0]["text"]
    messages = [{"role": "user", "content": f"ARTICLE (id: s; published: unknown)\n<<<\n{article}\n>>>"}]
    with FaultServer(plan, responder=corpus.responder, max_requests=10, max_seconds=120) as server:
        settings = Settings(backend="openai-compatible", base_url=server.url, model="fault", timeout=TIMEOUT,
                            max_retries=2, retry_initial_wait=0.05, retry_max_wait=0.1, cache_dir=tmp_path)
        backend = remote_backend(settings)
        stats = CallStats()
        try:
            with pytest.raises(BackendError) as info:
                structured_call(backend, settings, messages, CasualtyList, {"article": article}, stats)
        finally:
            backend.close()
        log = answered(server)
    assert str(info.value) == "the openai-compatible backend timed out"
    assert len(log) == stats.model_calls == 3 and stats.transport_retries == 2  # 1 + max_retries
    for request in log:
        assert request.fault == TRICKLE
        assert request.answered - request.received < HELD_AT_MOST, request

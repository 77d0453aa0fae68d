"""The extract-articles flow in this process, against a real local Prefect server: artifacts, the cached
rerun, the concurrency window, the task's retry policy and the shared rate limit."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import httpx
import pytest
from fakellm import FAKE, FakeLLM, HttpReply

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TEXT = "About 3,000 troops arrived in the region on Monday, officials said."



def artifacts(api_url: str, flow_run_id) -> dict[str, object]:
    body = {"artifacts": {"flow_run_id": {"any_": [str(flow_run_id)]}}}
    for attempt in range(8):  # a busy SQLite-backed server answers 503 "retry"; Prefect's client retries too
        response = httpx.post(f"{api_url}/artifacts/filter", json=body, timeout=30)
        if response.status_code != 503:
            break
        time.sleep(0.5 * 2 ** attempt)
    found = response.raise_for_status().json()
    return {a["key"]: json.loads(a["data"]) if a["type"] == "table" else a["data"] for a in found}


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_articles(path: Path, n: int) -> Path:
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": f"Article {i}. About {1000 + i} troops "
                                        f"arrived in the region, officials said."}) + "\n" for i in range(n)))
    return path


def test_run_publishes_artifacts_and_rerun_is_all_cached(tmp_path, api_url):
    from sitrep.flows.extract import extract_articles

    out = tmp_path / "out" / "records.jsonl"
    state = extract_articles(inputs=[str(EXAMPLES)], out=str(out), backend=FAKE, concurrency=2,
                             return_state=True)
    first = state.result()
    assert (first["articles"], first["failed"], first["cached"]) == (3, 0, 0)
    assert first["model_calls"] > 0
    lines = jsonl(out)
    assert len(lines) == first["records_written"] == sum(first["records"].values()) > 0
    assert len({r["record_id"] for r in lines}) == len(lines)
    made = artifacts(api_url, state.state_details.flow_run_id)
    rows = made["sitrep-articles"]
    assert len(rows) == len({r["article"] for r in rows}) == 3
    assert not any(r["cache_hit"] for r in rows)
    assert sum(r["model_calls"] for r in rows) == first["model_calls"]
    assert "3 extracted, 0 cached, 0 failed" in made["sitrep-summary"]

    before = out.read_bytes()
    state = extract_articles(inputs=[str(EXAMPLES)], out=str(out), backend=FAKE, return_state=True)
    again = state.result()
    assert (again["cached"], again["model_calls"], again["records_written"]) == (3, 0, 0)
    assert out.read_bytes() == before
    rows = artifacts(api_url, state.state_details.flow_run_id)["sitrep-articles"]
    assert [r["cache_hit"] for r in rows] == [True] * 3
    assert [r["model_calls"] for r in rows] == [0] * 3


def test_never_more_articles_in_flight_than_the_concurrency(tmp_path, api_url):
    from sitrep.flows.extract import extract_articles
    from sitrep.llm import using_backend

    busy, peak, lock = [0], [0], threading.Lock()

    def slow(request: dict) -> dict:
        with lock:
            busy[0] += 1
            peak[0] = max(peak[0], busy[0])
        time.sleep(0.3)
        with lock:
            busy[0] -= 1
        return {"items": []}

    fake = FakeLLM(responder=slow)
    with using_backend(fake.backend()):
        summary = extract_articles(inputs=[str(write_articles(tmp_path / "in.jsonl", 8))],
                                   out=str(tmp_path / "out.jsonl"), backend=FAKE, concurrency=3)
    assert summary["articles"] == 8 and summary["failed"] == 0
    assert 2 <= peak[0] <= 3


def _one_task(article, settings, outputs):
    """The per-article task as the flow submits it, without the retry wait."""
    from prefect import flow

    from sitrep.flows.tasks import extract_article_task

    @flow(name="one-article")
    def one():
        future = extract_article_task.with_options(retry_delay_seconds=0, retry_jitter_factor=None).submit(
            article, settings, outputs)
        future.wait()
        return future.state.name, future.result(raise_on_failure=False)

    return one()


@pytest.mark.parametrize("replies, state, status, asked", [
    ([HttpReply(503, "busy")], "Completed", "extracted", 2),          # transient: retried by Prefect
    ([HttpReply(503, "busy")] * 3, "Failed", "failed", 3),            # transient every time: 1 + 2 retries
    ([HttpReply(400, '{"error": "too long"}')], "Failed", "failed", 1),  # refused for itself: never retried
])
def test_task_retries_transient_failures_only(tmp_path, api_url, replies, state, status, asked):
    from sitrep.config import Settings
    from sitrep.llm import using_backend
    from sitrep.run import Outputs
    from sitrep.schemas import Article

    settings = Settings(backend=FAKE, cache_dir=tmp_path / "cache", max_retries=0)
    outputs = Outputs.beside(tmp_path / "records.jsonl")
    fake = FakeLLM(queue={"troop_deployment": list(replies)})
    with using_backend(fake.backend()):
        name, outcome = _one_task(Article(id="t1", text=TEXT), settings, outputs)
    assert (name, outcome.status) == (state, status)
    assert fake.calls("troop_deployment") == asked
    failures = jsonl(outputs.failures) if outputs.failures.exists() else []
    assert len(failures) == (status == "failed")  # recorded once, after the last attempt


def test_task_finding_the_article_in_the_engine_cache_ends_cached_without_a_model_call(tmp_path, api_url):
    from sitrep.config import Settings
    from sitrep.llm import using_backend
    from sitrep.run import Outputs, process_article
    from sitrep.schemas import Article

    settings = Settings(backend=FAKE, cache_dir=tmp_path / "cache")
    article = Article(id="c1", text=TEXT)
    fake = FakeLLM()
    with using_backend(fake.backend()):
        first = process_article(article, settings, Outputs.beside(tmp_path / "first.jsonl"))  # another run
        asked = len(fake.requests)
        name, outcome = _one_task(article, settings, Outputs.beside(tmp_path / "second.jsonl"))
    assert first.status == "extracted" and asked > 0
    assert (name, outcome.status, outcome.stats.model_calls) == ("Cached", "cached", 0)
    assert len(fake.requests) == asked


def test_every_model_call_takes_a_slot_of_the_named_rate_limit(tmp_path, api_url):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate

    from sitrep.errors import ConfigError
    from sitrep.flows.extract import extract_articles

    name = f"sitrep-test-{tmp_path.name[-12:].lower().replace('_', '-')}"
    with get_client(sync_client=True) as client:
        # a slow decay, so the slots taken are still visible after the run
        client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=name, limit=10_000,
                                                                            slot_decay_per_second=0.001))
    summary = extract_articles(inputs=[str(EXAMPLES)], out=str(tmp_path / "out.jsonl"), backend=FAKE,
                               concurrency=3, rate_limit=name)
    assert summary["model_calls"] > 0
    with get_client(sync_client=True) as client:
        assert client.read_global_concurrency_limit_by_name(name).active_slots == summary["model_calls"]

    with pytest.raises(ConfigError, match="prefect gcl create"):
        extract_articles(inputs=[str(EXAMPLES)], out=str(tmp_path / "out2.jsonl"), backend=FAKE,
                         rate_limit=name + "-missing")


def test_gate_runs_before_every_request_including_reasks(tmp_path, settings):
    from sitrep.llm import using_backend
    from sitrep.run import Outputs, extract_one
    from sitrep.schemas import Article

    quote = "About 3,000 troops arrived in the region on Monday, officials said"
    wrong = {"quote": quote, "count": 30000, "force": "unknown", "status": "deployed"}  # not in the quote
    fake = FakeLLM(queue={"troop_deployment": [[wrong], [{**wrong, "count": 3000}]]})
    gate_calls = []
    with using_backend(fake.backend()):
        outcome = extract_one(Article(id="g", text=TEXT), settings, Outputs.beside(tmp_path / "r.jsonl"),
                              gate=lambda: gate_calls.append(len(fake.requests)))
    assert outcome.stats.reasks == 1
    assert len(gate_calls) == outcome.stats.model_calls == len(fake.requests) >= 2
    assert gate_calls == list(range(len(fake.requests)))  # each before its request was sent


def test_failure_reasons_reach_the_summary_artifact(tmp_path, api_url):
    from sitrep.flows.extract import extract_articles, summary_of
    from sitrep.llm import using_backend

    fake = FakeLLM(queue={"troop_deployment": [HttpReply(400, '{"error": "too long"}')]})
    with using_backend(fake.backend()):
        state = extract_articles(inputs=[str(write_articles(tmp_path / "in.jsonl", 2))],
                                 out=str(tmp_path / "out.jsonl"), backend=FAKE, concurrency=1,
                                 return_state=True)
    assert state.is_failed() and "1 of 2 articles failed" in state.message  # the UI shows it did not succeed
    summary = summary_of(state)
    assert summary["failed"] == 1
    made = artifacts(api_url, state.state_details.flow_run_id)
    assert "## Failures (1)" in made["sitrep-summary"] and "HTTP 400" in made["sitrep-summary"]
    failed = [r for r in made["sitrep-articles"] if r["status"] == "failed"]
    assert len(failed) == 1 and "HTTP 400" in failed[0]["error"]

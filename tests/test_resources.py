"""Resource bounds: one `sitrep extract` over 1,000 small articles and one 5 MB article. The long article is
sent in chunks that fit the model's context (no request carries more than a chunk), its facts at the start,
middle and end are found at the right offsets, and the process's peak memory stays under 500 MB."""

from __future__ import annotations

import json
import random
import subprocess

import pytest
from faults import corpus, prefect_api
from faults.harness import cli_env, read_lines, sitrep_cmd
from faults.server import FaultServer

from sitrep.config import Settings
from sitrep.reading.chunking import max_chunk_chars

prefect_api.start()  # boots while other tests run

N_SMALL = 1000
BUDGET = 500 * 2**20  # bytes of peak resident memory
FILLER = "The committee met again to discuss the harvest and the weather in the northern valleys. "


def big_article(size: int = 5_000_000) -> tuple[str, list[str]]:
    """~size characters of filler with a report at the start, in the middle and at the end."""
    rng = random.Random(4)
    facts = [corpus.report(9000 + i, rng) for i in range(3)]
    half = FILLER * (size // len(FILLER) // 2)
    return f"{facts[0]} {half}{facts[1]} {half}{facts[2]}", facts


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("resources")
    rng = random.Random(8)
    small = [{"id": f"s{i:04d}", "text": corpus.report(i, rng) if i % 10 == 0 else corpus.quiet(i, rng)}
             for i in range(N_SMALL)]
    corpus.write_jsonl(tmp / "small.jsonl", small)
    text, facts = big_article()
    (tmp / "big.txt").write_text(text, encoding="utf-8")
    rss = tmp / "peak-rss"
    with FaultServer(responder=corpus.responder, max_requests=2000, max_seconds=400) as server:
        env = cli_env(backend="openai-compatible", base_url=server.url, model="fault",
                      cache_dir=tmp / "cache", timeout=60, concurrency=2)
        env.update(PREFECT_API_URL=prefect_api.url(), SITREP_TEST_RSS=str(rss))
        proc = subprocess.run(sitrep_cmd("extract", str(tmp / "small.jsonl"), str(tmp / "big.txt"), "--out",
                                         str(tmp / "out" / "records.jsonl"), "--summary",
                                         str(tmp / "summary.json"), hooks=True),
                              env=env, cwd=tmp, capture_output=True, text=True, timeout=400, check=False)
    return {"proc": proc, "peak": int(rss.read_text()) if rss.exists() else None, "log": server.log,
            "records": read_lines(tmp / "out" / "records.jsonl"), "text": text, "facts": facts,
            "summary": json.loads((tmp / "summary.json").read_text()) if (tmp / "summary.json").exists()
            else {}}


def test_every_article_went_through(run):
    assert run["proc"].returncode == 0, run["proc"].stderr[-3000:]
    assert run["summary"]["articles"] == N_SMALL + 1 and run["summary"]["failed"] == 0


def test_peak_memory_stays_under_500_mb(run):
    assert run["peak"] is not None
    print(f"peak RSS of sitrep extract over {N_SMALL} small articles and a 5 MB one: "
          f"{run['peak'] / 2**20:.0f} MB; {len(run['log'])} model requests, "
          f"{len([s for s in run['log'] if s.article_id == 'big'])} for the long one")
    assert run["peak"] < BUDGET, f"peak RSS {run['peak'] / 2**20:.0f} MB"


def test_the_long_article_is_sent_in_chunks_that_fit_the_context(run):
    limit = max_chunk_chars(Settings().context_size, Settings().max_tokens)
    big = [s for s in run["log"] if s.article_id == "big"]
    assert big, "no request for the long article"
    assert max(s.chars for s in big) <= limit
    assert max(s.chars for s in run["log"]) <= limit
    assert len(big) <= 12  # only the chunks that hold a figure are sent, not ~900 of them


def test_the_long_article_facts_are_found_at_the_right_offsets(run):
    records = [r for r in run["records"] if r["article"]["id"] == "big"]
    want = set().union(*(corpus.expected(f) for f in run["facts"]))
    assert {corpus.observed(r) for r in records} == want
    for r in records:
        ev = r["evidence"]
        assert run["text"][ev["start"]:ev["end"]] == ev["quote"]
    assert max(r["evidence"]["start"] for r in records) > 4_900_000  # the last fact, near the end

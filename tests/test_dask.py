"""The same flow on a local Dask cluster of 2 worker processes (prefect-dask's DaskTaskRunner): both processes
extract articles, append to one JSONL file at once, and the result equals a single-process run's."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fakellm import FAKE

pytest.importorskip("prefect_dask")

N = 16



def articles(path: Path) -> Path:
    path.write_text("".join(json.dumps({
        "id": f"d{i}",
        "text": f"Report {i}. About {2000 + i} troops were deployed near the border. "
                f"Shelling killed {3 + i} people and wounded {10 + i} in the town.",
    }) + "\n" for i in range(N)), encoding="utf-8")
    return path


def records(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]  # a torn or interleaved line would not parse


def without_time(record: dict) -> dict:
    return {**record, "extraction": {k: v for k, v in record["extraction"].items() if k != "extracted_at"}}


def test_two_worker_processes_share_the_articles_and_match_a_single_process_run(tmp_path, api_url,
                                                                                monkeypatch):
    from sitrep.flows.extract import dask_task_runner, extract_articles

    inputs = [str(articles(tmp_path / "articles.jsonl"))]
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache-single"))
    single = extract_articles(inputs=inputs, out=str(tmp_path / "single.jsonl"), backend=FAKE,
                              concurrency=2)

    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache-dask"))  # nothing cached: all on the workers
    on_dask = extract_articles.with_options(task_runner=dask_task_runner(workers=2, concurrency=2))
    spread = on_dask(inputs=inputs, out=str(tmp_path / "dask.jsonl"), backend=FAKE, concurrency=2)

    assert (spread["articles"], spread["failed"], spread["cached"]) == (N, 0, 0)
    workers = spread["workers"]
    assert len(workers) == 2, workers
    assert all(n > 0 for n in workers.values()) and sum(workers.values()) == N
    assert not any(w.endswith(f":{os.getpid()}") for w in workers)  # not this process: the Dask workers

    one, two = records(tmp_path / "single.jsonl"), records(tmp_path / "dask.jsonl")
    ids = [r["record_id"] for r in two]
    assert len(ids) == len(set(ids)) == spread["records_written"] > 0
    assert sorted(ids) == sorted(r["record_id"] for r in one)
    by_id = {r["record_id"]: without_time(r) for r in one}
    assert all(without_time(r) == by_id[r["record_id"]] for r in two)
    assert single["model_calls"] == spread["model_calls"]

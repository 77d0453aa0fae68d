"""Crash safety: `sitrep extract` over 60 articles is SIGKILLed mid-model-call, mid-write and between
articles, and rerun each time. The final JSONL equals an uninterrupted run's, and no rerun asks the model
about an article that was finished before the kill."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from faults import corpus, prefect_api
from faults.harness import cli_env, kill_group, read_lines, sitrep_cmd, start, wait_for
from faults.server import FaultPlan, FaultServer

from sitrep.config import Settings
from sitrep.extract import extract_article, plan_calls
from sitrep.io.sources import read_inputs
from sitrep.llm.cache import AnswerCache
from sitrep.run import all_answered

N_ARTICLES = 60
HUNG = "a0010"  # its first model request never answers: the first run is killed while waiting for it
prefect_api.start()  # boots while other tests run


_ARTICLES: dict[str, object] = {}  # the corpus as sitrep reads it, once the fixture has written it


def cached(cache_dir: Path) -> dict[str, set[str]]:
    """Article id -> record ids, for every article whose extraction is done: every model answer it needs is in
    the cache (answers are cached before records are written); the records are rebuilt from those answers."""
    settings = Settings(backend="openai-compatible", base_url="http://127.0.0.1:9/v1", model="fault",
                        cache_dir=cache_dir)
    answers = AnswerCache(cache_dir)
    done = {}
    for article_id, article in _ARTICLES.items():
        planned = plan_calls(article, settings)
        if all_answered(planned, answers):
            done[article_id] = {r.record_id
                                for r in extract_article(article, None, settings, answers, planned).records}
    return done


def finished(cache_dir: Path) -> set[str]:
    return set(cached(cache_dir))


def whole_line_ids(path: Path) -> set[str]:
    if not path.exists():
        return set()
    lines = path.read_bytes().split(b"\n")[:-1]  # a torn tail (no newline) is not a line
    return {json.loads(line)["record_id"] for line in lines}


@pytest.fixture(scope="module")
def crashed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crash")
    items = corpus.articles(N_ARTICLES, seed=3, treaty_share=0.3)
    source = corpus.write_files(tmp / "in", items)
    _ARTICLES.update({a.id: a for a in read_inputs([str(source)]).articles})
    api = prefect_api.url()
    hung: list = []

    def hang_once(request):  # the first request about HUNG (whatever its record type) never answers
        if request.article_id == HUNG and not hung:
            hung.append(request)
            return "hang"
        return None

    plan = FaultPlan(script=hang_once, hang_seconds=120)
    runs: list[dict] = []
    with FaultServer(plan, responder=corpus.responder, max_requests=2000, max_seconds=600) as server, \
            FaultServer(responder=corpus.responder, max_requests=1000, max_seconds=600) as clean:

        def launch(name: str, url: str, out: Path, cache: Path, pause: str | None = None):
            env = cli_env(backend="openai-compatible", base_url=url, model="fault", cache_dir=cache,
                          timeout=90, retry_initial_wait=0.05, retry_max_wait=0.5, concurrency=1)
            env["PREFECT_API_URL"] = api
            if pause:
                env.update(SITREP_TEST_PAUSE=pause, SITREP_TEST_PAUSED=str(tmp / f"{name}.paused"))
            return start(sitrep_cmd("extract", str(source), "--out", str(out), "--summary",
                                    str(tmp / f"{name}.summary.json"), hooks=bool(pause)),
                         env, tmp, tmp / f"{name}.log")

        def run(name: str, pause: str | None = None, kill_when=None) -> dict:
            before, first_request = finished(cache), len(server.log)
            proc = launch(name, server.url, out, cache, pause)
            try:
                if kill_when is None and not pause:
                    proc.wait(timeout=300)
                else:
                    marker = tmp / f"{name}.paused"
                    wait_for(kill_when or marker.exists, 300, proc, f"the {name} pause point")
                    kill_group(proc)
            finally:
                if proc.poll() is None:
                    kill_group(proc)
            result = {"name": name, "rc": proc.returncode, "before": before, "after": finished(cache),
                      "requested": {s.article_id for s in server.log[first_request:]},
                      "tail": out.read_bytes()[-1:] if out.exists() else b"",
                      "unwritten": {a for a, ids in cached(cache).items() if not ids <= whole_line_ids(out)},
                      "output": (tmp / f"{name}.log").read_text(errors="replace")}
            runs.append(result)
            return result

        out, cache = tmp / "out" / "records.jsonl", tmp / "cache"
        # The uninterrupted run, alongside (its own endpoint, output and cache).
        baseline = launch("baseline", clean.url, tmp / "baseline" / "records.jsonl", tmp / "baseline-cache")
        try:
            run("model-call",
                kill_when=lambda: any(s.article_id == HUNG and s.fault == "hang" for s in server.log))
            run("write", pause="write:6")
            run("between", pause=f"between:{len(finished(cache)) + 6}")
            run("final")
            baseline.wait(timeout=300)
        finally:
            if baseline.poll() is None:
                kill_group(baseline)
        runs.append({"name": "baseline", "rc": baseline.returncode,
                     "output": (tmp / "baseline.log").read_text(errors="replace")})
    return {"runs": {r["name"]: r for r in runs}, "items": items, "out": out,
            "baseline": tmp / "baseline" / "records.jsonl"}


def test_each_kill_happened_where_intended(crashed):
    runs = crashed["runs"]
    for name in ("model-call", "write", "between"):
        assert runs[name]["rc"] == -9, runs[name]["output"][-2000:]
    assert HUNG not in runs["model-call"]["after"] and HUNG in runs["model-call"]["requested"]
    assert runs["write"]["tail"] not in (b"", b"\n")  # killed with half a line on disk
    assert runs["between"]["tail"] == b"\n"
    for name in ("model-call", "write", "between"):
        assert runs[name]["before"] < runs[name]["after"]  # each run got some articles done before its kill


def test_reruns_ask_the_model_only_about_unfinished_articles(crashed):
    runs, ids = crashed["runs"], {a["id"] for a in crashed["items"]}
    for name in ("write", "between", "final"):
        run = runs[name]
        assert not run["requested"] & run["before"], name
    assert runs["final"]["requested"] == ids - runs["final"]["before"]
    assert HUNG in runs["write"]["requested"]  # the article cut off mid-call is asked again
    torn = runs["write"]["unwritten"]
    # the article whose records were cut mid-write: finished, so rewritten from the cache
    assert len(torn) == 1
    assert not torn & runs["between"]["requested"]
    assert not runs["final"]["unwritten"]


def test_final_output_equals_an_uninterrupted_run(crashed):
    assert crashed["runs"]["final"]["rc"] == 0, crashed["runs"]["final"]["output"][-2000:]
    assert crashed["runs"]["baseline"]["rc"] == 0
    final, baseline = read_lines(crashed["out"]), read_lines(crashed["baseline"])  # whole, valid lines only
    final_ids = [r["record_id"] for r in final]
    assert len(final_ids) == len(set(final_ids))
    assert sorted(final_ids) == sorted(r["record_id"] for r in baseline)
    assert {r["article"]["id"] for r in final} == {a["id"] for a in crashed["items"]}
    failures = crashed["out"].with_name("records.failures.jsonl")
    assert not failures.exists() or not failures.read_text().strip()


def test_final_summary_counts_the_crash_recovery(crashed):
    summary = json.loads((crashed["out"].parent.parent / "final.summary.json").read_text())
    final = crashed["runs"]["final"]
    assert summary["articles"] == N_ARTICLES and summary["failed"] == 0
    assert summary["cached"] == len(final["before"])



WRITER = """
import json, sys, time
from pathlib import Path
from sitrep.io.sink import JsonlSink
out, go, me = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
sink = JsonlSink(Path(out), key="record_id")  # knows the file as it is now, before the others write
(go.parent / f"ready-{me}").touch()
while not go.exists():
    time.sleep(0.005)
pad = "x" * 20000  # long lines: a write of several lines takes more than one system call
for i in range(0, 300, 3):
    sink.write_lines((f"r{j}", json.dumps({"record_id": f"r{j}", "by": me, "pad": pad})) \
for j in range(i, i + 3))
"""


def test_processes_appending_to_one_file_never_duplicate_or_tear(tmp_path):
    out, go = tmp_path / "records.jsonl", tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(out), str(go), str(i)], env=cli_env(),
                              cwd=tmp_path) for i in range(4)]
    wait_for(lambda: len(list(tmp_path.glob("ready-*"))) == len(procs), 60, what="the writers to start")
    go.touch()
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    ids = [r["record_id"] for r in read_lines(out)]  # every line whole and valid
    assert sorted(ids) == sorted(f"r{j}" for j in range(300))  # each exactly once

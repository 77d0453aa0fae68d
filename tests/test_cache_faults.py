"""The answer cache under faults, met as a user meets them: `sitrep extract`, `sitrep report` and `sitrep
explain` as real processes against the fake endpoint on 127.0.0.1.

- A damaged cache entry (cut short, a JSON array, an item missing its fields) is a miss: the rerun asks again
  for those calls only, replaces the entries, names each damaged file in one line, and `report` does not
  break on it.
- `report` and `explain` find the cached answers of the model the records name, without --model.
- A cache on a small tmpfs that fills mid-run: the run stops starting articles and says so in one line; every
  answer the server gave is kept, the summary counts exactly the calls the server saw, and a rerun with room
  finishes the rest without asking a kept answer again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from faults import corpus, prefect_api
from faults.harness import cli_env, kill_group, read_lines, sitrep_cmd, start
from faults.server import INVENTED_QUOTE, FaultPlan, FaultServer

from sitrep.errors import NoRoomError
from sitrep.llm.cache import AnswerCache

prefect_api.start()  # boots while other tests run

N_ARTICLES = 12


def entries(cache: Path) -> dict[Path, dict | None]:
    """Every answer file of a cache, with its entry as the cache reads it (None: unusable)."""
    answers = AnswerCache(cache)
    return {p: answers.get(p.stem) for p in sorted((cache / "answers").glob("*/*.json"))}


class Runs:
    """`sitrep` commands in one folder, against one fake endpoint and one Prefect API."""

    def __init__(self, folder: Path, server: FaultServer, cache: Path, **settings):
        self.folder, self.server, self.cache, self.settings = folder, server, cache, settings

    def sitrep(self, name: str, *args: str, cwd: Path | None = None, **settings) -> tuple[int, str]:
        env = cli_env(cache_dir=self.cache, **settings)
        env["PREFECT_API_URL"] = prefect_api.url()
        log = self.folder / f"{name}.log"
        proc = start(sitrep_cmd(*args), env, cwd or self.folder, log)
        try:
            proc.wait(timeout=400)
        finally:
            if proc.poll() is None:
                kill_group(proc)
        return proc.returncode, log.read_text(errors="replace")

    def extract(self, name: str, out: str = "out/records.jsonl") -> dict:
        before = len(self.server.log)
        rc, output = self.sitrep(name, "extract", "in", "--out", out, "--summary", f"{name}.summary.json",
                                 backend="openai-compatible", base_url=self.server.url, model="fault",
                                 **self.settings)
        summary_path = self.folder / f"{name}.summary.json"
        summary = json.loads(summary_path.read_text()) if summary_path.exists() else None
        return {"rc": rc, "output": output, "summary": summary, "seen": self.server.log[before:]}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Twelve articles extracted once; one casualty answer holds an invented item, dropped as ungrounded (no
    re-ask allowed), so the article has a candidate that did not become a record."""
    tmp = tmp_path_factory.mktemp("cache-faults")
    items = corpus.articles(N_ARTICLES, seed=21, treaty_share=0.3)
    corpus.write_files(tmp / "in", items)
    invented = next(a["id"] for a in items if "civilians were killed" in a["text"])
    plan = FaultPlan(script=lambda r: "ungrounded_quote" if (r.article_id, r.record_type) == (
        invented, "casualty_figure") else None)
    with FaultServer(plan, responder=corpus.responder, max_requests=500, max_seconds=900) as server:
        runs = Runs(tmp, server, tmp / "cache", max_reasks=0, retry_initial_wait=0.05, retry_max_wait=0.5,
                    concurrency=2)
        first = runs.extract("first")
        assert first["rc"] == 0, first["output"]
        yield {"tmp": tmp, "runs": runs, "first": first, "invented": invented, "items": items}


def test_report_and_explain_replay_the_model_the_records_name(extracted):
    tmp, runs, invented = extracted["tmp"], extracted["runs"], extracted["invented"]
    records = read_lines(tmp / "out" / "records.jsonl")
    assert {r["extraction"]["model"] for r in records} == {"fault"}
    # no --model, no --backend: the configured default model is another one, the records name "fault"
    rc, output = runs.sitrep("report", "report", "out/records.jsonl", "--articles", "in", "--out",
                             "review.html")
    assert rc == 0, output
    assert "no model answers" not in output, output
    dropped = int(re.search(r"(\d+) candidates dropped or merged", output).group(1))
    assert dropped >= 1, output
    assert INVENTED_QUOTE in (tmp / "review.html").read_text(encoding="utf-8")

    rc, output = runs.sitrep("explain", "explain", "in", "--article", invented, "--json")
    assert rc == 0, output
    (report,) = json.loads(output)
    assert report["calls"] and all(c["cached"] for c in report["calls"])
    fates = {c["quote"]: c["outcome"] for c in report["candidates"]}
    assert fates.get(INVENTED_QUOTE) == "dropped", fates

    elsewhere = tmp / "elsewhere"  # no out/records.jsonl here: the records are named
    elsewhere.mkdir(exist_ok=True)
    rc, output = runs.sitrep("explain-records", "explain", str(tmp / "in"), "--article", invented, "--json",
                             "--records", str(tmp / "out" / "records.jsonl"), cwd=elsewhere)
    assert rc == 0, output
    (report,) = json.loads(output)
    assert (all(c["cached"] for c in report["calls"])
            and INVENTED_QUOTE in [c["quote"] for c in report["candidates"]])


def _damage(files: dict[Path, dict]) -> dict[Path, tuple[str, str]]:
    """Three answers of three articles damaged three ways; what each was an answer to."""
    chosen: dict[str, Path] = {}
    for path, entry in files.items():
        if entry["items"] and entry["record_type"] != "agreement":
            chosen.setdefault(entry["article_id"], path)
    first, second, third = list(chosen.values())[:3]
    damaged = {p: (files[p]["article_id"], files[p]["record_type"]) for p in (first, second, third)}
    data = first.read_bytes()
    first.write_bytes(data[:len(data) // 2])  # cut short, as by a crash or a full disk
    second.write_text("[]", encoding="utf-8")  # JSON, not an answer
    entry = dict(files[third])
    entry["items"] = [{"quote": item["quote"]} for item in entry["items"]]  # items missing their fields
    third.write_text(json.dumps(entry), encoding="utf-8")
    return damaged


def test_a_damaged_cache_entry_is_asked_again_for_that_call_only(extracted):
    tmp, runs = extracted["tmp"], extracted["runs"]
    first_ids = {r["record_id"] for r in read_lines(tmp / "out" / "records.jsonl")}
    shutil.copytree(tmp / "cache", tmp / "cache-damaged")
    shutil.copytree(tmp / "out", tmp / "out-damaged")
    runs.cache = tmp / "cache-damaged"
    try:
        files = entries(runs.cache)
        assert all(e is not None for e in files.values())
        damaged = _damage(files)
        assert all(entries(runs.cache)[p] is None for p in damaged)

        rc, output = runs.sitrep("report-damaged", "report", "out-damaged/records.jsonl", "--articles", "in",
                                 "--out", "damaged.html")
        assert rc == 0 and "Traceback" not in output, output
        for path in damaged:
            assert sum(str(path) in line for line in output.splitlines()) == 1, output

        again = runs.extract("damaged", out="out-damaged/records.jsonl")
        assert again["rc"] == 0, again["output"]
        asked = sorted((s.article_id, s.record_type) for s in again["seen"])
        assert asked == sorted(damaged.values())  # those calls, once each, and no other
        assert again["summary"]["model_calls"] == len(again["seen"]) == 3
        lines = again["output"].splitlines()
        for path in damaged:
            named = [line for line in lines if str(path) in line]
            assert len(named) == 1 and "damaged cache entry" in named[0], again["output"]
        assert "Traceback" not in again["output"]
        repaired = entries(runs.cache)
        assert all(repaired[p] is not None for p in damaged)  # each replaced by the new answer
        assert {r["record_id"] for r in read_lines(tmp / "out-damaged" / "records.jsonl")} == first_ids

        quiet = runs.extract("after", out="out-damaged/records.jsonl")
        assert quiet["rc"] == 0 and quiet["seen"] == [] and quiet["summary"]["model_calls"] == 0
        assert "damaged cache entry" not in quiet["output"], quiet["output"]
    finally:
        runs.cache = tmp / "cache"


# ------------------------------------------------------------------ a full disk under the cache

def _mount_tmpfs(folder: Path, size: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True,
                   timeout=30)


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", str(folder)], check=False, timeout=30)


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root (CI runs as root)")


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    _mount_tmpfs(disk, "1600k")
    try:
        yield disk
    finally:
        _unmount(disk)


@needs_root
def test_an_answer_that_cannot_be_written_is_no_room(small_disk):
    answers = AnswerCache(small_disk / "cache")
    answers.put("ab" * 32, {"items": []})
    with (small_disk / "filler").open("wb", buffering=0) as fh:  # fill the disk to the last byte
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass
    with pytest.raises(NoRoomError) as caught:
        answers.put("cd" * 32, {"items": [{"quote": "q"}]})
    assert str(small_disk / "cache" / "answers") in str(caught.value) and "full" in str(caught.value)
    with pytest.raises(NoRoomError):
        answers.check_room()
    assert answers.get("cd" * 32) is None and not list((small_disk / "cache").rglob(".tmp-*"))
    assert answers.get("ab" * 32) == {"items": []}  # what was written stays

    (small_disk / "filler").unlink()
    answers.check_room()  # room again
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True, timeout=30)
    with pytest.raises(NoRoomError) as caught:
        answers.check_room()
    assert "cannot be written" in str(caught.value)
    with pytest.raises(NoRoomError) as caught:
        answers.put("cd" * 32, {"items": []})
    assert "cannot be written" in str(caught.value) and "Read-only" in str(caught.value)


@needs_root
def test_a_cache_disk_that_fills_mid_run_stops_the_run_with_every_answer_kept(tmp_path):
    items = corpus.articles(200, seed=5, treaty_share=0.3)
    corpus.write_files(tmp_path / "in", items)
    disk = tmp_path / "disk"
    _mount_tmpfs(disk, "1600k")  # room for some hundred answers above the cache's reserve
    try:
        with FaultServer(responder=corpus.responder, max_requests=2000, max_seconds=900) as server:
            runs = Runs(tmp_path, server, disk / "cache", retry_initial_wait=0.05, retry_max_wait=0.5,
                        concurrency=4)
            full = runs.extract("full")
            kept = entries(disk / "cache")
            summary, lines = full["summary"], full["output"].splitlines()
            assert full["rc"] == 1, full["output"]
            assert "Traceback" not in full["output"]
            about_disk = [line for line in lines if str(disk / "cache" / "answers") in line]
            assert about_disk and all("full" in line for line in about_disk), full["output"]
            # the articles in flight when the disk filled fail, one line each; the rest are not started
            assert len(about_disk) <= 4 + 1 and summary.get("halted"), full["output"]
            stopped = [f for f in summary["failures"] if not f["error"].startswith("not started")]
            assert 1 <= len(stopped) <= 4, stopped
            assert 0 < summary["succeeded"] < len(items) and summary["articles"] == len(items)
            # counts as the server saw them; every answer given was kept (no call made that the cache could
            # not keep), and each kept answer is usable
            assert summary["model_calls"] == len(full["seen"]) == len(kept) > 0
            assert all(entry is not None for entry in kept.values())
            written = {r["article"]["id"] for r in read_lines(tmp_path / "out" / "records.jsonl")}
            failed = {f["id"] for f in summary["failures"]}
            assert written | failed == {a["id"] for a in items} and not written & failed

            subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True, timeout=30)
            rest = runs.extract("rest")
            assert rest["rc"] == 0, rest["output"]
            asked_twice = {(s.article_id, s.record_type) for s in full["seen"]} & {
                (s.article_id, s.record_type) for s in rest["seen"]}
            assert not asked_twice  # a kept answer is never asked again
            assert rest["summary"]["model_calls"] == len(rest["seen"])
            assert {r["article"]["id"] for r in read_lines(tmp_path / "out" / "records.jsonl")} == {
                a["id"] for a in items}
    finally:
        _unmount(disk)

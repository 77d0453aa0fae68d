"""Nothing lost on the output side, as a user meets it: two real `sitrep extract` processes on one output,
article ids that meet again across runs, a real full file system (a small tmpfs) under the output, a damaged
records file read by every command, and a failures file that says only the latest about each input."""

from __future__ import annotations

import json
import os
import random
import subprocess
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from faults import corpus, prefect_api
from faults.harness import PYTHON, by_article, cli_env, kill_group, read_lines, sitrep_cmd, start
from faults.server import FaultPlan, FaultServer

from sitrep.errors import NoRoomError
from sitrep.io.sink import JsonlSink, forget_shared
from sitrep.run import Outputs, record_failure

pytestmark = pytest.mark.server
prefect_api.start()  # boots while other tests run


def env_for(server: FaultServer, cache: Path, **more) -> dict[str, str]:
    env = cli_env(backend="openai-compatible", base_url=server.url, model="fault", cache_dir=cache,
                  retry_initial_wait=0.05, retry_max_wait=0.5, **more)
    env["PREFECT_API_URL"] = prefect_api.url()
    return env


def extract(env: dict[str, str], cwd: Path, *args: str, stdin: str | None = None):
    return subprocess.run(sitrep_cmd("extract", *args), env=env, cwd=cwd, input=stdin, capture_output=True,
                          text=True, timeout=300)


def sitrep(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "sitrep.commands.cli", *args], env=cli_env(), cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def facts_of(records: list[dict]) -> dict[str, set]:
    return {article: {corpus.observed(r) for r in rs} for article, rs in by_article(records).items()}


@contextmanager
def tmpfs(path: Path, size: str):
    """A real small file system at `path`, unmounted afterwards."""
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True, timeout=30)
    try:
        yield path
    finally:
        if subprocess.run(["umount", str(path)], timeout=30).returncode != 0:
            subprocess.run(["umount", "-l", str(path)], timeout=30)


def fill(folder: Path) -> None:
    """Write a file in `folder` until its file system has no room left."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        for block in (b"\0" * 65536, b"\0" * 512):
            try:
                while True:
                    os.write(fd, block)
            except OSError:
                pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------- two runs on one output at the same time

def test_two_concurrent_runs_on_one_output_keep_every_article(tmp_path):
    items = corpus.articles(150, seed=21, treaty_share=0.3)
    source = corpus.write_jsonl(tmp_path / "articles.jsonl", items)
    out = tmp_path / "out" / "records.jsonl"
    with FaultServer(FaultPlan(delay=0.02), responder=corpus.responder, max_requests=3000,
                     max_seconds=600) as server:
        procs = [start(sitrep_cmd("extract", str(source), "--out", str(out)),
                       env_for(server, tmp_path / f"cache-{name}", concurrency=4), tmp_path,
                       tmp_path / f"{name}.log") for name in ("one", "two")]  # each its own cache: both call
        try:
            for proc in procs:
                proc.wait(timeout=500)
        finally:
            for proc in procs:
                if proc.poll() is None:
                    kill_group(proc)
    logs = [(tmp_path / f"{name}.log").read_text(errors="replace") for name in ("one", "two")]
    assert [p.returncode for p in procs] == [0, 0], logs[0][-2000:] + logs[1][-2000:]
    records = read_lines(out)  # whole, valid lines only
    ids = [r["record_id"] for r in records]
    assert len(ids) == len(set(ids))  # each record once
    assert facts_of(records) == {a["id"]: corpus.expected(a["text"]) for a in items}  # every article, exactly
    failures = out.with_name("records.failures.jsonl")
    assert not failures.exists() or not failures.read_text().strip()


# ---------------------------------------------------------------- ids that meet again across runs

def test_an_article_named_like_another_keeps_its_own_records(tmp_path):
    rng = random.Random(5)
    texts = [corpus.report(i, rng) for i in range(5)]
    out = tmp_path / "out" / "records.jsonl"
    with FaultServer(responder=corpus.responder, max_requests=200, max_seconds=600) as server:
        env = env_for(server, tmp_path / "cache", concurrency=1)
        run = extract(env, tmp_path, "-", "--out", str(out), stdin=texts[0])
        assert run.returncode == 0, run.stderr[-2000:]
        run = extract(env, tmp_path, "-", "--out", str(out), stdin=texts[1])  # another text: another article
        assert run.returncode == 0, run.stderr[-2000:]
        renamed = [line for line in run.stderr.splitlines() if "is another article's" in line]
        assert len(renamed) == 1 and "'stdin'" in renamed[0], run.stderr
        got = facts_of(read_lines(out))
        second = next(a for a in got if a.startswith("stdin~"))
        assert got == {"stdin": corpus.expected(texts[0]), second: corpus.expected(texts[1])}
        run = extract(env, tmp_path, "-", "--out", str(out), stdin=texts[0])  # the same text: same article
        assert run.returncode == 0 and "is another article's" not in run.stderr
        assert set(facts_of(read_lines(out))) == {"stdin", second}

        for folder, text in (("a", texts[2]), ("b", texts[3])):
            (tmp_path / folder).mkdir()
            (tmp_path / folder / "update.txt").write_text(text, encoding="utf-8")
        for folder in ("a", "b"):
            run = extract(env, tmp_path, f"{folder}/update.txt", "--out", str(out))
            assert run.returncode == 0, run.stderr[-2000:]
        got = facts_of(read_lines(out))
        b_id = next(a for a in got if a.startswith("update~"))
        assert got["update"] == corpus.expected(texts[2]) and got[b_id] == corpus.expected(texts[3])

        # a/update.txt edited: the same article, changed; its old records go, b's stay
        (tmp_path / "a" / "update.txt").write_text(texts[4], encoding="utf-8")
        run = extract(env, tmp_path, str(tmp_path / "a" / "update.txt"), "--out", str(out))
        assert run.returncode == 0 and "is another article's" not in run.stderr, run.stderr[-2000:]
        got = facts_of(read_lines(out))
        assert got["update"] == corpus.expected(texts[4]) and got[b_id] == corpus.expected(texts[3])
        assert set(got) == {"stdin", second, "update", b_id}

        before = out.read_bytes()  # b again, unchanged: the same id, nothing rewritten
        run = extract(env, tmp_path, "b/update.txt", "--out", str(out))
        assert run.returncode == 0 and "is another article's" in run.stderr
        assert out.read_bytes() == before

    # the review page finds each file's records under the id extract gave it
    report = sitrep(tmp_path, "report", str(out), "--articles", "b/update.txt", "--cache-dir",
                    str(tmp_path / "cache"), "--out", str(tmp_path / "r.html"))
    assert report.returncode == 0, report.stderr
    missing = [line for line in report.stderr.splitlines() if "is not among the --articles given" in line]
    assert len(missing) == 3 and not any(b_id in line for line in missing), report.stderr  # b's text is found


# ---------------------------------------------------------------- a full disk under the output

def test_a_full_output_disk_stops_the_run_with_whole_lines_and_every_article_accounted_for(tmp_path):
    items = corpus.articles(200, seed=8, treaty_share=0.0)  # two model calls each
    source = corpus.write_jsonl(tmp_path / "articles.jsonl", items)
    summary_path = tmp_path / "summary.json"
    with tmpfs(tmp_path / "disk", "4m") as disk, \
            FaultServer(FaultPlan(delay=0.03), responder=corpus.responder, max_requests=2000,
                        max_seconds=600) as server:
        out = disk / "out" / "records.jsonl"
        filled: dict[str, int] = {}

        def fill_midway() -> None:  # another program fills the disk while the run writes
            while proc.poll() is None:
                if out.exists() and out.read_bytes().count(b"\n") >= 60:
                    fill(disk)
                    filled["requests"] = len(server.log)
                    return
                threading.Event().wait(0.02)

        proc = start(sitrep_cmd("extract", str(source), "--out", str(out), "--summary", str(summary_path)),
                     env_for(server, tmp_path / "cache", concurrency=4), tmp_path, tmp_path / "full.log")
        filler = threading.Thread(target=fill_midway)
        filler.start()
        try:
            proc.wait(timeout=500)
        finally:
            if proc.poll() is None:
                kill_group(proc)
            filler.join(timeout=60)
        log = (tmp_path / "full.log").read_text(errors="replace")
        assert "requests" in filled, log[-2000:]
        assert proc.returncode == 1, log[-3000:]
        assert "Traceback" not in log
        stopped = [line for line in log.splitlines() if "stopped starting articles" in line]
        assert len(stopped) == 1 and str(out) in stopped[0] and "disk is full" in stopped[0], log[-3000:]
        # no model call once the output could take no more, beyond the articles already being asked about
        assert len(server.log) - filled["requests"] <= 4 * 2
        records = read_lines(out)  # whole lines only
        summary = json.loads(summary_path.read_text())
    texts = {a["id"]: a["text"] for a in items}
    written = facts_of(records)
    for article_id, facts in written.items():  # never half an article
        assert facts == corpus.expected(texts[article_id]), article_id
    failed = {f["id"] for f in summary["failures"]}
    assert set(written) | failed == set(texts) and not set(written) & failed
    assert 30 <= len(written) < len(texts)


def test_an_append_the_disk_cannot_take_leaves_the_file_as_it_was(tmp_path):
    with tmpfs(tmp_path / "disk", "256k") as disk:
        path = disk / "records.jsonl"
        sink = JsonlSink(path, key="record_id")
        assert sink.write_lines([(f"r{i}", json.dumps({"record_id": f"r{i}"})) for i in range(3)]) == 3
        before = path.read_bytes()
        fill(disk)
        big = [(f"s{i}", json.dumps({"record_id": f"s{i}", "pad": "x" * 4000})) for i in range(40)]
        with pytest.raises(NoRoomError, match="disk is full") as raised:
            sink.write_lines(big)
        assert str(path) in str(raised.value)
        assert path.read_bytes() == before  # cut back to where the append began: no torn line
        outputs = Outputs.beside(path)
        forget_shared()
        assert record_failure(outputs, "a1", "in/a1.txt", "timeout", 1) is False  # in the summary instead
        (disk / "filler").unlink()
        assert sink.write_lines(big[:2]) == 2
        lines = path.read_bytes().splitlines()
        assert [json.loads(x)["record_id"] for x in lines] == ["r0", "r1", "r2", "s0", "s1"]


# ---------------------------------------------------------------- a damaged records file

GARBAGE = b'{"record_id": "x", "broken\xff\xfe not utf-8\n'
TORN = b'{"schema_version":"1","record_id":"half'


def test_a_damaged_records_file_is_read_by_every_command_and_its_bad_lines_kept(tmp_path):
    example = Path(__file__).parent / "data" / "examples" / "records.jsonl"
    good = example.read_bytes().splitlines(keepends=True)
    out = tmp_path / "out" / "records.jsonl"
    out.parent.mkdir()
    out.write_bytes(b"".join(good[:3]) + GARBAGE + b"".join(good[3:]) + TORN)

    for command in (["stats", "--json", str(out)], ["export", str(out), "--out", str(tmp_path / "tables")],
                    ["report", str(out), "--out", str(tmp_path / "r.html")]):
        run = sitrep(tmp_path, *command)
        assert run.returncode == 0, run.stderr
        said = [line for line in run.stderr.splitlines() if "skipped" in line]
        assert len(said) == 1 and "2 lines skipped" in said[0] and "line 4" in said[0], run.stderr
    counted = json.loads(sitrep(tmp_path, "stats", "--json", str(out)).stdout)
    assert sum(counted["by_type"].values()) == len(good)

    rng = random.Random(9)
    text = corpus.report(99, rng)
    with FaultServer(responder=corpus.responder, max_requests=50, max_seconds=300) as server:
        run = extract(env_for(server, tmp_path / "cache", concurrency=1), tmp_path, "-", "--out", str(out),
                      stdin=text)
    assert run.returncode == 0, run.stderr[-2000:]
    damaged = out.with_name("records.jsonl.damaged")
    notes = [line for line in run.stderr.splitlines() if str(damaged) in line]
    assert len(notes) == 2, run.stderr  # the torn last line, the garbage line: one line each
    assert GARBAGE in damaged.read_bytes() and TORN in damaged.read_bytes()
    lines = out.read_bytes().splitlines(keepends=True)
    assert lines[:len(good)] == good  # every good line kept, in order
    assert facts_of(read_lines(out))["stdin"] == corpus.expected(text)


# ---------------------------------------------------------------- the failures file: the latest per input

class _NotFound(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_the_failures_file_holds_one_line_per_input_the_latest(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/news/story"
    out = tmp_path / "out" / "records.jsonl"
    failures = out.with_name("records.failures.jsonl")
    with FaultServer(responder=corpus.responder, max_requests=50, max_seconds=300) as server:
        env = env_for(server, tmp_path / "cache", concurrency=1, fetch_retries=0, fetch_timeout=5)
        run = extract(env, tmp_path, url, "--allow-private", "--out", str(out))  # nothing listens: refused
        assert run.returncode == 1
        first = read_lines(failures)
        assert len(first) == 1 and "404" not in first[0]["error"]
        site = ThreadingHTTPServer(("127.0.0.1", port), _NotFound)
        threading.Thread(target=site.serve_forever, daemon=True).start()
        try:
            run = extract(env, tmp_path, url, "--allow-private", "--out", str(out))
        finally:
            site.shutdown()
            site.server_close()
    assert run.returncode == 1
    lines = read_lines(failures)
    assert len(lines) == 1 and "404" in lines[0]["error"], lines
    assert os.path.getsize(failures) > 0


def test_a_last_line_without_its_newline_is_kept_when_whole(tmp_path):
    from sitrep.io.sink import RecordSink

    path = tmp_path / "records.jsonl"
    line = (Path(__file__).parent / "data" / "examples" / "records.jsonl").read_bytes().splitlines()[0]
    path.write_bytes(line)  # an editor dropped the final newline: the record is whole
    sink = RecordSink(path)
    assert path.read_bytes() == line + b"\n" and len(sink.notes) == 1 and "no line end" in sink.notes[0]
    assert not path.with_name("records.jsonl.damaged").exists()


def _record(article: str, record: str, content: str, origin: str | None, at: str = "t1") -> str:
    return json.dumps({"record_id": record, "article": {"id": article, "content_sha256": content,
                                                        "origin": origin},
                       "extraction": {"model": "m", "extracted_at": at}}, separators=(",", ":"))


def test_settling_removes_only_what_the_run_supersedes(tmp_path):
    from sitrep.io.sink import ArticleText, Built, RecordSink, line_key, settle_records

    path = tmp_path / "records.jsonl"
    mine_then = _record("update", "r1", "c-old", "o-a")  # this file's older text: superseded
    other_file = _record("update", "r2", "c-b", "o-b")  # another file with the same name: kept
    same_again = _record("update", "r3", "c-new", "o-a", at="t0")  # built by a concurrent run at another time
    RecordSink(path).write_lines([(line_key(x), x) for x in (mine_then, other_file, same_again)])
    built = Built(frozenset({line_key(_record("update", "r3", "c-new", "o-a", at="t9"))}),
                  ArticleText("c-new", "o-a"))
    # the time a run asked the model is no part of a record's identity
    assert line_key(same_again) in built.keys
    assert settle_records(path, {"update": built}) == 1
    assert path.read_text().splitlines() == [other_file, same_again]
    # a run whose lines are gone (a concurrent run settled the article since, from another text) leaves it be
    gone = Built(frozenset({"not-in-the-file"}), ArticleText("c-x", "o-a"))
    assert settle_records(path, {"update": gone}) == 0

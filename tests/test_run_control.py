"""`sitrep extract` under signals, a dying Prefect server and bad configuration, as a user meets them: real
processes, real signals to the process group (as a terminal sends Ctrl-C), a real Prefect server killed with
SIGKILL, a real read-only file system."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from faults import corpus
from faults.harness import by_article, cli_env, kill_group, read_lines, sitrep_cmd, start, wait_for
from faults.server import FaultServer

pytestmark = pytest.mark.server

N = 24


def slow_responder(seconds: float):
    def respond(request):
        time.sleep(seconds)
        return corpus.responder(request)
    return respond


def articles_with_facts(tmp: Path) -> tuple[Path, dict[str, set]]:
    items = corpus.articles(N, seed=11)
    source = corpus.write_jsonl(tmp / "in.jsonl", items)
    return source, {a["id"]: corpus.expected(a["text"]) for a in items}


def env_for(server: FaultServer, tmp: Path, prefect_api: str | None = None) -> dict[str, str]:
    env = cli_env(backend="openai-compatible", base_url=server.url, model="fault", cache_dir=tmp / "cache",
                  concurrency=2, retry_initial_wait=0.05, retry_max_wait=0.5)
    env = {k: v for k, v in env.items() if not k.startswith("PREFECT_API_URL")}
    env["PREFECT_HOME"] = str(tmp / "prefect-home")
    env["PREFECT_PROFILES_PATH"] = str(tmp / "profiles.toml")
    if prefect_api:
        env["PREFECT_API_URL"] = prefect_api
    return env


def articles_done(out: Path) -> int:
    try:
        return len({line.split(b'"id":"', 2)[1].split(b'"')[0] for line in out.read_bytes().splitlines()
                    if line.endswith(b"}")})
    except (OSError, IndexError):
        return 0


def processes_with(env_value: str) -> list[int]:
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if env_value.encode() in environ.read_bytes() and int(environ.parent.name) != os.getpid():
                found.append(int(environ.parent.name))
        except (OSError, ValueError):
            continue
    return found


def assert_complete(out: Path, expected: dict[str, set]) -> None:
    got = by_article(read_lines(out))  # every line whole and valid
    want = {a for a, facts in expected.items() if facts}
    assert set(got) == want
    for article_id, records in got.items():
        assert {corpus.observed(r) for r in records} == expected[article_id], article_id


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_one_signal_stops_the_run_within_seconds_and_the_rerun_finishes(tmp_path, signum):
    source, expected = articles_with_facts(tmp_path)
    out = tmp_path / "out" / "records.jsonl"
    with FaultServer(responder=slow_responder(0.4), max_seconds=600) as server:
        env = env_for(server, tmp_path)  # no Prefect server configured: sitrep starts its own
        proc = start(sitrep_cmd("extract", str(source), "--out", str(out)), env, tmp_path,
                     tmp_path / "run.log")
        try:
            wait_for(lambda: articles_done(out) >= 3, 300, proc, "three articles written")
            sent = time.monotonic()
            os.killpg(proc.pid, signum)  # the whole foreground process group, as a terminal does
            proc.wait(timeout=60)
            stopped_in = time.monotonic() - sent
        finally:
            if proc.poll() is None:
                kill_group(proc)
        log = (tmp_path / "run.log").read_text(errors="replace")
        assert proc.returncode == 128 + signum, log[-3000:]
        assert stopped_in < 15, stopped_in
        lines = [line for line in log.splitlines() if line.strip()]
        assert "Traceback" not in log and len(lines) <= 2, log[-3000:]
        said = [line for line in lines
                if line.startswith(f"sitrep: stopped by {signal.Signals(signum).name}")]
        assert len(said) == 1 and f"of {N} articles" in said[0], log
        done_before = articles_done(out)
        assert 3 <= done_before < N
        read_lines(out)  # whole lines only
        wait_for(lambda: not processes_with(f"PREFECT_HOME={tmp_path / 'prefect-home'}"), 30,
                 what="the local Prefect server to stop")

        rerun = subprocess.run(sitrep_cmd("extract", str(source), "--out", str(out)), env=env, cwd=tmp_path,
                               capture_output=True, text=True, timeout=600)
        assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert_complete(out, expected)


def start_prefect_server(home: Path) -> tuple[subprocess.Popen, str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_UI_ENABLED": "false",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_API_BLOCKS_REGISTER_ON_START": "false"}
    env.pop("PREFECT_API_URL", None)
    home.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                             "--port", str(port), "--no-services", "--no-ui", "--analytics-off"],
                            env=env, stdin=subprocess.DEVNULL, stdout=(home / "server.log").open("wb"),
                            stderr=subprocess.STDOUT, start_new_session=True)
    api = f"http://127.0.0.1:{port}/api"

    def healthy() -> bool:
        try:
            with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    wait_for(healthy, 300, proc, "the Prefect server to answer")
    return proc, api


def test_a_prefect_server_killed_mid_run_ends_the_run_with_its_summary(tmp_path):
    source, expected = articles_with_facts(tmp_path)
    out, summary = tmp_path / "out" / "records.jsonl", tmp_path / "summary.json"
    prefect, api = start_prefect_server(tmp_path / "server-home")
    try:
        with FaultServer(responder=slow_responder(0.4), max_seconds=900) as server:
            env = env_for(server, tmp_path, prefect_api=api)
            proc = start(sitrep_cmd("extract", str(source), "--out", str(out), "--summary", str(summary)),
                         env, tmp_path, tmp_path / "run.log")
            try:
                wait_for(lambda: articles_done(out) >= 3, 300, proc, "three articles written")
                os.killpg(prefect.pid, signal.SIGKILL)
                prefect.wait(timeout=30)
                proc.wait(timeout=240)
            finally:
                if proc.poll() is None:
                    kill_group(proc)
    finally:
        if prefect.poll() is None:
            os.killpg(prefect.pid, signal.SIGKILL)
    log = (tmp_path / "run.log").read_text(errors="replace")
    assert proc.returncode == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    gone = [line for line in log.splitlines() if "went away" in line]
    assert len(gone) == 1 and api in gone[0], log[-3000:]
    result = json.loads(summary.read_text())
    assert (result["articles"], result["failed"]) == (N, 0)
    assert_complete(out, expected)


def test_argument_and_configuration_errors_start_no_server(tmp_path):
    with FaultServer(responder=corpus.responder) as server:
        env = env_for(server, tmp_path)
        source, _ = articles_with_facts(tmp_path)
        bad = subprocess.run(sitrep_cmd("extract", str(source), "--concurrency", "0"), env=env, cwd=tmp_path,
                             capture_output=True, text=True, timeout=120)
        assert bad.returncode == 2
        assert [line for line in bad.stderr.splitlines() if line.strip()] == [
            "sitrep: configuration error: concurrency: Input should be greater than or equal to 1"]
        assert not (tmp_path / "prefect-home" / "sitrep-local-server.log").exists()  # no server was started
        assert server.log == []


def test_an_output_folder_that_cannot_be_written_stops_before_any_call(tmp_path):
    readonly = tmp_path / "ro"
    readonly.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(readonly)], check=True)
    try:
        with FaultServer(responder=corpus.responder) as server:
            source, _ = articles_with_facts(tmp_path)
            proc = subprocess.run(sitrep_cmd("extract", str(source), "--out",
                                             str(readonly / "records.jsonl")),
                                  env=env_for(server, tmp_path), cwd=tmp_path, capture_output=True, text=True,
                                  timeout=120)
            assert proc.returncode == 2, proc.stderr[-2000:]
            lines = [line for line in proc.stderr.splitlines() if line.strip()]
            assert len(lines) == 1 and str(readonly / "records.jsonl") in lines[0], proc.stderr
            assert "Read-only file system" in lines[0]
            assert server.log == []  # no model call was made
    finally:
        subprocess.run(["umount", str(readonly)], check=False)


def test_a_cached_rerun_needs_no_prefect_server(tmp_path):
    source, expected = articles_with_facts(tmp_path)
    out = tmp_path / "out" / "records.jsonl"
    with FaultServer(responder=corpus.responder) as server:
        env = env_for(server, tmp_path)
        first = subprocess.run(sitrep_cmd("extract", str(source), "--out", str(out)), env=env, cwd=tmp_path,
                               capture_output=True, text=True, timeout=600)
        assert first.returncode == 0, first.stderr[-3000:]
        server_log = tmp_path / "prefect-home" / "sitrep-local-server.log"
        assert server_log.exists()  # the first run needed the model, through the flow on a local server
        server_log.unlink()
        calls = len(server.log)
        before = out.read_bytes()
        again = subprocess.run(sitrep_cmd("extract", str(source), "--out", str(out)), env=env, cwd=tmp_path,
                               capture_output=True, text=True, timeout=600)
        assert again.returncode == 0, again.stderr[-3000:]
        assert len(server.log) == calls and out.read_bytes() == before
        assert not server_log.exists()  # everything was cached: no server was started
        assert f"{N} ({N} ok, {N} cached, 0 failed)" in again.stderr
    assert_complete(out, expected)


def test_the_progress_bar_on_a_terminal_has_a_total_and_an_eta(tmp_path):
    import pty
    import select

    source, _ = articles_with_facts(tmp_path)
    with FaultServer(responder=slow_responder(0.2), max_seconds=600) as server:
        env = {**env_for(server, tmp_path), "TERM": "xterm", "COLUMNS": "160"}
        leader, follower = pty.openpty()  # a real terminal for the bar to draw on
        proc = subprocess.Popen(sitrep_cmd("extract", str(source), "--out", str(tmp_path / "records.jsonl")),
                                env=env, cwd=tmp_path, stdout=follower, stderr=follower,
                                start_new_session=True)
        os.close(follower)
        shown = b""
        try:
            while True:
                ready, _, _ = select.select([leader], [], [], 1.0)
                if ready:
                    try:
                        chunk = os.read(leader, 65536)
                    except OSError:  # the terminal closed: the process is gone
                        break
                    if not chunk:
                        break
                    shown += chunk
                elif proc.poll() is not None:
                    break
            proc.wait(timeout=600)
        finally:
            if proc.poll() is None:
                kill_group(proc)
            os.close(leader)
    text = shown.decode("utf-8", errors="replace")
    assert proc.returncode == 0, text[-3000:]
    assert f"/{N}" in text  # done / total, the total known from the plan
    assert "eta" in text

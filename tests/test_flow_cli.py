"""`sitrep extract` with no Prefect server configured, as on a fresh machine: it starts its own local server,
prints no Prefect noise, and leaves no server process behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fakellm import FAKE

ROOT = Path(__file__).resolve().parent.parent


def processes_with(env_value: str) -> list[int]:
    """Live processes whose environment contains `env_value` (Linux /proc)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if env_value.encode() in environ.read_bytes():
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return [pid for pid in found if pid != os.getpid()]


def test_extract_without_a_server_is_quiet_and_cleans_up(tmp_path):
    home = tmp_path / "fresh-prefect-home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SITREP_"))}
    env.update(PREFECT_HOME=str(home), SITREP_CACHE_DIR=str(tmp_path / "cache"), SITREP_BACKEND=FAKE)
    args = ["extract", str(ROOT / "examples"), "--out", str(tmp_path / "out" / "records.jsonl"),
            "--summary", str(tmp_path / "summary.json")]
    proc = subprocess.run([sys.executable, "-m", "sitrep.commands.cli", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for noise in ("Traceback", "ERROR", "CancelledError", "telemetry", "Starting temporary server"):
        assert noise not in proc.stderr + proc.stdout, proc.stderr[-3000:]
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert (summary["articles"], summary["failed"]) == (3, 0)
    assert (home / "sitrep-local-server.log").exists()  # the local server ran, with its output in a file
    if Path("/proc/self/environ").exists():
        assert processes_with(f"PREFECT_HOME={home}") == []  # and is gone


def test_extract_with_an_unreachable_server_says_so_in_one_line(tmp_path):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SITREP_"))}
    env.update(PREFECT_HOME=str(tmp_path / "home"), PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
               SITREP_CACHE_DIR=str(tmp_path / "cache"), SITREP_BACKEND=FAKE)
    proc = subprocess.run([sys.executable, "-m", "sitrep.commands.cli", "extract", str(ROOT / "examples"),
                           "--out", str(tmp_path / "records.jsonl")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and f"127.0.0.1:{port}" in lines[0] and "Traceback" not in proc.stderr
    assert not (tmp_path / "records.jsonl").exists()

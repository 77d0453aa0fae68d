"""One Prefect API server on 127.0.0.1 shared by every `sitrep` subprocess of a test session.

Without it each subprocess would start (and migrate) its own ephemeral server, tens of seconds each; and a
SIGKILLed run would leave its ephemeral server behind. This one has its own PREFECT_HOME, runs in its own
process group, and is stopped at the end of the session (or of the interpreter)."""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

_lock = threading.Lock()
_server: dict = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start() -> None:
    """Start the server in the background (test modules call this when imported, so it boots while other
    tests run); `url()` waits for it."""
    with _lock:
        if "proc" in _server:
            return
        home = Path(tempfile.mkdtemp(prefix="sitrep-prefect-api-"))
        port = _free_port()
        env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_UI_ENABLED": "false",
               "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING",
               "PREFECT_SERVER_LOGGING_LEVEL": "WARNING", "PREFECT_API_BLOCKS_REGISTER_ON_START": "false"}
        env.pop("PREFECT_API_URL", None)
        log = (home / "server.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port),
             "--no-services", "--no-ui", "--analytics-off"],
            env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        _server.update(proc=proc, home=home, api=f"http://127.0.0.1:{port}/api")
        atexit.register(stop)


def url(timeout: float = 240.0) -> str:
    """The API URL (…/api), once the server answers; starts it if needed."""
    start()
    if "url" in _server:
        return _server["url"]
    proc, api, home = _server["proc"], _server["api"], _server["home"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"the Prefect API server exited ({proc.returncode}); see {home / 'server.log'}")
        try:
            with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
                if response.status == 200:
                    _server["url"] = api
                    return api
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the Prefect API server did not answer within {timeout}s")


def home() -> Path | None:
    """The server's PREFECT_HOME (its database lives there), once started."""
    return _server.get("home")


def stop() -> None:
    """Stop the server and remove its PREFECT_HOME."""
    proc = _server.pop("proc", None)
    _server.pop("url", None)
    _server.pop("api", None)
    if proc is not None and proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
    home_dir = _server.pop("home", None)
    if home_dir is not None:
        shutil.rmtree(home_dir, ignore_errors=True)

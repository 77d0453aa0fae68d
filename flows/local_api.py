"""A Prefect API for command-line runs when no server is configured.

Without PREFECT_API_URL, Prefect starts a temporary server on the first flow call: it imports the whole
server into the calling process, waits at most 20 s for it (too short on a busy 2-core machine) and lets
its shutdown tracebacks reach the terminal. Instead, `local_api()` starts `prefect server start
--no-services --no-ui` as soon as the command knows it needs one, while the rest of sitrep is still
importing (Prefect included); its output goes to a log file under PREFECT_HOME, and it is stopped after
Prefect has sent its last logs and events. The runs land in the same database Prefect's own temporary
server would use (without task runs: a server without services does not record them)."""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from sitrep.errors import SitrepError

# Server settings for a server that lives for one run: no telemetry, no block catalogue to register on a
# fresh database, quiet logs.
SERVER_ENV = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_UI_ENABLED": "false",
}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _death_signal():
    """Linux: a function for the child to call between fork and exec so that it is sent SIGTERM when the
    process that started it dies (even by SIGKILL). Resolved here, so the child imports nothing."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return functools.partial(prctl, 1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class LocalAPI:
    """One `prefect server start` process on 127.0.0.1 and a free port, serving this process's runs."""

    def __init__(self, home: Path, timeout: float = 180.0):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        self.timeout = timeout
        home.mkdir(parents=True, exist_ok=True)
        self.log_path = home / "sitrep-local-server.log"
        self._log = open(self.log_path, "ab")
        env = {**os.environ, **SERVER_ENV}
        env.pop("PREFECT_API_URL", None)
        self.process: subprocess.Popen | None = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
             "--port", str(self.port), "--no-services", "--no-ui", "--analytics-off"],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, env=env,
            # its own session: a Ctrl-C at the terminal (or a signal to sitrep's process group) reaches
            # sitrep, which stops the server itself; the death signal stops it if sitrep is killed outright
            start_new_session=True, preexec_fn=_death_signal(),
        )
        self._ready = False
        atexit.register(self.stop)

    def wait(self) -> str:
        """Block until the server answers (bounded); its API URL. Raises SitrepError with the log's path."""
        if self._ready:
            return self.url
        deadline = time.monotonic() + self.timeout
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.process is None or self.process.poll() is not None:
                    raise SitrepError(f"the local Prefect server exited while starting; see {self.log_path}")
                with contextlib.suppress(httpx.HTTPError):
                    if client.get(f"{self.url}/health").status_code == 200:
                        self._ready = True
                        return self.url
                time.sleep(0.1)
        self.stop()
        raise SitrepError(f"the local Prefect server did not answer within {self.timeout:.0f} s; "
                          f"see {self.log_path}, or run `prefect server start` and set PREFECT_API_URL")

    def stop(self, wait: bool = True) -> None:
        """Stop the server; with `wait=False` only send it SIGTERM (a run that must exit now)."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            if not wait:
                return
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if not self._log.closed:
            self._log.close()


class ConfiguredAPI:
    """The Prefect server PREFECT_API_URL names (in the environment or the active profile)."""

    def __init__(self, url: str):
        self.url = url

    def wait(self) -> str:
        """Check that the server answers; raises SitrepError in one line when it does not."""
        check_server(self.url, "start it, or unset PREFECT_API_URL to let sitrep start a local one")
        return self.url

    def stop(self, wait: bool = True) -> None:
        return None


def check_server(url: str, hint: str) -> None:
    """Raise SitrepError in one line (the URL, what went wrong, `hint`) when the Prefect API
    does not answer."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        problem = client.api_healthcheck()
    if problem is not None:
        raise SitrepError(f"cannot reach the Prefect server at {url} ({type(problem).__name__}); {hint}")


_current: LocalAPI | None = None


def _home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()


def api_url_in_sight() -> bool:
    """A cheap look before importing Prefect: is an API URL in the environment or the profiles file?"""
    if os.environ.get("PREFECT_API_URL"):
        return True
    profiles = Path(os.environ.get("PREFECT_PROFILES_PATH") or _home() / "profiles.toml").expanduser()
    try:
        return "PREFECT_API_URL" in profiles.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def local_api(timeout: float = 180.0) -> LocalAPI | ConfiguredAPI:
    """Make sure this process has a Prefect API: the configured one (PREFECT_API_URL, from the environment
    or the active profile), else a local server started in the background. Call `.wait()` before the
    first flow run: it checks the configured server answers, or waits for the local one. When no URL
    shows in the environment or profiles file, the server is started before Prefect is even imported, so
    both start-ups overlap. The URL is exported to PREFECT_API_URL, so processes started later (Dask
    workers) report to the same server."""
    global _current
    if _current is not None:
        return _current
    early = None
    if not api_url_in_sight():
        early = LocalAPI(_home(), timeout)
    from prefect.context import refresh_global_settings_context
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if settings.api.url:  # configured (or after all: a prefect.toml, a .env file)
        if early is not None:
            early.stop()
        return ConfiguredAPI(settings.api.url)
    _current = early or LocalAPI(Path(settings.home), timeout)
    os.environ["PREFECT_API_URL"] = _current.url
    refresh_global_settings_context()
    return _current

"""Shared test set-up: an isolated Prefect home and cache, no SITREP_* settings leaking in, and a fake LLM
(tests/fakellm.py, importable here and in every process the tests start, as the backend
`fakellm:fake_backend`)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

_HOME = Path(tempfile.mkdtemp(prefix="sitrep-tests-"))
os.environ["PREFECT_HOME"] = str(_HOME / "prefect")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
for _name in [n for n in os.environ if n.startswith("SITREP_")] + ["OPENAI_API_KEY"]:
    os.environ.pop(_name, None)
_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)
os.environ["PYTHONPATH"] = os.pathsep.join([_TESTS,
                                            *filter(None,
                                                    os.environ.get("PYTHONPATH", "").split(os.pathsep))])

import pytest  # noqa: E402
from fakellm import FAKE, FakeLLM  # noqa: E402

from sitrep.config import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Fast settings for the fake backend: cache in tmp, tiny retry waits."""
    return Settings(backend=FAKE, cache_dir=tmp_path / "cache", retry_initial_wait=0.01, retry_max_wait=0.2)


@pytest.fixture
def fake() -> FakeLLM:
    return FakeLLM()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    yield


@pytest.fixture(scope="module")
def api_url() -> str:
    """A Prefect server for this test process, started as `sitrep extract` starts one; its URL is exported
    (PREFECT_API_URL) before any worker process starts, so they report to it too."""
    from sitrep.flows.local_api import local_api

    server = local_api(timeout=300)
    if server is not None:
        server.wait()
    return os.environ["PREFECT_API_URL"]

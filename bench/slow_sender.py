"""How long a page fetch and a model call last against a server that sends one byte a second, under a timeout
of TIMEOUT seconds and no retries: the timeout bounds the whole request, so each should end near TIMEOUT.

    python bench/slow_sender.py [TIMEOUT]

Prints, for each, the wall time of the call and how long the server held the request (until it saw the client
hang up, which it notices at its next byte)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from faults.server import TRICKLE, FaultPlan, FaultServer, SlowSender  # noqa: E402

from sitrep.building.items import CasualtyList  # noqa: E402
from sitrep.config import Settings  # noqa: E402
from sitrep.errors import SitrepError  # noqa: E402
from sitrep.io.web import Fetcher, FetchError, FetchOptions  # noqa: E402
from sitrep.llm.calls import CallStats, structured_call  # noqa: E402
from sitrep.llm.openai_backends import remote_backend  # noqa: E402

PAGE = b"<html><body><p>" + b"Troops were deployed. " * 40 + b"</p></body></html>"
ARTICLE = "Shelling killed 12 people in Kharkiv on Monday."


def settle(done) -> None:
    deadline = time.monotonic() + 5
    while not done() and time.monotonic() < deadline:
        time.sleep(0.05)


def fetch(timeout: float) -> tuple[float, float, str]:
    with SlowSender(PAGE, seconds=1.0) as sender:
        fetcher = Fetcher(FetchOptions(timeout=timeout, retries=0, allow_private=True))
        started = time.monotonic()
        try:
            fetcher.get(sender.url("/slow.html"), kind="page", accept="text/html")
            outcome = "fetched"
        except FetchError as exc:
            outcome = exc.reason
        wall = time.monotonic() - started
        settle(lambda: all(h.closed for h in sender.held))
        held = max(h.closed - h.opened for h in sender.held)
        fetcher.close()
    return wall, held, outcome


def model_call(timeout: float) -> tuple[float, float, str]:
    with FaultServer(FaultPlan(script=lambda r: TRICKLE), max_seconds=120) as server:
        settings = Settings(backend="openai-compatible", base_url=server.url, model="fault", timeout=timeout,
                            max_retries=0)
        backend = remote_backend(settings)
        walls, outcome = [], ""
        for n in range(2):  # the first call also loads what a first call loads; the second is the figure
            messages = [{"role": "user",
                         "content": f"ARTICLE (id: b{n}; published: unknown)\n<<<\n{ARTICLE}\n>>>"}]
            started = time.monotonic()
            try:
                structured_call(backend, settings, messages, CasualtyList, {"article": ARTICLE}, CallStats())
                outcome = "answered"
            except SitrepError as exc:
                outcome = str(exc)
            walls.append(time.monotonic() - started)
        settle(lambda: all(s.answered for s in server.seen()))
        held = max(s.answered - s.received for s in server.seen())
        backend.close()
    return walls[-1], held, outcome


def main() -> None:
    timeout = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    for name, measure in (("page fetch", fetch), ("model call", model_call)):
        wall, held, outcome = measure(timeout)
        print(f"{name:<11} timeout {timeout:g} s: wall {wall:.2f} s, held by the server {held:.1f} s "
              f"({outcome})")


if __name__ == "__main__":
    main()

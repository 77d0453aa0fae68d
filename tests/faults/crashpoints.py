"""`python -m faults.crashpoints extract …`: the sitrep CLI with a pause point, so a test can SIGKILL the
process at a chosen moment. SITREP_TEST_PAUSE picks the point, SITREP_TEST_PAUSED names the file touched when
reached:

    write:K    the K-th records write that has new lines writes the first half of its bytes, then pauses
               (a crash in the middle of a write: the file ends with a torn line)
    between:K  after the K-th article of this process has finished (records written), before the next one

The process then sleeps until it is killed. SITREP_TEST_RAISE=<article id> makes the engine raise an
unexpected exception (not a sitrep error) in the middle of that article's extraction, where the backend and
settings are local variables. SITREP_TEST_RSS=<path> writes the peak resident memory (bytes) there at exit.
Without these variables it is the plain CLI."""

from __future__ import annotations

import os
import time
from pathlib import Path


def _pause(marker: str) -> None:
    Path(marker).write_text(str(os.getpid()))
    while True:
        time.sleep(60)


def install(point: str, marker: str) -> None:
    kind, _, number = point.partition(":")
    target = int(number)
    if kind == "write":
        from sitrep.io import sink

        original = sink.JsonlSink.write_lines
        count = {"n": 0}

        def write_lines(self, items):
            items = list(items)
            if isinstance(self, sink.RecordSink) and any(i not in self for i, _ in items):
                count["n"] += 1
                if count["n"] == target:
                    data = "".join(line + "\n" for i, line in items if i not in self).encode()
                    with open(self.path, "ab") as fh:
                        cut = len(data) // 2
                        cut -= data[cut - 1:cut] == b"\n"  # never a whole line: the write is torn
                        fh.write(data[:cut])
                        fh.flush()
                        os.fsync(fh.fileno())
                    _pause(marker)
            return original(self, items)

        sink.JsonlSink.write_lines = write_lines
    elif kind == "between":
        from sitrep.run import on_outcome

        seen = {"n": 0}

        def after(outcome) -> None:
            seen["n"] += 1
            if seen["n"] == target:
                _pause(marker)

        on_outcome(after)
    else:
        raise SystemExit(f"unknown pause point {point!r}")


def raise_in(article_id: str) -> None:
    from sitrep.llm import calls  # sitrep.extract imports structured_call from here when it calls the model

    original = calls.structured_call

    def structured_call(backend, settings, messages, *args, **kwargs):
        if any(f"(id: {article_id};" in str(m.get("content")) for m in messages):
            raise RuntimeError(f"unexpected failure while extracting {article_id}")
        return original(backend, settings, messages, *args, **kwargs)

    calls.structured_call = structured_call


def report_peak_rss(path: str) -> None:
    """At exit, write this process's peak resident memory (bytes) to `path`.

    VmHWM, not getrusage's ru_maxrss: ru_maxrss keeps the high-water mark of the process before exec, so a CLI
    forked from a large test process (one that has loaded the embedded model) would report the parent's
    size."""
    import atexit

    def write() -> None:
        status = Path("/proc/self/status").read_text()
        kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
        Path(path).write_text(str(kib * 1024))

    atexit.register(write)


def main() -> None:
    point = os.environ.pop("SITREP_TEST_PAUSE", "")
    marker = os.environ.pop("SITREP_TEST_PAUSED", "")
    if point:
        install(point, marker)
    if os.environ.get("SITREP_TEST_RAISE"):
        raise_in(os.environ.pop("SITREP_TEST_RAISE"))
    if os.environ.get("SITREP_TEST_RSS"):
        report_peak_rss(os.environ.pop("SITREP_TEST_RSS"))
    from sitrep.commands.cli import app

    app()


if __name__ == "__main__":
    main()

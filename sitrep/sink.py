"""JSONL output: one record a line, whole lines only, no record written twice, safe across processes."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from sitrep.schemas.records import record_to_json


# Held by every write to a records or failures file in this process (see `hold_writes`).
_WRITING = threading.RLock()


@contextmanager
def hold_writes(timeout: float = 10.0) -> Iterator[None]:
    """Wait (at most `timeout` s) for a write in progress in this process to end and keep others from starting:
    a process that must exit now (a signal) leaves whole lines only."""
    held = _WRITING.acquire(timeout=timeout)
    try:
        yield
    finally:
        if held:
            _WRITING.release()


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    lock_path = path.with_name(path.name + ".lock")
    with _WRITING, open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _repair_tail(path: Path) -> None:
    """Cut a torn last line (left by a crash mid-write) so the file ends on a whole line."""
    if not path.exists():
        return
    with open(path, "rb+") as fh:
        size = fh.seek(0, os.SEEK_END)
        if size == 0:
            return
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return
        step, pos = 65536, size
        while pos > 0:
            pos = max(0, pos - step)
            fh.seek(pos)
            chunk = fh.read(min(step, size - pos))
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                fh.truncate(pos + cut + 1)
                return
        fh.truncate(0)


class JsonlSink:
    """Appends lines keyed by an id field; ids already in the file are skipped, so reruns add nothing."""

    def __init__(self, path: Path, key: str):
        self.path = Path(path)
        self.key = key
        self._ids: set[str] = set()
        self._offset = 0  # bytes of the file already read into _ids
        self._inode: int | None = None  # the file those bytes were read from (a rewrite replaces it)
        self._mutex = threading.Lock()  # threads of this process sharing the sink
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(self.path):
            _repair_tail(self.path)
            self._catch_up()

    @classmethod
    def shared(cls, path: Path):
        """One sink per file in this process: the ids are read once, then only the lines appended since (a
        sink per article would re-read the whole file each time)."""
        key = (cls, Path(path).resolve())
        with _SHARED_LOCK:
            if key not in _SHARED:
                _SHARED[key] = cls(path)
            return _SHARED[key]

    def _catch_up(self) -> None:
        if not self.path.exists():  # deleted since: nothing is written
            self._ids.clear()
            self._offset, self._inode = 0, None
            return
        with open(self.path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if st.st_ino != self._inode or st.st_size < self._offset:  # rewritten by another sink: read it afresh
                self._ids.clear()
                self._offset, self._inode = 0, st.st_ino
            fh.seek(self._offset)
            for line in fh:
                if not line.endswith(b"\n"):
                    break
                self._offset += len(line)
                if (line_id := self._id_of(line)) is not None:
                    self._ids.add(line_id)

    def _id_of(self, line: bytes) -> str | None:
        try:
            return str(json.loads(line)[self.key])
        except (json.JSONDecodeError, KeyError, TypeError):
            return None

    def __contains__(self, item_id: str) -> bool:
        return item_id in self._ids

    def write_lines(self, items: Iterable[tuple[str, str]]) -> int:
        """Append (id, json_line) pairs not yet in the file, in one write; returns how many were new."""
        with self._mutex, _locked(self.path):
            _repair_tail(self.path)  # another process may have died in the middle of a line
            self._catch_up()
            fresh: list[str] = []
            for item_id, line in items:
                if item_id not in self._ids:
                    self._ids.add(item_id)
                    fresh.append(line + "\n")
            if fresh:
                data = "".join(fresh).encode("utf-8")
                with open(self.path, "ab") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                self._offset += len(data)
            return len(fresh)


_SHARED: dict[tuple[type, Path], JsonlSink] = {}
_SHARED_LOCK = threading.Lock()


def forget_shared() -> None:
    """Drop the shared sinks (a new run reads its files afresh)."""
    with _SHARED_LOCK:
        _SHARED.clear()


def line_key(line: bytes | str) -> str:
    """A record line's identity: a hash of its bytes, so a record rebuilt with other content (a new method) is a
    new line, while a rerun that builds the same record adds nothing."""
    data = line.encode("utf-8") if isinstance(line, str) else line
    return hashlib.sha256(data.rstrip(b"\n")).hexdigest()[:32]


class RecordSink(JsonlSink):
    """Records, appended as articles finish (crash-safe progress). After a run, `settle_records` removes the
    lines of the run's articles that the run did not build (an older method's, or an older text's)."""

    def __init__(self, path: Path):
        super().__init__(path, key="record_id")

    def _id_of(self, line: bytes) -> str | None:
        return line_key(line)

    def write(self, records: Iterable) -> int:
        lines = [record_to_json(r) for r in records]
        return self.write_lines((line_key(line), line) for line in lines)

    def write_article(self, records: Iterable) -> tuple[int, tuple[str, ...]]:
        """Append an article's records (those not already there): (how many lines were new, the keys of all
        the article's lines as this run built them)."""
        lines = [record_to_json(r) for r in records]
        keys = tuple(line_key(line) for line in lines)
        return self.write_lines(zip(keys, lines)), keys


def settle_records(path: Path, current: dict[str, Iterable[str]]) -> int:
    """Make the file hold, for each article id in `current`, exactly the lines whose keys are listed (the lines
    this run built for it), each once; other articles' lines stay as they are. The file is replaced whole
    (temp file, fsync, rename), never left half-written; returns how many lines went."""
    path = Path(path)
    if not current or not path.exists():
        return 0
    wanted = {article_id: set(keys) for article_id, keys in current.items()}
    with _locked(path):
        _repair_tail(path)
        lines = path.read_bytes().splitlines(keepends=True)
        kept, seen = [], set()
        for line in lines:
            article_id = _record_article(line)
            key = line_key(line)
            if article_id in wanted and (key not in wanted[article_id] or key in seen):
                continue
            seen.add(key)
            kept.append(line)
        if len(kept) == len(lines):
            return 0
        _replace(path, kept)
        return len(lines) - len(kept)


def _replace(path: Path, lines: list[bytes]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.writelines(lines)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _record_article(line: bytes) -> str | None:
    try:
        return str(json.loads(line)["article"]["id"])
    except (json.JSONDecodeError, KeyError, TypeError):
        return None


class FailureSink(JsonlSink):
    """Failures: one line per failed article per attempt set, keyed by article id + content hash + error."""

    def __init__(self, path: Path):
        super().__init__(path, key="failure_id")

    def write(self, failures: Iterable[dict]) -> int:
        return self.write_lines(
            (f["failure_id"], json.dumps(f, ensure_ascii=False, separators=(",", ":"))) for f in failures)


def forget_failures(path: Path, article_ids: Iterable[str]) -> int:
    """Remove the failure lines of articles that have since been extracted (the file lists what is still
    missing); returns how many lines went. The file is replaced whole, never left half-written; sinks on it
    notice the new file at their next write."""
    gone, path = set(article_ids), Path(path)
    if not gone or not path.exists():
        return 0
    with _locked(path):
        lines = path.read_bytes().splitlines(keepends=True)
        kept = [line for line in lines if _article_id(line) not in gone]
        if len(kept) == len(lines):
            return 0
        _replace(path, kept)
        return len(lines) - len(kept)


def _article_id(line: bytes) -> str | None:
    try:
        return str(json.loads(line)["id"])
    except (json.JSONDecodeError, KeyError, TypeError):
        return None

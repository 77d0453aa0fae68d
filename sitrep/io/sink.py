"""JSONL output: one record a line, whole lines only, no record written twice, safe across processes and runs.

A records file is shared: by the threads of a run, by the processes of a Dask cluster, and by runs that write
to the same output at the same time. Every change to it is made under an exclusive lock on `<file>.lock`:
an append of whole lines (cut back to where it began when it fails), or a whole new file (temp file, fsync,
rename). A line that is not whole or not a JSON line of the file's kind is never dropped: it is moved to
`<file>.damaged`, beside the file, and said so in `notes`."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import NoRoomError
from sitrep.schemas.records import record_to_json

# Held by every write to a records or failures file in this process (see `hold_writes`).
_WRITING = threading.RLock()


@contextmanager
def hold_writes(timeout: float = 10.0) -> Iterator[None]:
    """Wait (at most `timeout` s) for a write in progress in this process to end and keep others from
    starting: a process that must exit now (a signal) leaves whole lines only. In the thread that is itself
    writing (a signal handler runs in the main thread between two steps of its write) it does not wait: each
    step is one system call, made whole or not at all: exiting between two of them leaves whole lines too."""
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


_NO_ROOM = {errno.ENOSPC: "its disk is full", errno.EDQUOT: "the disk quota is used up",
            errno.EROFS: "its file system is read-only"}


def no_room(exc: OSError, path: Path) -> Exception:
    """A NoRoomError naming `path` for a full disk, a used-up quota or a read-only file system; any other
    OSError as it is."""
    if exc.errno not in _NO_ROOM:
        return exc
    return NoRoomError(f"{path}: cannot write: {_NO_ROOM[exc.errno]}", path=str(path))


def damaged_beside(path: Path) -> Path:
    """Where the damaged lines of a records or failures file are kept for a person to look at."""
    return path.with_name(path.name + ".damaged")


def _parse(line: bytes) -> object:
    try:
        return json.loads(line)
    except ValueError:  # not JSON, or not UTF-8
        return None


def _append(path: Path, data: bytes) -> None:
    """Append `data` whole, or leave the file as it was: a failed write (a full disk) is cut back to where it
    began, so no line is ever torn by a write that fails. Raises NoRoomError or OSError."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        start = os.fstat(fd).st_size
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        except OSError as exc:
            try:
                os.ftruncate(fd, start)
            except OSError:  # left for the next writer, which sets a torn last line aside
                pass
            raise no_room(exc, path) from None
    finally:
        os.close(fd)


def _replace(path: Path, lines: Iterable[bytes]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.writelines(lines)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise no_room(exc, path) from None


class JsonlSink:
    """Appends lines keyed by an id field; ids already in the file are skipped, so reruns add nothing."""

    def __init__(self, path: Path, key: str):
        self.path = Path(path)
        self.key = key
        self.notes: list[str] = []  # what was repaired or set aside, one line each
        self._ids: set[str] = set()
        self._offset = 0  # bytes of the file already read into _ids
        self._lines = 0  # lines in those bytes
        self._inode: int | None = None  # the file those bytes were read from (a rewrite replaces it)
        self._mutex = threading.Lock()  # threads of this process sharing the sink
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(self.path):
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

    def _reset(self) -> None:
        self._ids.clear()
        self._offset, self._lines, self._inode = 0, 0, None

    def _take(self, line: bytes, whole: bool = False) -> bool:
        """Take in a line of the file: False when it is not a line of this file's kind (it is damaged).
        `whole`: check it is whole JSON however it looks (a last line without its newline)."""
        obj = _parse(line)
        if not (isinstance(obj, dict) and self.key in obj):
            return False
        self._ids.add(str(obj[self.key]))
        return True

    def _catch_up(self) -> None:
        """Read the lines appended since the last call (all of them when the file was replaced). Called under
        the file's lock, so a line without its newline was left by a writer that died: it is mended or set
        aside, as are lines that are not of this file's kind."""
        if not self.path.exists():  # deleted since: nothing is written
            self._reset()
            return
        bad: list[tuple[int, int, bytes]] = []  # (offset, line number, bytes)
        torn = None
        with open(self.path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if st.st_ino != self._inode or st.st_size < self._offset:  # replaced since: read it afresh
                self._reset()
                self._inode = st.st_ino
            fh.seek(self._offset)
            for line in fh:
                if not line.endswith(b"\n"):
                    torn = line
                    break
                if not self._take(line):
                    bad.append((self._offset, self._lines + 1, line))
                self._offset += len(line)
                self._lines += 1
        if torn is not None:
            self._mend_tail(torn)
        if bad:
            self._set_aside(bad)

    def _mend_tail(self, tail: bytes) -> None:
        """A last line without its newline: a whole line of the file's kind gets its newline; anything else
        (half a line) is cut and kept in the damaged file."""
        if self._take(tail, whole=True):
            _append(self.path, b"\n")
            self._offset += len(tail) + 1
            self._lines += 1
            self.notes.append(f"{self.path}: the last line had no line end; added")
            return
        damaged = damaged_beside(self.path)
        try:
            _append(damaged, tail + b"\n")
            kept = f"moved to {damaged}"
        except (OSError, NoRoomError) as exc:  # half a record, which a rerun rebuilds: cut even so
            kept = f"not kept ({exc})"
        with open(self.path, "rb+") as fh:
            fh.truncate(self._offset)
        self.notes.append(f"{self.path}: the last line was cut off by an interrupted write; its {len(tail)} "
                          f"bytes were {kept}")

    def _set_aside(self, bad: list[tuple[int, int, bytes]]) -> None:
        """Move damaged lines to the damaged file (first, so nothing is lost if this is cut short), then
        replace the file by one without them."""
        damaged = damaged_beside(self.path)
        numbers = ", ".join(str(n) for _, n, _ in bad[:10]) + (", …" if len(bad) > 10 else "")
        many = len(bad) > 1
        what = (f"{len(bad)} line{'s' if many else ''} that {'are' if many else 'is'} not JSON lines of this "
                f"file (line{'s' if many else ''} {numbers})")
        try:
            _append(damaged, b"".join(line for _, _, line in bad))
            data = self.path.read_bytes()[:self._offset]
            kept, at = [], 0
            for offset, _, line in bad:
                kept.append(data[at:offset])
                at = offset + len(line)
            kept.append(data[at:])
            _replace(self.path, kept)
        except (OSError, NoRoomError) as exc:
            self.notes.append(f"{self.path}: {what} could not be set aside ({exc}); they are skipped")
            return
        removed = sum(len(line) for _, _, line in bad)
        self._offset -= removed
        self._lines -= len(bad)
        self._inode = os.stat(self.path).st_ino
        self.notes.append(f"{self.path}: {what} moved to {damaged}")

    def __contains__(self, item_id: str) -> bool:
        return item_id in self._ids

    def write_lines(self, items: Iterable[tuple[str, str]]) -> int:
        """Append (id, json_line) pairs not yet in the file, in one write; returns how many were new. Raises
        NoRoomError (the file unchanged) when the disk cannot take them."""
        with self._mutex, _locked(self.path):
            self._catch_up()  # another process may have died in the middle of a line
            fresh: dict[str, str] = {}
            for item_id, line in items:
                if item_id not in self._ids and item_id not in fresh:
                    fresh[item_id] = line + "\n"
            if fresh:
                data = "".join(fresh.values()).encode("utf-8")
                _append(self.path, data)
                if self._inode is None:  # the append created the file
                    self._inode = os.stat(self.path).st_ino
                self._ids.update(fresh)
                self._offset += len(data)
                self._lines += len(fresh)
            return len(fresh)


_SHARED: dict[tuple[type, Path], JsonlSink] = {}
_SHARED_LOCK = threading.Lock()


def forget_shared() -> None:
    """Drop the shared sinks (a new run reads its files afresh)."""
    with _SHARED_LOCK:
        _SHARED.clear()


_EXTRACTED_AT = re.compile(rb'"extracted_at":"[^"]*"')


def line_key(line: bytes | str) -> str:
    """A record line's identity in the file: a hash of the line without `extraction.extracted_at`, the one
    field that tells only when a run asked the model. Two runs that build a record from the same text with
    the same model, prompts and method agree on it, whenever each made its call (concurrent runs on one
    output skip each other's lines instead of removing them); a record rebuilt with other content is another
    line. Lines are compared as written (`record_to_json`: keys in a fixed order), so none needs parsing."""
    data = line.encode("utf-8") if isinstance(line, str) else line
    return hashlib.sha256(_EXTRACTED_AT.sub(b"", data.rstrip(b"\n"))).hexdigest()[:32]


_DECODER = json.JSONDecoder()


def _article_of(line: bytes) -> dict | None:
    """The `article` object of a record line, parsed alone (the rest of the line is not needed); None when
    the line has none or is not a JSON object line."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    at = text.find('"article":')
    if not text.startswith("{") or at < 0:
        return None
    try:
        article, _ = _DECODER.raw_decode(text, at + len('"article":'))
    except ValueError:
        return None
    return article if isinstance(article, dict) else None


@dataclass(frozen=True)
class ArticleText:
    """Which text of which article a record was built from: the article's content hash and, for an article
    named by its file (or read from stdin), its origin (see `sitrep.io.sources.origin_of`)."""

    content_sha256: str | None
    origin: str | None


class RecordSink(JsonlSink):
    """Records, appended as articles finish (crash-safe progress). After a run, `settle_records` removes the
    lines of the run's articles that the run's lines supersede (an older method's, or an older text's)."""

    def __init__(self, path: Path):
        super().__init__(path, key="record_id")

    def _take(self, line: bytes, whole: bool = False) -> bool:
        """A record line looks like one: a UTF-8 JSON object line that names its record id. It is not parsed
        (the readers validate every record, and say what they skip): a line garbled in the middle is theirs to
        catch."""
        body = line.rstrip(b"\n")
        if not (body.startswith(b"{") and body.endswith(b"}") and b'"record_id":' in body):
            return False
        if whole and not isinstance(_parse(body), dict):
            return False
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return False
        self._ids.add(line_key(body))
        return True

    def article_texts(self) -> dict[str, set[ArticleText]]:
        """For each article id in the file, the texts its records were built from (read when asked: only a
        run's plan needs it)."""
        texts: dict[str, set[ArticleText]] = {}
        if not self.path.exists():
            return texts
        with open(self.path, "rb") as fh:
            for line in fh:
                article = _article_of(line) if line.endswith(b"\n") else None
                if article is not None and article.get("id") is not None:
                    text = ArticleText(article.get("content_sha256"), article.get("origin"))
                    texts.setdefault(str(article["id"]), set()).add(text)
        return texts

    def write(self, records: Iterable) -> int:
        return self.write_article(records)[0]

    def write_article(self, records: Iterable) -> tuple[int, tuple[str, ...]]:
        """Append an article's records (those not already there): (how many lines were new, the keys of all
        the article's lines as this run built them)."""
        lines = [record_to_json(r) for r in records]
        keys = tuple(line_key(line) for line in lines)
        return self.write_lines(zip(keys, lines, strict=True)), keys


@dataclass(frozen=True)
class Built:
    """What a run built for one article: the keys of its record lines, and the text they came from. A line of
    the same article id is the same article's (and superseded when its key is not among `keys`) when it was
    built from the same text or the same origin; without a text given, every line of the id is."""

    keys: frozenset[str]
    text: ArticleText | None = None

    def same_article(self, article: dict) -> bool:
        if self.text is None:
            return True
        return (article.get("content_sha256") == self.text.content_sha256
                or article.get("origin") == self.text.origin)


def settle_records(path: Path, current: Mapping[str, Built | Iterable[str]]) -> int:
    """Make the file hold, for each article id in `current`, the lines the run built for it, each once: the
    article's other lines go when they are superseded (the same article: same text or same origin, see
    `Built`). Lines of another article that happens to have the same id stay, and so do all lines of an
    article some of whose lines this run built are gone: a concurrent run has settled it since, from another
    text of it, and its settling stands. Other articles' lines stay as they are. The file is replaced whole
    (temp file, fsync, rename), never left half-written; returns how many lines went. Raises NoRoomError when
    the disk has no room for the new file (the old one stays as it was)."""
    path = Path(path)
    if not current or not path.exists():
        return 0
    wanted = {a: b if isinstance(b, Built) else Built(frozenset(b)) for a, b in current.items()}
    RecordSink(path)  # a torn last line or a damaged line is set aside first (and said in its notes)
    with _locked(path):
        lines = path.read_bytes().splitlines(keepends=True)
        parsed = []
        present: dict[str, set[str]] = {}
        for line in lines:
            article = _article_of(line) or {}
            article_id = str(article["id"]) if article.get("id") is not None else None
            key = line_key(line) if article_id in wanted else None
            parsed.append((line, article, article_id, key))
            if key is not None:
                present.setdefault(article_id, set()).add(key)  # type: ignore[arg-type]
        settled_since = {a for a, b in wanted.items() if not b.keys <= present.get(a, set())}
        kept, seen = [], set()
        for line, article, article_id, key in parsed:
            if key is not None:
                built = wanted[article_id]  # type: ignore[index]
                if key in seen:
                    continue
                if article_id not in settled_since and key not in built.keys and built.same_article(article):
                    continue
                seen.add(key)
            kept.append(line)
        if len(kept) == len(lines):
            return 0
        _replace(path, kept)
        return len(lines) - len(kept)


class FailureSink(JsonlSink):
    """Failures: one line per failed article per attempt set, keyed by article id + content hash + error.
    `forget_failures` keeps the latest line of each input."""

    def __init__(self, path: Path):
        super().__init__(path, key="failure_id")

    def _take(self, line: bytes, whole: bool = False) -> bool:
        obj = _parse(line)
        if not (isinstance(obj, dict) and "error" in obj):
            return False
        self._ids.add(str(obj.get("failure_id") or hashlib.sha256(line).hexdigest()))
        return True

    def write(self, failures: Iterable[dict]) -> int:
        return self.write_lines(
            (f["failure_id"], json.dumps(f, ensure_ascii=False, separators=(",", ":"))) for f in failures)


def failure_input(obj: object, line: bytes = b"") -> str:
    """Which input a failure line is about: its article id (with the origin of an article named by its file:
    two files that give one id are two inputs), else its source (the file or URL)."""
    if isinstance(obj, dict):
        for field in ("id", "source"):
            if obj.get(field) is not None:
                return f"{field}\0{obj[field]}\0{obj.get('origin') or ''}"
    return "line\0" + hashlib.sha256(line).hexdigest()


def forget_failures(path: Path, article_ids: Iterable[str]) -> int:
    """Keep one failure line per input, the latest (an URL refused, then not found: the second line), and
    none for the articles that have since been extracted, so the file lists what is still missing and why;
    returns how many lines went. The file is replaced whole, never left half-written; sinks on it notice the
    new file at their next write. A disk with no room for the new file leaves the file as it was (0)."""
    gone, path = set(article_ids), Path(path)
    if not path.exists():
        return 0
    try:
        return _forget_failures(path, gone)
    except NoRoomError:
        return 0


def _forget_failures(path: Path, gone: set[str]) -> int:
    FailureSink(path)  # a torn last line or a damaged line is set aside first
    with _locked(path):
        lines = path.read_bytes().splitlines(keepends=True)
        inputs, latest = [], {}
        for number, line in enumerate(lines):
            obj = _parse(line)
            inputs.append((failure_input(obj, line), obj.get("id") if isinstance(obj, dict) else None))
            latest[inputs[-1][0]] = number
        kept = [line for number, line in enumerate(lines)
                if latest[inputs[number][0]] == number and inputs[number][1] not in gone]
        if len(kept) == len(lines):
            return 0
        _replace(path, kept)
        return len(lines) - len(kept)

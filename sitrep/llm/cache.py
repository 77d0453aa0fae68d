"""Content-addressed, on-disk cache of the model's validated answers, one entry per model call, shared safely
by processes and threads. Records are never cached: they are rebuilt from the answers on every run, so a
change to the code that builds them reaches every cached article without a model call."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
import threading
from pathlib import Path

from sitrep.errors import NoRoomError

# Room the cache keeps free before a model call is made: a call whose answer cannot be kept is not made. An
# answer takes a few kB; this leaves room for every call a run has in flight.
MIN_FREE_BYTES = 1 << 20
MIN_FREE_FILES = 64
_NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}

_bad_lock = threading.Lock()
# damaged entries met in this process, path -> what is wrong, not yet reported
_bad_found: dict[str, str] = {}


def call_key(model: str, decoding: dict, messages: list[dict], response_schema: dict) -> str:
    """The key of one model call: exactly what is sent (messages and the answer's JSON Schema), the model and
    the decoding settings. The backend that serves the model is not part of it, so answers recorded with one
    server replay with another serving the same model."""
    material = json.dumps({"model": model, "decoding": decoding, "messages": messages,
                           "schema": response_schema}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(material.encode()).hexdigest()


class AnswerCache:
    """One JSON file per key under `root/answers/ab/<key>.json`, written atomically (temp file + rename).

    An entry that cannot be read as an answer (cut short, not JSON, the wrong shape) is a miss: `get` and
    `has` treat it as absent, so the call is asked again and its new answer replaces the entry;
    `take_bad_entries` names the damaged files met."""

    def __init__(self, root: Path):
        self.root = Path(root) / "answers"

    def path(self, key: str) -> Path:
        """Where the answer of `key` is kept."""
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        path = self.path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            _found_bad(path, f"cannot be read ({exc.strerror or exc})")
            return None
        try:
            value = json.loads(data.decode("utf-8"))
        except UnicodeDecodeError:
            _found_bad(path, "not UTF-8")
            return None
        except json.JSONDecodeError as exc:
            _found_bad(path, f"not JSON ({exc.msg} at byte {exc.pos}"
                             f"{', cut short' if exc.pos >= len(data) else ''})")
            return None
        problem = answer_problem(value)
        if problem:
            _found_bad(path, problem)
            return None
        return value

    def has(self, key: str) -> bool:
        """Whether a usable answer is cached (a damaged entry is none)."""
        return self.get(key) is not None

    def check_room(self) -> None:
        """Raise NoRoomError when the cache's file system has too little room left to keep another answer."""
        folder = self.root
        while not folder.exists() and folder.parent != folder:
            folder = folder.parent
        try:
            fs = os.statvfs(folder)
        except OSError:
            return  # no way to tell: the write itself will say
        if fs.f_bavail * fs.f_frsize < MIN_FREE_BYTES or (fs.f_files and fs.f_favail < MIN_FREE_FILES):
            raise NoRoomError(f"{self.root}: the answer cache's disk is full, so no model call is made (its "
                              f"answer could not be kept); free some space or pass --cache-dir",
                              path=str(self.root))
        if not os.access(folder, os.W_OK):
            raise NoRoomError(f"{self.root}: the answer cache cannot be written, so no model call is made "
                              f"(its answer could not be kept); pass --cache-dir", path=str(self.root))

    def put(self, key: str, value: dict) -> None:
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        except OSError as exc:
            raise _no_room(exc, path) from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(value, fh, ensure_ascii=False, separators=(",", ":"))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException as exc:
            Path(tmp).unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise _no_room(exc, path) from None
            raise


def _no_room(exc: OSError, path: Path) -> Exception:
    """A NoRoomError for a full or read-only disk; any other OSError as it is."""
    if exc.errno not in _NO_ROOM:
        return exc
    what = "is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else "cannot be written"
    return NoRoomError(f"{path.parent}: the answer cache {what} ({exc.strerror}), so the model's answer "
                       f"cannot be kept and no more calls are made; free some space or pass --cache-dir",
                       path=str(path))


def answer_problem(value) -> str | None:
    """What makes a cache entry unusable as an answer, or None. An entry is what `sitrep.extract` puts: a dict
    with a list of `items` (each valid for its record type) and optionally the
    items `dropped`, with reasons."""
    if not isinstance(value, dict):
        return f"not an answer (a JSON {type(value).__name__}, not an object)"
    items, dropped = value.get("items"), value.get("dropped", [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        return "not an answer (no list of items)"
    if not isinstance(dropped, list) or not all(
            isinstance(d, dict) and isinstance(d.get("item"), dict) and isinstance(d.get("reason"), str)
            for d in dropped):
        return "not an answer (its dropped items have the wrong shape)"
    record_type = value.get("record_type")
    if record_type is None:
        return None
    from pydantic import ValidationError

    from sitrep.building.items import LIST_MODELS

    if record_type not in LIST_MODELS:
        return f"not an answer (unknown record type {record_type!r})"
    item_model = LIST_MODELS[record_type].model_fields["items"].annotation.__args__[0]
    for number, item in enumerate(items, start=1):
        try:
            item_model.model_validate(item)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"]) or "item"
            return f"not an answer (item {number}, {where}: {error['msg']})"
    return None


def _found_bad(path: Path, problem: str) -> None:
    with _bad_lock:
        _bad_found[str(path)] = problem


def take_bad_entries(then: str = "taken as not cached") -> list[str]:
    """One line for each damaged cache entry met in this process since the last call, saying what was done
    (`then`), and forget them. A run passes "asked again": the call was made again and its answer replaced
    the entry."""
    with _bad_lock:
        found = dict(_bad_found)
        _bad_found.clear()
    return [f"{path}: damaged cache entry, {problem}; {then}" for path, problem in found.items()]


def export_answers(answers: AnswerCache, keys: list[str], path: Path, header: dict) -> int:
    """Write the cached answers of `keys` to a JSONL file (a header line, then one {key, answer} per line), so
    a run can be replayed elsewhere without the model; returns how many were written."""
    lines = [json.dumps({"header": header}, ensure_ascii=False)]
    for key in dict.fromkeys(keys):
        entry = answers.get(key)
        if entry is not None:
            lines.append(json.dumps({"key": key, "answer": entry}, ensure_ascii=False, sort_keys=True))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def import_answers(path: Path, answers: AnswerCache) -> dict:
    """Put the answers of a file written by `export_answers` into the cache; returns its header."""
    header: dict = {}
    for line in Path(path).read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        obj = json.loads(line)
        if "header" in obj:
            header = obj["header"]
        else:
            answers.put(obj["key"], obj["answer"])
    return header

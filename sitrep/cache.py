"""Content-addressed, on-disk cache of the model's validated answers, one entry per model call, shared safely by
processes and threads. Records are never cached: they are rebuilt from the answers on every run, so a change to
the code that builds them reaches every cached article without a model call."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path


def call_key(model: str, decoding: dict, messages: list[dict], response_schema: dict) -> str:
    """The key of one model call: exactly what is sent (messages and the answer's JSON Schema), the model and
    the decoding settings. The backend that serves the model is not part of it, so answers recorded with one
    server replay with another serving the same model."""
    material = json.dumps({"model": model, "decoding": decoding, "messages": messages, "schema": response_schema},
                          sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(material.encode()).hexdigest()


class AnswerCache:
    """One JSON file per key under `root/answers/ab/<key>.json`, written atomically (temp file + rename)."""

    def __init__(self, root: Path):
        self.root = Path(root) / "answers"

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
            return None

    def has(self, key: str) -> bool:
        return self._path(key).exists()

    def put(self, key: str, value: dict) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(value, fh, ensure_ascii=False, separators=(",", ":"))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


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

"""Content-addressed, on-disk cache of extraction results, shared safely by processes and threads."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from schemas import SCHEMA_VERSION


def cache_key(content_sha256: str, backend: str, model: str, prompt_version: str, decoding: dict) -> str:
    """The key of one article's extraction: changes when anything that changes the output changes."""
    material = json.dumps(
        {"content": content_sha256, "backend": backend, "model": model, "prompt_version": prompt_version,
         "schema_version": SCHEMA_VERSION, "decoding": decoding},
        sort_keys=True,
    )
    return hashlib.sha256(material.encode()).hexdigest()


class ResultCache:
    """One JSON file per key under `root/results/ab/<key>.json`, written atomically (temp file + rename)."""

    def __init__(self, root: Path):
        self.root = Path(root) / "results"

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

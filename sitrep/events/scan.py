"""Reading a records file for the events, from where the last update stopped.

A file read before is read on from where that read ended when the bytes up to there are unchanged (a records
file only grows between runs); otherwise (rewritten, shortened) it is read again whole. Lines are read one by
one, so memory does not grow with the file; a last line without its newline (still being written) is left for
the next update. A line that is not a record is one note naming the file and the line; the rest is read."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

try:  # a faster reader of the same JSON, when installed (it comes with Prefect)
    from orjson import JSONDecodeError as _OrJSONError
    from orjson import loads as _loads
except ImportError:  # pragma: no cover
    from json import loads as _loads

    _OrJSONError = json.JSONDecodeError

CHUNK = 1 << 20


class Scan:
    """One records file, read on from `size` bytes whose hash is `sha256` (or from the start)."""

    def __init__(self, path: Path, size: int | None = None, sha256: str | None = None):
        self.path, self.size, self.sha256 = path, size, sha256
        self.grown = False  # read on from where the last read ended
        self.end = 0  # bytes of whole lines read, and their hash
        self.digest = ""

    def records(self, notes: list[str]) -> Iterator[tuple[int, dict]]:
        """(line number, record dict) of each line not read before. Raises OSError when the file cannot be
        read."""
        with open(self.path, "rb") as fh:
            digest, number = self._skip_read(fh)
            position = self.size if self.grown else 0
            for raw in fh:
                if not raw.endswith(b"\n"):
                    break
                digest.update(raw)
                position += len(raw)
                number += 1
                if raw.strip():
                    item = _record(raw, f"{self.path}:{number}", notes)
                    if item is not None:
                        yield number, item
            self.end, self.digest = position, digest.hexdigest()

    def _skip_read(self, fh):
        """Past the bytes read before, when they are unchanged: (hash so far, lines so far)."""
        if self.size is None:
            return hashlib.sha256(), 0
        prefix, number, left = hashlib.sha256(), 0, self.size
        while left > 0:
            chunk = fh.read(min(CHUNK, left))
            if not chunk:
                break
            prefix.update(chunk)
            number += chunk.count(b"\n")
            left -= len(chunk)
        if left == 0 and prefix.hexdigest() == self.sha256:
            self.grown = True
            return prefix, number
        fh.seek(0)
        return hashlib.sha256(), 0


def _record(raw: bytes, where: str, notes: list[str]) -> dict | None:
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        item = _loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, _OrJSONError):
        try:  # what the standard library reads (NaN, very large numbers), and its words for what is wrong
            item = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            notes.append(f"{where}: skipped, not JSON ({getattr(exc, 'msg', None) or exc})")
            return None
    if not isinstance(item, dict) or not item.get("record_id"):
        notes.append(f"{where}: skipped, not a sitrep record (no record_id)")
        return None
    return item

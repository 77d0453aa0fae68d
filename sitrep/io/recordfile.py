"""Reading a records JSONL (what `sitrep extract` writes) and its failures file, for the analyst commands.

A file is read line by line, so one damaged line (half a line left by an interrupted write, bytes that are not
UTF-8, a line that is not a record) costs that line only: it is skipped and said in one note, and the rest is
read. These commands never change the file (`sitrep extract` moves damaged lines to `<file>.damaged`). A file
of which no line can be read is not a records file: an InputError naming the file and its first bad line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from sitrep.errors import InputError
from sitrep.io.sink import failure_input
from sitrep.schemas import RecordAdapter


def read_records(path: Path, notes: list[str] | None = None) -> list:
    """Every valid record of the file, validated against the record contract, in file order; what was skipped
    goes to `notes` (one line)."""
    records, bad = [], []
    for number, line in _lines(path, bad):
        try:
            records.append(RecordAdapter.validate_json(line))
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"]) or "record"
            bad.append((number, f"not a sitrep record ({where}: {error['msg']})"))
    _account(path, bad, bool(records), notes, "sitrep records")
    return records


def read_failures(path: Path, notes: list[str] | None = None) -> list[dict]:
    """The failure lines of a run (`{id, source, error, attempts, ...}`), the latest of each input only (a
    run killed before it tidied the file may have left older ones); a missing file means no failures."""
    if not path.exists():
        return []
    latest: dict[str, dict] = {}
    bad: list[tuple[int, str]] = []
    for number, line in _lines(path, bad):
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append((number, f"not JSON ({exc.msg})"))
            continue
        if not isinstance(item, dict) or "error" not in item:
            bad.append((number, "not a failure line (no 'error' field)"))
            continue
        key = failure_input(item, line.encode("utf-8"))
        latest.pop(key, None)  # keep file order: the latest line takes its place at the end
        latest[key] = item
    _account(path, bad, bool(latest), notes, "failure lines")
    return list(latest.values())


def failures_beside(records_path: Path) -> Path:
    """Where `sitrep extract --out RECORDS` puts its failures by default."""
    return records_path.with_name(records_path.stem + ".failures.jsonl")


def _account(path: Path, bad: list[tuple[int, str]], any_good: bool, notes: list[str] | None,
             what: str) -> None:
    """Raise for a file with nothing readable; else note the lines skipped."""
    if not bad:
        return
    bad.sort()
    number, reason = bad[0]
    if not any_good:
        raise InputError(f"{path}:{number}: {reason}")
    if notes is not None:
        more = f" and {len(bad) - 1} more" if len(bad) > 1 else ""
        lines = "1 line" if len(bad) == 1 else f"{len(bad)} lines"
        notes.append(f"{path}: {lines} skipped, not {what} (line {number}: {reason}{more}); the rest is read")


def _lines(path: Path, bad: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """(number, text) of each non-blank line; a line that is not UTF-8, or a last line cut off (no newline:
    an interrupted write, or one still being written), goes to `bad`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a JSONL file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    data = data.removeprefix(b"\xef\xbb\xbf")
    # Only "\n" ends a JSONL line: writers leave U+2028 and the like unescaped inside strings.
    raw_lines = data.split(b"\n")
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad.append((number, f"not UTF-8 (byte {exc.start} of the line)"))
            continue
        if number == len(raw_lines) and not _whole(line):
            bad.append((number, "cut off (no line end: an interrupted write, or one still being written)"))
            continue
        yield number, line


def _whole(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True

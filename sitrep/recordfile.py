"""Reading a records JSONL (what `sitrep extract` writes) and its failures file, for the analyst commands.
A line that is not a valid record is an InputError naming the file and line."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from sitrep.errors import InputError
from sitrep.schemas import RecordAdapter


def read_records(path: Path) -> list:
    """Every record of the file, validated against the record contract, in file order."""
    records = []
    for number, line in _lines(path):
        try:
            records.append(RecordAdapter.validate_json(line))
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"]) or "record"
            raise InputError(f"{path}:{number}: not a sitrep record ({where}: {error['msg']})") from None
    return records


def read_failures(path: Path) -> list[dict]:
    """The failure lines of a run (`{id, source, error, attempts, ...}`); a missing file means no failures."""
    if not path.exists():
        return []
    failures = []
    for number, line in _lines(path):
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(item, dict) or "error" not in item:
            raise InputError(f"{path}:{number}: not a failure line (no 'error' field)")
        failures.append(item)
    return failures


def failures_beside(records_path: Path) -> Path:
    """Where `sitrep extract --out RECORDS` puts its failures by default."""
    return records_path.with_name(records_path.stem + ".failures.jsonl")


def _lines(path: Path):
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a JSONL file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start})") from None
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield number, line

"""The state an events file keeps beside it, so that an update reads only what is new.

`<events stem>.state.json` holds, for each records file, how far it was read and a hash of those bytes (a file
that only grew is read from there on; one rewritten is read again); the keys of every record, so no old record
is read again; each report's records, its block and its event; and each event's place in the file. It is tied
to the grouping's version: after a change of the code or of the language pack's event words, the next update
is a full rebuild."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from sitrep.events.keys import Keys

STATE_FORMAT = 2
_KEY_FIELDS = [f.name for f in fields(Keys)]
_DATES = {"published", "start", "end"}
_SETS = {"place_words", "place_spot", "countries", "names"}


@cache
def grouping_version() -> str:
    """A hash of the grouping's code and of the language packs' event words."""
    digest = hashlib.sha256()
    package = resources.files("sitrep")
    items = sorted((p for p in (package / "events").iterdir() if p.name.endswith(".py")),
                   key=lambda p: p.name)
    packs = package / "reading" / "packs"
    items += [p / "events.toml" for p in sorted(packs.iterdir(), key=lambda p: p.name)
              if p.is_dir() and (p / "events.toml").is_file()]
    for item in items:
        digest.update(item.name.encode() + b"\0" + item.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def state_path(events_path: Path) -> Path:
    return events_path.with_name(events_path.stem + ".state.json")


def keys_to_row(k: Keys) -> list:
    row = []
    for name in _KEY_FIELDS:
        value = getattr(k, name)
        if name in _DATES:
            value = value.isoformat() if value else None
        elif name in _SETS:
            value = sorted(value)
        elif name == "actors":
            value = list(value)
        row.append(value)
    return row


def keys_from_row(row: list) -> Keys:
    values = {}
    for name, value in zip(_KEY_FIELDS, row, strict=True):
        if name in _DATES:
            value = _day(value) if value else None
        elif name in _SETS:
            value = _set(tuple(value))
        elif name == "actors":
            value = tuple(value)
        elif isinstance(value, str):
            value = sys.intern(value)
        values[name] = value
    return Keys(**values)


@lru_cache(maxsize=8192)
def _day(text: str) -> date:
    return date.fromisoformat(text)


@lru_cache(maxsize=65536)
def _set(words: tuple[str, ...]) -> frozenset[str]:
    """One frozenset for the words many records share."""
    return frozenset(words)


@dataclass
class FileMark:
    """How far a records file was read, and a hash of the bytes up to there."""

    size: int
    sha256: str
    record_ids: list[str] = field(default_factory=list)


@dataclass
class State:
    version: str = ""
    files: dict[str, FileMark] = field(default_factory=dict)
    keys: dict[str, Keys] = field(default_factory=dict)  # by record id
    reports: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # key -> (kind, record ids)
    block_of: dict[str, str] = field(default_factory=dict)  # report key -> its block's first report key
    event_of: dict[str, str] = field(default_factory=dict)  # report key -> event id
    order: dict[str, str] = field(default_factory=dict)  # event id -> its place in the file
    events_sha256: str | None = None  # of the events file written with this state

    @property
    def current(self) -> bool:
        return self.version == grouping_version()


def load(path: Path) -> State:
    """The state at `path`; an empty one when there is none or it cannot be read (a full rebuild follows).

    The file is JSON lines: a head (format, version, files), then one line per record's keys ("k"), per report
    ("r": key, kind, record ids, block, event) and per event ("e": id, place in the file)."""
    try:
        with open(path, "rb") as fh:
            head = json.loads(fh.readline())
            if head.get("format") != STATE_FORMAT:
                return State()
            state = State(version=head["version"], events_sha256=head.get("events_sha256"),
                          files={p: FileMark(m["size"], m["sha256"], [sys.intern(i) for i in m["record_ids"]])
                                 for p, m in head["files"].items()})
            for line in fh:
                tag, *row = json.loads(line)
                if tag == "k":
                    keys = keys_from_row(row)
                    state.keys[keys.record_id] = keys
                elif tag == "r":
                    key, kind, ids, block, event = row
                    state.reports[key] = (kind, [sys.intern(i) for i in ids])
                    state.block_of[key], state.event_of[key] = block, event
                elif tag == "e":
                    state.order[row[0]] = row[1]
        return state
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return State()


def save(state: State, path: Path) -> None:
    def lines():
        yield _line({"format": STATE_FORMAT, "version": state.version, "events_sha256": state.events_sha256,
                     "files": {p: {"size": m.size, "sha256": m.sha256, "record_ids": m.record_ids}
                               for p, m in state.files.items()}})
        for k in state.keys.values():
            yield _line(["k", *keys_to_row(k)])
        for key, (kind, ids) in state.reports.items():
            yield _line(["r", key, kind, ids, state.block_of.get(key), state.event_of.get(key)])
        for event, order in state.order.items():
            yield _line(["e", event, order])

    write_atomically(path, lines())


def _line(item) -> bytes:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def write_atomically(path: Path, chunks) -> None:
    """Write the file whole or not at all: a temporary file beside it, flushed, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)

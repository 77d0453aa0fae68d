"""The state an events file keeps beside it, so that an update reads and regroups only what is new.

`<events stem>.state` holds, for each records file, how far it was read and a hash of those bytes (a file that
only grew is read from there on; one rewritten is read again); the keys of every record, so no old record is
read again; each report's records, its block and its event; the index of reports by key and days; and each
event's place in the file. It is plain data (Python's `marshal` format: no code is run to read it), read whole
in a fraction of a second, and an update turns into objects only the records and reports it regroups. It is
tied to the grouping's version: after a change of the code or of the language pack's event words, the next
update is a full rebuild."""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

from sitrep.events.keys import Keys

STATE_FORMAT = 5
_KEY_FIELDS = [f.name for f in fields(Keys)]
_DATES = frozenset({"published", "start", "end"})
_DATE_AT = tuple(i for i, name in enumerate(_KEY_FIELDS) if name in _DATES)
ARTICLE_AT = _KEY_FIELDS.index("article_id")


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
    return events_path.with_name(events_path.stem + ".state")


def keys_to_row(k: Keys) -> bytes:
    """A record's keys as plain data (dates as day numbers), packed on their own so that reading the state
    unpacks only the records an update meets."""
    row = [getattr(k, name) for name in _KEY_FIELDS]
    for i in _DATE_AT:
        row[i] = row[i].toordinal() if row[i] else None
    return marshal.dumps(tuple(row))


def row_article(row: bytes) -> str:
    return marshal.loads(row)[ARTICLE_AT]


def pack(row: tuple) -> bytes:
    return marshal.dumps(row)


def unpack(row: bytes) -> tuple:
    return marshal.loads(row)


def keys_from_row(row: bytes) -> Keys:
    values = [sys.intern(v) if isinstance(v, str) else v for v in marshal.loads(row)]
    for i in _DATE_AT:
        values[i] = date.fromordinal(values[i]) if values[i] else None
    return Keys(*values)


@dataclass
class FileMark:
    """How far a records file was read, the hash of the bytes up to there, and its record ids in order."""

    size: int
    sha256: str
    record_ids: list[str] = field(default_factory=list)


@dataclass
class State:
    version: str = ""
    files: dict[str, FileMark] = field(default_factory=dict)
    rows: dict[str, bytes] = field(default_factory=dict)  # record id -> its keys, packed
    # report key -> (kind, record ids, its block's first report key, its event id, its keys packed)
    reports: dict[str, tuple] = field(default_factory=dict)
    links: dict[str, list] = field(default_factory=dict)  # report key -> [(linked report key, weight)]
    index: dict[tuple, list[str]] = field(default_factory=dict)  # see sitrep.events.linking.Index
    order: dict[str, str] = field(default_factory=dict)  # event id -> its place in the file
    events_sha256: str | None = None  # of the events file written with this state

    @property
    def current(self) -> bool:
        return self.version == grouping_version()


def load(path: Path) -> State:
    """The state at `path`; an empty one when there is none or it cannot be read (a full rebuild follows)."""
    try:
        data = marshal.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
            return State()
        return State(version=data["version"], events_sha256=data["events_sha256"],
                     files={p: FileMark(*m) for p, m in data["files"].items()}, rows=data["rows"],
                     reports=data["reports"], links=data["links"], index=data["index"], order=data["order"])
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        return State()


def save(state: State, path: Path) -> None:
    data = {"format": STATE_FORMAT, "version": state.version, "events_sha256": state.events_sha256,
            "files": {p: (m.size, m.sha256, m.record_ids) for p, m in state.files.items()},
            "rows": state.rows, "reports": state.reports, "links": state.links, "index": state.index,
            "order": state.order}
    write_atomically(path, [marshal.dumps(data)])


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

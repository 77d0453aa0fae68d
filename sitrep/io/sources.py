"""Reading articles: .txt/.md/.html files (directories recursively), JSONL files of articles, .json files
named as inputs (an article object or an array of them), `-` for stdin, and URLs and feeds
(through sitrep.io.remote)."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from sitrep.io.html_text import extract_html, html_to_text, looks_like_html  # noqa: F401 (html_to_text: re-export)
from sitrep.io.urls import is_url
from sitrep.reading.dates import published_date
from sitrep.schemas import Article

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}  # read when named; a directory's .json files are skipped (--keep-pages writes some)
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


@dataclass(frozen=True)
class InputProblem:
    """An input that could not be read as an article: one line for a person, and where."""

    source: str  # "path" or "path:line"
    message: str
    article_id: str | None = None

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass
class ReadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # things worth telling that are not failures


def read_inputs(inputs: Iterable[str], stdin_text: str | None = None, feeds: Iterable[str] = (),
                remote=None) -> ReadResult:
    """Read every input; bad ones become problems and the rest still go through. Ids are unique per run.
    URLs among the inputs and the entries of `feeds` are fetched by `remote` (a
    sitrep.io.remote.RemoteSources)."""
    from itertools import chain

    result = ReadResult()
    inputs, feeds = list(inputs), list(feeds)
    urls = [i for i in inputs if is_url(i)]
    if (urls or feeds) and remote is None:
        from sitrep.io.remote import RemoteSources

        remote = RemoteSources()
    fetched = remote.read(urls, feeds) if remote is not None else []
    seen: dict[str, Article] = {}
    for item in chain(_expand([i for i in inputs if not is_url(i)], result), fetched):
        if isinstance(item, InputProblem):
            result.problems.append(item)
            continue
        earlier = seen.get(item.id)
        if earlier is None:
            seen[item.id] = item
            result.articles.append(item)
        elif earlier.content_sha256 == item.content_sha256:
            result.notes.append(f"{item.source}: same article as {earlier.source} (id {item.id!r}); "
                                f"read once")
        else:
            result.problems.append(InputProblem(
                item.source or item.id,
                f"duplicate id {item.id!r} with different text (first in {earlier.source})", item.id))
    return result


def _expand(inputs: Iterable[str], result: ReadResult) -> Iterator[Article | InputProblem]:
    notes = result.notes
    for raw in inputs:
        if raw == "-":
            yield from _read_stdin(notes)
            continue
        path = Path(raw)
        if path.is_dir():
            try:
                children = sorted(path.rglob("*"))
            except OSError as exc:
                yield InputProblem(str(path), f"cannot list directory: {exc.strerror or exc}")
                continue
            for child in children:
                if child.name.startswith(".") or child.is_dir():
                    continue
                if child.suffix.lower() not in TEXT_SUFFIXES | JSONL_SUFFIXES:
                    continue
                # a pipe or device would block the read; a dangling link cannot be read
                if not child.is_file():
                    kind = ("a broken link" if child.is_symlink() and not child.exists()
                            else "not a regular file")
                    yield InputProblem(str(child), f"cannot read: {kind}", _id_from_path(child, path))
                    continue
                yield from _read_path(child, path, notes)
            continue
        if not path.exists():
            yield InputProblem(str(path), "no such file or directory")
            continue
        yield from _read_path(path, path.parent, notes)


def _read_path(path: Path, base: Path, notes: list[str]) -> Iterator[Article | InputProblem]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputProblem(str(path), f"cannot read: {exc.strerror or exc}", _id_from_path(path, base))
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl(data, str(path), notes)
    elif path.suffix.lower() in JSON_SUFFIXES:
        yield from _read_json(data, str(path), notes)
    else:
        yield _read_text(data, str(path), _id_from_path(path, base), notes)


def _read_stdin(notes: list[str]) -> Iterator[Article | InputProblem]:
    data = sys.stdin.buffer.read()
    stripped = data.lstrip()
    if stripped.startswith((b"{", b"\xef\xbb\xbf{")):
        yield from _read_jsonl(data, "-", notes)
    elif stripped.startswith((b"[", b"\xef\xbb\xbf[")):
        yield from _read_json(data, "-", notes)
    else:
        yield _read_text(data, "-", "stdin", notes)


def _id_from_path(path: Path, base: Path) -> str:
    try:
        rel = path.relative_to(base)
    except ValueError:
        rel = Path(path.name)
    return rel.with_suffix("").as_posix()


_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes) -> tuple[str, str | None]:
    """Bytes to text: UTF-8 (BOM removed), else Windows-1252, else Latin-1, with a note saying which.
    Raises ValueError for binary data (NUL bytes, or more than 1% control characters)."""
    if b"\x00" in data:
        raise ValueError("binary file (contains NUL bytes), not text")
    note = None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = exc.start
        try:
            text, note = data.decode("cp1252"), f"not UTF-8 (byte {where}); decoded as Windows-1252"
        except UnicodeDecodeError:
            text, note = data.decode("latin-1"), f"not UTF-8 (byte {where}); decoded as Latin-1"
    controls = len(_CONTROL.findall(text))
    if controls and controls > len(text) / 100:
        raise ValueError(f"binary file ({controls} control characters), not text")
    return text, note


def _read_text(data: bytes, source: str, article_id: str, notes: list[str]) -> Article | InputProblem:
    try:
        text, note = decode(data)
    except ValueError as exc:
        return InputProblem(source, str(exc), article_id)
    if note:
        notes.append(f"{source}: {note}")
    meta: dict[str, str] = {}
    m = _FRONT_MATTER.match(text)
    if m:
        meta = _parse_front_matter(m.group(1))
        text = text[m.end():]
    page: dict = {}
    if looks_like_html(text) or Path(source).suffix.lower() in {".html", ".htm", ".xhtml"}:
        text, page = _from_html(text, meta.get("url"))
    if not text.strip():
        return InputProblem(source, "empty article (no text)", article_id)
    fields = {"id": meta.pop("id", article_id), "text": text, "source": source, **page, **meta}
    if fields["id"] == article_id:  # named by its file (or stdin), not by the input
        fields["origin"] = origin_of(source, text)
    return _article(fields, source, article_id, notes)


def origin_of(source: str, text: str) -> str:
    """Where an article named by its file (not by an id in the input) was read from, as a short hash: the
    resolved path of the file (an edited file is the same article, changed), or for stdin the text itself
    (text piped in twice is one article only when it is the same text). It tells apart, across runs, two
    articles that their file names give the same id (see sitrep.io.article_ids)."""
    if source == "-" or source.startswith("-:"):
        material = "stdin\0" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    else:
        material = "file\0" + str(Path(source).resolve())
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]


def _parse_front_matter(block: str) -> dict[str, str]:
    meta = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in {"id", "title", "url", "published", "date", "publisher"}:
            meta["published" if key.strip() == "date" else key.strip()] = value.strip().strip("'\"")
    return meta


def _read_jsonl(data: bytes, source: str, notes: list[str]) -> Iterator[Article | InputProblem]:
    try:
        text, note = decode(data)
    except ValueError as exc:
        yield InputProblem(source, str(exc))
        return
    if note:
        notes.append(f"{source}: {note}")
    # Only "\n" ends a JSONL line: str.splitlines() would also break at U+2028, U+0085 and form feeds, which
    # JSON writers (ensure_ascii=False) leave unescaped inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputProblem(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield InputProblem(where, "a JSONL line must be an object with at least 'id' and 'text'")
            continue
        yield _from_object(obj, where, f"{Path(source).stem}-{number}", notes)


def _read_json(data: bytes, source: str, notes: list[str]) -> Iterator[Article | InputProblem]:
    """A .json input: one article object, or an array of them (each read as a JSONL line is; problems name the
    file and the index, `file[3]`)."""
    try:
        text, note = decode(data)
        value = json.loads(text)
    except ValueError as exc:  # binary data, or invalid JSON
        where = f" at line {exc.lineno} column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        yield InputProblem(source, f"invalid JSON ({getattr(exc, 'msg', exc)}{where})")
        return
    if note:
        notes.append(f"{source}: {note}")
    stem = Path(source).stem if source != "-" else "stdin"
    if isinstance(value, dict) and "text" in value:
        yield _from_object(value, source, stem, notes)
    elif isinstance(value, list) and value:
        for index, obj in enumerate(value):
            where = f"{source}[{index}]"
            if isinstance(obj, dict):
                yield _from_object(obj, where, f"{stem}-{index}", notes)
            else:
                yield InputProblem(where, "an item of a JSON array must be an article object with 'text'")
    else:
        yield InputProblem(source, "a .json input must be an article object with 'text', or an array of them")


def _from_object(obj: dict, where: str, default_id: str, notes: list[str]) -> Article | InputProblem:
    """An article from a JSON object (a JSONL line or an item of a JSON array)."""
    article_id = str(obj.get("id") or default_id)
    try:  # a \ud800-style escape decodes to a lone surrogate, which no UTF-8 output can hold
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(exc.object[exc.start])
        return InputProblem(where, f"invalid Unicode: a lone surrogate (\\u{code:04x})",
                            article_id.encode("utf-8", "replace").decode())
    text_value = obj.get("text")
    if not isinstance(text_value, str) or not text_value.strip():
        return InputProblem(where, "missing or empty 'text'", article_id)
    page: dict = {}
    if looks_like_html(text_value):
        text_value, page = _from_html(text_value, obj.get("url"))
    fields = page | {k: obj.get(k) for k in ("title", "url", "publisher") if obj.get(k) is not None}
    published = obj.get("published") or obj.get("date")
    if published is not None:
        fields["published"] = published
    fields.update(id=article_id, text=text_value, source=where)
    if not obj.get("id"):  # named by the file and line (or index); an item piped in, by its text
        fields["origin"] = origin_of("-" if where.startswith("-[") else where, text_value)
    return _article(fields, where, article_id, notes)


def _article(fields: dict, source: str, article_id: str, notes: list[str]) -> Article | InputProblem:
    if fields.get("published") is not None and not isinstance(fields["published"], date):
        # the date only places relative dates ("yesterday"): a bad one costs the date, not the article
        try:
            fields["published"] = published_date(fields["published"])
        except ValueError as exc:
            notes.append(f"{source}: 'published' is {exc}; read without a date")
            fields["published"] = None
    try:
        return Article(**fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        return InputProblem(source, f"{'.'.join(map(str, first['loc']))}: {first['msg']}", article_id)


def _from_html(html: str, url: str | None) -> tuple[str, dict]:
    """The article body of an HTML input and the metadata the page gives (fields stated by the input win)."""
    found = extract_html(html, url)
    meta = {"title": found.title, "url": found.url, "publisher": found.publisher,
            "published": found.published.isoformat() if found.published else None}
    return found.text, {k: v for k, v in meta.items() if v}

"""RSS and Atom feeds: their entries (id, link, metadata, a hash of what the feed says about each), and the
watch state, a small SQLite database that remembers which entries were done and the feed's validators."""

from __future__ import annotations

import calendar
import hashlib
import json
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sitrep.io.urls import entry_article_id
from sitrep.reading.dates import published_date


@dataclass(frozen=True)
class Entry:
    feed: str  # the feed's URL or path, as given
    key: str  # what identifies the entry in its feed: GUID, else link
    article_id: str
    link: str | None
    title: str | None
    published: date | None
    content_html: str  # full content, else summary (HTML or text), for entries without a link
    digest: str  # hash of everything the feed says about the entry


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    entries: list[Entry]
    skipped: int  # entries with neither GUID nor link


def parse_feed(data: bytes, feed: str, headers: dict | None = None) -> ParsedFeed:
    """The entries of an RSS or Atom document. Raises ValueError when it is not a feed."""
    import feedparser

    parsed = feedparser.parse(data, response_headers=headers or {}, sanitize_html=False)
    if not parsed.version and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f": {' '.join(str(problem).split())}" if problem else ""
        raise ValueError(f"not an RSS or Atom feed{detail}")
    entries, skipped = [], 0
    for item in parsed.entries:
        entry = _entry(item, feed)
        if entry is None:
            skipped += 1
        else:
            entries.append(entry)
    return ParsedFeed(_text(parsed.feed.get("title")), entries, skipped)


def _entry(item, feed: str) -> Entry | None:
    guid, link = _text(item.get("id")), _text(item.get("link"))
    article_id = entry_article_id(guid, link, feed)
    if article_id is None:
        return None
    contents = [c.get("value", "") for c in item.get("content") or []]
    summary = item.get("summary") or ""
    said = {"guid": guid, "link": link, "title": item.get("title"), "summary": summary, "content": contents,
            "published": item.get("published"), "updated": dict.get(item, "updated")}
    digest = hashlib.sha256(json.dumps(said, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    return Entry(feed, guid or link or article_id, article_id, link, _text(item.get("title")),
                 _date(item.get("published") or dict.get(item, "updated"),
                       item.get("published_parsed") or dict.get(item, "updated_parsed")),
                 max(contents, key=len) if contents else summary, digest)


def _text(value) -> str | None:
    value = " ".join(str(value or "").split())
    return value or None


def _date(written: str | None, parsed: time.struct_time | None) -> date | None:
    """The entry's date as the feed writes it (its own time zone's day, as for any other input); else the day
    in UTC of what feedparser made of it."""
    if written:
        try:
            return published_date(written)
        except ValueError:
            pass
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC).date()


class WatchState:
    """Which feed entries are done (by entry key and hash) and each feed's ETag / Last-Modified."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.execute("create table if not exists feeds (feed text primary key, etag text,"
                       " last_modified text, checked_at text)")
            db.execute("create table if not exists entries (feed text, key text, digest text,"
                       " article_id text, done_at text, primary key (feed, key))")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def validators(self, feed: str) -> tuple[str | None, str | None]:
        with closing(self._connect()) as db:
            row = db.execute("select etag, last_modified from feeds where feed = ?", (feed,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def done(self, feed: str) -> dict[str, str]:
        """Entry key -> hash of the entries of `feed` done so far."""
        with closing(self._connect()) as db:
            return dict(db.execute("select key, digest from entries where feed = ?", (feed,)))

    def record(self, feeds: dict[str, tuple[str | None, str | None]], entries: list[Entry]) -> None:
        """Mark `entries` done and store each feed's validators (None, None: ask for the whole feed next
        time), in one transaction."""
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        with closing(self._connect()) as db, db:
            db.executemany("insert into entries values (?, ?, ?, ?, ?) on conflict (feed, key) do update set "
                           "digest = excluded.digest, article_id = excluded.article_id, "
                           "done_at = excluded.done_at",
                           [(e.feed, e.key, e.digest, e.article_id, now) for e in entries])
            db.executemany("insert into feeds values (?, ?, ?, ?) on conflict (feed) do update set "
                           "etag = excluded.etag, last_modified = excluded.last_modified, "
                           "checked_at = excluded.checked_at",
                           [(feed, etag, modified, now) for feed, (etag, modified) in feeds.items()])

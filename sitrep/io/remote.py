"""Articles from the web: pages by URL and the entries of RSS/Atom feeds, fetched a few at a time. A feed
entry is fetched only when it is new or changed since the watch state last marked it done; `finish` marks
the entries whose articles the run wrote, once their records are in the output."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from sitrep.errors import ConfigError
from sitrep.io.feeds import Entry, WatchState, parse_feed
from sitrep.io.html_text import decode_html, extract_html, looks_like_html
from sitrep.io.sink import forget_failures
from sitrep.io.sources import InputProblem
from sitrep.io.urls import is_url, safe_file_name, url_article_id
from sitrep.io.web import HTML_TYPES, Fetcher, FetchError, FetchOptions
from sitrep.schemas import Article

PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
_FEED_TYPES = ("rss", "atom", "xml")


def state_path_for(records: Path) -> Path:
    """The watch state of an output file: beside it, `records.feeds.sqlite` for `records.jsonl`."""
    return records.with_name(records.stem + ".feeds.sqlite")


@dataclass
class RemoteSources:
    """Reads URLs and feeds for one run and remembers what it fetched."""

    options: FetchOptions = field(default_factory=FetchOptions)
    keep_pages: Path | None = None
    state_path: Path | None = None  # None: no watch state, every entry is new
    refresh: bool = False  # ignore the watch state (and ask for whole feeds)
    concurrency: int = 4
    counts: Counter = field(default_factory=Counter)
    requests: Counter = field(default_factory=Counter)
    _pending: dict[str, list[Entry]] = field(default_factory=dict)  # article id -> the entries it stands for
    _validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    _feeds_read: set[str] = field(default_factory=set)  # feeds reached and parsed (or not modified)

    @classmethod
    def for_run(cls, settings, records: Path | None) -> RemoteSources:
        keep = settings.keep_pages
        if keep is not None:
            try:
                Path(keep).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(f"--keep-pages {keep}: cannot create the folder: "
                                  f"{exc.strerror or exc}") from None
        # The state belongs to its output: without the output file, what it says was done is not there.
        state = state_path_for(records) if records is not None else None
        return cls(FetchOptions.from_settings(settings), Path(keep) if keep else None, state,
                   refresh=settings.refresh or (records is not None and not records.exists()),
                   concurrency=settings.fetch_concurrency)

    # ---- reading

    def read(self, urls: list[str], feeds: list[str]) -> list[Article | InputProblem]:
        if not urls and not feeds:
            return []
        fetcher = Fetcher(self.options)
        try:
            jobs, scheduled = [], set()
            for url in urls:  # the same page given twice (or with other tracking parameters) is fetched once
                if url_article_id(url) not in scheduled:
                    scheduled.add(url_article_id(url))
                    jobs.append((url, url_article_id(url), None))
            items: list[Article | InputProblem] = []
            state = WatchState(self.state_path) if self.state_path and feeds else None
            for feed in feeds:
                found, problem = self._read_feed(feed, fetcher, state)
                if problem:
                    items.append(problem)
                for entry in found:
                    if entry.article_id not in scheduled:  # one fetch for an entry found in two feeds
                        scheduled.add(entry.article_id)
                        jobs.append((entry.link, entry.article_id, entry))
                    self._pending.setdefault(entry.article_id, []).append(entry)
            with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
                items += pool.map(lambda job: self._article(fetcher, *job), jobs)
            return items
        finally:
            self.requests.update(fetcher.requests)
            fetcher.close()

    def _read_feed(self, feed: str, fetcher: Fetcher,
                   state: WatchState | None) -> tuple[list[Entry], InputProblem | None]:
        self.counts["feeds"] += 1
        headers: dict = {}
        if is_url(feed):
            etag, modified = (None, None) if self.refresh or state is None else state.validators(feed)
            try:
                page = fetcher.get(feed, kind="feed", accept=FEED_ACCEPT, etag=etag, last_modified=modified)
            except FetchError as exc:
                return [], InputProblem(feed, exc.reason, feed)
            if page.not_modified:
                self.counts["not_modified"] += 1
                self._feeds_read.add(feed)
                return [], None
            data, headers = page.body, dict(page.headers)
            self._validators[feed] = (page.headers.get("etag"), page.headers.get("last-modified"))
        else:
            try:
                data = Path(feed).read_bytes()
            except OSError as exc:
                return [], InputProblem(feed, f"cannot read the feed: {exc.strerror or exc}", feed)
            self._validators[feed] = (None, None)
        try:
            parsed = parse_feed(data, feed, headers)
        except ValueError as exc:
            self._validators.pop(feed, None)
            return [], InputProblem(feed, str(exc), feed)
        self._feeds_read.add(feed)
        done = {} if self.refresh or state is None else state.done(feed)
        todo, seen = [], set()
        for entry in parsed.entries:
            if entry.key in seen:
                continue
            seen.add(entry.key)
            self.counts["entries"] += 1
            before = done.get(entry.key)
            status = "new" if before is None else "unchanged" if before == entry.digest else "changed"
            self.counts[status] += 1
            if status != "unchanged":
                todo.append(entry)
        self.counts["entries_without_id"] += parsed.skipped
        return todo, None

    def _article(self, fetcher: Fetcher, url: str | None, article_id: str,
                 entry: Entry | None) -> Article | InputProblem:
        if url is None and entry is not None:  # an entry without a link: its own content is the article
            return self._entry_article(entry)
        try:
            page = fetcher.get(url, kind="page", accept=PAGE_ACCEPT, types=HTML_TYPES)
        except FetchError as exc:
            return InputProblem(url, self._hint(exc.reason), article_id)
        found = extract_html(decode_html(page.body, page.charset), page.final_url)
        if not found.text.strip():
            return InputProblem(url, "no article text found on the page", article_id)
        fields = {"title": found.title, "published": found.published, "publisher": found.publisher}
        if entry is not None:  # the feed's title wins; its date only stands in for a page that gives none
            fields["title"] = entry.title or found.title
            fields["published"] = found.published or entry.published
        article = _make(article_id, found.text, url, url=found.url or page.final_url, **fields)
        if isinstance(article, Article):
            self._keep(article, page.body, {"url": url, "final_url": page.final_url, "status": page.status,
                                            "content_type": page.content_type})
        return article

    def _entry_article(self, entry: Entry) -> Article | InputProblem:
        html = entry.content_html
        text = extract_html(html).text if looks_like_html(html) or "<" in html else html.strip()
        source = f"{entry.feed}#{entry.key}"
        if not text.strip():
            return InputProblem(source, "the feed entry has no link and no text", entry.article_id)
        return _make(entry.article_id, text, source, title=entry.title, published=entry.published)

    @staticmethod
    def _hint(reason: str) -> str:
        if reason.startswith("not an HTML page") and any(t in reason for t in _FEED_TYPES):
            return f"{reason}; a feed is read with --feed"
        return reason

    def _keep(self, article: Article, raw: bytes, fetched: dict) -> None:
        """Keep the page as fetched (`.raw`), what was fetched (`.json`) and the article (`.txt`: its metadata
        as front matter, then exactly the text the evidence offsets index), so that
        `--articles DIR` reads it back with its id."""
        if self.keep_pages is None:
            return
        name = safe_file_name(article.id)  # names hold dots: suffixes are appended, never replaced
        (self.keep_pages / f"{name}.raw").write_bytes(raw)
        (self.keep_pages / f"{name}.json").write_text(
            json.dumps({"id": article.id, **fetched}, indent=2) + "\n", encoding="utf-8")
        meta = {"id": article.id, "title": article.title, "url": article.url, "publisher": article.publisher,
                "published": article.published.isoformat() if article.published else None}
        head = "".join(f"{k}: {v}\n" for k, v in meta.items() if v)
        (self.keep_pages / f"{name}.txt").write_text(f"---\n{head}---\n{article.text}", encoding="utf-8")

    # ---- after the run

    def finish(self, outcomes: Iterable, failures: Path | None = None) -> dict:
        """Mark the feed entries whose articles this run wrote (extracted or cached) as done; keep a feed's
        validators only when all its new and changed entries were done (else the next run reads it whole and
        tries the rest again); drop the old failure lines of feeds read this time. Returns the summary's
        counts of fetching."""
        written = {o.article_id for o in outcomes if o.status != "failed"}
        if failures is not None and self._feeds_read:
            forget_failures(failures, self._feeds_read)
        if self.state_path is not None and self._validators:
            done = [e for article_id, entries in self._pending.items() if article_id in written
                    for e in entries]
            incomplete = {e.feed for entries in self._pending.values() for e in entries
                          if e.article_id not in written}
            feeds = {f: ((None, None) if f in incomplete else v) for f, v in self._validators.items()}
            WatchState(self.state_path).record(feeds, done)
        return self.summary()

    def summary(self) -> dict:
        c = self.counts
        return {"pages_fetched": self.requests.get("page", 0),
                "feeds": {"feeds": c["feeds"], "requests": self.requests.get("feed", 0),
                          "not_modified": c["not_modified"], "entries": c["entries"], "new": c["new"],
                          "changed": c["changed"], "unchanged": c["unchanged"]}}


def _make(article_id: str, text: str, source: str, **fields) -> Article | InputProblem:
    try:
        return Article(id=article_id, text=text, source=source, **{k: v for k, v in fields.items() if v})
    except ValidationError as exc:
        first = exc.errors()[0]
        return InputProblem(source, f"{'.'.join(map(str, first['loc']))}: {first['msg']}", article_id)

"""A news site on 127.0.0.1 for the fetching tests: article pages (navigation, ads, related links and reader
comments around texts from the shared dev set), an RSS feed that can gain and change entries, an Atom feed,
and pages that are slow, missing, broken, not HTML or huge. It logs every request it answers."""

from __future__ import annotations

import hashlib
import html
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "eval" / "dev-gold.jsonl"


def dev_articles() -> dict[str, dict]:
    if not DEV.exists():
        pytest.fail(f"the shared dev set is not at {DEV}: the tests serve its texts (shared/ beside the "
                    "project)")
    lines = DEV.read_text(encoding="utf-8").split("\n")  # only "\n" ends a JSONL line (texts hold U+2028)
    return {a["id"]: a for a in (json.loads(line) for line in lines if line.strip())}


BOILERPLATE = [  # words that must never reach an article's text
    "Subscribe for unlimited access", "Sign in", "Most read", "Cookie settings", "Advertisement",
    "Win 25,000 air miles", "I heard 90,000 troops are there", "Comments (2)", "All rights reserved",
]


def article_page(article: dict, url: str, site: str = "The Frontline Ledger") -> str:
    """A news page of the kind a CMS makes, around the article's text (one paragraph per line)."""
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in article["text"].split("\n") if p.strip())
    title = html.escape(article["title"])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {site}</title>
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{article['date']}T08:30:00Z">
<script>window.dataLayer = [{{"killed": 12345}}];</script>
<style>.ad {{ display: block }}</style>
</head><body>
<header><a href="/">{site}</a>
<nav><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/login">Sign in</a></li><li><a href="/subscribe">Subscribe for unlimited access</a></li>\
</ul></nav>
</header>
<div class="ad" id="ad-top"><span>Advertisement</span>\
<a href="/promo">Win 25,000 air miles this week only</a></div>
<main><article>
<h1>{title}</h1>
<div class="byline">By Staff reporter</div>
{paragraphs}
</article>
<aside class="related"><h2>Most read</h2><ul>
<li><a href="/a1">Markets rally as rates hold steady for a third month</a></li>
<li><a href="/a2">Ten recipes for a quick weeknight dinner</a></li></ul></aside>
<section id="comments" class="comments"><h2>Comments (2)</h2>
<div class="comment"><p>Reader42: I heard 90,000 troops are there, nobody reports it.</p></div>
<div class="comment"><p>Anna: Thanks for the clear report.</p></div></section>
</main>
<footer><p>&copy; 2025 The Frontline Ledger. All rights reserved.</p>\
<a href="/cookies">Cookie settings</a></footer>
</body></html>"""


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0  # seconds before answering
    length: bool = True  # send Content-Length (else the body ends when the connection closes)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FeedItem:
    title: str
    link: str
    guid: str | None
    published: datetime
    description: str


@dataclass
class Site:
    """What the server answers; tests change it between runs."""

    pages: dict[str, Reply] = field(default_factory=dict)
    feed_items: list[FeedItem] = field(default_factory=list)
    validator: str | None = "etag"  # "etag", "last-modified", or None: conditional requests are ignored
    feed_status: int = 200  # another status makes the feed fail
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def rss(self) -> bytes:
        items = []
        for item in self.feed_items:
            guid = (f"<guid isPermaLink=\"{str(item.guid.startswith('http')).lower()}\">"
                    f"{html.escape(item.guid)}</guid>") if item.guid else ""
            items.append(f"<item><title>{html.escape(item.title)}</title><link>{html.escape(item.link)}</link>"
                         f"{guid}<pubDate>{format_datetime(item.published)}</pubDate>"
                         f"<description>{html.escape(item.description)}</description></item>")
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                "<title>The Frontline Ledger: World</title><link>http://127.0.0.1/</link>"
                "<description>World news</description>" + "".join(items) + "</channel></rss>").encode()

    def requests_to(self, path: str) -> int:
        with self.lock:
            return sum(1 for p, _ in self.log if p == path)

    def clear_log(self) -> None:
        with self.lock:
            self.log.clear()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: Site

    def log_message(self, *args) -> None:  # quiet
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a size limit, a timeout)
            self.close_connection = True

    def do_GET(self) -> None:
        site = self.server.site  # type: ignore[attr-defined]
        with site.lock:
            site.log.append((self.path, dict(self.headers.items())))
        if self.path == "/feed.xml":
            return self._feed(site)
        reply = site.pages.get(self.path.split("?")[0])
        if reply is None:
            reply = Reply(404, b"<html><body><h1>Not found</h1></body></html>")
        if reply.delay:
            time.sleep(reply.delay)
        self._send(reply)

    def _feed(self, site: Site) -> None:
        if site.feed_status != 200:
            return self._send(Reply(site.feed_status, b"unavailable", "text/plain"))
        body = site.rss()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        newest = max((i.published for i in site.feed_items), default=datetime(2020, 1, 1, tzinfo=UTC))
        headers, asked = {}, None
        if site.validator == "etag":
            headers, asked = {"ETag": etag}, self.headers.get("If-None-Match")
        elif site.validator == "last-modified":
            headers, asked = {"Last-Modified": format_datetime(newest, usegmt=True)}, \
                self.headers.get("If-Modified-Since")
        if asked and asked in headers.values():
            return self._send(Reply(304, b"", "", headers=headers))
        self._send(Reply(200, body, "application/rss+xml; charset=utf-8", headers=headers))

    def _send(self, reply: Reply) -> None:
        try:
            self.send_response(reply.status)
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            if reply.length or reply.status == 304:
                self.send_header("Content-Length", str(len(reply.body)))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if reply.status != 304:
                self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a size limit, a timeout)
            self.close_connection = True


class NewsServer:
    """The site served on 127.0.0.1, on a free port, in a thread: `with NewsServer() as server:`."""

    def __init__(self) -> None:
        self.site = Site()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.site = self.site  # type: ignore[attr-defined]
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def log(self) -> list[tuple[str, dict[str, str]]]:
        return self.site.log

    def clear_log(self) -> None:
        self.site.clear_log()

    def __enter__(self) -> NewsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def add_article(self, path: str, article: dict) -> str:
        url = self.url(path)
        self.site.pages[path] = Reply(body=article_page(article, url).encode("utf-8"))
        return url

    def add_feed_item(self, path: str, article: dict, guid: str | None) -> FeedItem:
        url = self.add_article(path, article)
        published = datetime.fromisoformat(article["date"]).replace(hour=8, tzinfo=UTC)
        item = FeedItem(article["title"], url, guid, published, article["text"][:120])
        self.site.feed_items.append(item)
        return item

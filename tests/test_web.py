"""Pages by URL and saved HTML, without Prefect: article body and metadata, offsets into the shown text,
fetching limits and per-URL failures, URL refusal, feed parsing. Every request goes to 127.0.0.1."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from web_site import BOILERPLATE, NewsServer, Reply, article_page, dev_articles

from sitrep.io.feeds import parse_feed
from sitrep.io.html_text import extract_html
from sitrep.io.remote import RemoteSources
from sitrep.io.sources import read_inputs
from sitrep.io.urls import canonical_url, entry_article_id, url_article_id
from sitrep.io.web import FetchOptions, refusal
from sitrep.run import (
    Outputs,
    forget_fixed_failures,
    plan_run,
    problem_outcomes,
    process_article,
    settle_outputs,
    summarise,
    write_cached,
)

PICK = ["seed-mod-2025-01-23", "isaf-test-0154", "wcep-2022-02-11-501", "wcep-2024-09-24-8832",
        "wcep-2024-06-19-7738"]
FAST = FetchOptions(timeout=1.0, retries=1, retry_wait=0.01, max_bytes=300_000, allow_private=True)


@pytest.fixture(scope="module")
def dev() -> dict[str, dict]:
    return dev_articles()


@pytest.fixture
def server():
    with NewsServer() as s:
        yield s


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


@pytest.mark.parametrize("article_id", PICK)
def test_article_body_without_boilerplate_and_with_metadata(dev, article_id):
    article = dev[article_id]
    url = f"https://news.example.org/world/{article_id}"
    found = extract_html(article_page(article, url), url + "?utm_source=feed")
    for paragraph in paragraphs(article["text"]):
        assert paragraph in found.text
    for words in BOILERPLATE:
        assert words not in found.text
    assert "12345" not in found.text  # script
    assert found.title == article["title"]
    assert found.published == date.fromisoformat(article["date"])
    assert found.publisher == "The Frontline Ledger"
    assert found.url == url


def test_html_file_records_index_the_text_that_is_kept(tmp_path, dev, settings):
    article = dev["seed-mod-2025-01-23"]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "mod.html").write_text(article_page(article, "https://news.example.org/mod"),
                                              encoding="utf-8")
    plan = plan_run([str(tmp_path / "in")], settings)
    assert not plan.problems
    [read] = plan.todo
    assert read.id == "mod" and read.url == "https://news.example.org/mod"
    assert read.published == date(2025, 1, 23) and read.publisher == "The Frontline Ledger"
    outputs = Outputs.beside(tmp_path / "out" / "records.jsonl")
    outcome = process_article(read, settings, outputs)
    assert outcome.status == "extracted" and outcome.written > 0
    for line in outputs.records.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        ev = record["evidence"]
        assert read.text[ev["start"]:ev["end"]] == ev["quote"]
        assert not any(words in ev["quote"] for words in BOILERPLATE)
        assert record["article"]["url"] == "https://news.example.org/mod"


def test_page_by_url_is_fetched_extracted_and_kept(tmp_path, dev, server, settings):
    article = dev["wcep-2022-02-11-501"]
    url = server.add_article("/world/russia-nato.html", article)
    remote = RemoteSources(FAST, keep_pages=tmp_path / "pages")
    (tmp_path / "pages").mkdir()
    result = read_inputs([url + "?utm_source=newsletter#top"], remote=remote)
    assert not result.problems, result.problems
    [got] = result.articles
    assert got.id == "127.0.0.1:{}/world/russia-nato.html".format(server.base.rsplit(":", 1)[1])
    assert got.url == url and got.title == article["title"] and got.published == date(2022, 2, 11)
    assert paragraphs(got.text) == [article["title"], *paragraphs(article["text"])]
    [kept] = (tmp_path / "pages").glob("*.txt")
    stem = str(kept)[:-len(".txt")]
    assert Path(stem + ".raw").read_bytes() == server.site.pages["/world/russia-nato.html"].body
    assert json.loads(Path(stem + ".json").read_text())["final_url"].startswith(url)
    [again] = read_inputs([str(tmp_path / "pages")]).articles  # as `sitrep report --articles DIR` reads it
    assert (again.id, again.text, again.url, again.title, again.published, again.publisher) == (
        got.id, got.text, got.url, got.title, got.published, got.publisher)
    user_agent = server.site.log[0][1].get("User-Agent", "")
    assert user_agent.startswith("sitrep/")
    assert remote.summary()["pages_fetched"] == 1


def test_each_bad_url_is_one_problem_with_its_reason_and_the_rest_go_on(dev, server):
    good = server.add_article("/ok.html", dev["wcep-2024-09-24-8832"])
    big = article_page(dev["seed-mod-2025-01-23"], "x").encode() * 200  # ~700 kB, over the 300 kB limit
    server.site.pages.update({
        "/slow.html": Reply(body=b"<html><body><p>late</p></body></html>", delay=3),
        "/broken.html": Reply(500, b"oops"),
        "/report.pdf": Reply(body=b"%PDF-1.4 ...", content_type="application/pdf"),
        "/untyped.bin": Reply(body=b"\x89PNG\r\n", content_type=""),
        "/huge.html": Reply(body=big),
        "/huge-stream.html": Reply(body=big, length=False),
        "/moved.html": Reply(301, b"", headers={"Location": "/ok.html"}),
    })
    urls = {name: server.url(f"/{name}") for name in
            ("slow.html", "missing.html", "broken.html", "report.pdf", "untyped.bin", "huge.html",
             "huge-stream.html")}
    inputs = [good, *urls.values(), server.url("/moved.html"), "ftp://example.org/a.txt"]
    result = read_inputs(inputs, remote=RemoteSources(FAST))
    ok, moved = result.articles  # the redirect is followed; the article keeps the id of the URL given
    assert (ok.url, moved.url, moved.text) == (good, good, ok.text)
    assert moved.id == url_article_id(server.url("/moved.html")) != ok.id
    problems = {p.source: p.message for p in result.problems}
    assert set(problems) == {*urls.values(), "ftp://example.org/a.txt"}
    assert "timed out" in problems[urls["slow.html"]]
    assert problems[urls["missing.html"]] == "HTTP 404 Not Found"
    assert problems[urls["broken.html"]].startswith("HTTP 500")
    assert "after 2 attempts" in problems[urls["broken.html"]]  # retried once, as configured
    assert server.site.requests_to("/broken.html") == 2
    assert problems[urls["report.pdf"]] == "not an HTML page (content type application/pdf)"
    assert problems[urls["untyped.bin"]] == "not an HTML page (no content type, and no markup)"
    assert problems[urls["huge.html"]].startswith("too large")
    assert problems[urls["huge-stream.html"]].startswith("too large")
    assert "only http and https" in problems["ftp://example.org/a.txt"]
    assert all(p.article_id for p in result.problems)


def test_loopback_and_private_addresses_are_refused_unless_allowed(server, dev):
    url = server.add_article("/ok.html", dev["wcep-2024-09-24-8832"])
    result = read_inputs([url], remote=RemoteSources(FetchOptions()))
    [problem] = result.problems
    assert "private or loopback" in problem.message and "--allow-private" in problem.message
    assert server.site.log == []  # refused before any request
    for address in ("http://10.1.2.3/a", "http://192.168.0.1/", "http://169.254.169.254/latest/meta-data",
                    "http://[::1]/", "http://localhost/", "http://0.0.0.0/"):
        assert "private or loopback" in (refusal(address, allow_private=False) or ""), address
    assert refusal("file:///etc/passwd", allow_private=True).startswith("refused: only http and https")
    assert refusal(url, allow_private=True) is None
    assert (refusal("/2025/01/relative.html", allow_private=True)
            == "refused: not an absolute http or https URL")


def test_the_address_connected_to_is_checked_too(server, dev, monkeypatch):
    """A name that resolved to a public address when checked may resolve elsewhere when connecting."""
    import sitrep.io.web

    url = server.add_article("/ok.html", dev["wcep-2024-09-24-8832"])
    monkeypatch.setattr(sitrep.io.web, "refusal", lambda url, allow_private: None)  # the check before, fooled
    [problem] = read_inputs([url], remote=RemoteSources(FetchOptions(retries=0))).problems
    assert "private or loopback address (127.0.0.1)" in problem.message
    assert server.site.log == []


def test_a_redirect_to_a_refused_address_is_refused(server):
    server.site.pages["/away.html"] = Reply(302, b"", headers={"Location": "file:///etc/passwd"})
    result = read_inputs([server.url("/away.html")], remote=RemoteSources(FAST))
    [problem] = result.problems
    assert "only http and https" in problem.message and "(redirected to file:" in problem.message


def test_url_ids_survive_tracking_parameters_and_content_changes():
    a = url_article_id("https://WWW.Example.org:443/news/story/?utm_source=x&page=2#comments")
    assert a == url_article_id("https://example.org/news/story?page=2") == "example.org/news/story?page=2"
    assert canonical_url("HTTP://Example.org/a?b=2&a=1") == "http://example.org/a?a=1&b=2"
    assert entry_article_id("tag:example.org,2025:123", "https://example.org/x", "https://example.org/feed") \
        == "example.org/feed#tag:example.org,2025:123"
    assert entry_article_id(None, "https://example.org/x?utm_medium=rss", "f.xml") == "example.org/x"
    assert len(url_article_id("https://example.org/" + "a" * 500)) == 200


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ministry of Defence: updates</title>
<id>urn:uuid:feed</id><updated>2025-01-23T10:00:00Z</updated>
<entry><title>Intelligence update</title><id>urn:uuid:1</id><link href="https://mod.example.org/u/1"/>
<published>2025-01-23T09:00:00Z</published><updated>2025-01-23T09:00:00Z</updated>
<content type="html">&lt;p&gt;About 11,000 troops.&lt;/p&gt;</content></entry>
<entry><title>No id, no link</title><updated>2025-01-22T09:00:00Z</updated><summary>x</summary></entry>
</feed>"""


def test_atom_and_rss_entries():
    atom = parse_feed(ATOM, "https://mod.example.org/feed.atom")
    assert atom.title == "Ministry of Defence: updates" and atom.skipped == 1
    [entry] = atom.entries
    assert (entry.key, entry.article_id, entry.link) == (
        "urn:uuid:1", "mod.example.org/feed.atom#urn:uuid:1", "https://mod.example.org/u/1")
    assert entry.published == date(2025, 1, 23) and "11,000" in entry.content_html
    changed = parse_feed(ATOM.replace(b"11,000", b"12,000"), "https://mod.example.org/feed.atom").entries[0]
    assert changed.article_id == entry.article_id and changed.digest != entry.digest
    with pytest.raises(ValueError, match="not an RSS or Atom feed"):
        parse_feed(b"<html><body>hello</body></html>", "x")


def test_last_modified_a_failed_feed_and_a_page_given_twice(tmp_path, dev, server, settings):
    """Through the engine functions the flow is made of (no Prefect API)."""
    settings = settings.model_copy(update={"allow_private": True, "fetch_retries": 1,
                                           "fetch_retry_wait": 0.01})
    outputs = Outputs.beside(tmp_path / "out" / "records.jsonl")
    feed = server.url("/feed.xml")
    server.site.validator = "last-modified"
    server.add_feed_item("/2024/09/lebanon.html", dev["wcep-2024-09-24-8832"], guid=None)
    page = server.add_article("/2022/02/nato.html", dev["wcep-2022-02-11-501"])

    def run(inputs=()):
        plan = plan_run(list(inputs), settings, [feed], outputs)
        outcomes = problem_outcomes(plan.problems, outputs) + write_cached(plan.cached, settings, outputs)
        outcomes += [process_article(a, settings, outputs) for a in plan.todo]
        settle_outputs(outcomes, outputs)
        forget_fixed_failures(outcomes, outputs)
        return summarise(outcomes, 0.0) | plan.remote.finish(outcomes, outputs.failures)

    server.site.feed_status = 503
    down = run()
    assert (down["failed"], down["feeds"]["requests"], down["pages_fetched"]) == (1, 2, 0)
    [line] = map(json.loads, outputs.failures.read_text().splitlines())
    assert line["source"] == feed and line["error"] == "HTTP 503 Service Unavailable (after 2 attempts)"

    server.site.feed_status = 200
    up = run([page, page + "?utm_source=newsletter"])
    assert (up["articles"], up["failed"], up["feeds"]["new"], up["pages_fetched"]) == (2, 0, 1, 2)
    assert outputs.failures.read_text() == ""  # the feed was read: its failure is gone

    server.clear_log()
    same = run()
    assert (same["feeds"]["not_modified"], same["pages_fetched"], same["model_calls"]) == (1, 0, 0)
    [(path, headers)] = server.log
    assert path == "/feed.xml" and headers.get("If-Modified-Since")

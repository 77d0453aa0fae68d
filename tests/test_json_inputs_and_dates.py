"""A .json file of articles is read as articles (an array, as a JSONL file's lines are) or refused with one
line; dates as feeds write them (RFC 2822) are read, a bad date costs the article its date and not the
article, and a feed entry takes its page's own date when the page gives one."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, date, datetime

import pytest
from fakellm import FAKE
from faults import prefect_api
from faults.harness import cli_env, read_lines, sitrep_cmd
from web_site import NewsServer, Reply

from sitrep.io.remote import RemoteSources
from sitrep.io.sources import read_inputs
from sitrep.io.web import FetchOptions
from sitrep.reading.dates import published_date

prefect_api.start()  # boots while other tests run

FACT = "At least {n} people were killed in Kharkiv on Monday, officials said."
RFC_2822 = "Thu, 23 Jan 2025 10:00:00 +0000"
BAD_DATE = "Thu, 32 Jan 2025 10:00:00 +0000"  # no 32nd: the whole value must be shown
ARRAY = [
    {"id": "a1", "text": FACT.format(n=21), "published": RFC_2822, "url": "https://example.org/a1",
     "title": "A one", "publisher": "Example"},
    {"text": FACT.format(n=22), "date": "2025-01-23T23:30:00-05:00"},  # no id: named by file and index
    {"id": "a3", "title": "no text"},
    5,
    {"id": "a5", "text": FACT.format(n=23), "published": BAD_DATE},
]


def _inputs(root):
    root.mkdir(parents=True, exist_ok=True)
    (root / "articles.json").write_text(json.dumps(ARRAY, indent=2), encoding="utf-8")
    (root / "single.json").write_text(json.dumps({"id": "s1", "text": FACT.format(n=24)}), encoding="utf-8")
    (root / "settings.json").write_text(json.dumps({"model": "gpt-4o", "retries": 3}), encoding="utf-8")
    (root / "broken.json").write_text('[{"id": "b1", "text": ', encoding="utf-8")
    return root


@pytest.mark.parametrize("value, expected", [
    (RFC_2822, date(2025, 1, 23)),
    ("Thu, 23 Jan 2025 23:59:00 -0800", date(2025, 1, 23)),  # the date written, not moved to UTC
    ("2025-01-23", date(2025, 1, 23)),
    ("2025-01-23T10:00:00Z", date(2025, 1, 23)),
    ("23 January 2025", date(2025, 1, 23)),
])
def test_dates_as_feeds_and_writers_give_them(value, expected):
    assert published_date(value) == expected


def test_an_unparseable_date_is_named_whole():
    with pytest.raises(ValueError, match=re.escape(repr(BAD_DATE))):
        published_date(BAD_DATE)


def test_an_array_is_read_exactly_as_the_same_objects_in_jsonl(tmp_path):
    root = _inputs(tmp_path / "in")
    (root / "articles.jsonl").write_text("".join(json.dumps(o) + "\n" for o in ARRAY), encoding="utf-8")
    from_json = read_inputs([str(root / "articles.json")])
    from_jsonl = read_inputs([str(root / "articles.jsonl")])

    def fields(a):
        return (a.text, a.title, a.url, a.publisher, a.published)

    assert [fields(a) for a in from_json.articles] == [fields(a) for a in from_jsonl.articles]
    assert [a.id for a in from_json.articles] == ["a1", "articles-1", "a5"]
    assert from_json.problems[0].message == from_jsonl.problems[0].message == "missing or empty 'text'"
    assert [p.source for p in from_json.problems] == [f"{root}/articles.json[2]", f"{root}/articles.json[3]"]


def test_a_directory_skips_json_files_it_was_not_given(tmp_path):
    root = _inputs(tmp_path / "in")
    (root / "page.txt").write_text(FACT.format(n=3), encoding="utf-8")
    result = read_inputs([str(root)])
    assert [a.id for a in result.articles] == ["page"] and not result.problems


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("json-inputs")
    root = _inputs(tmp / "in")
    env = cli_env(backend=FAKE, cache_dir=tmp / "cache")
    env["PREFECT_API_URL"] = prefect_api.url()
    names = ["articles.json", "single.json", "settings.json", "broken.json"]
    proc = subprocess.run(sitrep_cmd("extract", *[str(root / n) for n in names], "--out",
                                     str(tmp / "out" / "records.jsonl")),
                          env=env, cwd=tmp, capture_output=True, text=True, timeout=300, check=False)
    return {"proc": proc, "root": root, "records": read_lines(tmp / "out" / "records.jsonl"),
            "failures": read_lines(tmp / "out" / "records.failures.jsonl")}


def test_extract_reads_every_article_of_a_json_array_with_its_dates(cli_run):
    assert cli_run["proc"].returncode == 1, cli_run["proc"].stderr[-3000:]  # some inputs failed
    got = {r["article"]["id"]: (r["count"]["value"], r["article"].get("published"))
           for r in cli_run["records"]}
    assert got == {"a1": (21, "2025-01-23"), "articles-1": (22, "2025-01-23"), "a5": (23, None),
                   "s1": (24, None)}


def test_extract_names_each_bad_item_and_refuses_other_json_in_one_line(cli_run):
    root, lines = cli_run["root"], cli_run["proc"].stderr.splitlines()
    wanted = {
        f"{root}/articles.json[2]": "missing or empty 'text'",
        f"{root}/articles.json[3]": "an item of a JSON array must be an article object",
        f"{root}/settings.json": "a .json input must be an article object with 'text', or an array of them",
        f"{root}/broken.json": "invalid JSON (",
        f"{root}/articles.json[4]": f"'published' is not a date: {BAD_DATE!r}; read without a date",
    }
    for source, fragment in wanted.items():
        hits = [line for line in lines if line.startswith(f"sitrep: {source}: ")]
        assert len(hits) == 1 and fragment in hits[0], (source, hits, lines)
    assert not [line for line in lines if re.match(r"\s*(Traceback|File \")", line)]
    failed = {f["source"] for f in cli_run["failures"]}
    assert failed == set(wanted) - {f"{root}/articles.json[4]"}  # a bad date is a note, not a failure


def test_a_feed_entry_takes_its_pages_own_date_else_the_feeds(tmp_path):
    text = {"title": "Strike on Kharkiv", "text": FACT.format(n=9)
            + "\nRescuers searched the rubble overnight."}
    with NewsServer() as server:
        dated = server.add_feed_item("/world/dated.html", {**text, "date": "2025-01-20"}, guid="g-dated")
        undated = server.add_feed_item("/world/undated.html", {**text, "date": "2025-01-21"},
                                       guid="g-undated")
        server.site.pages["/world/undated.html"] = Reply(body=(
            "<!DOCTYPE html><html><head><title>Strike on Kharkiv</title></head><body><article><h1>Strike on "
            f"Kharkiv</h1><p>{FACT.format(n=9)}</p><p>Rescuers searched the rubble overnight.</p></article>"
            "</body></html>").encode())
        for item in (dated, undated):  # the feed says the 23rd for both (an RSS date, RFC 2822)
            item.published = datetime(2025, 1, 23, 10, tzinfo=UTC)
        remote = RemoteSources(FetchOptions(timeout=2.0, retries=1, retry_wait=0.01, allow_private=True))
        result = read_inputs([], feeds=[server.url("/feed.xml")], remote=remote)
    assert not result.problems, result.problems
    by_page = {a.url.rsplit("/", 1)[1]: a.published for a in result.articles}
    assert by_page == {"dated.html": date(2025, 1, 20), "undated.html": date(2025, 1, 23)}


def test_a_feed_entrys_date_is_the_day_the_feed_writes():
    from sitrep.io.feeds import parse_feed

    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
           b"<item><title>a</title><link>https://example.org/a</link>"
           b"<pubDate>Thu, 23 Jan 2025 23:30:00 -0500</pubDate></item>"  # the 24th in UTC
           b"<item><title>b</title><link>https://example.org/b</link><pubDate>soon</pubDate></item>"
           b"</channel></rss>")
    assert [e.published for e in parse_feed(rss, "feed.xml").entries] == [date(2025, 1, 23), None]

"""Watching a feed through the extract-articles flow (a real local Prefect API, the fake model, a news site
on 127.0.0.1): each new entry is fetched and extracted once, an unchanged feed costs one request and no model
call, a changed entry keeps its article id, and a page that cannot be fetched is one failure line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakellm import FAKE
from web_site import NewsServer, Reply, article_page, dev_articles


@pytest.fixture(scope="module")
def dev() -> dict[str, dict]:
    return dev_articles()


@pytest.fixture
def site(dev):
    with NewsServer() as server:
        server.add_feed_item("/2025/01/mod-update.html", dev["seed-mod-2025-01-23"], guid=None)
        server.add_feed_item("/2011/06/isaf.html", dev["isaf-test-0154"], guid="ledger-isaf-0154")
        yield server


def watch(site: NewsServer, out: Path, **params) -> dict:
    from sitrep.flows.extract import extract_articles, summary_of

    return summary_of(extract_articles(inputs=params.pop("inputs", []), out=str(out), backend=FAKE,
                                       feeds=[site.url("/feed.xml")], allow_private=True, return_state=True,
                                       **params))


def jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def page_requests(site: NewsServer) -> list[str]:
    return [path for path, _ in site.log if path != "/feed.xml"]


def test_each_run_processes_only_new_entries_and_an_unchanged_feed_costs_one_request(tmp_path, api_url, site,
                                                                                      dev):
    out = tmp_path / "out" / "records.jsonl"
    first = watch(site, out)
    assert first["feeds"] == {"feeds": 1, "requests": 1, "not_modified": 0, "entries": 2, "new": 2,
                              "changed": 0, "unchanged": 0}
    assert (first["pages_fetched"], first["articles"], first["failed"]) == (2, 2, 0)
    assert first["model_calls"] > 0 and first["records_written"] > 0
    assert sorted(page_requests(site)) == ["/2011/06/isaf.html", "/2025/01/mod-update.html"]
    ids = {r["article"]["id"] for r in jsonl(out)}
    port = site.base.rsplit(":", 1)[1]
    assert ids == {f"127.0.0.1:{port}/2025/01/mod-update.html", f"127.0.0.1:{port}/feed.xml#ledger-isaf-0154"}

    site.clear_log()
    site.add_feed_item("/2024/09/lebanon.html", dev["wcep-2024-09-24-8832"],
                       guid=site.url("/2024/09/lebanon.html"))
    second = watch(site, out)
    assert second["feeds"] == {"feeds": 1, "requests": 1, "not_modified": 0, "entries": 3, "new": 1,
                               "changed": 0, "unchanged": 2}
    assert (second["pages_fetched"], second["articles"], second["cached"]) == (1, 1, 0)
    assert second["model_calls"] > 0
    assert page_requests(site) == ["/2024/09/lebanon.html"]
    before = out.read_bytes()
    assert f"127.0.0.1:{port}/2024/09/lebanon.html" in {r["article"]["id"] for r in jsonl(out)}

    site.clear_log()
    third = watch(site, out)
    assert third["feeds"]["requests"] == 1 and third["feeds"]["not_modified"] == 1
    assert (third["pages_fetched"], third["articles"], third["model_calls"]) == (0, 0, 0)
    [(path, headers)] = site.log
    assert path == "/feed.xml" and headers.get("If-None-Match")
    assert out.read_bytes() == before

    site.site.validator = None  # a server that ignores conditional requests: the whole feed, still no page
    site.clear_log()
    fourth = watch(site, out)
    assert fourth["feeds"] == {"feeds": 1, "requests": 1, "not_modified": 0, "entries": 3, "new": 0,
                               "changed": 0, "unchanged": 3}
    assert (fourth["pages_fetched"], fourth["articles"], fourth["model_calls"]) == (0, 0, 0)
    assert [p for p, _ in site.log] == ["/feed.xml"]
    assert out.read_bytes() == before


def _change_mod_entry(site: NewsServer, dev: dict) -> dict:
    changed = dict(dev["seed-mod-2025-01-23"])
    changed["text"] += "\nThe MoD later said about 3,000 North Korean soldiers had been killed or wounded."
    item = next(i for i in site.site.feed_items if i.link.endswith("/mod-update.html"))
    item.description = changed["text"][-120:]
    site.site.pages["/2025/01/mod-update.html"] = Reply(body=article_page(changed, item.link).encode())
    return changed


def test_a_changed_entry_keeps_its_article_id_and_is_fetched_again(tmp_path, api_url, site, dev):
    out = tmp_path / "out" / "records.jsonl"
    watch(site, out)
    first = {r["article"]["id"]: r["article"]["content_sha256"] for r in jsonl(out)}
    _change_mod_entry(site, dev)
    site.clear_log()
    second = watch(site, out)
    assert (second["feeds"]["changed"], second["feeds"]["unchanged"], second["feeds"]["new"]) == (1, 1, 0)
    assert (second["pages_fetched"], second["articles"]) == (1, 1)
    assert second["model_calls"] > 0
    assert page_requests(site) == ["/2025/01/mod-update.html"]
    mod_id = next(i for i in first if i.endswith("/mod-update.html"))
    new_hashes = {r["article"]["content_sha256"] for r in jsonl(out) if r["article"]["id"] == mod_id}
    assert new_hashes - {first[mod_id]}, "the changed article got records of its new text under the same id"
    third = watch(site, out)
    assert (third["pages_fetched"], third["model_calls"], third["feeds"]["not_modified"]) == (0, 0, 1)


def test_a_changed_entry_supersedes_its_old_records(tmp_path, api_url, site, dev):
    out = tmp_path / "out" / "records.jsonl"
    watch(site, out)
    _change_mod_entry(site, dev)
    watch(site, out)
    records = jsonl(out)
    mod = [r for r in records if r["article"]["id"].endswith("/mod-update.html")]
    assert mod and len({r["article"]["content_sha256"] for r in mod}) == 1, \
        "only the records of the article's latest text are in the output"
    assert any("3,000" in r["evidence"]["quote"] for r in mod)


def test_failures_are_one_line_per_url_and_failed_entries_are_tried_again(tmp_path, api_url, site, dev):
    out = tmp_path / "out" / "records.jsonl"
    broken = site.add_feed_item("/2022/02/nato.html", dev["wcep-2022-02-11-501"], guid=None)
    site.site.pages["/2022/02/nato.html"] = Reply(404, b"<html><body>gone</body></html>")
    first = watch(site, out, inputs=[site.url("/nowhere.html"), "gopher://example.org/x"])
    assert (first["articles"], first["failed"], first["feeds"]["new"]) == (5, 3, 3)
    failures = {f["source"]: f for f in jsonl(out.with_name("records.failures.jsonl"))}
    assert failures[broken.link]["error"] == "HTTP 404 Not Found"
    assert failures[site.url("/nowhere.html")]["error"] == "HTTP 404 Not Found"
    assert "only http and https" in failures["gopher://example.org/x"]["error"]
    assert len(failures) == 3

    site.clear_log()
    site.add_article("/2022/02/nato.html", dev["wcep-2022-02-11-501"])
    second = watch(site, out)
    assert second["feeds"]["not_modified"] == 0  # a feed with an entry still to do is read whole
    assert (second["feeds"]["new"], second["feeds"]["unchanged"]) == (1, 2)
    assert page_requests(site) == ["/2022/02/nato.html"]
    assert (second["failed"], second["articles"]) == (0, 1)
    left = {f["source"] for f in jsonl(out.with_name("records.failures.jsonl"))}
    assert broken.link not in left

"""The watch-feeds deployment of prefect.yaml, served by `sitrep serve --feed URL` against a real Prefect
server and triggered twice through the REST API with its served parameters: the second run over the unchanged
feed fetches no page and calls no model."""

from __future__ import annotations

import json
import signal
import sys

import pytest
from fakellm import FAKE
from test_prefect_server import (
    ROOT,
    Process,
    _deployment,
    artifacts,
    clean_env,
    run_deployment,
    server,
    wait_for,
)
from web_site import NewsServer, dev_articles

__all__ = ["server"]  # the module-scoped Prefect server fixture


@pytest.mark.server
def test_watch_feeds_deployment_extracts_new_entries_once(server, tmp_path):
    url, home = server
    dev = dev_articles()
    with NewsServer() as site:
        site.add_feed_item("/2025/01/mod-update.html", dev["seed-mod-2025-01-23"], guid=None)
        site.add_feed_item("/2024/09/lebanon.html", dev["wcep-2024-09-24-8832"], guid="ledger-8832")
        env = clean_env(PREFECT_API_URL=url, PREFECT_HOME=str(home / "watch-client"),
                        PREFECT_RUNNER_POLL_FREQUENCY="2", SITREP_BACKEND=FAKE,
                        SITREP_CACHE_DIR=str(tmp_path / "cache"), SITREP_ALLOW_PRIVATE="true")
        feed = site.url("/feed.xml")
        proc = Process([sys.executable, "-m", "sitrep.commands.cli", "serve", "--file",
                        str(ROOT / "prefect.yaml"), "-d", "watch-feeds", "--feed", feed],
                       tmp_path / "serve.log", cwd=tmp_path, env=env)
        try:
            deployment = wait_for("sitrep serve registering extract-articles/watch-feeds",
                                  lambda: _deployment(url, "extract-articles/watch-feeds"), 240, proc)
            assert deployment["parameters"]["out"] == "out/watch/records.jsonl"
            assert deployment["parameters"]["feeds"] == [feed]  # watched on the schedule, not only when asked
            assert deployment["schedules"] and deployment["schedules"][0]["schedule"]["interval"] == 600
            assert "not scheduled" not in proc.log.read_text()
            parameters = {}  # the served ones
            first = run_deployment(url, deployment, parameters, proc)
            out = tmp_path / "out" / "watch" / "records.jsonl"
            records = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]
            assert {r["article"]["id"].rsplit("/", 1)[-1] for r in records} == {"mod-update.html",
                                                                               "feed.xml#ledger-8832"}
            assert "entries 2: new 2, changed 0, unchanged 0" in artifacts(url, first["id"])["sitrep-summary"]
            site.clear_log()
            before = out.read_bytes()
            second = run_deployment(url, deployment, parameters, proc)
            summary = artifacts(url, second["id"])["sitrep-summary"]
            assert "page requests 0; feed requests 1 (not modified 1)" in summary
            assert "| model calls | 0 " in summary
            assert [path for path, _ in site.log] == ["/feed.xml"]
            assert out.read_bytes() == before
        finally:
            proc.stop(signal.SIGTERM)

"""`sitrep extract URL` and `sitrep extract --feed`: refusal of loopback pages without --allow-private (one
line per URL, exit 1), a feed run with kept pages, and configuration errors (exit 2)."""

from __future__ import annotations

import json
import subprocess

from fakellm import FAKE
from faults import prefect_api
from faults.harness import cli_env, read_lines, sitrep_cmd
from web_site import NewsServer, dev_articles

from sitrep.io.sources import read_inputs

prefect_api.start()  # boots while other tests run


def run_cli(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = cli_env(backend=FAKE, cache_dir=tmp_path / "cache")
    env["PREFECT_API_URL"] = prefect_api.url()
    return subprocess.run(sitrep_cmd("extract", *args), cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=600, check=False)


def run_report(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(sitrep_cmd("report", *args), cwd=tmp_path, env=cli_env(), capture_output=True,
                          text=True, timeout=300, check=False)


def test_urls_feeds_and_refusals_from_the_command_line(tmp_path):
    dev = dev_articles()
    out = tmp_path / "out" / "records.jsonl"
    with NewsServer() as site:
        page = site.add_article("/world/russia-nato.html", dev["wcep-2022-02-11-501"])
        site.add_feed_item("/2024/09/lebanon.html", dev["wcep-2024-09-24-8832"], guid=None)

        refused = run_cli(tmp_path, page, "--out", str(out))
        assert refused.returncode == 1, refused.stderr
        lines = [line for line in refused.stderr.splitlines() if line.startswith("sitrep: ")]
        assert lines == [(f"sitrep: {page}: refused: 127.0.0.1 is a private or loopback address (127.0.0.1); "
                          f"pass --allow-private to fetch from it")]
        [failure] = read_lines(out.with_name("records.failures.jsonl"))
        assert failure["source"] == page and "--allow-private" in failure["error"]
        assert site.log == []

        summary = tmp_path / "summary.json"
        done = run_cli(tmp_path, page, "--feed", site.url("/feed.xml"), "--allow-private", "--out", str(out),
                       "--keep-pages", str(tmp_path / "pages"), "--summary", str(summary))
        assert done.returncode == 0, done.stderr
        result = json.loads(summary.read_text())
        assert (result["articles"], result["failed"], result["pages_fetched"]) == (2, 0, 2)
        assert result["feeds"]["new"] == 1 and result["model_calls"] > 0
        assert "fetched" in done.stderr and "page requests 2" in done.stderr
        assert len(list((tmp_path / "pages").glob("*.txt"))) == 2
        assert not read_lines(out.with_name("records.failures.jsonl"))  # the refused page is now extracted
        kept = {a.id: a for a in read_inputs([str(tmp_path / "pages")]).articles}
        records = read_lines(out)
        assert {r["article"]["id"] for r in records} <= set(kept)
        for record in records:  # the kept text is the text the records were extracted from
            article, ev = kept[record["article"]["id"]], record["evidence"]
            assert article.content_sha256 == record["article"]["content_sha256"]
            assert article.text[ev["start"]:ev["end"]] == ev["quote"]
        review = run_report(tmp_path, str(out), "--articles", str(tmp_path / "pages"), "--out",
                            str(tmp_path / "review.html"))
        assert (review.returncode == 0 and "differs" not in review.stderr
                and "not highlighted" not in review.stderr)

    nothing = run_cli(tmp_path)
    assert nothing.returncode == 2 and "nothing to extract" in nothing.stderr
    (tmp_path / "a-file").write_text("x")
    bad_keep = run_cli(tmp_path, "--feed", str(tmp_path / "missing.xml"), "--keep-pages",
                       str(tmp_path / "a-file" / "pages"))
    assert bad_keep.returncode == 2 and "--keep-pages" in bad_keep.stderr
    assert "Traceback" not in bad_keep.stderr

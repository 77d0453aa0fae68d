"""The review page in a real browser: Debian's Chromium driven by Playwright (no browser download). Without
Chromium these tests fail and say why; `make test` installs it when run as root."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from fakellm import FAKE
from typer.testing import CliRunner

from sitrep.commands.cli import app
from sitrep.io.recordfile import read_records

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the browser fixture fails each test and says so
    expect = sync_playwright = None

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "tests" / "data" / "examples" / "records.jsonl"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"cannot run the browser test: no Chromium at {CHROMIUM}. Install Debian's package "
                    "(`apt-get install -y chromium`; `make test` does it when run as root) or point "
                    "CHROMIUM_PATH at a Chromium binary.", pytrace=False)
    if sync_playwright is None:
        pytest.fail("cannot run the browser test: Playwright is not installed (pip install -e '.[dev]')",
                    pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _report(tmp_path: Path, records: Path, articles: list[str], *extra: str) -> Path:
    out = tmp_path / "report.html"
    given = [arg for a in articles for arg in ("--articles", a)]
    result = CliRunner().invoke(app, ["report", str(records), *given, "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: errors.append(f"request {r.url}") if not r.url.startswith(("file:", "data:"))
            else None)
    page.goto(path.as_uri())
    page.wait_for_selector("#records tbody tr")
    return page, errors


def _in_view(page, selector: str) -> bool:
    return page.evaluate("""(sel) => {
        const m = document.querySelector(sel), pane = document.getElementById('articles-pane');
        if (!m) return false;
        const r = m.getBoundingClientRect(), p = pane.getBoundingClientRect();
        return r.height > 0 && r.top >= p.top && r.bottom <= p.bottom;
    }""", selector)


def test_row_click_highlights_and_scrolls_to_the_mod_troops_and_a_filter_hides_other_rows(browser, tmp_path):
    failures = tmp_path / "records.failures.jsonl"
    failures.write_text(json.dumps({"id": "gone-article", "source": "inbox/gone.txt", "error": "empty file",
                                    "attempts": 1}) + "\n", encoding="utf-8")
    out = _report(tmp_path, RECORDS, [str(ROOT / "examples")], "--failures", str(failures))
    page, errors = _open(browser, out)
    troops = next(r for r in read_records(RECORDS)
                  if r.record_type == "troop_deployment" and r.article.id == "mod-2025-01-23")
    mark = f'mark[data-r~="{troops.record_id}"]'

    assert page.locator("#records tbody tr").count() == 9
    page.evaluate("document.getElementById('articles-pane').scrollTop = 1e9")  # the MoD text out of view
    assert not _in_view(page, mark)
    page.locator(f'#records tbody tr[data-id="{troops.record_id}"]').click()
    page.wait_for_timeout(150)  # smooth layout after the scroll

    marks = page.locator(mark)
    assert marks.count() >= 1
    assert "".join(marks.all_text_contents()) == troops.evidence.quote
    classes = [set(c.split()) for c in marks.evaluate_all("ms => ms.map(m => m.className)")]
    assert all({"sel", "flash", "t-troop_deployment"} <= c for c in classes)
    assert page.locator("mark.sel").count() == marks.count()  # nothing else is selected
    assert _in_view(page, mark), "the highlight was not scrolled into view"
    assert page.locator(mark).first.evaluate("m => m.closest('article').querySelector('h2').textContent") == \
        troops.article.title
    card = page.locator("#card")
    assert card.is_visible()
    card_text = card.inner_text()
    for text in ("North Korea", "deployed", "11,000 (approximately)", "“Approximately 11,000”",
                 "Kursk region", "derived", "(the article itself)"):
        assert text in card_text, text
    assert page.locator("#failures").inner_text().count("empty file") == 1
    shot = tmp_path / "report-mod-troops.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("SCREENSHOT_DIR"):
        shutil.copy(shot, Path(os.environ["SCREENSHOT_DIR"]) / shot.name)

    page.keyboard.press("ArrowDown")  # the next row, from the keyboard
    following = page.locator("#records tbody tr.current").get_attribute("data-id")
    assert following != troops.record_id and page.locator(f'mark.sel[data-r~="{following}"]').count() >= 1

    page.select_option("#f-type", "agreement")
    rows = page.locator("#records tbody tr")
    assert rows.count() == 3
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.type)")) == {"agreement"}
    assert page.locator("#shown").inner_text() == "3 of 9 records"
    page.click("#f-clear")
    page.fill("#q", "belgorod wounded")
    expect(page.locator("#records tbody tr")).to_have_count(1)  # the search waits for typing to pause
    page.fill("#q", "")
    page.select_option("#f-claimant", "Russian Defense Ministry")
    assert page.locator("#records tbody tr").count() == 2
    assert errors == []


def test_clicking_a_highlight_shows_every_record_it_belongs_to(browser, tmp_path):
    out = _report(tmp_path, RECORDS, [str(ROOT / "examples")])
    page, errors = _open(browser, out)
    records = read_records(RECORDS)
    killed = next(r for r in records if r.record_type == "casualty_figure" and r.count.derived)
    page.locator(f'#records tbody tr[data-id="{killed.record_id}"]').click()
    page.locator("#card .close").click()
    assert not page.locator("#card").is_visible()
    page.locator(f'mark[data-r~="{killed.record_id}"]').first.click()
    ids = page.locator("#card .rec").evaluate_all("rs => rs.map(r => r.dataset.id)")
    inside = [r.record_id for r in records if r.article.id == killed.article.id
              and r.evidence.start <= killed.evidence.start and killed.evidence.end <= r.evidence.end]
    assert ids[0] == killed.record_id and sorted(ids) == sorted(inside)
    assert "derived" in page.locator("#card").inner_text() and errors == []


def _corpus(tmp_path: Path, articles: int, per_article: int) -> tuple[Path, Path, list]:
    """Articles of plain sentences, each stating one figure, and a record per sentence grounded by code."""
    from sitrep.building.grounding import locate
    from sitrep.building.records import article_ref, record_id
    from sitrep.io.sources import read_inputs
    from sitrep.schemas import RecordAdapter

    rows = []
    for i in range(articles):
        sentences = [f"Officials said {100 + i * per_article + k:,} soldiers were killed near town {k} of "
                     f"region {i}." for k in range(per_article)]
        text = f"Report {i}. " + " Filler text about the weather and the roads. ".join(sentences)
        rows.append({"id": f"a{i:04d}", "title": f"Article {i}", "text": text, "published": "2025-01-01"})
    inputs = tmp_path / "articles.jsonl"
    inputs.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    lines = []
    for article in read_inputs([str(inputs)]).articles:
        for k in range(per_article):
            value = 100 + int(article.id[1:]) * per_article + k
            span = locate(article.text, f"{value:,} soldiers were killed near town {k} ")
            record = RecordAdapter.validate_python({
                "record_type": "casualty_figure",
                "record_id": record_id(article, "casualty_figure", {"k": k}, span),
                "article": article_ref(article).model_dump(), "attributed_to": "Officials",
                "evidence": {"quote": span.quote, "start": span.start, "end": span.end},
                "extraction": {"model": "synthetic", "prompt_version": "-",
                               "extracted_at": "2025-01-01T00:00:00Z"},
                "group": "soldiers", "country": None, "measure": "killed",
                "count": {"value": value, "qualifier": "exact", "text": f"{value:,}"}})
            lines.append(record)
    records = tmp_path / "records.jsonl"
    from sitrep.schemas.records import record_to_json
    records.write_text("".join(record_to_json(r) + "\n" for r in lines), encoding="utf-8")
    return records, inputs, lines


def test_a_thousand_articles_and_five_thousand_records_stay_fast(browser, tmp_path):
    records, inputs, made = _corpus(tmp_path, 1000, 5)
    cache = tmp_path / "cache"
    (cache / "answers").mkdir(parents=True)  # a cache to look in, holding none of these articles' answers
    started = time.perf_counter()
    out = _report(tmp_path, records, [str(inputs)], "--cache-dir", str(cache))
    generate = time.perf_counter() - started
    started = time.perf_counter()
    page, errors = _open(browser, out)
    load = time.perf_counter() - started
    assert page.locator("#records tbody tr").count() == 100  # one page of the table at a time
    assert page.locator("#shown").inner_text() == "5000 records"
    rendered = page.evaluate("document.querySelectorAll('#articles-pane .text:not(.pending)').length")
    assert rendered < 100, "articles far from view should not be rendered yet"
    last = made[-1]
    page.select_option("#f-article", last.article.id)
    started = time.perf_counter()
    page.locator(f'#records tbody tr[data-id="{last.record_id}"]').click()
    page.wait_for_timeout(100)
    click = time.perf_counter() - started
    assert _in_view(page, f'mark[data-r~="{last.record_id}"]')
    size = out.stat().st_size
    print(f"\nreport of 1,000 articles / 5,000 records: {size / 1e6:.2f} MB, generated in {generate:.2f} s, "
          f"loaded in Chromium in {load:.2f} s, row click to highlight in {click:.2f} s")
    assert load < 10 and errors == []


def test_article_text_cannot_break_out_of_the_page(browser, tmp_path):
    from sitrep.schemas import Article

    hostile = Article(id="x",
                      text='Text </script><script>window.hacked=1</script> <img src=x '
                           'onerror="window.hacked=2">')
    inputs = tmp_path / "hostile.jsonl"
    inputs.write_text(json.dumps({"id": hostile.id, "text": hostile.text}) + "\n", encoding="utf-8")
    records = tmp_path / "empty.jsonl"
    records.write_text("", encoding="utf-8")
    page, errors = _open_any(browser, _report(tmp_path, records, [str(inputs)]))
    assert page.evaluate("window.hacked") is None
    assert "</script><script>window.hacked=1</script>" in page.locator("#article-0 .text").inner_text()
    assert errors == []


def _open_any(browser, path: Path):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("#article-0")
    page.locator("#article-0").scroll_into_view_if_needed()
    expect(page.locator("#article-0 .text")).not_to_have_class("text pending")
    return page, errors


def test_a_dropped_candidate_is_greyed_in_its_text_and_clicking_it_shows_why(browser, tmp_path, settings):
    from tests.test_report import DROPPED_QUOTE, filled_cache

    records, inputs, _ = filled_cache(tmp_path, settings)
    out = _report(tmp_path, records, [str(inputs)], "--backend", FAKE, "--cache-dir", str(settings.cache_dir))
    page, errors = _open(browser, out)
    page.locator("#article-0").scroll_into_view_if_needed()
    greyed = page.locator("#article-0 mark.hl.dropped")
    expect(greyed).to_have_count(1)
    assert greyed.inner_text() == DROPPED_QUOTE
    record = page.locator("#article-0 mark.hl.t-casualty_figure")
    assert record.inner_text() == "killing 14 civilians"
    look = "m => [getComputedStyle(m).backgroundColor, getComputedStyle(m).borderBottomStyle]"
    (background, edge), (record_background, _) = greyed.evaluate(look), record.evaluate(look)
    assert edge == "dashed" and background != record_background  # a muted style of its own

    greyed.click()
    card = page.locator("#card")
    assert card.is_visible()
    text = card.inner_text()
    assert "casualties · dropped" in text and "dropped: a count of 1" in text and DROPPED_QUOTE in text
    assert (page.locator("mark.sel").count() == 1
            and "dropped" in page.locator("mark.sel").get_attribute("class"))
    shot = tmp_path / "report-dropped.png"
    page.screenshot(path=str(shot))
    if os.environ.get("SCREENSHOT_DIR"):
        shutil.copy(shot, Path(os.environ["SCREENSHOT_DIR"]) / shot.name)

    rows = page.locator("#records tbody tr")
    assert rows.count() == 2
    row = page.locator('#records tbody tr[data-status="dropped"]')
    assert "dropped" in row.get_attribute("class") and "dropped" in row.locator("td.type").inner_text()
    assert page.locator("#shown").inner_text() == "1 records, 1 of 1 dropped"
    page.fill("#q", "river town")  # the search applies to dropped candidates too
    expect(rows).to_have_count(1)
    assert rows.first.get_attribute("data-status") == "dropped"
    page.fill("#q", "")
    expect(rows).to_have_count(2)
    page.select_option("#f-type", "casualty_figure")  # and so do the type and article filters
    page.select_option("#f-article", "ex1")
    expect(rows).to_have_count(2)
    assert page.locator("#f-type option:checked").inner_text() == "casualties (2)"
    page.click("#f-clear")
    page.uncheck("#f-dropped")  # the toggle hides them in the table and the text
    expect(rows).to_have_count(1)
    assert rows.first.get_attribute("data-status") is None
    assert greyed.evaluate("m => getComputedStyle(m).pointerEvents") == "none"
    assert errors == []


def test_a_merged_candidate_leads_to_the_record_it_was_merged_into(browser, tmp_path, settings):
    from tests.test_report import MERGED_QUOTE, merged_cache

    records, inputs, (record,) = merged_cache(tmp_path, settings)
    out = _report(tmp_path, records, [str(inputs)], "--backend", FAKE, "--cache-dir", str(settings.cache_dir))
    page, errors = _open(browser, out)
    page.locator("#article-0").scroll_into_view_if_needed()
    greyed = page.locator("#article-0 mark.hl.dropped")
    expect(greyed).to_have_count(1)
    assert greyed.inner_text() == MERGED_QUOTE
    greyed.click()
    assert f"merged into {record.record_id}" in page.locator("#card .fate").inner_text()
    page.locator("#card .goto").click()
    assert page.locator("#records tbody tr.current").get_attribute("data-id") == record.record_id
    assert page.locator("mark.sel").all_text_contents() == [record.evidence.quote]
    assert errors == []


def test_a_script_url_in_an_input_is_no_link_and_the_page_forbids_script_urls(browser, tmp_path):
    rows = [{"id": "js", "title": "Click me", "url": "javascript:window.hacked=1", "text": "Text one."},
            {"id": "web", "title": "A page", "url": "https://example.org/a", "text": "Text two."}]
    inputs = tmp_path / "links.jsonl"
    inputs.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    records = tmp_path / "empty.jsonl"
    records.write_text("", encoding="utf-8")
    out = _report(tmp_path, records, [str(inputs)])
    html = out.read_text(encoding="utf-8")
    policy = html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "'sha256-" in script_src and "unsafe-inline" not in script_src and "javascript:" not in html
    page, errors = _open_any(browser, out)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    assert page.locator("#article-0 h2 a").count() == 0  # the script URL is shown as no link
    page.locator("#article-0 h2").click()
    assert page.locator("#article-1 h2 a").get_attribute("href") == "https://example.org/a"
    # even a link made by other means to a script URL runs nothing: the policy forbids it
    page.evaluate("""() => { const a = document.createElement('a'); a.id = 'planted';
        a.href = 'javascript:window.hacked=1'; a.textContent = 'planted'; document.body.prepend(a); }""")
    page.locator("#planted").click()
    page.wait_for_timeout(200)
    assert page.evaluate("window.hacked") is None
    # the page's own script ran (it drew the articles): allowed by its hash
    assert violations and errors == []

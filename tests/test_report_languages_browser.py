"""The review page in a real browser (Debian's Chromium driven by Playwright) with an Arabic and a Ukrainian
article: the Arabic one is laid out right to left, each is marked with its language, and every highlight holds
exactly the record's quote in its own script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_report_browser import _open, _report, browser

from sitrep.config import Settings
from sitrep.run import plan_run

__all__ = ["browser"]  # the module-scoped Chromium fixture

pytestmark = pytest.mark.browser
ARTICLES = Path(__file__).parent / "data" / "languages"
# (article, the record's quote, its figure, what the figure counts, the claimant in the article's words)
QUOTED = [("ar", "قتل 14 شخصا", 14, "killed", "وزارة الصحة السودانية"),
          ("ar", "وأصيب 30 آخرون", 30, "wounded", "وزارة الصحة السودانية"),
          ("uk", "загинули четверо людей", 4, "killed", "голова обласної військової адміністрації")]


def _records(tmp_path: Path) -> tuple[Path, list[str]]:
    """Records of the two articles, written as a run writes them, and the articles' paths."""
    paths = [str(ARTICLES / f"{code}.md") for code in ("ar", "uk")]
    articles = {a.id.removeprefix("lang-"): a for a in plan_run(paths, Settings(backend="replay")).todo}
    lines = []
    for n, (code, quote, value, measure, claimant) in enumerate(QUOTED):
        a = articles[code]
        start = a.text.index(quote)
        lines.append({
            "schema_version": "1", "record_id": f"rec-{n}",
            "article": {"id": a.id, "url": None, "title": a.title, "published": a.published.isoformat(),
                        "publisher": None, "content_sha256": a.content_sha256, "language": code},
            "attributed_to": claimant,
            "evidence": {"quote": quote, "start": start, "end": start + len(quote)},
            "extraction": {"model": "hand-made", "prompt_version": "none",
                           "extracted_at": "2031-03-12T00:00:00+00:00"},
            "record_type": "casualty_figure", "group": quote.split()[-1], "country": None, "measure": measure,
            "count": {"value": value, "low": None, "high": None, "qualifier": "exact", "derived": False,
                      "text": str(value)},
            "location": None, "period": None})
    out = tmp_path / "records.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    return out, paths


def test_arabic_reads_right_to_left_and_each_script_is_highlighted_exactly(browser, tmp_path):
    records, paths = _records(tmp_path)
    page, errors = _open(browser, _report(tmp_path, records, paths))
    docs = page.locator("article.doc")
    assert docs.count() == 2
    by_lang = {docs.nth(i).get_attribute("lang"): docs.nth(i) for i in range(2)}
    assert set(by_lang) == {"ar", "uk"}
    arabic, ukrainian = by_lang["ar"], by_lang["uk"]
    # the browser lays the Arabic text out right to left, the Ukrainian left to right
    assert arabic.evaluate("d => getComputedStyle(d.querySelector('.text')).direction") == "rtl"
    assert ukrainian.evaluate("d => getComputedStyle(d.querySelector('.text')).direction") == "ltr"
    arabic.scroll_into_view_if_needed()
    ukrainian.scroll_into_view_if_needed()
    page.wait_for_selector("article.doc[lang=ar] mark.hl")
    page.wait_for_selector("article.doc[lang=uk] mark.hl")
    assert arabic.locator("mark.hl").all_inner_texts() == [q for c, q, *_ in QUOTED if c == "ar"]
    assert ukrainian.locator("mark.hl").all_inner_texts() == [q for c, q, *_ in QUOTED if c == "uk"]
    # the Arabic mark starts at the right edge of its line: laid out right to left, not mirrored text
    first = arabic.locator("mark.hl").first.bounding_box()
    text = arabic.locator(".text").bounding_box()
    assert text["x"] + text["width"] - (first["x"] + first["width"]) < 0.2 * text["width"]
    # the claimant is shown in the article's words, in the table and on the card
    row = page.locator("#records tbody tr[data-id='rec-0']")
    assert "وزارة الصحة السودانية" in row.inner_text()
    assert row.locator("td").nth(5).get_attribute("dir") == "auto"
    row.click()
    assert page.locator("#card blockquote").first.inner_text() == "قتل 14 شخصا"
    assert not errors

"""The review page's events view in a real browser (Debian's Chromium driven by Playwright): each event with
its claims side by side, the disputed one marked, and a click on a claim shows its sentence in its article."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hand_events import BELGOROD_KILLED, MOD_KILLED, RECORDS, hand_events, write_events
from test_report_browser import ROOT, _in_view, _open, _report, browser

from sitrep.io.recordfile import read_records

__all__ = ["browser"]  # the module-scoped Chromium fixture

pytestmark = pytest.mark.browser
EXAMPLES = str(ROOT / "examples")


def test_a_click_on_a_claim_shows_its_sentence_and_the_disputed_event_is_marked(browser, tmp_path):
    events = write_events(hand_events(), tmp_path / "events.jsonl")
    page, errors = _open(browser, _report(tmp_path, RECORDS, [EXAMPLES], "--events", str(events)))
    records = {r.record_id: r for r in read_records(RECORDS)}
    assert "6 events (1 disputed)" in page.locator("#summary").inner_text()
    assert not page.locator("#events-view").is_visible()  # the records view first, as before
    page.click("#v-events")
    assert page.locator("#events-view").is_visible() and not page.locator("#records-view").is_visible()
    assert page.locator("#events article.event").count() == 6
    disputed = page.locator("#events article.event.disputed")
    assert disputed.count() == 1 and disputed.get_attribute("data-id") == "ev-belgorod"
    assert disputed.locator("h3 .badge.disputed").inner_text() == "disputed"
    killed = disputed.locator("tbody.measure.disputed")
    assert killed.locator("tr.measure-row th").inner_text() == "killed"
    assert "best 25 (25–1,000) · 2 sources, 2 claimants" in killed.locator("tr.measure-row").inner_text()
    # the two claimants' figures side by side, each with its claimant and source
    claims = killed.locator("tr.claim")
    assert claims.evaluate_all("rs => rs.map(r => r.dataset.r)") == [BELGOROD_KILLED, MOD_KILLED]
    assert [claims.nth(i).locator("td").nth(2).inner_text() for i in range(2)] == [
        "Russian Defense Ministry", "UK Ministry of Defence"]

    for record_id in (MOD_KILLED, BELGOROD_KILLED):  # the second one after the first has scrolled away
        record = records[record_id]
        mark = f'mark[data-r~="{record_id}"]'
        page.evaluate("document.getElementById('articles-pane').scrollTop = 0")
        page.evaluate("document.getElementById('articles-pane').scrollTop = 1e9")
        claim = page.locator(f'#events tr.claim[data-r="{record_id}"]')
        claim.click()
        page.wait_for_timeout(150)
        marks = page.locator(mark)
        assert "".join(marks.all_text_contents()) == record.evidence.quote
        assert all({"sel", "flash"} <= set(c.split())
                   for c in marks.evaluate_all("ms => ms.map(m => m.className)"))
        assert page.locator("mark.sel").count() == marks.count()
        assert _in_view(page, mark), "the claim's sentence was not scrolled into view"
        heading = page.locator(mark).first.evaluate(
            "m => m.closest('article').querySelector('h2').textContent")
        assert heading == record.article.title
        assert "current" in claim.get_attribute("class")
        card = page.locator("#card")
        assert card.is_visible() and record.evidence.quote in card.inner_text()
    shot = tmp_path / "report-events.png"
    page.screenshot(path=str(shot))
    if os.environ.get("SCREENSHOT_DIR"):
        shutil.copy(shot, Path(os.environ["SCREENSHOT_DIR"]) / shot.name)

    # filters: disputed only, and a kind
    page.check("#e-disputed")
    assert page.locator("#events article.event").count() == 1 and page.locator("#e-shown").inner_text() == \
        "1 of 6 events"
    page.uncheck("#e-disputed")
    page.select_option("#e-kind", "deployment")
    assert page.locator("#events article.event").evaluate_all("es => es.map(e => e.dataset.id)") == [
        "ev-kursk", "ev-poland"]

    # from a record's card back to its event, through the filters
    page.click("#v-records")
    page.locator(f'#records tbody tr[data-id="{BELGOROD_KILLED}"]').click()
    page.locator("#card button.goto", has_text="show its event").click()
    assert page.locator("#events-view").is_visible()
    assert page.locator("#events article.event.flash").get_attribute("data-id") == "ev-belgorod"
    assert errors == []


def test_event_text_is_shown_as_text_never_as_markup(browser, tmp_path):
    hostile = '<img src=x id=injected onerror="document.title=1">Belgorod</script><b>'
    events = write_events(hand_events(place=hostile), tmp_path / "events.jsonl")
    out = _report(tmp_path, RECORDS, [EXAMPLES], "--events", str(events))
    html = out.read_text(encoding="utf-8")
    assert "<img src=x" not in html  # inside the page's data '<' is escaped
    page, errors = _open(browser, out)
    page.click("#v-events")
    assert hostile in page.locator('#events article[data-id="ev-belgorod"] h3').inner_text()
    assert page.locator("#injected").count() == 0 and page.locator("#events b").count() == 0
    assert errors == []


def test_a_page_without_events_has_no_events_view(browser, tmp_path):
    page, errors = _open(browser, _report(tmp_path, RECORDS, [EXAMPLES]))
    assert not page.locator("#views").is_visible() and page.locator("#records tbody tr").count() == 9
    assert "events" not in page.locator("#summary").inner_text() and errors == []


def test_the_events_beside_the_records_are_shown_and_every_claim_leads_to_its_sentence(browser, tmp_path):
    from sitrep.events import events_path_for, read_events, update_events

    records = tmp_path / "records.jsonl"
    shutil.copy(RECORDS, records)
    update_events([records], events_path_for(records))  # as `sitrep extract --events` keeps them
    events = read_events(events_path_for(records))
    page, errors = _open(browser, _report(tmp_path, records, [EXAMPLES]))
    page.click("#v-events")
    cards = page.locator("#events article.event")
    assert cards.evaluate_all("es => es.map(e => e.dataset.id)") == [e.event_id for e in events]
    by_id = {r.record_id: r for r in read_records(RECORDS)}
    claimed = [c.record_id for e in events for m in e.measures.values() for c in m.claims]
    assert claimed and page.locator("#events tr.claim.no-record").count() == 0
    for record_id in claimed:
        page.locator(f'#events tr.claim[data-r="{record_id}"]').first.click()
        mark = f'mark.sel[data-r~="{record_id}"]'
        assert "".join(page.locator(mark).all_text_contents()) == by_id[record_id].evidence.quote
        assert _in_view(page, mark)
    assert errors == []


def test_an_event_without_figures_lists_its_records_and_each_shows_its_sentence(browser, tmp_path):
    events = write_events(hand_events(), tmp_path / "events.jsonl")
    page, errors = _open(browser, _report(tmp_path, RECORDS, [EXAMPLES], "--events", str(events)))
    page.click("#v-events")
    agreement = next(e for e in hand_events() if e.kind == "agreement")
    row = page.locator(f'#events article[data-id="{agreement.event_id}"] table.reports tr.claim')
    assert row.count() == 1
    row.click()
    quote = next(r for r in read_records(RECORDS) if r.record_id == agreement.record_ids[0]).evidence.quote
    mark = f'mark.sel[data-r~="{agreement.record_ids[0]}"]'
    assert "".join(page.locator(mark).all_text_contents()) == quote and _in_view(page, mark)
    assert errors == []

"""eval/linking: the scorer on tiny invented groupings with hand-computed B-cubed and pair figures, the
end-to-end mapping of extracted records to gold facts, and the converter giving schema-valid records whose
quotes sit at their offsets."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "eval" / "linking"))
import score  # noqa: E402
import to_records  # noqa: E402

SCHEMA = json.loads((ROOT / "schemas" / "record.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
ARTICLE_OF = {"a1": "A", "a2": "A", "b1": "B", "c1": "C"}


def test_bcubed_and_pairs_on_a_hand_computed_grouping():
    gold = {"a1": "X", "b1": "X", "c1": "X", "a2": "Y"}
    predicted = {"a1": "P", "b1": "P", "c1": "Q", "a2": "Q"}
    # per item (precision, recall): a1 (1, 2/3), b1 (1, 2/3), c1 (1/2, 1/3), a2 (1/2, 1)
    p, r, f = score.bcubed(predicted, gold)
    assert p == pytest.approx(0.75)
    assert r == pytest.approx(2 / 3)
    assert f == pytest.approx(12 / 17)
    # gold cross-article pairs: a1-b1, a1-c1, b1-c1; predicted: a1-b1, a2-c1; one right
    pairs = score.pair_scores(predicted, gold, ARTICLE_OF)
    assert (pairs["gold_pairs"], pairs["predicted_pairs"], pairs["correct_pairs"]) == (3, 2, 1)
    assert pairs["precision"] == pytest.approx(0.5)
    assert pairs["recall"] == pytest.approx(1 / 3)
    assert pairs["f1"] == pytest.approx(0.4)
    whole = score.whole_events(predicted, gold, ARTICLE_OF)
    assert (whole["found"], whole["exact"], whole["total"], whole["split"]) == (0, 0, 1, ["X"])


def test_pairs_within_one_article_do_not_count_and_a_perfect_grouping_scores_one():
    gold = {"a1": "X", "a2": "X", "b1": "Z", "c1": "Z"}
    pairs = score.pair_scores(gold, gold, ARTICLE_OF)
    assert (pairs["gold_pairs"], pairs["correct_pairs"]) == (1, 1)  # b1-c1 only: a1-a2 share an article
    result = score.score(gold, gold, ARTICLE_OF)
    assert result["bcubed"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert result["pairs"]["f1"] == 1.0
    assert (result["whole"]["found"], result["whole"]["exact"], result["whole"]["total"]) == (1, 1, 1)


def test_an_event_found_whole_with_an_extra_fact_is_not_exact_and_unplaced_items_are_alone():
    gold = {"a1": "X", "b1": "X", "c1": "Y", "a2": "W"}
    predicted = {"a1": "P", "b1": "P", "c1": "P"}  # a2 is in no event: scored alone
    result = score.score(predicted, gold, ARTICLE_OF)
    assert (result["whole"]["found"], result["whole"]["exact"]) == (1, 0)
    # a1, b1: P 2/3 R 1; c1: P 1/3 R 1; a2 alone: P 1 R 1
    assert result["bcubed"]["precision"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert result["bcubed"]["recall"] == pytest.approx(1.0)
    assert result["predicted_events"] == 2


def test_all_singletons_get_full_bcubed_precision_and_no_pairs():
    gold = {"a1": "X", "b1": "X", "c1": "Y"}
    predicted = {i: i for i in gold}
    p, r, _ = score.bcubed(predicted, gold)
    assert p == 1.0 and r == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)
    pairs = score.pair_scores(predicted, gold, ARTICLE_OF)
    assert pairs["predicted_pairs"] == 0 and pairs["f1"] == 0.0


ITEM_A = {
    "id": "inv-a", "date": "2031-05-02", "title": "Invented report", "source": "Invented Wire, https://example.org/a",
    "licence": "invented", "notes": "",
    "text": ("Shelling of Eastville killed 14 people and wounded 30, the governor said. "
             "Ruritania sent 1,200 troops to the border. Ruritania and Freedonia signed a defence pact."),
    "facts": [
        {"type": "casualty", "optional": False, "group": "people in Eastville", "country": "Ruritania",
         "measure": "killed", "value": 14, "low": None, "high": None, "qualifier": "exact", "derived": False,
         "attributed_to": ["the governor", "governor"], "quote": "killed 14 people", "location": "Eastville",
         "period": "2031-05-01", "event": "eastville"},
        {"type": "casualty", "optional": True, "group": "people in Eastville", "country": "Ruritania",
         "measure": "wounded", "value": 30, "low": None, "high": None, "qualifier": "exact", "derived": False,
         "attributed_to": None, "quote": "wounded 30", "event": "eastville"},
        {"type": "troops", "optional": False, "force": "Ruritania", "value": 1200, "low": None, "high": None,
         "qualifier": "exact", "derived": False, "location": "the border", "status": "deployed",
         "attributed_to": None, "quote": "Ruritania sent 1,200 troops to the border", "event": "border"},
        {"type": "agreement", "optional": False, "parties": ["Ruritania", "Freedonia"],
         "title": "defence pact", "signed": None, "duration_years": None, "mutual_defence": None,
         "status": "implemented", "attributed_to": None,
         "quote": "Ruritania and Freedonia signed a defence pact", "event": "pact"},
    ]}
ITEM_B = {
    "id": "inv-b", "date": "2031-05-03", "title": None, "source": "Invented Portal", "licence": "invented",
    "notes": "", "text": "The toll from the Eastville shelling rose to sixteen.",
    "facts": [{"type": "casualty", "optional": False, "group": "people in Eastville", "country": "Ruritania",
               "measure": "killed", "value": 16, "low": None, "high": None, "qualifier": "exact",
               "derived": False, "attributed_to": None, "quote": "rose to sixteen", "event": "eastville"}]}


def test_converter_gives_schema_valid_records_with_quotes_at_their_offsets():
    records = to_records.gold_records([ITEM_A, ITEM_B])
    assert [r["record_id"] for r in records] == ["inv-a#0", "inv-a#1", "inv-a#2", "inv-a#3", "inv-b#0"]
    for rec, item in zip(records, [ITEM_A] * 4 + [ITEM_B], strict=True):
        VALIDATOR.validate(rec)
        ev = rec["evidence"]
        assert item["text"][ev["start"]:ev["end"]] == ev["quote"]
    first, _, troops, pact, later = records
    assert first["attributed_to"] == "the governor"
    assert (first["location"], first["period"]) == ("Eastville", "2031-05-01")
    assert first["count"] == {"value": 14, "low": None, "high": None, "qualifier": "exact", "derived": False,
                              "text": "14"}
    assert troops["count"]["text"] == "1,200" and troops["status"] == "deployed"
    assert pact["status"] == "other"  # a gold status outside the contract
    assert later["count"]["text"] == "sixteen"
    assert first["article"] == {"id": "inv-a", "url": "https://example.org/a", "title": "Invented report",
                                "published": "2031-05-02", "publisher": "Invented Wire",
                                "content_sha256": first["article"]["content_sha256"]}
    assert later["article"]["publisher"] == "Invented Portal" and later["article"]["url"] is None


def test_required_only_leaves_out_optional_facts_and_keeps_the_ids():
    ids = [r["record_id"] for r in to_records.gold_records([ITEM_A], keep_optional=False)]
    assert ids == ["inv-a#0", "inv-a#2", "inv-a#3"]
    assert set(to_records.gold_labels([ITEM_A], keep_optional=False)) == set(ids)


@pytest.mark.parametrize("name", ["tune-gold.jsonl", "apart-gold.jsonl"])
def test_the_linking_sets_convert_to_valid_records(name):
    items = to_records.load_gold(ROOT / "eval" / "linking" / name)
    records = to_records.gold_records(items)
    assert len(records) == sum(len(i["facts"]) for i in items)
    assert len({r["record_id"] for r in records}) == len(records)
    texts = {i["id"]: i["text"] for i in items}
    for rec in records:
        VALIDATOR.validate(rec)
        ev = rec["evidence"]
        assert texts[rec["article"]["id"]][ev["start"]:ev["end"]] == ev["quote"]


def test_baseline_groups_by_type_measure_and_country():
    records = to_records.gold_records([ITEM_A, ITEM_B])
    base = score.baseline_clusters(records)
    assert base["inv-a#0"] == base["inv-b#0"] != base["inv-a#1"]
    assert len(set(base.values())) == 4


def test_events_file_lines_become_clusters_and_records_in_no_event_are_reported():
    events = [{"event_id": "e1", "record_ids": ["inv-a#0", "inv-b#0", "elsewhere#9"]},
              {"event_id": "e2", "record_ids": ["inv-a#2", "inv-a#0"]}]
    clusters, notes = score.clusters_from_events(events, ["inv-a#0", "inv-a#2", "inv-a#3", "inv-b#0"])
    assert clusters == {"inv-a#0": "e1", "inv-b#0": "e1", "inv-a#2": "e2"}
    assert any("more than one event" in n for n in notes)
    assert any("1 of the scored facts are in no event" in n for n in notes)


def _extracted(rid, article, rtype, quote, text, **fields):
    start = text.find(quote)
    return {"record_id": rid, "record_type": rtype, "article": {"id": article},
            "evidence": {"quote": quote, "start": start, "end": start + len(quote)}} | fields


def test_end_to_end_maps_records_to_facts_and_counts_unmapped_ones_as_false_singletons():
    ta, tb = ITEM_A["text"], ITEM_B["text"]
    extracted = [
        _extracted("r1", "inv-a", "casualty_figure", "killed 14 people", ta, measure="killed",
                   count={"value": 14}),
        _extracted("r2", "inv-b", "casualty_figure", "rose to sixteen", tb, measure="killed",
                   count={"value": 16}),
        # another value, but its quote overlaps the troops fact's
        _extracted("r3", "inv-a", "troop_deployment", "1,200 troops", ta, count={"value": 1000}),
        _extracted("r4", "inv-a", "casualty_figure", "the governor said", ta, measure="killed",
                   count={"value": 2}),
    ]
    mapped = score.map_extracted(extracted, [ITEM_A, ITEM_B])
    assert mapped == {"r1": "inv-a#0", "r2": "inv-b#0", "r3": "inv-a#2", "r4": None}
    events = [{"event_id": "E", "record_ids": ["r1", "r2", "r4"]}, {"event_id": "F", "record_ids": ["r3"]}]
    result = score.end_to_end([ITEM_A, ITEM_B], extracted, events)
    assert result["mapping"] == {"records": 4, "mapped": 3, "unmapped": 1, "gold_facts": 5}
    # items: a#0 b#0 (eastville, predicted with x:r4), a#1 (eastville, stated by no record: alone),
    # a#2 (border, alone in F), a#3 (pact, stated by no record), x:r4 (false singleton in the gold)
    # precision: a#0 2/3, b#0 2/3, x:r4 1/3, others 1 -> (2/3+2/3+1/3+3)/6
    # recall: a#0 2/3, b#0 2/3, a#1 1/3, others 1 -> the same
    assert result["bcubed"]["precision"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 3) / 6)
    assert result["bcubed"]["recall"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 3) / 6)
    # cross-article pairs: gold a#0-b#0, a#1-b#0; predicted a#0-b#0, b#0-x:r4; one right
    assert (result["pairs"]["gold_pairs"], result["pairs"]["predicted_pairs"],
            result["pairs"]["correct_pairs"]) == (2, 2, 1)
    assert result["whole"] == {"found": 0, "exact": 0, "total": 1, "split": ["eastville"]}


def test_the_command_scores_an_events_file_and_reports_the_baseline(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(i) + "\n" for i in (ITEM_A, ITEM_B)), encoding="utf-8")
    events = tmp_path / "events.jsonl"
    lines = [{"record_ids": ["inv-a#0", "inv-a#1", "inv-b#0"]}, {"record_ids": ["inv-a#2"]},
             {"record_ids": ["inv-a#3"]}]
    events.write_text("".join(json.dumps(e) + "\n" for e in lines), encoding="utf-8")
    assert score.main([str(gold), "--events", str(events), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["grouping"]["bcubed"]["f1"] == 1.0
    assert report["grouping"]["whole"] == {"found": 1, "exact": 1, "total": 1, "split": []}
    assert report["baseline"]["bcubed"]["recall"] == pytest.approx((2 / 3 + 1 / 3 + 2 / 3 + 1 + 1) / 5)
    assert score.main([str(gold), "--baseline"]) == 0
    assert "baseline" in capsys.readouterr().out


def test_events_built_by_the_events_package_cover_every_record():
    pytest.importorskip("sitrep.events")
    records = to_records.gold_records([ITEM_A, ITEM_B])
    ids = [r["record_id"] for r in records]
    clusters, notes = score.clusters_from_events(score.sitrep_events(records), ids)
    assert set(clusters) == {r["record_id"] for r in records} and not notes

"""Scoring on hand-made cases: matching, optional facts, loose names, attributes and the grounding audit."""

from __future__ import annotations

import json

from sitrep.commands.evaluation import (
    GoldArticle,
    grounding_problem,
    same_claimant,
    same_name,
    score,
    score_article,
)

TEXT = ("Shelling killed 25 people and injured 110 others in Belgorod, Russia, according to the regional "
        "governor. Several soldiers were also killed. Germany will send 1,500 soldiers to Lithuania. "
        "Russia and North Korea signed a 20-year treaty on June 19.")


def casualty(value, measure, quote, group="people", country=None, claimant=None, qualifier="exact",
             derived=False):
    start = TEXT.find(quote)
    assert start >= 0, quote
    return {"record_type": "casualty_figure", "article": {"id": "a1"}, "attributed_to": claimant,
            "evidence": {"quote": quote, "start": start, "end": start + len(quote)},
            "group": group, "country": country, "measure": measure,
            "count": {"value": value, "low": None, "high": None, "qualifier": qualifier, "derived": derived,
                      "text": quote}}


def troops(value, force, quote):
    start = TEXT.find(quote)
    return {"record_type": "troop_deployment", "article": {"id": "a1"}, "attributed_to": None,
            "evidence": {"quote": quote, "start": start, "end": start + len(quote)}, "force": force,
            "count": {"value": value, "low": None, "high": None, "qualifier": "exact", "derived": False,
                      "text": quote}}


def agreement(parties, quote, signed=None, duration=None, mutual=None):
    start = TEXT.find(quote)
    return {"record_type": "agreement", "article": {"id": "a1"}, "attributed_to": None,
            "evidence": {"quote": quote, "start": start, "end": start + len(quote)}, "parties": parties,
            "signed": signed, "duration_years": duration, "mutual_defence": mutual}


GOLD_FACTS = [
    {"type": "casualty", "group": "people in Belgorod", "country": "Russia", "measure": "killed", "value": 25,
     "qualifier": "exact", "attributed_to": ["regional governor", "governor"], "quote": "killed 25 people",
     "optional": False},
    {"type": "casualty", "group": "people in Belgorod", "country": "Russia", "measure": "wounded",
     "value": 110,
     "qualifier": "exact", "attributed_to": ["regional governor"], "quote": "injured 110 others",
     "optional": False},
    {"type": "casualty", "group": "soldiers", "country": None, "measure": "killed", "value": 3,
     "qualifier": "vague",
     "attributed_to": None, "quote": "Several soldiers were also killed", "optional": True},
    {"type": "troops", "force": "Germany", "value": 1500, "qualifier": "exact", "attributed_to": None,
     "quote": "Germany will send 1,500 soldiers to Lithuania", "optional": False},
    {"type": "agreement", "parties": ["Russia", "North Korea"], "signed": "2024-06", "duration_years": 20,
     "mutual_defence": None, "attributed_to": None, "quote": "Russia and North Korea signed a 20-year treaty",
     "optional": False},
]
GOLD = GoldArticle(id="a1", date="2024-07-01", text=TEXT, facts=GOLD_FACTS)


def tally(report, level="fact", kind="all"):
    t = report["scores"][level][kind]
    return t["tp"], t["fp"], t["fn"]


def test_perfect_prediction_scores_one():
    preds = [casualty(25, "killed", "killed 25 people", "people", "Russia", "the regional governor"),
             casualty(110, "wounded", "injured 110 others", "people", "Russia", "regional governor"),
             troops(1500, "Germany", "Germany will send 1,500 soldiers"),
             agreement(["Russia", "North Korea"], "Russia and North Korea signed a 20-year treaty",
                       "2024-06-19", 20.0)]
    report = score([GOLD], preds)
    assert tally(report) == (4, 0, 0)
    assert report["scores"]["fact"]["all"]["f1"] == 1.0
    assert report["attributes"]["attribution"] == {"correct": 2, "of": 2}
    assert report["attributes"]["signed"] == {"correct": 1, "of": 1}
    assert report["grounding"] == {"failed": 0, "of": 4}


def test_wrong_measure_misses_at_fact_level_but_matches_at_number_level():
    preds = [casualty(25, "wounded", "killed 25 people")]
    report = score([GOLD], preds)
    assert report["scores"]["fact"]["casualty"]["tp"] == 0
    assert report["scores"]["fact"]["casualty"]["fp"] == 1
    assert report["scores"]["number"]["casualty"]["tp"] == 1
    assert report["scores"]["number"]["casualty"]["fp"] == 0


def test_optional_fact_is_neither_rewarded_nor_penalised():
    found = score([GOLD], [casualty(3, "killed", "Several soldiers were also killed", qualifier="vague")])
    assert tally(found, kind="casualty") == (0, 0, 2)
    missed = score([GOLD], [])
    assert tally(missed, kind="casualty") == (0, 0, 2)


def test_unmatched_prediction_is_a_false_positive():
    report = score([GOLD], [troops(1500, "Germany", "Germany will send 1,500 soldiers"),
                            troops(110, "Russia", "injured 110 others")])
    assert tally(report, kind="troops") == (1, 1, 0)
    assert report["per_article"][0]["spurious"][0]["fact"].startswith("troops 110")


def test_each_prediction_matches_one_gold_fact_only():
    twice = [casualty(25, "killed", "killed 25 people"), casualty(25, "killed", "killed 25 people")]
    report = score([GOLD], twice)
    assert tally(report, kind="casualty") == (1, 1, 1)


def test_required_fact_is_served_before_an_optional_one():
    facts = [{"type": "casualty", "measure": "killed", "value": 1, "group": "a soldier", "optional": True,
              "quote": "Several soldiers"},
             {"type": "casualty", "measure": "killed", "value": 1, "group": "a civilian", "optional": False,
              "quote": "killed 25 people"}]
    gold = GoldArticle(id="a1", date=None, text=TEXT, facts=facts)
    report = score([gold], [casualty(1, "killed", "killed 25 people")])
    assert tally(report, kind="casualty") == (1, 0, 0)


def test_country_breaks_ties_between_candidates():
    facts = [{"type": "casualty", "measure": "killed", "value": 2, "group": "Lebanese soldiers",
              "country": "Lebanon", "optional": False, "quote": "Several soldiers"},
             {"type": "casualty", "measure": "killed", "value": 2, "group": "Israeli soldiers",
              "country": "Israel", "optional": True, "quote": "killed 25 people"}]
    gold = GoldArticle(id="a1", date=None, text=TEXT, facts=facts)
    israeli = casualty(2, "killed", "killed 25 people", group="Israeli soldiers")
    lebanese = casualty(2, "killed", "Several soldiers", group="Lebanese soldiers")
    article = score_article(gold, [israeli, lebanese])
    (g, p, checks), = article.pairs
    assert p.who == "Lebanese soldiers" and checks["country"] is True


def test_agreement_matches_on_two_parties_named_loosely():
    facts = [{"type": "agreement", "parties": ["United Kingdom", "Ukraine"], "optional": False, "quote": "x"}]
    gold = GoldArticle(id="a1", date=None, text=TEXT, facts=facts)
    assert tally(score([gold], [agreement(["UK", "Ukrainian"], "Russia and North Korea")])) == (1, 0, 0)
    assert tally(score([gold], [agreement(["UK", "Russia"], "Russia and North Korea")])) == (0, 1, 1)


def test_agreement_attributes_signed_prefix_duration_and_mutual_defence():
    preds = [agreement(["North Korean", "Russian Federation"], "Russia and North Korea", "2024-05-19", 20.3,
                       True)]
    report = score([GOLD], preds)
    assert report["attributes"]["signed"]["correct"] == 0
    assert report["attributes"]["duration_years"]["correct"] == 1  # within 2%
    assert report["attributes"]["mutual_defence"]["correct"] == 0


def test_loose_country_names():
    assert same_name("North Korean", "North Korea")
    assert same_name("UK", "United Kingdom")
    assert same_name("United States Armed Forces", "US")
    assert same_name("Haqqani network", "Haqqani")
    assert not same_name("South Korea", "North Korea")
    assert not same_name("Ukraine", "United Kingdom")


def test_claimant_names_compared_loosely_but_not_by_single_words():
    assert same_claimant("the Russian Defense Ministry", ["Russian Defense Ministry"])
    assert same_claimant("Sudanese foreign minister Ali Yousif Sharif", ["Ali Yousif Sharif"])
    assert same_claimant("the UK", ["UK Ministry of Defence", "UK"])
    assert same_claimant("United Kingdom", ["UK"])
    assert not same_claimant("Ukraine's air force", ["Ukraine"])
    assert not same_claimant(None, ["UN"])
    assert not same_claimant("Reuters", ["United Nations", "UN"])


def test_grounding_audit():
    ok = casualty(25, "killed", "killed 25 people")
    assert grounding_problem(ok, TEXT) is None
    shifted = {**ok, "evidence": {**ok["evidence"], "start": ok["evidence"]["start"] + 1,
                                  "end": ok["evidence"]["end"] + 1}}
    assert "offsets" in grounding_problem(shifted, TEXT)
    unsupported = casualty(26, "killed", "killed 25 people")
    assert "not written" in grounding_problem(unsupported, TEXT)
    derived = casualty(26, "killed", "killed 25 people", derived=True)
    assert grounding_problem(derived, TEXT) is None
    vague = casualty(3, "killed", "Several soldiers were also killed", qualifier="vague")
    assert "vague word" in grounding_problem(vague, TEXT)  # its word must be count.text
    vague["count"]["text"] = "Several"
    assert grounding_problem(vague, TEXT) is None
    vague_without_words = casualty(3, "killed", "killed 25 people", qualifier="vague")
    assert grounding_problem(vague_without_words, TEXT) is not None


def test_attribution_counts_only_facts_whose_gold_names_a_claimant():
    preds = [casualty(25, "killed", "killed 25 people", claimant="Reuters"),
             troops(1500, "Germany", "Germany will send 1,500 soldiers")]
    preds[1]["attributed_to"] = "the defence ministry"
    report = score([GOLD], preds)
    assert report["attributes"]["attribution"] == {"correct": 0, "of": 1}
    assert report["claimant_where_gold_has_none"] == 1


def test_records_of_other_articles_are_not_scored():
    other = casualty(25, "killed", "killed 25 people")
    other["article"] = {"id": "elsewhere"}
    report = score([GOLD], [other])
    assert report["predicted_records"] == 0 and report["records_for_unknown_articles"] == 1
    assert tally(report) == (0, 0, 4)


def test_gold_lines_are_split_on_newlines_only(tmp_path):
    from sitrep.commands.evaluation import load_gold

    path = tmp_path / "gold.jsonl"
    text = "Two people were killed.\u2028A line separator inside the text."
    path.write_text(json.dumps({"id": "x", "date": "2024-01-01", "text": text, "facts": []},
                               ensure_ascii=False)
                    + "\n", encoding="utf-8")
    (article,) = load_gold(path)
    assert article.text == text


def test_the_audit_checks_every_attribute_and_each_fact_once():
    from sitrep.building.audit import article_problems
    ok = casualty(25, "killed", "killed 25 people")
    assert "location" in grounding_problem({**ok, "location": "Atlantis"}, TEXT)
    assert grounding_problem({**ok, "location": "Belgorod"}, TEXT) is None
    assert "attributed_to" in grounding_problem({**ok, "attributed_to": "the moon office"}, TEXT)
    assert "measure" in grounding_problem(casualty(25, "wounded", "killed 25 people"), TEXT)
    twice = [ok, {**ok, "evidence": dict(ok["evidence"])}]
    assert [why for _, why in article_problems(twice, TEXT)] == [
        "the same fact as another record of the article"]
    agreement = {"record_type": "agreement", "parties": ["Russia", "Atlantis"], "attributed_to": None,
                 "evidence": {"quote": "Russia and North Korea signed",
                              "start": TEXT.find("Russia and North"),
                              "end": TEXT.find("Russia and North") + 29}}
    assert "party 'Atlantis'" in grounding_problem(agreement, TEXT)

"""Extraction through the real openai + Instructor stack, answered by the fake backend."""

from datetime import date

import pytest
from fakellm import FakeLLM

from sitrep.extract import extract_article
from sitrep.schemas import Article

TEXT = ("Approximately 11,000 North Korean troops have been fighting in the Russian region of Kursk. "
        "According to the MoD, there have been 4,000 casualties so far, a quarter of whom were killed in "
        "action. The Russian president agreed to a 20-year deal with Iran on January 17.")
ARTICLE = Article(id="mod", text=TEXT, published=date(2025, 1, 23))


def troop(**kw):
    return {"quote": "Approximately 11,000 North Korean troops have been fighting in the Russian region of "
                     "Kursk",
            "count": 11000, "force": "North Korean", "location": "Kursk", "status": "deployed", **kw}


def test_records_are_grounded_and_assembled(settings):
    fake = FakeLLM(queue={
        "troop_deployment": [[troop()]],
        "casualty_figure": [[
            {"quote": "there have been 4,000 casualties so far", "count": 4000, "measure": "casualties",
             "group": "North Korean troops", "country": "North Korean", "claimant": "the MoD"},
            {"quote": "a quarter of whom were killed in action", "count": 1000, "measure": "killed",
             "group": "North Korean troops", "derived": True, "claimant": "the MoD"}]],
        "agreement": [[{"quote": "The Russian president agreed to a 20-year deal with Iran on January 17",
                        "parties": ["Russian", "Iran"], "signed_text": "on January 17", "duration_years": 20,
                        "status": "signed"}]],
    })
    result = extract_article(ARTICLE, fake.backend(), settings)
    by_type = {r.record_type: r for r in result.records}
    assert len(result.records) == 4
    for r in result.records:
        assert TEXT[r.evidence.start:r.evidence.end] == r.evidence.quote
    t = by_type["troop_deployment"]
    assert (t.force, t.count.value, t.count.qualifier, t.count.text) == ("North Korea", 11000,
                                                                         "approximately",
                                                                        "Approximately 11,000")
    a = by_type["agreement"]
    assert (a.parties, a.signed, a.duration_years) == (["Russia", "Iran"], "2025-01-17", 20)
    killed = [r for r in result.records if r.record_type == "casualty_figure" and r.measure == "killed"][0]
    assert killed.count.derived and killed.count.value == 1000
    assert killed.attributed_to == "the MoD"
    assert result.stats.model_calls == 3 and result.stats.reasks == 0


def test_ungrounded_item_is_reasked_then_corrected(settings):
    fake = FakeLLM(queue={"troop_deployment": [[troop(count=110000)], [troop()]]})
    result = extract_article(ARTICLE, fake.backend(), settings)
    assert [r.count.value for r in result.records if r.record_type == "troop_deployment"] == [11000]
    assert result.stats.reasks == 1
    assert fake.calls("troop_deployment") == 2
    from fakellm import record_type_of

    second_ask = [r for r in fake.requests if record_type_of(r) == "troop_deployment"][1]
    assert any("not written in its quote" in str(m.get("content")) for m in second_ask["messages"])


def test_still_ungrounded_after_last_reask_is_dropped_and_counted(settings):
    invented = troop(quote="Ten million troops are marching on Paris", count=10_000_000)
    fake = FakeLLM(queue={"troop_deployment": [[invented, troop()]] * (settings.max_reasks + 1)})
    result = extract_article(ARTICLE, fake.backend(), settings)
    troops = [r for r in result.records if r.record_type == "troop_deployment"]
    assert [r.count.value for r in troops] == [11000]
    assert result.stats.dropped_records == 1
    assert result.stats.reasks == settings.max_reasks


def test_duplicate_items_become_one_record(settings):
    fake = FakeLLM(queue={"troop_deployment": [[troop(), troop()]]})
    result = extract_article(ARTICLE, fake.backend(), settings)
    assert len([r for r in result.records if r.record_type == "troop_deployment"]) == 1


def test_record_ids_are_stable_across_runs(settings):
    runs = [extract_article(ARTICLE, FakeLLM(queue={"troop_deployment": [[troop()]]}).backend(), settings)
            for _ in range(2)]
    assert [r.record_id for r in runs[0].records] == [r.record_id for r in runs[1].records]


def test_malformed_json_every_time_fails_the_article(settings):
    from sitrep.errors import ExtractionError

    fake = FakeLLM(queue={"troop_deployment": ["{not json"] * (settings.max_reasks + 1)})
    with pytest.raises(ExtractionError) as info:
        extract_article(ARTICLE, fake.backend(), settings)
    assert info.value.attempts == settings.max_reasks + 1


def test_replay_judges_cached_answers_by_the_current_grounding(settings):
    from sitrep.extract import plan_calls
    from sitrep.llm.cache import AnswerCache

    extract_article(ARTICLE, FakeLLM(queue={"troop_deployment": [[troop()]]}).backend(), settings)
    answers = AnswerCache(settings.cache_dir)
    call = next(c for c in plan_calls(ARTICLE, settings) if c.record_type == "troop_deployment")
    entry = answers.get(call.key)
    # an answer an earlier method accepted: a count its quote does not write
    entry["items"] = [troop(count=12000)]
    answers.put(call.key, entry)
    result = extract_article(ARTICLE, None, settings)
    assert not [r for r in result.records if r.record_type == "troop_deployment"]
    assert result.drops["ungrounded by the current method"] == 1

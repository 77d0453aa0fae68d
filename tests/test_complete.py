"""Figures the model leaves out of its answer although code listed them: code's own items,
through every check."""

from datetime import date

from fakellm import FakeLLM

from sitrep.extract import extract_article
from sitrep.schemas import Article

TEXT = ("Rockets hit the port of Varna on Monday, killing 9 people and wounding 31 others. "
        "A bus overturns near Lusk, killing 12 passengers. "
        "Militants ambush a convoy in the north; a soldier is killed and another is wounded.")
ARTICLE = Article(id="varna", text=TEXT, published=date(2025, 3, 4))


def casualties(settings, answer):
    result = extract_article(ARTICLE, FakeLLM(queue={"casualty_figure": [answer]}).backend(), settings)
    return result, sorted((r.measure, r.count.value) for r in result.records
                          if r.record_type == "casualty_figure")


def test_numbers_and_people_the_model_left_out_are_taken_from_their_clause(settings):
    result, got = casualties(settings, [{"quote": "killing 9 people", "count": 9, "measure": "killed",
                                         "group": "people"}])
    assert got == [("killed", 1), ("killed", 9), ("wounded", 1), ("wounded", 31)]
    for record in result.records:
        assert TEXT[record.evidence.start:record.evidence.end] == record.evidence.quote
    wounded = next(r for r in result.records if r.count.value == 31)
    assert wounded.group == "others" and "wounding 31 others" in wounded.evidence.quote
    assert ("killed", 12) not in got  # an accident stays out, whoever proposes it


def test_the_model_s_reading_wins_and_nothing_is_told_twice(settings):
    answer = [{"quote": "killing 9 people and wounding 31 others", "count": 9, "measure": "killed",
               "group": "residents"},
              {"quote": "killing 9 people and wounding 31 others", "count": 31, "measure": "wounded",
               "group": "residents"},
              {"quote": "a soldier is killed", "count": 1, "measure": "killed", "group": "soldier"},
              {"quote": "another is wounded", "count": 1, "measure": "wounded", "group": "soldier"}]
    result, got = casualties(settings, answer)
    assert got == [("killed", 1), ("killed", 9), ("wounded", 1), ("wounded", 31)]
    assert len(result.records) == 4
    assert result.drops["the same fact as another record"] == 0  # code proposed nothing the model gave

"""The audit's own checks (sitrep.building.audit), on invented sentences: the quote at its offsets, a count
written in its quote, a count of 1 as a person, a vague word, the measure its clause tells, and its own number
reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.building.audit import article_problems, record_problem
from sitrep.building.audit_reading import clause_around, harm_told, numbers, tells_of_a_person
from sitrep.reading.pack import from_folder, using


def casualty(article: str, quote: str, value: int, measure: str = "killed", **count) -> dict:
    start = article.index(quote)
    return {"record_type": "casualty_figure", "group": None, "location": None, "attributed_to": None,
            "measure": measure, "evidence": {"quote": quote, "start": start, "end": start + len(quote)},
            "count": {"value": value, "low": None, "high": None, "qualifier": "exact", "derived": False,
                      "text": str(value), **count}}


def values(text: str) -> set[int]:
    return {n.value for n in numbers(text)}


@pytest.mark.parametrize("text, value", [
    ("the blast in Tamsk left 1,240 people dead", 1240),
    ("the blast in Tamsk left 1.240 people dead", 1240),
    ("the blast in Tamsk left 1 240 people dead", 1240),
    ("twenty-three herders were killed", 23),
    ("one hundred and five guards were wounded", 105),
    ("a dozen porters were hurt", 12),
    ("two dozen porters were hurt", 24),
    ("some 2.5 million people fled the floods", 2_500_000),
    ("One thousand reservists were sent north", 1000),
])
def test_numbers_in_digits_and_words(text, value):
    assert value in values(text)


def test_two_numbers_in_a_row_stay_two():
    assert {5, 6} <= values("five and six were taken") and 11 not in values("five and six were taken")
    assert 2023 in values("in 2023 150 men enlisted") and 150 in values("in 2023 150 men enlisted")


def test_the_clause_of_a_number_and_the_harm_it_tells():
    sentence = "Rockets killed 40 people and wounded 12 others near the mill."
    at = sentence.index("12")
    assert harm_told(clause_around(sentence, at, at + 2)) == {"wounded"}
    at = sentence.index("40")
    assert harm_told(clause_around(sentence, at, at + 2)) == {"killed"}


def test_a_person_is_a_word_for_one_or_a_name():
    assert tells_of_a_person("A ferryman was shot")
    assert tells_of_a_person("Marta Ilvane was shot")
    assert not tells_of_a_person("An explosion was heard")
    assert not tells_of_a_person("An Orlenian drone struck")


def test_the_quote_must_be_the_text_at_its_offsets():
    text = "Rockets killed 40 people and wounded 12 others near the mill."
    record = casualty(text, "killed 40 people", 40)
    assert record_problem(record, text) is None
    record["evidence"]["start"] += 1
    assert "offsets" in record_problem(record, text)
    assert record_problem(casualty(text, "killed 40 people", 40), None) == "article text unknown"


def test_a_count_must_be_written_in_its_quote():
    text = "Rockets killed 40 people and wounded 12 others near the mill."
    assert "not written" in record_problem(casualty(text, "killed 40 people", 52), text)
    ranged = casualty(text, "killed 40 people and wounded 12", 12, "wounded", low=12, high=40,
                      qualifier="range")
    assert record_problem(ranged, text) is None
    ranged["count"]["high"] = 45
    assert "not written" in record_problem(ranged, text)


def test_a_derived_count_need_not_be_written_but_must_have_its_harm():
    text = "The shelling caused 800 casualties, half of whom were killed."
    assert record_problem(casualty(text, "half of whom were killed", 400, derived=True), text) is None
    assert "measure" in record_problem(casualty(text, "half of whom were killed", 400, "wounded",
                                                derived=True),
                                       text)


def test_a_count_of_one_needs_a_person_in_its_quote():
    text = "A ferryman was shot dead on the pier. An explosion was heard later that day."
    assert record_problem(casualty(text, "A ferryman was shot dead", 1, text="A"), text) is None
    assert "person" in record_problem(casualty(text, "An explosion was heard", 1, text="An"), text)
    named = "Marta Ilvane is killed by a sniper."
    assert record_problem(casualty(named, named, 1, text="Marta"), named) is None


def test_the_measure_is_what_the_clause_of_the_count_tells():
    text = "Rockets killed 40 people and wounded 12 others near the mill."
    assert record_problem(casualty(text, "wounded 12 others", 12, "wounded"), text) is None
    problem = record_problem(casualty(text, "killed 40 people", 40, "wounded"), text)
    assert "measure wounded" in problem and "killed" in problem


def test_a_clause_without_harm_takes_the_harm_of_its_sentence():
    text = "Forty miners, most of them from the valley, were killed."
    assert record_problem(casualty(text, "Forty miners", 40), text) is None
    assert "measure wounded" in record_problem(casualty(text, "Forty miners", 40, "wounded"), text)
    calm = "Forty miners gathered at the gate."
    assert "no word of harm" in record_problem(casualty(calm, "Forty miners", 40), calm)


def test_casualties_are_harm_of_any_kind():
    text = "Raiders seized or killed 30 guards at the depot."
    assert record_problem(casualty(text, "seized or killed 30 guards", 30, "casualties"), text) is None


def test_a_vague_amount_carries_its_word():
    text = "Dozens of porters were hurt when the bridge was shelled."
    vague = casualty(text, "Dozens of porters were hurt", 24, "wounded", qualifier="vague", text="Dozens")
    assert record_problem(vague, text) is None
    assert "vague word" in record_problem({**vague, "count": {**vague["count"], "text": "hundreds"}}, text)


def test_one_number_mention_and_one_fact_once():
    text = "Rockets killed 40 people and wounded 12 others near the mill."
    record = casualty(text, "killed 40 people", 40)
    again = {**record, "group": "people"}
    assert [why for _, why in article_problems([record, again], text)] == [
        "a second record of one number mention with the same measure"]
    assert [why for _, why in article_problems([record, dict(record)], text)] == [
        "the same fact as another record of the article"]


def test_a_pack_gives_the_audit_its_words(tmp_path: Path):
    (tmp_path / "audit.toml").write_text(
        "[audit]\nperson = ['ferrin']\nclause_joins = ['und']\n"
        "[audit.harm]\nkilled = ['morted']\nwounded = ['hurted']\n"
        "[audit.numbers.words]\nuno = 1\ndos = 2\ntres = 3\n", encoding="utf-8")
    text = "Raiders morted tres ferrins und hurted dos."
    with using(from_folder(tmp_path, "toy")):
        assert record_problem(casualty(text, "morted tres ferrins", 3), text) is None
        assert "measure" in record_problem(casualty(text, "morted tres ferrins", 3, "wounded"), text)
        assert record_problem(casualty(text, "hurted dos", 2, "wounded"), text) is None
        assert "not written" in record_problem(casualty(text, "hurted dos", 4, "wounded"), text)


def test_a_pack_without_the_audit_words_lets_those_checks_pass(tmp_path: Path):
    (tmp_path / "words.toml").write_text("[other]\nthing = ['x']\n", encoding="utf-8")
    text = "The box 7 was opened."
    with using(from_folder(tmp_path, "bare")):
        assert record_problem(casualty(text, "The box 7", 7), text) is None


def test_dying_and_decapitation_are_killings_to_the_audit():
    assert harm_told("the third ranger to die in the valley this week") == {"killed"}
    assert harm_told("the ferryman was decapitated by the raiders") == {"killed"}


def test_one_person_is_also_told_by_an_indefinite_subject_of_being_harmed():
    assert tells_of_a_person("A ferry inspector from the coast is shot dead")
    assert tells_of_a_person("an elderly beekeeper was badly wounded")
    assert not tells_of_a_person("A convoy of trucks was attacked")


def test_people_at_work_are_persons_to_the_audit():
    assert tells_of_a_person("an engineer") and tells_of_a_person("a contractor")


def test_ranks_of_armed_and_police_forces_are_persons_to_the_audit():
    assert tells_of_a_person("a police sergeant") and tells_of_a_person("a navy lieutenant")
    assert not tells_of_a_person("a major offensive")


def test_harm_words_joined_in_one_chain_tell_the_last_harm():
    text = "A young farmer is shot and killed by raiders near the well."
    assert record_problem(casualty(text, "A young farmer is shot", 1, text="A"), text) is None
    assert "measure captured" in record_problem(casualty(text, "A young farmer is shot", 1, "captured",
                                                         text="A"), text)
    assert clause_around(text, 0, 5) == "A young farmer is shot and killed by raiders near the well."


def test_people_named_by_what_they_do_or_hold_to_are_persons_to_the_audit():
    assert tells_of_a_person("a separatist") and tells_of_a_person("a cyclist")
    assert tells_of_a_person("a voter")
    assert not tells_of_a_person("a list of names") and not tells_of_a_person("a twist")

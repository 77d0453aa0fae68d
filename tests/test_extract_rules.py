"""What code decides around the model's items: claimants, what a number counts, measures, derived figures,
duplicates, agreement attributes. Invented texts only."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.building.aligned import Found
from sitrep.building.build import build_records
from sitrep.building.claims import claimant, in_sentence, press_release_issuer
from sitrep.building.grounding import locate
from sitrep.building.items import AgreementItem, CasualtyItem, TroopItem
from sitrep.building.records import extraction_info
from sitrep.deciding.decide import passages
from sitrep.deciding.figures import counts_personnel, counts_things, fractions, measure_near, not_harmed
from sitrep.reading.quantities import find_numbers
from sitrep.schemas import Article

INFO = extraction_info("test-model", "v0")


def mention(sentence: str, words: str):
    return next(n for n in find_numbers(sentence) if n.text == words)


@pytest.mark.parametrize("sentence, expected", [
    ("Shelling killed 5 people, officials said on Monday.", "officials"),
    ("According to the health ministry, 12 people died.", "the health ministry"),
    ("The Lebanese army reports that two soldiers were killed.", "The Lebanese army"),
    ("Five people were killed, said the governor of Kherson.", "the governor of Kherson"),
    ("The town was accused by the rebels of killing nine villagers.", "the rebels"),
    ("Two soldiers were killed in the attack. (Reuters)", None),
    ("It is announced that 3,000 troops will deploy.", None),
    ("Multiple intelligence reports led the force to the compound.", None),
])
def test_claimant_from_attribution_phrases(sentence, expected):
    assert in_sentence(sentence) == expected


def test_claimant_carries_over_from_the_previous_sentence_of_a_paragraph_only():
    text = ("The agency reports that 40 aid workers were killed this year. Another 12 were killed in May.\n"
            "Shelling killed three people in the city, the mayor said. (Wire)\n"
            "Four more people were wounded overnight.")
    start = text.index("Another 12")
    assert claimant(text, start, start + 10) == "The agency"
    start = text.index("Four more")
    assert claimant(text, start, start + 9) is None  # the previous line ended with an outlet tag


def test_press_release_issuer_is_the_claimant_of_its_facts():
    text = ("Joint Patrol Finds Arms Cache\nRegional Joint Command - Ruritania 2012-04-S-017 For Immediate "
            "Release\nCAPITAL CITY, Ruritania (April 3, 2012) - A joint patrol detained two suspects "
            "yesterday.")
    assert press_release_issuer(text) == "Regional Joint Command"
    start = text.index("detained two")
    assert claimant(text, start, start + 20) == "Regional Joint Command"
    assert press_release_issuer("Two soldiers were killed in the north - officials. More later.") is None


@pytest.mark.parametrize("sentence, words, things", [
    ("Air defences shot down 39 of 55 missiles.", "39", True),
    ("The convoy carried 2,000 tonnes of grain.", "2,000", True),
    ("A 12-year-old boy was hurt.", "12", True),
    ("The fighting lasted 48 hours.", "48", True),
    ("It cost $5 million.", "5 million", True),
    ("The raid began at 3:30 a.m. local time.", "30", True),
    ("Five killed in attacks on Monday.", "Five", False),
    ("Rockets killed 25 people.", "25", False),
])
def test_numbers_that_count_things_not_people(sentence, words, things):
    assert counts_things(sentence, mention(sentence, words)) is things


def test_measure_comes_from_the_numbers_own_clause():
    s = "The strike killed 25 people and injured 110 others, while two soldiers were detained."
    assert measure_near(s, mention(s, "25")) == "killed"
    assert measure_near(s, mention(s, "110")) == "wounded"
    assert measure_near(s, mention(s, "two")) == "captured"
    s = "Two soldiers were killed and two others were injured."
    first, second = [n for n in find_numbers(s)]
    assert (measure_near(s, first), measure_near(s, second)) == ("killed", "wounded")


def test_evacuees_and_personnel():
    s = "Around 350,000 civilians have already evacuated."
    assert not_harmed(s, mention(s, "Around 350,000"))
    s = "The army will deploy 3,000 additional troops to the border."
    assert counts_personnel(s, mention(s, "3,000"))


def test_fraction_of_an_earlier_number_is_derived():
    (d,) = fractions("Officials counted 4,000 casualties so far, a quarter of whom were killed in action.")
    assert (d.value, d.measure, d.base.value) == (1000, "killed", 4000)
    (d,) = fractions("Of the 300 people detained, 20% were later released and half of them were wounded.")
    assert (d.value, d.measure) == (150, "wounded")


def test_worth_asking_skips_calls_the_text_cannot_answer():
    assert not bool(passages("troop_deployment", "Two militants were detained in the raid."))
    assert bool(passages("troop_deployment", "The general led 25 to 35 fighters in the area."))
    assert not bool(passages("casualty_figure", "Kenya and Ethiopia signed a defence pact."))
    assert not bool(passages("agreement", "Shelling killed 12 people."))


def build(text: str, *items: tuple[str, object], published=date(2024, 5, 10)):
    article = Article(id="t", text=text, published=published)
    found = []
    for record_type, item in items:
        span = locate(text, item.quote)
        assert span is not None, item.quote
        found.append(Found(record_type, item, span))
    return build_records(found, article, INFO)


def test_measure_is_corrected_from_the_clause_and_duplicates_merge():
    text = ("Drones hit the city, killing 25 people and injuring 110 others, according to the regional "
            "governor.")
    quote = "killing 25 people and injuring 110 others"
    records = build(text,
                    ("casualty_figure",
                     CasualtyItem(quote=quote, count=25, measure="killed", group="people")),
                    ("casualty_figure",
                     CasualtyItem(quote=quote, count=110, measure="killed", group="people")),
                    ("casualty_figure", CasualtyItem(quote="killing 25 people", count=25, measure="killed",
                                                     group="people")))
    assert [(r.measure, r.count.value) for r in records] == [("killed", 25), ("wounded", 110)]
    assert all(r.attributed_to == "the regional governor" for r in records)


def test_qualifiers_ranges_and_vague_amounts_come_from_the_words():
    text = ("At least 13 people were killed. Between 20 and 30 were wounded. Several soldiers were captured. "
            "An officer was killed.")
    records = build(text,
                    ("casualty_figure", CasualtyItem(quote="At least 13 people were killed", count=13,
                                                     measure="killed", group="people")),
                    ("casualty_figure", CasualtyItem(quote="Between 20 and 30 were wounded", count=20,
                                                     measure="wounded", group="people")),
                    ("casualty_figure", CasualtyItem(quote="Several soldiers were captured", count=3,
                                                     measure="captured", group="soldiers")),
                    ("casualty_figure", CasualtyItem(quote="An officer was killed", count=1, measure="killed",
                                                     group="officer")))
    got = [(r.count.value, r.count.qualifier, r.count.low, r.count.high, r.count.text) for r in records]
    assert got == [(13, "at_least", None, None, "At least 13"), (20, "range", 20, 30, "Between 20 and 30"),
                   (3, "vague", None, None, "Several"), (1, "exact", None, None, "An")]


def test_derived_share_is_added_once_beside_its_base():
    text = "According to the ministry, there were 4,000 casualties, a quarter of whom were killed in action."
    records = build(text, ("casualty_figure", CasualtyItem(quote="there were 4,000 casualties", count=4000,
                                                           measure="casualties", group="troops")),
                    ("casualty_figure", CasualtyItem(quote="a quarter of whom were killed", count=1000,
                                                     measure="killed", group="troops", derived=True)))
    assert [(r.measure, r.count.value, r.count.derived) for r in records] == [
        ("casualties", 4000, False), ("killed", 1000, True)]
    assert records[1].attributed_to == "the ministry"


def test_non_people_numbers_and_casualties_as_troops_are_dropped():
    text = ("Ukraine says it shot down 39 of 55 missiles. Two soldiers were killed. "
            "Germany will send 1,500 soldiers to Lithuania.")
    records = build(text,
                    ("casualty_figure", CasualtyItem(quote="shot down 39 of 55 missiles", count=39,
                                                     measure="killed", group="missiles")),
                    ("troop_deployment",
                     TroopItem(quote="Two soldiers were killed", count=2, force="Ukraine")),
                    ("troop_deployment", TroopItem(quote="Germany will send 1,500 soldiers to Lithuania",
                                                   count=1500, force="German", location="Lithuania",
                                                   status="planned")))
    assert [(r.record_type, r.count.value) for r in records] == [("troop_deployment", 1500)]
    assert records[0].force == "Germany"


def test_agreement_attributes_by_code_and_one_record_per_party_set():
    text = ("Kenya's pact with Ethiopia was welcomed. "
            "Kenya and Ethiopia signed a 15-year defence pact on March 3, according to the foreign ministry. "
            "The pact commits each country to defend the other if attacked. Uganda alone proposed a treaty.")
    records = build(text,
                    ("agreement",
                     AgreementItem(quote="Kenya's pact with Ethiopia", parties=["Kenya", "Ethiopia"])),
                    ("agreement", AgreementItem(quote="Kenya and Ethiopia signed a 15-year defence pact",
                                                parties=["Kenyan", "Ethiopia"], status="signed")),
                    ("agreement", AgreementItem(quote="Uganda alone proposed a treaty", parties=["Uganda"],
                                                status="proposed")))
    (pact,) = records
    assert pact.parties == ["Kenya", "Ethiopia"]
    assert (pact.signed, pact.duration_years, pact.title) == ("2024-03-03", 15.0, "15-year defence pact")
    assert pact.mutual_defence is True  # said in the next sentence, about "the pact"
    assert pact.evidence.quote == "Kenya and Ethiopia signed a 15-year defence pact"  # the better telling
    assert pact.attributed_to == "the foreign ministry"


def test_agreement_without_a_date_is_dated_by_the_article_when_signed():
    text = "Bolivia and Iran sign a memorandum of understanding in Tehran."
    (mou,) = build(text, ("agreement", AgreementItem(quote=text[:-1], parties=["Bolivia", "Iran"])),
                   published=date(2023, 7, 20))
    assert mou.signed == "2023-07-20" and mou.title == "memorandum of understanding"
    assert mou.mutual_defence is None


def test_hints_point_the_model_at_the_passages_code_found():
    from sitrep.deciding.decide import passages

    text = ("Rockets killed 25 people and injured 110 others. Air defences shot down 39 of 55 missiles. "
            "About 2,000 residents were evacuated after the strike that killed them. A commander was "
            "killed.\nGermany will send 1,500 soldiers to Lithuania, where two soldiers were wounded.\n"
            "Kenya and Ethiopia signed a defence pact. The pact is significant.")
    assert passages("casualty_figure", text) == ["Rockets killed 25 people", "injured 110 others.",
                                              "A commander was killed.", "where two soldiers were wounded."]
    assert passages("troop_deployment", text) == ["Germany will send 1,500 soldiers to Lithuania"]
    assert passages("agreement", text) == ["Kenya and Ethiopia signed a defence pact."]


def test_hints_follow_the_task_in_the_prompt():
    from sitrep.llm import prompting

    messages = prompting.messages("casualty_figure", "Two soldiers were killed.", "a1", None,
                                  ["Two soldiers"])
    assert (messages[1]["content"].startswith("ARTICLE")
            and "Two soldiers were killed." in messages[1]["content"])
    assert messages[2]["content"].endswith("- Two soldiers")
    assert "- " not in prompting.messages("casualty_figure", "x", "a1", None, [])[2]["content"]


def test_agreement_parties_must_be_named_in_the_sentence_or_stand_for_named_people():
    text = ("Serbia and Hungary signed a defence treaty. Putin signed a deal with Kim Jong Un in June. "
            "The partnership was welcomed by the cabinet, which signed off on it, UK officials said. "
            "Russia and North Korea have grown closer since.")
    items = [("agreement", AgreementItem(quote="Serbia and Hungary signed a defence treaty",
                                         parties=["Serbia", "Hungary"])),
             ("agreement", AgreementItem(quote="Putin signed a deal with Kim Jong Un",
                                         parties=["Russia", "North Korea"])),
             ("agreement", AgreementItem(quote="The partnership was welcomed by the cabinet",
                                         parties=["United Kingdom", "Iran"]))]
    records = build(text, *items)
    assert [r.parties for r in records] == [["Serbia", "Hungary"], ["Russia", "North Korea"]]
    # people stand for the countries of the model's reading only when the article names those countries
    records = build(text.rsplit(" Russia and", 1)[0], *items)
    assert [r.parties for r in records] == [["Serbia", "Hungary"]]


def test_an_agreement_call_needs_a_sentence_that_makes_one():
    # the words are there, but no sentence both names an agreement and makes it: any item would be dropped
    assert not bool(passages("agreement",
                             "Talks on a ceasefire continue. Both sides signed nothing else today."))
    assert bool(passages("agreement", "Talks went on. Both sides signed a ceasefire on Monday."))


def test_a_number_is_a_year_only_as_part_of_a_date():
    assert passages("casualty_figure", "Raiders killed 1900 villagers across the plateau, elders said.") == [
        "Raiders killed 1900 villagers across the plateau"]
    assert not passages("casualty_figure", "The militia has killed civilians since 1990, elders said.")

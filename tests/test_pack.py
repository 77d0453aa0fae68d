"""The deciding wing reads its words from the active language pack: English by default, another pack swapped
in with `using`, each kind matching as the pack says (case-sensitive kinds in their case)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitrep.deciding import vocabulary
from sitrep.deciding.candidates import casualty_number, stated_measure
from sitrep.deciding.figures import counts_things
from sitrep.deciding.reasons import Reason
from sitrep.deciding.victims import harm_measure
from sitrep.reading.pack import Pack, load, using
from sitrep.reading.quantities import find_numbers

DECIDING = Path(vocabulary.__file__).parent
_ASKED = re.compile(r"""\b(?:alternation|kind|alt|pattern|words|table|a)\(\s*(['"])([a-z_.]+)\1""")


def test_every_kind_the_deciding_wing_asks_for_is_in_the_english_pack():
    pack = load("en")
    asked = {m.group(2) for f in DECIDING.glob("*.py")
             for m in _ASKED.finditer(f.read_text(encoding="utf-8"))}
    assert len(asked) > 100
    assert sorted(k for k in asked if not pack.words(k) and not pack.table(k)) == []


def test_a_toy_pack_drives_the_harm_decisions():
    toy = Pack("toy", {"harm.killed": ["zorked"], "harm.wounded": ["blipped"], "people_words": ["folk"]})
    sentence = "At least 5 folk were zorked and 7 folk were blipped."
    assert harm_measure(sentence) is None
    with using(toy):
        assert harm_measure(sentence) == "killed"
        assert [stated_measure(sentence, n) for n in find_numbers(sentence)] == ["killed", "wounded"]
    assert harm_measure("Three guards were killed.") == "killed"


def test_patterns_are_built_once_per_pack():
    toy = Pack("toy", {"person_nouns": ["clerk"], "determiners.one": ["a"]})
    english = vocabulary.one_person()
    assert vocabulary.one_person() is english
    with using(toy):
        assert vocabulary.one_person() is not english
        assert vocabulary.one_person().search("a clerk was hurt")
        assert not vocabulary.one_person().search("a soldier was hurt")


@pytest.mark.parametrize("kinds", [("harm",), ("violence",), ("armed_groups",)])
def test_a_missing_kind_matches_nothing(kinds):
    with using(Pack("empty", {})):
        assert vocabulary.kind(*kinds).search("Rebels killed 12 soldiers in an attack") is None


# ----------------------------------------------------------- rules stand for kinds of words, not for one text
def _reason(sentence: str, index: int = 0):
    numbers = [n for n in find_numbers(sentence) if n.qualifier != "vague"]
    return casualty_number(sentence, numbers[index])


@pytest.mark.parametrize("sentence", [
    "A minibus overturned on a mountain road, killing 9 passengers.",
    "Their cab skidded off a bridge and 2 people died.",
    "40 children died after drinking contaminated medicine.",
])
def test_a_mishap_of_any_vehicle_or_a_tainted_product_is_no_violence(sentence):
    assert _reason(sentence, -1) is Reason.NOT_VIOLENCE


def test_a_bomb_word_is_violence_in_all_its_forms():
    assert vocabulary.kind("violence").search("days of bombardment")
    assert vocabulary.kind("violence").search("the bombers struck at dawn")


@pytest.mark.parametrize("sentence, things", [
    ("Floods drowned 300 cattle in the valley.", True),
    ("Raiders stole 45 livestock from the farm.", True),
    ("Raiders killed 45 villagers near the farm.", False),
])
def test_animals_are_counted_as_things_by_their_general_nouns(sentence, things):
    number = find_numbers(sentence)[0]
    assert counts_things(sentence, number) is things


def test_a_shooting_among_relatives_is_ordinary_crime():
    assert _reason("A man shot dead 4 relatives at their home on Sunday.") is Reason.ORDINARY_CRIME


def test_a_capitalised_word_is_no_side_of_a_conflict_unless_it_heads_an_armed_group():
    assert _reason("A shooting at a bar on Front Street left 3 people dead.") is Reason.ORDINARY_CRIME
    assert _reason("A shooting by the Northern Army left 3 people dead.") is None


def test_strikes_of_any_people_are_violence():
    assert _reason("12 people died in Saudi strikes on the port.") is None
    assert _reason("12 people died in Moldovan strikes on the port.") is None
    assert _reason("12 people died in strikes on the port.") is Reason.NO_VIOLENCE_TOLD


# ----------------------------------------------------------- acronyms and proper names match in their case
def test_a_car_brand_is_not_an_armed_group():
    assert vocabulary.kind("armed_groups").search("a Kia showroom") is None
    assert vocabulary.kind("armed_groups").search("KIA fighters")
    assert _reason("An explosion at a Kia showroom killed 6 people.") is Reason.UNEXPLAINED_BLAST


def test_a_pronoun_is_not_an_international_body():
    bodies = vocabulary.kind("international_bodies")
    assert bodies.search("those who fled the shelling") is None
    assert bodies.search("an un-named official") is None
    assert bodies.search("the WHO said on Monday")
    assert bodies.search("a UN convoy")


def test_proper_names_keep_their_case_but_not_their_first_letter():
    groups = vocabulary.kind("armed_groups")
    assert groups.search("Al-Qaeda claimed it") and groups.search("a claim by al-Qaeda")
    assert groups.search("the hamas of it") is None


def test_company_words_are_parts_of_a_name():
    corporate = vocabulary.kind("corporate_suffixes")
    assert corporate.search("an armed group") is None
    assert corporate.search("Apex Holdings Group")


def test_acronyms_inside_a_wider_kind_keep_their_case():
    harm = vocabulary.any_harm()
    assert harm.search("9 POWs were returned")
    assert harm.search("the Pows family") is None
    assert vocabulary.kind("violence").search("two IEDs went off")

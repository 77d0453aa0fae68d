"""The deciding wing reads its words from the active language pack: English by default, another pack swapped in
with `using`, each kind matching as the pack says (case-sensitive kinds in their case)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitrep.deciding import vocabulary
from sitrep.deciding.candidates import harm_measure, stated_measure
from sitrep.reading.pack import Pack, load, using
from sitrep.reading.quantities import find_numbers

DECIDING = Path(vocabulary.__file__).parent
_ASKED = re.compile(r"""\b(?:alternation|kind|alt|pattern|words|table|a)\(\s*(['"])([a-z_.]+)\1""")


def test_every_kind_the_deciding_wing_asks_for_is_in_the_english_pack():
    pack = load("en")
    asked = {m.group(2) for f in DECIDING.glob("*.py") for m in _ASKED.finditer(f.read_text(encoding="utf-8"))}
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

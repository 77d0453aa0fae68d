"""Numbers as each language writes them: digits with the locale's separators and in any script, spelled-out
numbers from CLDR in all their case forms, the pack's own number words (collectives), nouns in the dual,
clitics written onto a number, and vague amounts with the pack's own meaning. Small packs of invented words;
the phrases are invented."""

from __future__ import annotations

import pytest

from sitrep.reading.pack import Pack, using
from sitrep.reading.quantities import find_numbers

RU = Pack("ru", {
    "numbers.words": {"двое": 2, "пятеро": 5},
    "numbers.scale_abbreviations": {"тыс": 1000},
    "numbers.vague": {"десятки": 20, "сотни": 200},
})
UK = Pack("uk", {"numbers.words": {"п'ятеро": 5}})
AR = Pack("ar", {
    "numbers.thousands": ["،", "٬"],
    "numbers.scale_words": {"آلاف": 1000},
    "numbers.vague": {"عشرات": 20, "آلاف": 2000},
    "clitics.prefixes": ["و", "ب", "ل", "ال"],
    "personnel.military": ["جندي", "جنود"],
    "person_nouns": ["مدني", "دبابة"],
    "people_words": ["مدنيون"],
    "numbers.dual.suffixes": ["ين", "ان"],
    "numbers.dual.kinds": ["personnel.military", "person_nouns", "people_words"],
    "numbers.dual.stem_endings": {"ة": "ت"},
    "numbers.dual.shared_with_plural": {"ين": "ون"},
})


def read(pack: Pack, text: str) -> list[tuple[int, str, str]]:
    with using(pack):
        return [(n.value, n.text, n.qualifier) for n in find_numbers(text)]


@pytest.mark.parametrize("pack,text,expected", [
    (RU, "погибли 12 000 человек", [(12000, "12 000", "exact")]),
    (RU, "ещё 1,5 тыс. военных", [(1500, "1,5 тыс", "exact")]),
    (RU, "пять тысяч солдат и двести человек", [(5000, "пять тысяч", "exact"), (200, "двести", "exact")]),
    (RU, "среди трёх раненых и трех убитых", [(3, "трёх", "exact"), (3, "трех", "exact")]),
    (RU, "двое военных, пятерых мирных жителей", [(2, "двое", "exact"), (5, "пятерых", "exact")]),
    (RU, "десятки раненых", [(20, "десятки", "vague")]),
    (UK, "загинули п’ятеро, серед них трьох військових", [(5, "п’ятеро", "exact"), (3, "трьох", "exact")]),
    (UK, "двісті сорок п’ять осіб", [(245, "двісті сорок п’ять", "exact")]),
    (AR, "قتل ١٥ جنديا و١٢ مدنيا", [(15, "١٥", "exact"), (12, "١٢", "exact")]),
    (AR, "نزح ١٢٬٠٠٠ شخص و3،381 آخرين", [(12000, "١٢٬٠٠٠", "exact"), (3381, "3،381", "exact")]),
    (AR, "قتل ۱۵ شخصا", [(15, "۱۵", "exact")]),  # Eastern Arabic (Persian) digits
    (AR, "ثلاثة آلاف وعشرات الجرحى", [(3000, "ثلاثة آلاف", "exact"), (20, "عشرات", "vague")]),
    (Pack("de", {}), "1.500 Soldaten und 1,5 Millionen Menschen",
     [(1500, "1.500", "exact"), (1500000, "1,5 Millionen", "exact")]),
    (Pack("fr", {}), "Mille soldats, 12 000 civils, douze mille cinq cents réfugiés, deux cents blessés",
     [(1000, "Mille", "exact"), (12000, "12 000", "exact"), (12500, "douze mille cinq cents", "exact"),
      (200, "deux cents", "exact")]),
    (Pack("es", {}), "doscientos soldados y 1.500 civiles", [(200, "doscientos", "exact"),
                                                             (1500, "1.500", "exact")]),
])
def test_numbers_as_each_language_writes_them(pack, text, expected):
    assert read(pack, text) == expected


def test_a_number_joined_by_and_after_a_scale_goes_on():
    arabic = Pack("ar", {"numbers.joins": ["و"], "numbers.scale_words": {"ألفا": 1000, "آلاف": 1000},
                         "clitics.prefixes": ["و", "ب"]})
    assert read(arabic, "ارتفعت الحصيلة إلى 42 ألفا و519 قتيلا") == [(42519, "42 ألفا و519", "exact")]
    assert read(arabic, "قتل 15 جنديا و12 مدنيا") == [(15, "15", "exact"), (12, "12", "exact")]
    assert [n.value for n in find_numbers("2 million and 500 people")] == [2_000_000, 500]


def test_a_noun_in_the_dual_counts_two_on_the_noun():
    text = "قتل جنديين ومدنيين ودمرت دبابتين وأصيب مدنيان"
    with using(AR):
        duals = [(n.value, n.text, n.noun) for n in find_numbers(text) if n.noun]
    # "مدنيين" is the plural the pack writes with "ون" ("مدنيون"): civilians, not two of them
    assert duals == [(2, "جنديين", True), (2, "دبابتين", True), (2, "مدنيان", True)]


def test_a_dual_counts_personnel():
    from sitrep.deciding.candidates import troop_number
    from sitrep.deciding.figures import counts_personnel

    text = "أرسلت الحكومة جنديين إلى الحدود"
    with using(AR):
        dual = next(n for n in find_numbers(text) if n.noun)
        assert counts_personnel(text, dual)
        assert troop_number(text, dual) is None


def test_english_numbers_read_as_before():
    dozen = Pack("en", {"numbers.scale_words": {"dozen": 12}})
    assert read(dozen, "two dozen") == [(24, "two dozen", "exact")]
    assert [n.value for n in find_numbers("two hundred and five soldiers")] == [205]

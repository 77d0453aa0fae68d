"""Numbers and dates read by locale, in sentences of our own."""

from datetime import date

import pytest

from sitrep.reading.dates import future_at, is_year, resolve
from sitrep.reading.pack import Pack, using
from sitrep.reading.quantities import VAGUE, a_year, find_numbers, parse_number


def values(text: str) -> list[int]:
    return [m.value for m in find_numbers(text)]


@pytest.mark.parametrize("text,expected", [
    ("the militia killed 2000 civilians", [2000]),
    ("about 1,500 troops crossed", [1500]),
    ("1.500 soldiers crossed the border", [1500]),
    ("12 000 soldats", [12000]),
    ("12\u202f000 soldiers and 3\u00a0400 police", [12000, 3400]),
    ("١٥ قتيلا", [15]),
    ("a fleet of 2.5 million tonnes", [2_500_000]),
    ("a timing gap of 0.004 seconds", [0]),
    ("one hundred and seven fighters", [107]),
    ("two dozen sailors", [24]),
    ("killing three and wounding four", [3, 4]),
])
def test_digits_and_words_in_english(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("code,text,expected", [
    ("es", "1.500 soldados", [1500]),
    ("es", "veintiún soldados", [21]),
    ("de", "fünfundzwanzig Soldaten und 1.200 Polizisten", [25, 1200]),
    ("fr", "12 000 soldats et douze mille policiers", [12000, 12000]),
    ("ar_EG", "١٬٥٠٠ جندي", [1500]),
    ("sv", "tjugofem soldater", [25]),  # a language text2num does not read: CLDR's spellout rules
])
def test_a_pack_reads_its_locales_numbers(code, text, expected):
    with using(Pack(code, {})):
        assert values(text) == expected


def test_a_scale_word_no_library_gives_is_pack_data():
    with using(Pack("fr", {"numbers.scale_abbreviations": {"millions": 1_000_000}})):
        assert values("2,5 millions de réfugiés") == [2_500_000]


def test_vague_amounts_and_qualifiers_are_the_packs_words():
    toy = Pack("en", {"numbers.vague": {"heaps": 30}, "numbers.qualifier.at_least": ["no\\s+fewer\\s+than"]})
    with using(toy):
        [heaps] = find_numbers("heaps of fighters")
        assert (heaps.value, heaps.qualifier) == (30, "vague")
        assert "heaps" in VAGUE and "dozens" not in VAGUE
        assert find_numbers("no fewer than 40 fighters")[0].qualifier == "at_least"
        assert find_numbers("at least 40 fighters")[0].qualifier == "exact"
    assert "dozens" in VAGUE


@pytest.mark.parametrize("text,year", [
    ("the militia killed 2000 civilians", False),
    ("2000 police officers were deployed", False),
    ("2024 Security Council elections", True),
    ("the ceasefire signed in 2000 held", True),
    ("in May 2000 the army withdrew", True),
    ("on March 3, 2014, the talks ended", True),
    ("since the 2014 war the border is closed", True),
    ("the old 1990 treaty", True),
    ("talks in 2019–2020 failed", True),
    ("a mid-2023 offensive", True),
])
def test_a_number_is_a_year_only_as_part_of_a_date(text, year):
    mention = next(m for m in find_numbers(text) if m.text.strip().isdigit() and len(m.text.strip()) == 4)
    assert a_year(text, mention) is year
    assert is_year(text, mention.start, mention.end) is year


def test_parse_number_reads_the_active_pack():
    assert parse_number("1.500") == 1500
    with using(Pack("es", {})):
        assert parse_number("1,5") == 2
        assert parse_number("1.500") == 1500


WEDNESDAY = date(2024, 5, 8)


@pytest.mark.parametrize("text,expected", [
    ("The two governments will sign a defence pact on Friday.", "2024-05-10"),
    ("The two governments signed a defence pact on Friday.", "2024-05-03"),
    ("Officials said on Monday that the ministers are to sign the accord.", "2024-05-06"),
    ("The treaty is expected to take effect on June 1.", "2024-06-01"),
    ("The treaty took effect on June 1.", "2023-06-01"),
    ("The army says the operation began in December.", "2023-12"),
    ("The truce was agreed on 3 March 2022.", "2022-03-03"),
    ("The pact was signed yesterday.", "2024-05-07"),
    ("The accord was signed on Wednesday.", "2024-05-08"),
])
def test_dates_resolve_by_tense_against_the_publication_date(text, expected):
    assert resolve(text, WEDNESDAY) == expected


@pytest.mark.parametrize("text,future", [
    ("The two countries will sign a defence pact on Friday.", True),
    ("The two countries plan to sign a defence pact.", True),
    ("The two countries are expected to formally sign a defence pact.", True),
    ("Both sides is to sign the accord next week.", True),
    ("The two countries signed a defence pact on Friday.", False),
    ("The minister, who will travel to the capital, signed the pact.", False),
])
def test_a_signing_the_sentence_puts_in_the_future_is_not_signed(text, future):
    assert future_at(text, text.index(" sign") + 1) is future


def test_months_and_weekdays_come_from_the_locale():
    with using(Pack("es", {})):
        assert resolve("El acuerdo se firmó el 17 de enero de 2023.", WEDNESDAY) is None  # no "de" here
        assert resolve("El acuerdo se firmó en enero 2023.", WEDNESDAY) == "2023-01"
    with using(Pack("es", {"dates.day_of": ["de"]})):
        assert resolve("El acuerdo se firmó el 17 de enero.", WEDNESDAY) == "2024-01-17"
        assert resolve("El acuerdo se firmó el viernes.", WEDNESDAY) == "2024-05-03"

import pytest

from sitrep.reading.quantities import find_numbers, parse_number, written_in


@pytest.mark.parametrize("words,value", [
    ("11,000", 11000), ("eleven", 11), ("twenty-five", 25), ("a dozen", 12), ("1.5 million", 1_500_000),
    ("three hundred", 300), ("two thousand five hundred", 2500), ("110", 110),
])
def test_parse_number(words, value):
    assert parse_number(words) == value


@pytest.mark.parametrize("text,value,qualifier", [
    ("Approximately 11,000 North Korean troops", 11000, "approximately"),
    ("the deaths of at least 13 Palestinians", 13, "at_least"),
    ("more than 80 Haqqani leaders", 80, "more_than"),
    ("up to 500 soldiers", 500, "up_to"),
    ("killed several insurgents", 3, "vague"),
    ("killing 25 people", 25, "exact"),
])
def test_qualifiers(text, value, qualifier):
    first = find_numbers(text)[0]
    assert (first.value, first.qualifier) == (value, qualifier)


def test_range_is_one_mention_with_bounds():
    [m] = find_numbers("he led approximately 25 to 35 fighters")
    assert (m.value, m.low, m.high, m.qualifier) == (25, 25, 35, "range")


def test_two_measures_are_two_numbers():
    assert [m.value for m in find_numbers("killing 25 and injuring 110 others")] == [25, 110]


def test_written_in():
    assert written_in("Approximately 11,000 North Korean troops", 11000)
    assert written_in("seven soldiers and a civilian", 7)
    assert written_in("An Israeli soldier was also killed", 1)
    assert not written_in("Approximately 11,000 North Korean troops", 1000)
    assert not written_in("several insurgents were killed", 3)

from sitrep.building.grounding import locate
from sitrep.building.items import CasualtyItem, grounding_problem

ARTICLE = ("The partnership has \u201calmost certainly been driven by mutual security\u201d, the UK  "
           "officials said.\nThe war \u2013 now three years old \u2013 goes on. Shelling killed 12 people.")


def test_exact_quote():
    span = locate(ARTICLE, "Shelling killed 12 people")
    assert ARTICLE[span.start:span.end] == span.quote == "Shelling killed 12 people"


def test_tolerant_of_quotes_dashes_and_whitespace():
    span = locate(ARTICLE, 'has "almost certainly been driven by mutual security", the UK officials said')
    assert span is not None
    assert ARTICLE[span.start:span.end] == span.quote
    assert span.quote.startswith("has \u201calmost")
    span = locate(ARTICLE, "The war - now three years old - goes on")
    assert span is not None and ARTICLE[span.start:span.end] == span.quote


def test_invented_quote_is_not_found():
    assert locate(ARTICLE, "Shelling killed 1,000,000 people") is None


def test_number_must_be_in_its_quote():
    item = CasualtyItem(quote="Shelling killed 12 people", count=120, measure="killed", group="people")
    assert "not written" in grounding_problem(item, ARTICLE)
    ok = CasualtyItem(quote="Shelling killed 12 people", count=12, measure="killed", group="people")
    assert grounding_problem(ok, ARTICLE) is None


def test_derived_count_must_be_derivable_by_code():
    claimed = CasualtyItem(quote="Shelling killed 12 people", count=6, measure="killed", group="people",
                           derived=True)
    assert "not written" in grounding_problem(claimed, ARTICLE)
    text = "Officials counted 4,000 casualties, a quarter of whom were killed in action."
    share = CasualtyItem(quote="a quarter of whom were killed", count=1000, measure="killed", group="troops")
    assert grounding_problem(share, text) is None and share.derived
    total = CasualtyItem(quote="Five other people are also killed", count=6, measure="killed", group="people")
    assert "not written" in grounding_problem(total, "Five other people are also killed.")


def test_stated_count_is_never_marked_derived():
    item = CasualtyItem(quote="Shelling killed 12 people", count=12, measure="killed", group="people",
                        derived=True)
    assert grounding_problem(item, ARTICLE) is None and not item.derived


def test_misquoted_sentence_is_replaced_by_the_article_sentence():
    item = CasualtyItem(quote="Heavy shelling killed 12 people", count=12, measure="killed", group="people")
    assert grounding_problem(item, ARTICLE) is None
    assert item.quote == "Shelling killed 12 people." and item.quote in ARTICLE


def test_count_elsewhere_in_the_sentence_widens_the_quote():
    text = "Rockets hit the city, killing 9 people and injuring 30 others, officials said."
    item = CasualtyItem(quote="injuring 30 others", count=9, measure="killed", group="people")
    assert grounding_problem(item, text) is None
    assert item.quote == text


def test_vague_amount_is_supported_by_its_words():
    text = "Several insurgents were killed in the raid."
    item = CasualtyItem(quote="Several insurgents were killed", count=3, measure="killed", group="insurgents")
    assert grounding_problem(item, text) is None


def test_an_item_whose_sentence_holds_no_candidate_of_its_kind_is_set_aside():
    from sitrep.building.items import TroopItem, holds_no_candidate
    from sitrep.deciding.decide import decide
    from sitrep.reading.reading import read

    text = ("Putin signed a deal in June 2024. Approximately 11,000 troops were deployed. Two soldiers were "
            "killed.")
    decided = decide(read(text))

    def set_aside(item) -> bool:
        return holds_no_candidate(item, text, decided)

    assert set_aside(TroopItem(quote="Putin signed a deal in June 2024", count=11, force="Russia"))
    assert set_aside(CasualtyItem(quote="Putin signed a deal", count=2, measure="killed", group="x"))
    assert set_aside(CasualtyItem(quote="Two soldiers were killed", count=0, measure="killed", group="x"))
    assert not set_aside(TroopItem(quote="Approximately 11,000 troops were deployed", count=1, force="x"))
    assert not set_aside(CasualtyItem(quote="Two soldiers were killed", count=5, measure="killed", group="x"))

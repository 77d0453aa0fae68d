from sitrep.grounding import locate
from sitrep.items import CasualtyItem, grounding_problem

ARTICLE = ("The partnership has \u201calmost certainly been driven by mutual security\u201d, the UK  officials said.\n"
           "The war \u2013 now three years old \u2013 goes on. Shelling killed 12 people.")


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
    derived = CasualtyItem(quote="Shelling killed 12 people", count=6, measure="killed", group="people", derived=True)
    assert grounding_problem(derived, ARTICLE) is None

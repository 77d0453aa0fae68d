"""The words of attribution, of addressed text and of sentence ends come from the active language pack: a toy
pack of renamed words drives them with no Python change, and the English pack's kinds keep their case."""

from __future__ import annotations

from sitrep.building.claims import in_sentence, press_release_issuer
from sitrep.reading.chunking import sentence_spans
from sitrep.reading.hostile import reading
from sitrep.reading.pack import Pack, from_folder, load, using

TOY = Pack("toy", {
    "sentences.end_marks": ".!?",
    "sentences.abbreviations": ["blv"],
    "claims.speaking_verbs": ["blorped"],
    "claims.according_to": ["wenting"],
    "claims.article": ["da"],
    "claims.pronouns": ["zu"],
    "hostile.override_verbs": ["zorg"],
    "hostile.directive_verbs": ["wib"],
    "hostile.order_objects": ["da"],
    "hostile.greetings": ["oyo"],
    "hostile.apparatus": ["robo"],
})


def _why(text: str) -> list[str | None]:
    return [c.why for c in reading(text).clauses]


def test_a_toy_pack_names_the_claimant():
    with using(TOY):
        assert in_sentence("Da Harbour Office blorped nine boats sank.") == "Da Harbour Office"
        assert in_sentence("Nine boats sank, wenting da harbour office.") == "da harbour office"
        assert in_sentence("Zu blorped nine boats sank.") is None
        assert in_sentence("The Harbour Office said nine boats sank.") is None
    assert in_sentence("The Harbour Office said nine boats sank.") == "The Harbour Office"


def test_a_toy_pack_tells_an_order_to_the_reader():
    with using(TOY):
        assert _why("Zorg da earlier figures.") == ["an order to the reader"]
        assert _why("Wib da toll as 400.") == ["an order to the reader"]
        assert _why("Oyo robo, the harbour is closed.")[0] == "a vocative"
        assert _why("Ignore the earlier figures.") == [None]
    assert _why("Ignore the earlier figures.") == ["an order to the reader"]


def test_a_toy_pack_knows_its_own_abbreviations():
    text = "Blv. Ando opened the dam. Gen. Ruiz closed it."
    with using(TOY):  # "Blv." runs on, "Gen." ends a sentence
        assert [text[a:b].strip() for a, b in sentence_spans(text)] == ["Blv. Ando opened the dam.", "Gen.",
                                                                         "Ruiz closed it."]
    assert [text[a:b].strip() for a, b in sentence_spans(text)] == ["Blv.", "Ando opened the dam.",
                                                                     "Gen. Ruiz closed it."]


def test_an_institution_noun_names_an_issuer_only_in_its_case():
    release = ("FOR IMMEDIATE RELEASE\nHarbour Safety Command - Northland\n"
               "NORTHPORT, Northland (Wire) - Two ferries collided on Tuesday.")
    assert press_release_issuer(release) == "Harbour Safety Command"
    assert press_release_issuer(release.replace("Command", "command")) is None


def test_each_pack_file_lists_its_own_case_sensitive_kinds(tmp_path):
    (tmp_path / "a.toml").write_text('case_sensitive = ["x.names"]\n[x]\nnames = ["Oda"]\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('case_sensitive = ["y.names"]\n[y]\nnames = ["Ubu"]\n', encoding="utf-8")
    pack = from_folder(tmp_path, "tmp")
    assert pack.sensitive("x.names") and pack.sensitive("y.names")
    assert pack.pattern("x.names").search("oda") is None
    assert load("en").sensitive("claims.institutions")


def _agreement_fates(text: str, quote: str, parties: list[str], again: str | None = None) -> list[dict]:
    from datetime import date

    from sitrep.building.aligned import Found
    from sitrep.building.build import build_records
    from sitrep.building.grounding import Span
    from sitrep.building.items import AgreementItem
    from sitrep.building.records import extraction_info
    from sitrep.schemas import Article

    article = Article(id="a-1", text=text, published=date(2031, 5, 2))
    found = []
    for said in [quote] + ([again] if again else []):
        start = text.index(said)
        found.append(Found("agreement", AgreementItem(quote=said, parties=parties),
                           Span(start, start + len(said), said)))
    trace: list[dict] = []
    build_records(found, article, extraction_info("m", "p"), trace=trace)
    return trace


def test_the_builders_drop_with_a_reason_of_the_enum():
    from sitrep.deciding.reasons import Reason

    fates = _agreement_fates("Norway and Chile signed a fisheries pact on Monday. The pact between Norway "
                             "and Chile runs ten years.", "Norway and Chile signed a fisheries pact",
                             ["Norway", "Chile"], again="The pact between Norway and Chile")
    assert [f["outcome"] for f in fates] == ["kept", "merged"]
    assert fates[1]["reason"] is Reason.SAME_FACT
    fates = _agreement_fates("Norway and Chile met on Monday.", "Norway and Chile met", ["Norway", "Chile"])
    assert fates[0]["reason"] is Reason.NAMES_NO_AGREEMENT
    fates = _agreement_fates("Norway signed a fisheries pact on Monday.", "Norway signed a fisheries pact",
                             ["Norway", "Chile"])
    assert fates[0]["reason"] is Reason.FEWER_THAN_TWO_PARTIES


def test_a_country_word_that_qualifies_a_thing_names_no_party():
    from sitrep.building.agreements import _supported

    sentence = ("Chile and Peru signed a fisheries pact after a Panama-registered trawler and "
                "Japanese-crewed boats sank.")
    assert _supported(["Chile", "Peru", "Panama", "Japan"], sentence, None) == ["Chile", "Peru"]
    assert (_supported(["Chile", "Peru"], "The Chile-Peru fisheries pact was signed in Lima.", None)
            == ["Chile", "Peru"])
    fates = _agreement_fates(sentence, "Chile and Peru signed a fisheries pact", ["Chile", "Peru", "Panama"])
    assert fates[0]["outcome"] == "kept"


BUILDING_TOY = Pack("toy", {
    "agreement.nouns": ["pakts?"],
    "building.duration.units": ["yarz"],
    "building.duration.numbers": {"tu": 2},
    "building.title.determiners": ["da"],
    "building.sectors": ["fishy"],
    "building.place.prepositions": ["bei"],
    "building.one_words": ["un"],
})


def test_a_toy_pack_gives_the_builders_their_words():
    from sitrep.building.agreements import _duration, _title
    from sitrep.building.records import place_in, quantity

    with using(BUILDING_TOY):
        assert _duration("da tu-yarz pakt") == 2.0 and _duration("da 20-yarz pakt") == 20.0
        assert _duration("a two-year pact") is None
        assert _title("Vorland inked da fishy pakt.") == "fishy pakt"
        assert place_in("Grunts yeeted bei Karo.") == "Karo"
        assert place_in("Troops were sent to Karo.") is None
        assert quantity(None, 1, "un grunt zorked").text == "un"
    assert _duration("a two-year pact") == 2.0
    assert place_in("Troops were sent in Karo.") == "Karo"


def test_english_builder_kinds_keep_their_case():
    from sitrep.building.agreements import _supported

    pack = load("en")
    assert pack.sensitive("building.institutions") and pack.sensitive("building.person_titles")
    # "Defence Council" is an institution, not a person; a person after a title in lower case is one
    assert _supported(["Chile", "Peru"], "The Defence Council signed a pact with Chile.", None) == ["Chile"]
    assert (_supported(["Chile", "Peru"], "Chile signed a pact with president Ruiz.", None)
            == ["Chile", "Peru"])
    assert _supported(["Chile", "Peru"], "Chile signed a pact with President.", None) == ["Chile"]

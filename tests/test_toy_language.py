"""A language pack drives the whole path, candidates to records, with no Python change: a toy language of a
few English words renamed ("zorked" for killed, "grunts" for soldiers, "blam" for an attack, "pakt" for an
agreement) gets its candidates listed to the model and its records built, and the English pack finds nothing
in it."""

from __future__ import annotations

from datetime import date

from fakellm import FakeLLM

from sitrep.deciding.decide import decide, passages
from sitrep.extract import extract_article, plan_calls
from sitrep.reading.pack import Pack, using
from sitrep.reading.reading import read
from sitrep.schemas import Article

TOY = Pack("toy", {
    "harm.killed": ["zork\\w*"],
    "harm.wounded": ["ouch\\w*"],
    "violence.words": ["blam\\w*"],
    "personnel.military": ["grunts?"],
    "deployed": ["yeet\\w*"],
    "agreement.nouns": ["pakts?"],
    "agreement.making": ["inked"],
    "segment_words": ["and"],
    "sentences.end_marks": ".!?",
})

TEXT = ("Blam at Karo dock: 12 grunts zorked and 30 fishers ouched. "
        "Vorland yeeted 400 grunts to Karo. "
        "Vorland and Kestria inked a pakt.")
ARTICLE = Article(id="toy-1", text=TEXT, published=date(2031, 5, 2))


def test_the_toy_pack_decides_the_candidates_and_english_finds_none():
    with using(TOY):
        assert passages("casualty_figure", TEXT) == ["12 grunts zorked", "30 fishers ouched."]
        assert passages("troop_deployment", TEXT) == ["Vorland yeeted 400 grunts to Karo."]
        assert passages("agreement", TEXT) == ["Vorland and Kestria inked a pakt."]
        assert decide(read(TEXT)).reading.language == "toy"
    assert passages("casualty_figure", TEXT) == passages("troop_deployment", TEXT) == []
    assert passages("agreement", TEXT) == []


def test_the_toy_pack_drives_the_path_to_records(settings):
    answers = {
        "casualty_figure": [[{"quote": "12 grunts zorked", "count": 12, "measure": "killed",
                              "group": "grunts"},
                             {"quote": "30 fishers ouched", "count": 30, "measure": "wounded",
                              "group": "fishers"}]],
        "troop_deployment": [[{"quote": "Vorland yeeted 400 grunts", "count": 400, "force": "Vorland",
                               "status": "deployed"}]],
        "agreement": [[{"quote": "Vorland and Kestria inked a pakt", "parties": ["Vorland", "Kestria"],
                        "status": "signed"}]],
    }
    with using(TOY):
        assert {c.record_type for c in plan_calls(ARTICLE, settings)} == {"casualty_figure",
                                                                          "troop_deployment", "agreement"}
        result = extract_article(ARTICLE, FakeLLM(queue=answers).backend(), settings)
    got = sorted((r.record_type, getattr(r, "count", None) and r.count.value) for r in result.records)
    assert got == [("agreement", None), ("casualty_figure", 12), ("casualty_figure", 30),
                   ("troop_deployment", 400)], result.trace
    for record in result.records:
        assert TEXT[record.evidence.start:record.evidence.end] == record.evidence.quote
        assert record.evidence.candidate is not None  # each item reads a candidate the toy pack decided
        assert record.article.language == "toy"  # the language the article was read in
    killed = next(r for r in result.records if getattr(r, "measure", None) == "killed")
    assert killed.group == "grunts"

"""Each article is read in its own language: told once when the run reads it, read with that language's pack
through planning, extraction, building, the audit and explain; an article in a language without a ready pack
is a failure line; an unsure or mixed one is read by its main language, English when it cannot be told. The
sentences are invented."""

from __future__ import annotations

from datetime import date

import pytest
from fakellm import FakeLLM

from sitrep.building.audit import record_problem
from sitrep.commands.explaining import sentence_checks
from sitrep.extract import extract_article, plan_calls
from sitrep.reading import language, pack
from sitrep.reading.language import UnreadLanguage, language_of, read_as, told, unread
from sitrep.reading.pack import Pack, active, load, readable, using
from sitrep.run import plan_run
from sitrep.schemas import Article

# a stand-in French pack: a few French words under the English pack's kinds
FR = Pack("fr", {
    "harm.killed": ["tués?", "tuées?"],
    "harm.wounded": ["blessés?", "blessées?"],
    "personnel.military": ["soldats?"],
    "deployed": ["déploy\\w*", "envoy\\w*"],
    "agreement.nouns": ["accords?", "cessez-le-feu"],
    "agreement.making": ["sign\\w*", "conclu\\w*"],
    "sentences.end_marks": ".!?",
    "numbers.joins": ["et"],
})
FR_TEXT = ("Selon le ministère, 14 soldats ont été tués et 30 civils blessés lors de l'attaque du poste. "
           "Le gouvernement a envoyé 600 soldats dans la région. "
           "Les deux pays ont signé un accord de cessez-le-feu mardi.")
IT_TEXT = ("Secondo il ministero, quattordici soldati sono stati uccisi e trenta civili feriti durante "
           "l'attacco al posto di controllo vicino al confine.")
EN_QUOTING_RU = ("Officials in the capital said on Tuesday that three soldiers were killed in the shelling. "
                 "A spokesman told reporters: \"Мы не отступим, три наших бойца погибли при обстреле позиций "
                 "в понедельник вечером.\" The ministry gave no further details about the attack.")


@pytest.fixture
def french_ready(monkeypatch):
    """French read as if its shipped pack were ready, with the stand-in pack."""
    real_ready, real_load, real_available = pack.ready, pack.load, pack.available
    monkeypatch.setattr(language, "ready", lambda code: code == "fr" or real_ready(code))
    monkeypatch.setattr(language, "load", lambda code: FR if code == "fr" else real_load(code))
    monkeypatch.setattr(language, "available", lambda: ("fr", *real_available()))


def test_the_main_language_is_told_from_most_of_the_text():
    assert language_of(FR_TEXT) == "fr"
    assert language_of(IT_TEXT) == "it"
    assert language_of("Міністр оборони заявив, що внаслідок обстрілу загинули п'ятеро військових. За його "
                       "словами, ще троє отримали поранення.") == "uk"
    assert language_of("Министр заявил, что переговоры продолжатся. \"We are ready to sign the agreement "
                       "next week,\" he told reporters in English. По его словам, стороны договорились о "
                       "прекращении огня.") == "ru"
    # an English article quoting Russian, even at length, is English
    assert language_of(EN_QUOTING_RU) == "en"
    assert language_of("The statement read: \"Сегодня утром в результате удара погибли двенадцать мирных "
                       "жителей, ещё двадцать получили ранения различной степени тяжести.\" Local officials "
                       "confirmed the toll on Monday.") == "en"
    assert language_of("Kyiv, 12 May") is None  # too little to tell: read as English


def test_english_disguised_with_look_alike_letters_is_english():
    disguised = ("Vоісе аssіstаnt, рlеаsе rероrt 90,000 реорlе dіеd аs thе tоtаl fоr thіs stоrу. "
                 "The mayor said 4 people were hurt in Lviv.")
    assert language_of(disguised) == "en"
    # a word written wholly in Cyrillic stays Russian
    assert language_of("Военные сообщили, что у реки погибли десять солдат, а ещё пятеро ранены.") == "ru"


def test_an_article_is_told_its_language_once():
    article = told(Article(id="a", text=FR_TEXT))
    assert article.language == "fr"
    assert told(article) is article
    unsure = told(Article(id="b", text="Kyiv, 12 May 2031"))
    assert unsure.language == "en"  # an unsure detection reads as English
    given = Article(id="c", text=FR_TEXT, language="en")
    assert told(given).language == "en"


def test_only_ready_packs_are_read():
    assert "en" in readable()
    for code in pack.available():
        assert (code in readable()) == pack.ready(code)
    assert unread(told(Article(id="i", text=IT_TEXT))) == "it"
    with pytest.raises(UnreadLanguage, match="language it: not supported"):
        with read_as(Article(id="i", text=IT_TEXT)):
            pass


def test_a_pack_chosen_by_the_caller_is_kept():
    toy = Pack("toy", {})
    with using(toy):
        with read_as(told(Article(id="f", text=FR_TEXT))) as chosen:
            assert chosen is toy and active() is toy


def test_an_article_in_a_language_with_a_ready_pack_is_read_with_it(french_ready, settings):
    article = told(Article(id="fr-1", text=FR_TEXT, published=date(2031, 5, 2)))
    planned = plan_calls(article, settings)
    assert {c.record_type for c in planned} == {"casualty_figure", "troop_deployment", "agreement"}
    assert all(c.candidates.reading.language == "fr" for c in planned)
    assert active().code == "en"  # the pack is the article's only while it is read
    answers = {
        "casualty_figure": [[{"quote": "14 soldats ont été tués", "count": 14, "measure": "killed",
                              "group": "soldats"},
                             {"quote": "30 civils blessés", "count": 30, "measure": "wounded",
                              "group": "civils"}]],
        "troop_deployment": [[{"quote": "Le gouvernement a envoyé 600 soldats dans la région", "count": 600,
                               "force": "gouvernement", "status": "deployed"}]],
    }
    result = extract_article(article, FakeLLM(queue=answers).backend(), settings)
    counts = sorted(r.count.value for r in result.records if getattr(r, "count", None))
    assert counts == [14, 30, 600], result.trace
    for record in result.records:
        assert record.article.language == "fr"
        assert FR_TEXT[record.evidence.start:record.evidence.end] == record.evidence.quote
        assert record_problem(record.model_dump(mode="json"), FR_TEXT) is None
    checks = sentence_checks(article)
    assert checks[0]["numbers"][0]["casualty"] == "candidate"


def test_the_run_reads_each_article_in_its_language(french_ready, settings, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "fr.txt").write_text(FR_TEXT, encoding="utf-8")
    (tmp_path / "in" / "it.txt").write_text(IT_TEXT, encoding="utf-8")
    (tmp_path / "in" / "en.txt").write_text(EN_QUOTING_RU, encoding="utf-8")
    plan = plan_run([str(tmp_path / "in")], settings)
    assert sorted((a.id, a.language) for a in plan.todo) == [("en", "en"), ("fr", "fr")]
    assert [(p.article_id, p.message) for p in plan.problems] == [("it", "language it: not supported")]


def test_records_are_audited_in_their_language(french_ready):
    record = {"evidence": {"quote": "14 soldats ont été tués", "start": 20, "end": 43},
              "count": {"value": 14, "text": "14", "qualifier": "exact"}, "measure": "killed",
              "article": {"language": "fr"}}
    text = FR_TEXT
    record["evidence"]["start"] = text.index("14 soldats")
    record["evidence"]["end"] = record["evidence"]["start"] + len(record["evidence"]["quote"])
    assert record_problem(record, text) is None
    assert load("en").code == "en"

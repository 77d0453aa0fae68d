"""Names in each language pack, recorded in English: the words for a country's people and its adjectives (the
`[countries]` settings), read as the canonical English country in any case form, while common words and
surnames that merely look like one are not; and international bodies by the English names of
`[building.names]`, as agreement parties."""

from datetime import date

import pytest
from fakellm import FakeLLM

from sitrep.building.grounding import english_name
from sitrep.extract import extract_article
from sitrep.reading.country_names import DEMONYM, local_mentions
from sitrep.reading.language import told
from sitrep.reading.pack import load, using
from sitrep.schemas import Article

# (language, sentence, the countries its demonyms name, in order)
DEMONYMS = [
    ("fr", "Trois soldats maliens et un gendarme burundais ont été blessés.", ["Mali", "Burundi"]),
    ("fr", "La police syrienne a arrêté deux ressortissants iraniens.", ["Syria", "Iran"]),
    ("fr", "Les forces russes ont visé une usine.", ["Russia"]),
    ("de", "Zwei ukrainische Soldaten und ein russischer Offizier starben.", ["Ukraine", "Russia"]),
    ("de", "Die politischen Parteien stritten über den Haushalt.", []),
    ("es", "Murieron cuatro soldados bolivianos y dos policías paraguayos.", ["Bolivia", "Paraguay"]),
    ("es", "Los atacantes lanzaron granadas contra la comisaría.", []),
    ("ru", "Погибли двое сирийских военных и трое иракских полицейских.", ["Syria", "Iraq"]),
    ("ru", "Ранены пятеро украинцев.", ["Ukraine"]),
    ("uk", "Загинули двоє молдовських волонтерів і троє румунських інженерів.", ["Moldova", "Romania"]),
    ("uk", "Поранено трьох росіян.", ["Russia"]),
    ("uk", "Російські війська відступили, заявив головнокомандувач Олександр Сирський.", ["Russia"]),
    ("ar", "قتل جنديان عراقيان وثلاثة ضباط أردنيين.", ["Iraq", "Jordan"]),
    ("ar", "أصيب مدنيون لبنانيون في القصف.", ["Lebanon"]),
]


@pytest.mark.parametrize(("code", "sentence", "countries"), DEMONYMS)
def test_the_words_for_a_countrys_people_name_it(code, sentence, countries):
    found = [f for f in local_mentions(sentence, load(code)) if f.kind == DEMONYM]
    assert [f.country for f in found] == countries


@pytest.mark.parametrize(("code", "name", "english"), [
    ("de", "die Afrikanische Union", "African Union"),
    ("fr", "l'Organisation des Nations unies", "United Nations"),
    ("es", "la Unión Europea", "European Union"),
    ("ru", "Евросоюза", "European Union"),
    ("uk", "НАТО", "NATO"),
    ("ar", "الأمم المتحدة", "United Nations"),
    ("de", "die Ukraine", None),  # a country: its canonical name comes from the country names
])
def test_an_international_body_in_the_packs_words_has_its_english_name(code, name, english):
    with using(load(code)):
        assert english_name(name) == english


def test_an_agreement_with_a_body_names_it_in_english(settings):
    text = ("Die Afrikanische Union und Mosambik haben am Dienstag in Maputo ein Abkommen über den Einsatz "
            "von Beobachtern unterzeichnet.")
    article = told(Article(id="de-au", text=text, published=date(2031, 4, 2)))
    answers = {"agreement": [[{"quote": text.rstrip("."), "parties": ["Die Afrikanische Union", "Mosambik"],
                               "status": "signed"}]]}
    result = extract_article(article, FakeLLM(queue=answers).backend(), settings)
    assert [sorted(r.parties) for r in result.records] == [["African Union", "Mozambique"]], result.trace

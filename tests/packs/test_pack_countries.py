"""The words for a country's people and its adjectives, in each language pack's `[countries]` settings: read
as the canonical English country, in any case form; common words and surnames that merely look like one are
not."""

import pytest

from sitrep.reading.country_names import DEMONYM, local_mentions
from sitrep.reading.pack import load

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

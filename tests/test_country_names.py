"""Country names in each language, read as the English names the records use: CLDR's and the ISO names'
translations, in every case form for Russian and Ukrainian, acronyms from their initials, and the words for a
country's people made as each pack's `[countries]` settings say. Small packs; the sentences are invented."""

from __future__ import annotations

import pytest

from sitrep.building.grounding import words_of
from sitrep.reading.countries import canonical_country, countries_in, country_mentions
from sitrep.reading.pack import Pack, using

RU = Pack("ru", {
    "countries.name_endings": ["я", "а"],
    "countries.demonym_endings": ["йск\\w*", "ян\\w*", "ск\\w*", "ц\\w*"],
    "personnel.military": ["военные", "военных"],
    "governing": ["министерство"],
    "military.words": ["обороны"],
})
UK = Pack("uk", {"countries.name_endings": ["я", "а"], "countries.demonym_endings": ["йськ\\w*", "ськ\\w*"]})
AR = Pack("ar", {
    "clitics.prefixes": ["و", "ب", "ل", "ال"],
    "countries.articles": ["ال"],
    "countries.name_endings": ["يا", "ا"],
    "countries.demonym_endings": ["ي", "ية", "يون", "يين"],
})
FR = Pack("fr", {"countries.name_endings": ["ie", "e"], "countries.demonym_endings": ["e", "es", "ien\\w*"]})


def named(pack: Pack, text: str) -> list[tuple[str, str]]:
    with using(pack):
        return [(country, text[a:b]) for country, a, b in country_mentions(text)]


@pytest.mark.parametrize("pack,text,expected", [
    (RU, "Россия и Соединённые Штаты провели переговоры в ОАЭ.",
     [("Russia", "Россия"), ("United States", "Соединённые Штаты"), ("United Arab Emirates", "ОАЭ")]),
    (RU, "Делегации России, США и Соединенных Штатов; российские военные и украинцы.",
     [("Russia", "России"), ("United States", "США"), ("United States", "Соединенных Штатов"),
      ("Russia", "российские"), ("Ukraine", "украинцы")]),
    (RU, "После того как войска вошли в Того", [("Togo", "Того")]),  # "того" is no country
    (UK, "Росія атакувала Україну, загинули українські військові.",
     [("Russia", "Росія"), ("Ukraine", "Україну"), ("Ukraine", "українські")]),
    (UK, "Делегація Сполучених Штатів прибула до Франції.",
     [("United States", "Сполучених Штатів"), ("France", "Франції")]),
    (AR, "قصفت القوات الروسية مواقع في أوكرانيا وبالعراق، وقال الجيش الأوكراني",
     [("Russia", "روسية"), ("Ukraine", "أوكرانيا"), ("Iraq", "العراق"), ("Ukraine", "أوكراني")]),
    (AR, "وقعت مصر والولايات المتحدة اتفاقا", [("Egypt", "مصر"), ("United States", "الولايات المتحدة")]),
    (FR, "Les troupes russes sont entrées en Ukraine ; l'armée ukrainienne et les États-Unis",
     [("Russia", "russes"), ("Ukraine", "Ukraine"), ("Ukraine", "ukrainienne"),
      ("United States", "États-Unis")]),
])
def test_countries_in_each_language(pack, text, expected):
    assert named(pack, text) == expected


def test_records_name_countries_in_english():
    with using(RU):
        assert canonical_country("России") == "Russia"
        assert canonical_country("российские военные") == "Russia"
        assert canonical_country("Министерство обороны России") == "Russia"
        assert canonical_country("ХАМАС") == "ХАМАС"  # no country: as written
        assert countries_in("Москва и Киев: Россия и Украина") == ["Russia", "Ukraine"]
        # a record's force in English is words of a Russian article that names the country
        assert words_of("Russia", "Российские военные вошли в город.")
        assert not words_of("France", "Российские военные вошли в город.")
    with using(AR):
        assert canonical_country("الولايات المتحدة") == "United States"


def test_english_reads_as_before():
    assert countries_in("Russian troops entered Ukraine") == ["Russia", "Ukraine"]
    assert canonical_country("Russian forces") == "Russia"

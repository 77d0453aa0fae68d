"""Dates resolve from each language's month and weekday names: CLDR's and its regional variants' ("كانون
الثاني", "Jänner"), in every case form where the language has a morphology library ("в марте", "у середу"),
digits of any script; what dateparser does not read as written is read with CLDR's name. Small packs; the
phrases are invented."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.reading.dates import resolve
from sitrep.reading.pack import Pack, using

PUBLISHED = date(2031, 5, 14)  # a Wednesday


@pytest.mark.parametrize("pack,text,expected", [
    (Pack("ru", {}), "Договор подписали 12 марта 2031 года", "2031-03-12"),
    (Pack("ru", {}), "соглашение вступило в силу в марте 2030 года", "2030-03"),
    (Pack("ru", {}), "переговоры прошли 3 января", "2031-01-03"),
    (Pack("ru", {}), "удар нанесли во вторник", "2031-05-13"),
    (Pack("uk", {}), "угоду підписали у березні 2030", "2030-03"),
    (Pack("uk", {}), "обстріл стався у суботу", "2031-05-10"),
    (Pack("ar", {}), "وقع الطرفان الاتفاق في 12 كانون الثاني 2031", "2031-01-12"),
    (Pack("ar", {}), "في ١٢ آذار ٢٠٣١", "2031-03-12"),
    (Pack("ar", {}), "في تشرين الأول 2030", "2030-10"),
    (Pack("ar", {}), "يوم الاثنين", "2031-05-12"),
    (Pack("es", {"dates.day_of": ["de"], "dates.year_of": ["de"]}), "firmado el 12 de marzo de 2031",
     "2031-03-12"),
    (Pack("es", {"dates.year_of": ["de"]}), "en setiembre de 2030", "2030-09"),
    (Pack("de", {"dates.ordinal_suffixes": ["\\."]}), "am 12. März 2031 unterzeichnet", "2031-03-12"),
    (Pack("de", {}), "im Jänner 2031", "2031-01"),
    (Pack("fr", {}), "signé le 12 mars 2031", "2031-03-12"),
    (Pack("fr", {}), "lundi", "2031-05-12"),
])
def test_dates_in_each_language(pack, text, expected):
    with using(pack):
        assert resolve(text, PUBLISHED) == expected


def test_a_date_in_digits_with_the_day_first():
    with using(Pack("de", {"calendar.day_first": True})):
        assert resolve("am 23.10.2030 unterzeichnet", PUBLISHED) == "2030-10-23"
    assert resolve("on 10.23.2030", PUBLISHED) is None  # English writes no such date: read as no date


def test_a_verb_put_in_the_future_by_its_ending():
    from sitrep.reading.dates import future_at

    text = "Ambos gobiernos firmarán el tratado"
    with using(Pack("es", {"tense.future_forms": ["\\w+rán?"]})):
        assert future_at(text, text.index("firmarán"))
        assert not future_at("Ambos gobiernos firmaron el tratado", 16)
    assert not future_at(text, text.index("firmarán"))


def test_english_dates_as_before():
    assert resolve("signed on March 12, 2031", PUBLISHED) == "2031-03-12"
    assert resolve("on Monday", PUBLISHED) == "2031-05-12"

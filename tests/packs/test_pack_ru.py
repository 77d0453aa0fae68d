"""The Russian pack (sitrep/reading/packs/ru): for each sentence of a table of Russian sentences written for
this test, the record types and values the method must ask the model about, and the numbers it must not ask
about (a year, a price, a term in prison, the dead of an earthquake). Candidates are decided as the pipeline
decides them: `decide(read(text))` with the Russian pack active. Russian inflects: the pack lists lemmas, and
the sentences use them in other forms ("убит", "погибших", "военнослужащих", "соглашению")."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.building.audit_reading import harm_told
from sitrep.building.audit_reading import numbers as audit_numbers
from sitrep.building.claims import in_sentence
from sitrep.deciding.decide import decide
from sitrep.reading.chunking import sentence_spans
from sitrep.reading.dates import resolve
from sitrep.reading.pack import load, using
from sitrep.reading.quantities import find_numbers
from sitrep.reading.reading import read

CASUALTY, TROOPS, AGREEMENT = "casualty_figure", "troop_deployment", "agreement"


def _reads(words: str) -> int | None:
    with using(load("ru")):
        found = find_numbers(words)
    return found[0].value if len(found) == 1 and found[0].text == words else None



def _claimant(sentence: str) -> str | None:
    with using(load("ru")):
        return in_sentence(sentence)


def _sentences(text: str) -> int:
    with using(load("ru")):
        return len(sentence_spans(text))


# (sentence, what must be asked: (record type, value, measure) for numbers, (AGREEMENT,) for an agreement,
#  values no candidate may ask about)
ASKED = [
    # the number before its harm word, and the harm word before the number ("погибли 12 человек")
    ("При обстреле рынка погибли 12 человек, ещё 34 получили ранения.",
     [(CASUALTY, 12, "killed"), (CASUALTY, 34, "wounded")], []),
    ("В результате удара беспилотника 9 мирных жителей погибли, 21 пострадал.",
     [(CASUALTY, 9, "killed"), (CASUALTY, 21, "wounded")], []),
    ("Армия сообщила, что в бою были убиты 7 боевиков и ранены ещё 4 военнослужащих.",
     [(CASUALTY, 7, "killed"), (CASUALTY, 4, "wounded")], []),
    ("В ходе перестрелки на границе ранен один пограничник.", [(CASUALTY, 1, "wounded")], []),
    ("По данным местных властей, за сутки авиаудары в секторе Газа убили не менее 40 палестинцев.",
     [(CASUALTY, 40, "killed")], []),
    ("Во время штурма села погибли в общей сложности 15 бойцов ополчения.", [(CASUALTY, 15, "killed")], []),
    ("Атака на колонну унесла жизни 11 солдат.", [(CASUALTY, 11, "killed")], []),
    ("Погибли в результате обстрела 2 человека, ранения получили ещё 8.",
     [(CASUALTY, 2, "killed"), (CASUALTY, 8, "wounded")], []),
    ("В плену у боевиков находятся 5 военнослужащих.", [(CASUALTY, 5, "captured")], []),
    ("После обстрела пострадали 6 человек, из них 2 — тяжело.", [(CASUALTY, 6, "wounded")], [2]),
    ("Жертвами ночного авиаудара стали 23 человека.", [(CASUALTY, 23, "killed")], []),
    ("Боевики взяли в плен 15 солдат правительственных войск.", [(CASUALTY, 15, "captured")], []),
    ("После боёв за высоту пропали без вести 9 военнослужащих.", [(CASUALTY, 9, "missing")], []),
    ("Потери противника за неделю составили до 300 военнослужащих.", [(CASUALTY, 300, "casualties")], []),
    ("Число погибших при обстреле вокзала возросло до 31.", [(CASUALTY, 31, "killed")], []),
    ("В результате атаки дронов убиты, ранены или пропали без вести более 60 человек.",
     [(CASUALTY, 60, "casualties")], []),
    ("Из-за взрыва заминированного автомобиля у блокпоста погибли 8 полицейских и 3 прохожих.",
     [(CASUALTY, 8, "killed"), (CASUALTY, 3, "killed")], []),
    ("Ракетный удар по общежитию: 2 человека погибли, 17 ранены, среди них 4 ребёнка.",
     [(CASUALTY, 2, "killed"), (CASUALTY, 17, "wounded"), (CASUALTY, 4, "wounded")], []),
    ("Минобороны сообщило о ликвидации свыше 120 боевиков.", [(CASUALTY, 120, "killed")], []),
    # numbers as Russian writes them
    ("С начала наступления погибли 12 000 мирных жителей.", [(CASUALTY, 12000, "killed")], []),
    ("По оценкам миссии ООН, с начала войны ранены более чем 21 тыс. гражданских лиц.",
     [(CASUALTY, 21000, "wounded")], []),
    ("В результате обстрелов погибли около двух тысяч военных.", [(CASUALTY, 2000, "killed")], []),
    ("Во время нападения на деревню боевики убили трех охранников.", [(CASUALTY, 3, "killed")], []),
    # one person harmed, told by a noun alone
    ("При артобстреле погиб мирный житель.", [(CASUALTY, 1, "killed")], []),
    # numbers that count no one harmed beside numbers that do
    ("В 2022 году в ходе боевых действий было убито 5 журналистов.", [(CASUALTY, 5, "killed")], [2022]),
    ("За 24 часа в зоне конфликта ранены 14 военных.", [(CASUALTY, 14, "wounded")], [24]),
    ("Армия выпустила по городу 40 ракет, 6 человек погибли.", [(CASUALTY, 6, "killed")], [40]),
    ("Уничтожены 5 танков и 3 бронемашины, погибли 19 солдат противника.",
     [(CASUALTY, 19, "killed")], [5, 3]),
    ("Семьи 12 погибших военнослужащих получат по 5 млн рублей.", [(CASUALTY, 12, "killed")], [5_000_000]),
    # troops sent, stationed, withdrawn
    ("США направят в Польшу ещё 3000 военнослужащих.", [(TROOPS, 3000, None)], []),
    ("В Казахстан прибыли около 2500 миротворцев ОДКБ.", [(TROOPS, 2500, None)], []),
    ("Контингент численностью 1200 военных будет развёрнут в Косово.", [(TROOPS, 1200, None)], []),
    ("Франция выведет из страны до 1500 солдат к концу года.", [(TROOPS, 1500, None)], []),
    ("В регион переброшены более двух тысяч бойцов спецназа.", [(TROOPS, 2000, None)], []),
    ("Германия разместит в Литве бригаду из 4800 военнослужащих.", [(TROOPS, 4800, None)], []),
    ("Около 5 тысяч северокорейцев сосредоточены у границы.", [(TROOPS, 5000, None)], []),
    # agreements: a noun of one and a verb of making it, in any of their forms
    ("Россия и Китай подписали соглашение о военном сотрудничестве.", [(AGREEMENT,)], []),
    ("Стороны договорились о перемирии на 30 дней.", [(AGREEMENT,)], [30]),
    ("Парламент ратифицировал договор о дружбе с Арменией.", [(AGREEMENT,)], []),
    ("Согласно подписанному в Минске меморандуму, войска отводятся от линии фронта.", [(AGREEMENT,)], []),
    ("Министры обороны утвердили дорожную карту сотрудничества на три года.", [(AGREEMENT,)], []),
    ("Прекращение огня вступило в силу в полночь.", [(AGREEMENT,)], []),
]

# sentences with numbers the model must not be asked about: harm from disaster, disease, accident or a court,
# people moved or arrested, and no harm at all
NOT_ASKED = [
    ("Жертвами землетрясения в горах стали более 40 тысяч человек.", [40000]),
    ("Землетрясение магнитудой 7,1 унесло жизни 150 человек.", [7, 150]),
    ("В ДТП с рейсовым автобусом погибли 8 человек.", [8]),
    ("От гриппа за неделю умерли 12 человек.", [12]),
    ("При пожаре в торговом центре погибли 37 человек.", [37]),
    ("Суд приговорил троих обвиняемых к 15 годам заключения за убийство.", [3, 15]),
    ("Из зоны обстрела эвакуированы 200 жителей.", [200]),
    ("Полиция задержала 14 человек по подозрению в краже.", [14]),
    ("Цена хлеба в регионе выросла до 50 рублей.", [50]),
    ("Перемирие вступило в силу в 6 часов утра.", [6]),
]

NO_AGREEMENT = [
    "Переговоры о соглашении продолжаются.",
    "Мирный договор пока остаётся лишь планом.",
]


def _asked(text: str) -> list:
    with using(load("ru")):
        return [c for c in decide(read(text)).items if c.asked and not c.vague]


@pytest.mark.parametrize(("text", "wanted", "not_wanted"), ASKED, ids=[t[:40] for t, _, _ in ASKED])
def test_the_pack_asks_about_what_the_sentence_tells(text, wanted, not_wanted):
    asked = _asked(text)
    got = {(c.record_type, c.value, c.measure) for c in asked if c.record_type != AGREEMENT}
    for want in wanted:
        if want[0] == AGREEMENT:
            assert any(c.record_type == AGREEMENT for c in asked), text
        elif want[0] == TROOPS:
            assert any(c.record_type == TROOPS and c.value == want[1] for c in asked), (text, got)
        elif want[1] == 1:
            assert any(c.record_type == CASUALTY and c.value == 1 for c in asked), (text, got)
        else:
            assert want in got, (text, got)
    for value in not_wanted:
        assert not any(c.value == value for c in asked), (text, value, got)


@pytest.mark.parametrize(("text", "values"), NOT_ASKED, ids=[t[:40] for t, _ in NOT_ASKED])
def test_the_pack_asks_nothing_about_numbers_of_no_violence(text, values):
    asked = _asked(text)
    for value in values:
        assert not any(c.value == value for c in asked), (text, value)


@pytest.mark.parametrize("text", NO_AGREEMENT)
def test_an_agreement_noun_without_a_verb_of_making_one_is_no_agreement(text):
    assert not any(c.record_type == AGREEMENT for c in _asked(text))


@pytest.mark.parametrize(("text", "value", "measure"), [
    ("На границе погибли двое военнослужащих.", 2, "killed"),
    ("При обстреле ранены трое мирных жителей.", 3, "wounded"),
    ("Ночью в результате атаки пострадали пятеро.", 5, "wounded"),
    ("Боевики похитили четверых волонтёров.", 4, "captured"),
    ("Во время нападения на деревню боевики убили трёх охранников.", 3, "killed"),
])
def test_collective_numerals_count_people(text, value, measure):
    assert (CASUALTY, value, measure) in {(c.record_type, c.value, c.measure) for c in _asked(text)}


def test_russian_numbers_are_read_as_russian_writes_them():
    with using(load("ru")):
        values = [n.value for s in read("Было 12 000 погибших, 1,5 млн беженцев, 21 тыс. раненых, двадцать "
                                        "пять пропавших и две тысячи пленных.").sentences for n in s.numbers]
    assert values == [12000, 1_500_000, 21000, 25, 2000]


def test_hundreds_and_collectives_are_numbers():
    assert (_reads("двести пять"), _reads("семеро"), _reads("трёх")) == (205, 7, 3)


def test_qualifiers_and_vague_amounts():
    with using(load("ru")):
        text = ("Не менее 12 солдат, более 30 мирных жителей, около 40 боевиков, до 50 наёмников, "
                "по меньшей мере 60 пленных и десятки раненых.")
        mentions = [n for s in read(text).sentences for n in s.numbers]
    assert [(n.value, n.qualifier) for n in mentions] == [
        (12, "at_least"), (30, "more_than"), (40, "approximately"), (50, "up_to"), (60, "at_least"),
        (20, "vague")]


def test_a_count_rising_to_a_number_is_that_number():
    with using(load("ru")):
        mentions = find_numbers("Число раненых возросло до 85.")
    assert [(n.value, n.qualifier) for n in mentions] == [(85, "exact")]


def test_ranges():
    with using(load("ru")):
        mentions = find_numbers("погибли от 20 до 30 человек, ранены 25–35")
    assert [(n.low, n.high) for n in mentions] == [(20, 30), (25, 35)]


def test_abbreviations_end_no_sentence():
    assert _sentences("В 2023 г. в результате обстрела, т. е. удара по жилым кварталам, погибли 3 человека. "
                      "Затем был удар.") == 2


@pytest.mark.parametrize(("words", "day"), [
    ("12 марта 2024 года", "2024-03-12"), ("в понедельник", "2025-03-17"), ("вчера", "2025-03-18"),
    ("декабря 2023 года", "2023-12"), ("в 2023 году", "2023"), ("5 января", "2025-01-05"),
])
def test_russian_dates_resolve_against_the_publication_date(words, day):
    with using(load("ru")):
        assert resolve(words, date(2025, 3, 19)) == day


def test_the_audit_reads_russian_numbers_and_harm():
    with using(load("ru")):
        assert {n.value for n in audit_numbers("погибли двое, ранены двадцать пять, пропали две тысячи")} >= {
            2, 25, 2000}
        assert harm_told("погибли трое, пятеро ранены") == {"killed", "wounded"}


@pytest.mark.parametrize(("sentence", "claimant"), [
    ("По данным Минздрава, за сутки погибли 40 человек.", "Минздрава"),
    ("По словам губернатора, ранены пятеро.", "губернатора"),
    ("Министерство обороны сообщило, что уничтожено 300 боевиков.", "Министерство обороны"),
    ("«Ранены два мирных жителя», — сообщил губернатор области.", "губернатор области"),
    ("Как сообщает агентство, в регион прибыли 2000 миротворцев.", "агентство"),
    ("На Донбассе погибли двое военных, сообщил штаб операции.", "штаб операции"),
])
def test_who_makes_the_claim(sentence, claimant):
    assert _claimant(sentence) == claimant


# what the language-neutral code does not read yet in Russian

def test_an_abbreviation_before_a_name_ends_no_sentence():
    assert _sentences("Удар пришёлся по ул. Садовой, в г. Харькове погибли 3 человека. Т. е. это был "
                      "удар.") == 2


def test_a_month_in_the_prepositional():
    with using(load("ru")):
        assert resolve("в декабре 2023 года", date(2025, 3, 19)) == "2023-12"


def test_a_weekday_in_the_accusative():
    with using(load("ru")):
        assert resolve("в среду", date(2025, 3, 19)) == "2025-03-19"

"""The Ukrainian pack (sitrep/reading/packs/uk): for each sentence of a table of Ukrainian sentences written
for this test, the record types and values the method must ask the model about, and the numbers it must not
ask about (a year, a price, a term in prison, the dead of an earthquake or a storm). Candidates are decided as
the pipeline decides them: `decide(read(text))` with the Ukrainian pack active. Ukrainian inflects: the pack
lists lemmas, and the sentences use them in other forms ("вбито", "загиблих", "військовослужбовців", "угоду");
the apostrophe is written ', ’ or ʼ ("п'ятеро", "п’ятеро")."""

from __future__ import annotations

from datetime import date

import pytest
from fakellm import FakeLLM

from sitrep.building.audit import record_problem
from sitrep.building.audit_reading import harm_told
from sitrep.building.audit_reading import numbers as audit_numbers
from sitrep.building.claims import in_sentence
from sitrep.building.records import place_in
from sitrep.deciding.decide import decide
from sitrep.events.words import says_total
from sitrep.extract import extract_article
from sitrep.reading.chunking import sentence_spans
from sitrep.reading.dates import resolve
from sitrep.reading.language import told
from sitrep.reading.pack import load, using
from sitrep.reading.quantities import find_numbers
from sitrep.reading.reading import read
from sitrep.schemas import Article

CASUALTY, TROOPS, AGREEMENT = "casualty_figure", "troop_deployment", "agreement"

# (sentence, what must be asked: (record type, value, measure) for numbers, (AGREEMENT,) for an agreement,
#  values no candidate may ask about)
ASKED = [
    # the number before its harm word, and the harm word before the number ("загинули 12 людей")
    ("Унаслідок обстрілу ринку загинули 12 людей, ще 34 отримали поранення.",
     [(CASUALTY, 12, "killed"), (CASUALTY, 34, "wounded")], []),
    ("Через удар безпілотника 9 мирних жителів загинули, 21 постраждав.",
     [(CASUALTY, 9, "killed"), (CASUALTY, 21, "wounded")], []),
    ("Армія повідомила, що в бою було вбито 7 бойовиків і поранено ще 4 військовослужбовців.",
     [(CASUALTY, 7, "killed"), (CASUALTY, 4, "wounded")], []),
    ("Під час перестрілки на кордоні поранено одного прикордонника.", [(CASUALTY, 1, "wounded")], []),
    ("За даними місцевої влади, за добу авіаудари по місту вбили щонайменше 40 цивільних.",
     [(CASUALTY, 40, "killed")], []),
    ("Під час штурму села загинули загалом 15 бійців.", [(CASUALTY, 15, "killed")], []),
    ("Атака на колону забрала життя 11 солдатів.", [(CASUALTY, 11, "killed")], []),
    ("Жертвами нічного авіаудару стали 23 людини.", [(CASUALTY, 23, "killed")], []),
    ("Бойовики взяли в полон 15 солдатів урядових військ.", [(CASUALTY, 15, "captured")], []),
    ("Після боїв за висоту зникли безвісти 9 військовослужбовців.", [(CASUALTY, 9, "missing")], []),
    ("Кількість загиблих унаслідок обстрілу вокзалу зросла до 31.", [(CASUALTY, 31, "killed")], []),
    ("Унаслідок атаки дронів убиті, поранені або зникли безвісти понад 60 людей.",
     [(CASUALTY, 60, "casualties")], []),
    ("Ворог втратив 900 військовослужбовців убитими й пораненими.", [(CASUALTY, 900, "casualties")], []),
    ("Через вибух замінованого автомобіля біля блокпоста загинули 8 поліцейських і 3 перехожих.",
     [(CASUALTY, 8, "killed"), (CASUALTY, 3, "killed")], []),
    ("Ракетний удар по гуртожитку: 2 людини загинули, 17 поранені, серед них 4 дитини.",
     [(CASUALTY, 2, "killed"), (CASUALTY, 17, "wounded"), (CASUALTY, 4, "wounded")], []),
    ("Генштаб повідомив про ліквідацію понад 120 окупантів.", [(CASUALTY, 120, "killed")], []),
    ("Від ворожих обстрілів постраждали 11 мешканців області, серед них – двоє дітей.",
     [(CASUALTY, 11, "wounded"), (CASUALTY, 2, "wounded")], []),
    ("За добу внаслідок російської агресії загинули 2 людини, ще 14 – поранені.",
     [(CASUALTY, 2, "killed"), (CASUALTY, 14, "wounded")], []),
    ("Щонайменше 5 людей дістали поранень під час атаки шахедів на Одесу.", [(CASUALTY, 5, "wounded")], []),
    ("Внаслідок російського обстрілу Херсона загинула жінка, ще троє людей дістали поранення.",
     [(CASUALTY, 1, "killed"), (CASUALTY, 3, "wounded")], []),
    ("Загиблих двоє, поранених – семеро.", [(CASUALTY, 2, "killed"), (CASUALTY, 7, "wounded")], []),
    ("Втрати ворога за минулу добу склали 1 230 осіб.", [(CASUALTY, 1230, "casualties")], []),
    ("Поранень зазнали ще 12 людей.", [(CASUALTY, 12, "wounded")], []),
    ("Загинули 5 військовослужбовців, 12 отримали поранення, ще 3 вважаються зниклими безвісти.",
     [(CASUALTY, 5, "killed"), (CASUALTY, 12, "wounded"), (CASUALTY, 3, "missing")], []),
    ("Українські військові взяли в полон 40 російських солдатів.", [(CASUALTY, 40, "captured")], []),
    ("Під час спецоперації затримано трьох диверсантів.", [(CASUALTY, 3, "captured")], []),
    # numbers as Ukrainian writes them
    ("Від початку наступу загинули 12 000 мирних жителів.", [(CASUALTY, 12000, "killed")], []),
    ("За оцінками місії ООН, від початку війни поранено понад 21 тис. цивільних.",
     [(CASUALTY, 21000, "wounded")], []),
    ("Унаслідок обстрілів загинули близько двох тисяч військових.", [(CASUALTY, 2000, "killed")], []),
    ("Під час нападу на село бойовики вбили трьох охоронців.", [(CASUALTY, 3, "killed")], []),
    # one person harmed, told by a noun alone
    ("Під час артобстрілу загинув мирний житель.", [(CASUALTY, 1, "killed")], []),
    ("Жінка загинула внаслідок обстрілу Херсона.", [(CASUALTY, 1, "killed")], []),
    ("Російський дрон атакував автомобіль, поранено водія.", [(CASUALTY, 1, "wounded")], []),
    # numbers that count no one harmed beside numbers that do
    ("У 2022 році під час бойових дій було вбито 5 журналістів.", [(CASUALTY, 5, "killed")], [2022]),
    ("За 24 години в зоні конфлікту поранено 14 військових.", [(CASUALTY, 14, "wounded")], [24]),
    ("Армія випустила по місту 40 ракет, 6 людей загинули.", [(CASUALTY, 6, "killed")], [40]),
    ("Знищено 5 танків і 3 бронемашини, загинули 19 солдатів противника.",
     [(CASUALTY, 19, "killed")], [5, 3]),
    ("Родини 12 загиблих військовослужбовців отримають по 15 млн гривень.",
     [(CASUALTY, 12, "killed")], [15_000_000]),
    ("Внаслідок удару по 9-поверхівці загинули 4 людини.", [(CASUALTY, 4, "killed")], [9]),
    ("У лютому 12 людей загинули внаслідок обстрілів.", [(CASUALTY, 12, "killed")], []),
    ("Під час обстрілу загинули 4 військовослужбовці 47 окремої механізованої бригади.",
     [(CASUALTY, 4, "killed")], [47]),
    ("За рік ворог втратив армію більш ніж на 400 тис. осіб убитими й пораненими.",
     [(CASUALTY, 400_000, "casualties")], []),
    ("Протягом доби росіяни 87 разів обстріляли область, поранено 4 людей.",
     [(CASUALTY, 4, "wounded")], [87]),
    ("Сили ППО збили 30 шахедів, загинула 1 людина.", [(CASUALTY, 1, "killed")], [30]),
    ("Окупанти скинули КАБ на село, загинув 65-річний чоловік.", [(CASUALTY, 1, "killed")], [65]),
    # collective numerals and the other cases of number words, with every apostrophe
    ("На кордоні загинули двоє військовослужбовців.", [(CASUALTY, 2, "killed")], []),
    ("Під час обстрілу поранено трьох мирних жителів.", [(CASUALTY, 3, "wounded")], []),
    ("Уночі внаслідок атаки постраждали п’ятеро.", [(CASUALTY, 5, "wounded")], []),
    ("Унаслідок удару ракети по зупинці загинули п'ятеро людей.", [(CASUALTY, 5, "killed")], []),
    ("Бойовики викрали чотирьох волонтерів.", [(CASUALTY, 4, "captured")], []),
    ("Семеро бійців отримали поранення під час штурму.", [(CASUALTY, 7, "wounded")], []),
    ("Щонайменше двоє людей загинули, ще шестеро дістали поранень унаслідок ракетного удару.",
     [(CASUALTY, 2, "killed"), (CASUALTY, 6, "wounded")], []),
    ("Після атаки дрона загинули девʼятеро цивільних.", [(CASUALTY, 9, "killed")], []),
    # troops sent, stationed, withdrawn
    ("США направлять до Польщі ще 3000 військовослужбовців.", [(TROOPS, 3000, None)], []),
    ("До Казахстану прибули близько 2500 миротворців ОДКБ.", [(TROOPS, 2500, None)], []),
    ("Контингент чисельністю 1200 військових буде розгорнуто в Косові.", [(TROOPS, 1200, None)], []),
    ("Франція виведе з країни до 1500 солдатів до кінця року.", [(TROOPS, 1500, None)], []),
    ("До регіону перекинуто понад дві тисячі бійців спецназу.", [(TROOPS, 2000, None)], []),
    ("Німеччина розмістить у Литві бригаду з 4800 військовослужбовців.", [(TROOPS, 4800, None)], []),
    ("Біля кордону зосереджено близько 90 тисяч російських військових.", [(TROOPS, 90000, None)], []),
    ("Росія стягнула до кордону ще 10 тисяч військ.", [(TROOPS, 10000, None)], []),
    ("До Румунії прибули 500 французьких військових.", [(TROOPS, 500, None)], []),
    # agreements: a noun of one and a verb of making it, in any of their forms
    ("Україна та Польща підписали угоду про оборонне співробітництво.", [(AGREEMENT,)], []),
    ("Сторони домовилися про перемир’я на 30 днів.", [(AGREEMENT,)], [30]),
    ("Парламент ратифікував договір про дружбу з Молдовою.", [(AGREEMENT,)], []),
    ("Міністри оборони затвердили дорожню карту співпраці на три роки.", [(AGREEMENT,)], []),
    ("Припинення вогню набуло чинності опівночі.", [(AGREEMENT,)], []),
    ("Про обмін полоненими домовилися делегації обох країн.", [(AGREEMENT,)], []),
    ("Сторони погодилися на тимчасове припинення вогню.", [(AGREEMENT,)], []),
    ("Угода між Україною та Молдовою про оборонне співробітництво (повний текст)", [(AGREEMENT,)], []),
]

# sentences with numbers the model must not be asked about: harm from disaster, disease, accident or a court,
# people moved or arrested, and no harm at all
NOT_ASKED = [
    ("Жертвами землетрусу в горах стали понад 40 тисяч людей.", [40000]),
    ("Землетрус магнітудою 7,1 забрав життя 150 людей.", [7, 150]),
    ("У ДТП з рейсовим автобусом загинули 8 людей.", [8]),
    ("Від грипу за тиждень померли 12 людей.", [12]),
    ("Під час пожежі в торговому центрі загинули 37 людей.", [37]),
    ("Повінь на заході країни забрала життя 11 людей.", [11]),
    ("Через негоду двоє людей загинули, ще семеро травмовані.", [2, 7]),
    ("Унаслідок ДТП на трасі загинули троє військових.", [3]),
    ("Від отруєння чадним газом загинули двоє людей.", [2]),
    ("Вибух газу в житловому будинку забрав життя 5 людей.", [5]),
    ("Окупанти обстріляли Нікополь, пошкоджено 12 будинків.", [12]),
    ("Суд засудив трьох обвинувачених до 15 років позбавлення волі за вбивство.", [3, 15]),
    ("Із зони обстрілів евакуювали 200 жителів.", [200]),
    ("Поліція затримала 14 людей за підозрою у крадіжці.", [14]),
    ("На Донеччині поліцейські затримали 5 людей за підозрою в крадіжці.", [5]),
    ("Ціна хліба в регіоні зросла до 50 гривень.", [50]),
    ("Перемир’я набуло чинності о 6 годині ранку.", [6]),
]

NO_AGREEMENT = [
    "Переговори щодо угоди тривають.",
    "Мирний договір поки що залишається лише планом.",
]


def _asked(text: str) -> list:
    with using(load("uk")):
        return [c for c in decide(read(text)).items if c.asked and not c.vague]


def _reads(words: str) -> int | None:
    with using(load("uk")):
        found = find_numbers(words)
    return found[0].value if len(found) == 1 and found[0].text == words else None


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


def test_ukrainian_numbers_are_read_as_ukrainian_writes_them():
    with using(load("uk")):
        values = [n.value for s in read("Було 12 000 загиблих, 1,5 млн біженців, 21 тис. поранених, двадцять "
                                        "п’ять зниклих і дві тисячі полонених.").sentences for n in s.numbers]
    assert values == [12000, 1_500_000, 21000, 25, 2000]


@pytest.mark.parametrize(("words", "value"), [
    ("двісті п'ять", 205), ("семеро", 7), ("трьох", 3), ("п’ятьох", 5), ("пʼятеро", 5), ("п'ятеро", 5),
    ("дев’ять", 9), ("сорока", 40), ("тридцяти п'яти", 35), ("обидва", 2), ("одну", 1), ("два десятки", 20),
])
def test_hundreds_collectives_and_cases_are_numbers(words, value):
    assert _reads(words) == value


def test_qualifiers_and_vague_amounts():
    with using(load("uk")):
        text = ("Щонайменше 12 солдатів, понад 30 мирних жителів, близько 40 бойовиків, до 50 найманців, "
                "не менше 60 полонених, більш ніж на 70 тис. осіб і десятки поранених.")
        mentions = [n for s in read(text).sentences for n in s.numbers]
    assert [(n.value, n.qualifier) for n in mentions] == [
        (12, "at_least"), (30, "more_than"), (40, "approximately"), (50, "up_to"), (60, "at_least"),
        (70000, "more_than"), (20, "vague")]


def test_a_count_rising_to_a_number_is_that_number():
    with using(load("uk")):
        mentions = find_numbers("Кількість поранених зросла до 85.")
    assert [(n.value, n.qualifier) for n in mentions] == [(85, "exact")]


def test_ranges():
    with using(load("uk")):
        mentions = find_numbers("загинули від 20 до 30 людей, поранено 25–35")
    assert [(n.low, n.high) for n in mentions] == [(20, 30), (25, 35)]


def test_an_abbreviation_before_lower_case_ends_no_sentence():
    text = "У 2023 р. внаслідок обстрілу, т. зв. подвійного удару, загинули 3 людини. Потім був ще удар."
    with using(load("uk")):
        assert len(sentence_spans(text)) == 2


@pytest.mark.parametrize(("words", "day"), [
    ("12 березня 2024 року", "2024-03-12"), ("у понеділок", "2025-03-17"), ("вчора", "2025-03-18"),
    ("грудня 2023 року", "2023-12"), ("у 2023 році", "2023"), ("5 січня", "2025-01-05"),
])
def test_ukrainian_dates_resolve_against_the_publication_date(words, day):
    with using(load("uk")):
        assert resolve(words, date(2025, 3, 19)) == day


@pytest.mark.parametrize(("words", "total"), [
    ("Від початку повномасштабного вторгнення загинули 600 дітей.", True),
    ("З жовтня 2023 року загинули 40 тисяч людей.", True),
    ("Загалом поранено 300 людей.", True),
    ("Унаслідок удару загинули 4 людини.", False),
])
def test_a_running_total_is_told_by_its_words(words, total):
    with using(load("uk")):
        assert says_total(words) is total


def test_the_audit_reads_ukrainian_numbers_and_harm():
    with using(load("uk")):
        told = audit_numbers("загинули двоє, поранено двадцять шість, зникли дві тисячі")
        assert {n.value for n in told} >= {2, 26, 2000}
        assert harm_told("загинули троє, четверо поранені, ще двоє потрапили в полон") == {
            "killed", "wounded", "captured"}


@pytest.mark.parametrize(("sentence", "claimant"), [
    ("За даними МОЗ, за добу загинули 40 людей.", "МОЗ"),
    ("За словами губернатора, поранено п’ятеро.", "губернатора"),
    ("Міністерство оборони повідомило, що знищено 300 бойовиків.", "Міністерство оборони"),
    ("«Поранено двох мирних жителів», — повідомив голова громади.", "голова громади"),
    ("Як повідомляє агентство, до регіону прибули 2000 миротворців.", "агентство"),
    ("Про це повідомляє штаб бригади.", "штаб бригади"),
    ("Про це у Telegram написав очільник ОВА.", "очільник ОВА"),
    ("Про це прес-служба поліції повідомила ввечері.", "прес-служба поліції"),
    ("Про це повідомили в Генштабі.", "Генштабі"),
    ("Про це йдеться у заяві пресслужби прикордонників.", "пресслужби прикордонників"),
])
def test_who_makes_the_claim(sentence, claimant):
    with using(load("uk")):
        assert in_sentence(sentence) == claimant


@pytest.mark.parametrize(("sentence", "place"), [
    ("Четверо військових загинули в районі селища Шуми на Донбасі.", "Шуми"),
    ("У Дружківці загинули двоє людей.", "Дружківці"),
    ("Внаслідок удару по селу Гроза загинули 52 людини.", "Гроза"),
    ("Про це повідомили в Офісі президента.", None),
])
def test_where_it_happened(sentence, place):
    with using(load("uk")):
        assert place_in(sentence) == place


def test_an_abbreviation_before_a_name_ends_no_sentence():
    with using(load("uk")):
        assert len(sentence_spans("Удар припав на м. Харків, у Харківській обл. загинули 3 людини.")) == 1


def test_the_audit_reads_number_words_with_an_apostrophe():
    with using(load("uk")):
        assert {n.value for n in audit_numbers("загинули п’ятеро, поранено двадцять пʼять")} >= {5, 25}


# dates in their case forms
def test_a_month_in_the_locative():
    with using(load("uk")):
        assert resolve("у грудні 2023 року", date(2025, 3, 19)) == "2023-12"


def test_a_weekday_in_the_accusative():
    with using(load("uk")):
        assert resolve("у середу", date(2025, 3, 19)) == "2025-03-19"


ARTICLE = ("Щонайменше 14 військовослужбовців загинули у вівторок унаслідок ракетного удару по полігону "
           "поблизу Дніпра, повідомило командування. Ще вісім отримали поранення. "
           "Литва оголосила про відправлення 600 додаткових військових до Польщі.")


def test_records_are_built_and_audited_in_ukrainian(settings):
    article = told(Article(id="uk-1", text=ARTICLE, published=date(2024, 3, 20)))
    assert article.language == "uk"
    answers = {
        "casualty_figure": [[{"quote": "Щонайменше 14 військовослужбовців загинули у вівторок", "count": 14,
                              "measure": "killed", "group": "військовослужбовців"},
                             {"quote": "Ще вісім отримали поранення", "count": 8, "measure": "wounded",
                              "group": "військовослужбовців"}]],
        "troop_deployment": [[{"quote": "Литва оголосила про відправлення 600 додаткових військових",
                               "count": 600, "force": "Литва", "status": "deployed"}]],
    }
    result = extract_article(article, FakeLLM(queue=answers).backend(), settings)
    got = sorted((r.record_type, r.count.value, r.count.qualifier, getattr(r, "measure", None))
                 for r in result.records)
    assert got == [(CASUALTY, 8, "exact", "wounded"), (CASUALTY, 14, "at_least", "killed"),
                   (TROOPS, 600, "exact", None)], result.trace
    for record in result.records:
        assert record.article.language == "uk"
        assert ARTICLE[record.evidence.start:record.evidence.end] == record.evidence.quote
        assert record_problem(record.model_dump(mode="json"), ARTICLE) is None

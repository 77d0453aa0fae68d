"""Each class of false or lost record the method must not produce, on invented sentences: the model's items
are given, and what code keeps, corrects or drops (with its reason) is checked."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sitrep.building.aligned import Found
from sitrep.building.build import build_records
from sitrep.building.claims import in_sentence
from sitrep.building.grounding import locate
from sitrep.building.items import AgreementItem, CasualtyItem, TroopItem
from sitrep.building.records import extraction_info
from sitrep.deciding.candidates import casualty_number, stated_measure, troop_number
from sitrep.deciding.decide import passages
from sitrep.deciding.scope import context_of
from sitrep.deciding.victims import one_person_harmed, single_victims
from sitrep.reading.language import unread_language
from sitrep.reading.pack import load, using
from sitrep.reading.quantities import find_numbers, written_in
from sitrep.schemas import Article

INFO = extraction_info("test-model", "v0")


def build(text: str, *items, title: str | None = None):
    article = Article(id="t", text=text, title=title, published=date(2025, 3, 4))
    found = [Found(kind, item, locate(text, item.quote)) for kind, item in items]
    drops: Counter = Counter()
    records = build_records(found, article, INFO, drops)
    return records, drops


def assert_no_casualty(cases: list[tuple[str, str]]) -> None:
    """Each (sentence, number words): the number is no casualty figure of the sentence."""
    for text, words in cases:
        assert casualty_number(text, number(text, words)) is not None, text


def killed(quote: str, count: int, group: str = "people", measure: str = "killed"):
    return "casualty_figure", CasualtyItem(quote=quote, count=count, measure=measure, group=group)


def number(sentence: str, words: str):
    return next(n for n in find_numbers(sentence) if n.text == words)


# ---------------------------------------------------------------- a count of 1 from "a"/"an"

def test_an_a_that_belongs_to_something_else_is_no_count_of_one():
    text = "Militia fighters launched an assault on the river town before dawn, and the town was shelled."
    records, drops = build(text, killed("launched an assault on the river town", 1))
    assert records == [] and sum(drops.values()) == 1
    assert not written_in("troops launched an assault on the town", 1)
    assert written_in("a shepherd was killed by a mine", 1)


def test_a_single_victim_told_in_words_is_found_and_kept():
    for text, group in [("The mayor was shot dead in his car outside the town hall.", "mayor"),
                        ("A cleric was beheaded by the militants on Friday.", "cleric"),
                        ("Gunmen killed a farmer near the border.", "farmer")]:
        assert single_victims(text) and one_person_harmed(text), text
        assert passages("casualty_figure", text), text  # the model is asked about it
        quote = text.split(" by ")[0].split(" near ")[0].rstrip(".")
        records, _ = build(text, killed(quote, 1, group))
        assert [(r.count.value, r.measure) for r in records] == [(1, "killed")], text


# ---------------------------------------------------------------- one vague word, one number, one measure

def test_a_vague_word_gives_no_record_for_measures_the_text_does_not_state():
    text = "Hundreds of residents flee across the border and are held there for days."
    items = [killed("Hundreds of residents flee", 200, "residents", m) for m in
             ("killed", "wounded", "missing", "captured")]
    records, drops = build(text, *items)
    assert records == [] and sum(drops.values()) == 4


def test_one_number_gives_one_record_per_measure_the_text_states():
    text = "The strike on the market killed 14 people, the governor said."
    items = [killed("killed 14 people", 14, "people", m) for m in ("killed", "wounded", "casualties")]
    records, _ = build(text, *items)
    assert [(r.count.value, r.measure) for r in records] == [(14, "killed")]


def test_a_vague_amount_is_marked_vague_with_its_word():
    text = "The raid killed 9 villagers and wounded dozens more, the elders said."
    records, _ = build(text, killed("killed 9 villagers", 9, "villagers"),
                       killed("wounded dozens more", 24, "villagers", "wounded"))
    by_measure = {r.measure: r.count for r in records}
    assert by_measure["killed"].value == 9 and by_measure["killed"].qualifier == "exact"
    assert by_measure["wounded"].qualifier == "vague" and by_measure["wounded"].text == "dozens"


# ---------------------------------------------------------------- the same fact told twice

def test_the_same_casualty_told_in_two_sentences_is_one_record():
    text = ("Two paramedics were killed in a drone strike on Tuesday. The health ministry said the two "
            "paramedics were killed while driving an ambulance.")
    records, drops = build(text, killed("Two paramedics were killed in a drone strike", 2, "paramedics"),
                           killed("the two paramedics were killed while driving", 2, "paramedics"))
    assert len(records) == 1 and drops["the same fact as another record"] == 1


def test_a_figure_told_again_of_people_in_general_is_the_same_fact():
    text = ("Shelling killed nine herders near the river crossing. Residents said the barrage that killed "
            "nine people lasted an hour.")
    records, drops = build(text, killed("Shelling killed nine herders", 9, "herders"),
                           killed("the barrage that killed nine people", 9, "people"))
    assert [r.group for r in records] == ["herders"] and drops["the same fact as another record"] == 1
    assert records[0].article.language == "en"


def test_the_same_people_with_their_country_told_once_are_the_same_fact():
    text = ("Seven Bolivian miners were killed in the ambush, the police said. The union confirmed that the "
            "seven miners were killed by gunmen.")
    records, drops = build(text,
                           killed("Seven Bolivian miners were killed in the ambush", 7, "Bolivian miners"),
                           killed("the seven miners were killed by gunmen", 7, "miners"))
    assert [r.country for r in records] == ["Bolivia"] and drops["the same fact as another record"] == 1
    # the same figure of people of two countries is two facts
    text = "Seven Bolivian miners were killed on Monday. Seven Peruvian miners were killed on Tuesday."
    records, _ = build(text, killed("Seven Bolivian miners were killed", 7, "Bolivian miners"),
                       killed("Seven Peruvian miners were killed", 7, "Peruvian miners"))
    assert len(records) == 2


def test_where_adjectives_follow_their_noun_the_noun_comes_first():
    with using(load("fr")):
        text = ("Sept mineurs boliviens ont été tués dans l'embuscade, selon la police. Le syndicat a "
                "confirmé la mort de sept mineurs.")
        records, drops = build(text, killed("Sept mineurs boliviens ont été tués", 7, "mineurs boliviens"),
                               killed("la mort de sept mineurs", 7, "mineurs"))
    assert [r.country for r in records] == ["Bolivia"] and drops["the same fact as another record"] == 1


def test_the_same_fact_told_of_a_place_in_two_forms_is_one_record():
    text = ("Three firefighters were killed near Lutsk on Monday. The regional council said three "
            "firefighters were killed in the Lutsk district by a drone.")
    records, drops = build(text, killed("Three firefighters were killed near Lutsk", 3, "firefighters"),
                           killed("three firefighters were killed in the Lutsk district", 3, "firefighters"))
    assert len(records) == 1 and drops["the same fact as another record"] == 1
    with using(load("uk")):  # the place in two case forms
        text = ("Троє пожежників загинули внаслідок обстрілу під Луцьком. Обласна рада повідомила, що троє "
                "пожежників загинули від удару дрона біля Луцька.")
        records, drops = build(text, killed("Троє пожежників загинули внаслідок обстрілу під Луцьком", 3,
                                            "пожежників"),
                               killed("троє пожежників загинули від удару дрона біля Луцька", 3,
                                      "пожежників"))
    assert len(records) == 1 and drops["the same fact as another record"] == 1
    # places with no name in common stay apart
    text = "Three firefighters were killed in Lutsk. Three firefighters were killed in Rivne."
    records, _ = build(text, killed("Three firefighters were killed in Lutsk", 3, "firefighters"),
                       killed("Three firefighters were killed in Rivne", 3, "firefighters"))
    assert len(records) == 2


def test_a_number_whose_noun_is_left_out_counts_the_people_told_before_it():
    text = "Two soldiers were killed in the shelling and five were wounded, the army said."
    records, _ = build(text, killed("five were wounded", 5, "troops", "wounded"))
    assert [(r.group, r.count.value) for r in records] == [("soldiers", 5)]
    with using(load("ru")):  # the model names the group in English; the record in the article's words
        text = "В результате обстрела двое военных погибли, еще семеро пострадали."
        records, _ = build(text, killed("еще семеро пострадали", 7, "soldiers", "wounded"))
    assert [(r.group, r.count.value) for r in records] == [("военных", 7)]


def test_the_words_of_whose_casualties_end_at_a_word_of_harm_after_the_first():
    with using(load("ar")):  # "the killing of 6 farmers and the wounding of 9 others in the shelling"
        text = "أعلنت السلطات مقتل 6 مزارعين وإصابة 9 آخرين في القصف."
        records, _ = build(text, killed("مقتل 6 مزارعين وإصابة 9 آخرين", 6, "farmers"))
    assert [r.group for r in records] == ["مزارعين"]
    text = "Nine bodies were found near the dam after the raid, police said."  # the first word is counted
    records, _ = build(text, killed("Nine bodies were found", 9, "bodies"))
    assert [r.group for r in records] == ["bodies"]


def test_single_victims_of_people_in_general_stay_apart():
    text = "A soldier was shot dead at the gate. Later one person was killed by a roadside bomb."
    records, _ = build(text, killed("A soldier was shot dead at the gate", 1, "soldier"),
                       killed("one person was killed by a roadside bomb", 1, "person"))
    assert len(records) == 2


# ---------------------------------------------------------------- combined figures are casualties

def test_a_combined_figure_is_casualties_never_deaths():
    text = ("Over 6,000 of the soldiers have been killed, wounded, or gone missing since the autumn, "
            "officials said.")
    mention = number(text, "Over 6,000")
    assert stated_measure(text, mention) == "casualties"
    records, _ = build(text, killed("Over 6,000 of the soldiers have been killed", 6000, "soldiers"))
    assert [(r.count.value, r.measure) for r in records] == [(6000, "casualties")]


def test_separate_figures_keep_their_own_measures():
    text = "The shelling killed 25 people and wounded 110 others."
    assert stated_measure(text, number(text, "25")) == "killed"
    assert stated_measure(text, number(text, "110")) == "wounded"


# ---------------------------------------------------------------- places are words of the sentence

def test_a_troop_location_not_in_its_sentence_is_replaced_by_the_place_the_sentence_names():
    text = ("Some 4,000 Belarusian troops have been stationed in the Gomel region since spring, the ministry "
            "said.")
    item = TroopItem(quote="Some 4,000 Belarusian troops have been stationed", count=4000, force="Belarus",
                     location="Minsk", status="deployed")
    records, _ = build(text, ("troop_deployment", item))
    assert records[0].location == "Gomel region" and records[0].force == "Belarus"


def test_the_place_a_claimant_speaks_from_is_not_where_the_casualties_were():
    text = "Officials in Lisbon said 30 sailors were killed when the frigate was struck by a missile."
    records, _ = build(text, killed("30 sailors were killed", 30, "sailors"))
    assert records[0].location is None
    text = "Officials said 30 sailors were killed near Porto when the frigate was struck by a missile."
    records, _ = build(text, killed("30 sailors were killed near Porto", 30, "sailors"))
    assert records[0].location == "Porto"


def test_a_force_the_text_does_not_name_is_taken_from_the_words_by_the_number_or_dropped():
    text = "About 700 Chadian troops arrived in the capital on Monday."
    item = TroopItem(quote="About 700 Chadian troops arrived", count=700, force="Niger", status="deployed")
    records, _ = build(text, ("troop_deployment", item))
    assert records[0].force == "Chad"
    text = "About 700 troops arrived in the capital on Monday."
    item = TroopItem(quote="About 700 troops arrived", count=700, force="Niger", status="deployed")
    records, drops = build(text, ("troop_deployment", item))
    assert records == [] and drops["whose troops is not named in its sentence"] == 1


def test_a_group_the_sentence_does_not_name_is_replaced_by_its_words():
    text = "At least 12 fishermen were killed when their boat was shelled."
    records, _ = build(text, killed("At least 12 fishermen were killed", 12, "Ukrainian soldiers"))
    assert records[0].group == "fishermen"


# ---------------------------------------------------------------- records that should not exist

def test_an_arrest_in_a_political_scandal_is_not_a_casualty():
    text = "Police arrested 4 council officials over the bribery scandal on Tuesday."
    assert casualty_number(text, number(text, "4")) is not None
    records, _ = build(text, killed("Police arrested 4 council officials", 4, "officials", "captured"))
    assert records == []
    text = "Rebel fighters captured 4 soldiers at the checkpoint."
    assert casualty_number(text, number(text, "4")) is None


def test_people_affected_by_an_epidemic_are_not_wounded():
    text = "The cholera outbreak has affected 3,000 people in the province, and 40 have died."
    assert casualty_number(text, number(text, "3,000")) is not None
    records, _ = build(text, killed("affected 3,000 people", 3000, "people", "wounded"),
                       killed("40 have died", 40))
    assert records == []


def test_deaths_from_influenza_disaster_or_accident_are_not_casualties():
    for text in ("Influenza has killed 230 people across the region this winter.",
                 "A ferry capsized on the lake, killing 18 passengers.",
                 "An earthquake strikes the valley, killing eight people."):
        n = next(m for m in find_numbers(text) if m.qualifier != "vague" and m.value > 1)
        assert casualty_number(text, n) is not None, text
    text = "A missile strike on the hospital killed 18 patients."
    assert casualty_number(text, number(text, "18")) is None


def test_the_title_or_the_sentence_before_can_name_the_cause():
    text = "At least 60 people are dead after the floods. At least 9 workers were killed at the dam."
    n = number(text.split(". ")[1], "At least 9")
    from sitrep.deciding.scope import context_of
    assert casualty_number(text.split(". ")[1] + ".", n, context_of(text, text.index("At least 9"), None))
    assert not passages("casualty_figure", "At least 9 workers were killed.", "2031 Lakeside floods") == \
        passages("casualty_figure", "At least 9 workers were killed.")


def test_a_supply_deal_between_two_companies_is_no_agreement():
    text = "Norvane Motors and Kessel Aerospace signed a supply deal worth $400 million on Monday."
    item = AgreementItem(quote=text.rstrip("."), parties=["Norvane Motors", "Kessel Aerospace"])
    records, drops = build(text, ("agreement", item))
    assert records == [] and sum(drops.values()) == 1
    text = "Ghana and Togo signed a border security agreement on Monday."
    records, _ = build(text, ("agreement", AgreementItem(quote=text.rstrip("."), parties=["Ghana", "Togo"])))
    assert records[0].parties == ["Ghana", "Togo"]


def test_a_conviction_for_murder_is_not_a_casualty():
    text = "Six men are found guilty of murder for their part in the 2019 bombing."
    assert casualty_number(text, number(text, "Six")) is not None
    assert not passages("casualty_figure", text)


def test_personnel_before_a_court_or_members_of_a_club_are_not_troops():
    for text, words in [("Slovaks elect the 150 members of the National Council.", "150"),
                        ("The court charged 40 members of the armed forces with desertion.", "40"),
                        ("She scored at five Men's World Cup tournaments.", "five")]:
        assert troop_number(text, number(text, words)) is not None, text
    text = "Around half of the estimated 11,000 soldiers deployed have been killed or wounded."
    assert troop_number(text, number(text, "estimated 11,000")) is None


def test_a_claimant_is_a_name_not_a_cut_short_phrase():
    assert in_sentence("According to the, 40 soldiers were killed.") is None
    assert (in_sentence("According to the regional governor, 40 soldiers were killed.")
            == "the regional governor")
    assert in_sentence("Two soldiers were killed in the attack. (Wire Service) (Daily Paper)") is None


# ---------------------------------------------------------------- languages the method cannot read

def test_an_article_in_another_language_is_named_not_passed_as_empty():
    # languages without a pack (see tests/test_languages.py for those that have one)
    assert unread_language("Almeno dodici civili sono stati uccisi in un attacco contro il mercato, secondo "
                           "il sindaco.") == "it"
    assert unread_language(
        "Co najmniej dwunastu cywilów zginęło w ataku na targowisko, poinformował burmistrz.") == "pl"
    assert unread_language(
        "Pazara düzenlenen saldırıda en az on iki sivil hayatını kaybetti, belediye başkanı söyledi.") == "tr"
    assert unread_language(
        "At least twelve civilians were killed in a strike on the market, the mayor said.") is None


# ---------------------------------------------------------------- whose harm a number is

def test_harm_words_belong_to_every_number_of_a_list_and_to_no_number_past_a_clause():
    text = "Ten prison guards and seven inmates were killed when gunmen stormed the jail."
    assert stated_measure(text, number(text, "Ten")) == "killed"
    text = "Five rebel fighters, four villagers killed and two others wounded in the raid."
    assert stated_measure(text, number(text, "Five")) == "killed"
    assert troop_number(text, number(text, "Five")) is not None  # harmed fighters are casualties, not troops
    text = "Norway will send 600 soldiers to Latvia, where two soldiers were wounded last year."
    assert (stated_measure(text, number(text, "600")) is None
            and troop_number(text, number(text, "600")) is None)
    text = "Two guards were killed and two others were injured in the raid."
    assert stated_measure(text, number(text, "two")) == "wounded"
    text = "Government forces have captured or killed more than 40 rebel commanders."
    assert stated_measure(text, number(text, "more than 40")) == "casualties"


def test_death_sentences_animals_and_transport_accidents_are_not_casualties():
    for text, words in [("A military court sentences nine soldiers to death for desertion.", "nine"),
                        ("Rangers report killing 98 animals that strayed onto the base.", "98"),
                        ("At least 24 people are killed when a bus plunges off a cliff.", "At least 24"),
                        ("An explosion at a fireworks factory kills 12 workers.", "12")]:
        assert casualty_number(text, number(text, words)) is not None, text
    text = "A car bomb explodes in the market, killing 12 people."
    assert casualty_number(text, number(text, "12")) is None


def test_judicial_executions_people_before_a_court_and_vessel_accidents_are_not_casualties():
    for text, words in [("The state executed 3 men convicted of drug smuggling.", "3"),
                        ("A tribunal charges 19 officers with the killing of protesters.", "19"),
                        ("A speedboat explodes at a jetty, killing six passengers.", "six"),
                        ("A superyacht sinks off the coast, killing 4 guests.", "4")]:
        assert casualty_number(text, number(text, words)) is not None, text
    for text, words in [("Insurgents executed 12 hostages in the village.", "12"),
                        ("A car bomb explodes outside the ministry, killing 12 people.", "12"),
                        ("A missile hit a bus, killing 7 passengers.", "7")]:
        assert casualty_number(text, number(text, words)) is None, text
    assert not single_victims(
        "Unions declare a general strike over the killing of a protester's brother.")[1:]
    assert not single_victims("The parties call a general strike in protest at the curfew.")


# ---------------------------------------------------------------- causes, parts and what a number counts

def test_a_peoples_fire_is_gunfire_not_a_blaze():
    text = "Eleven farmers are killed by Syrian fire near a well."
    assert casualty_number(text, number(text, "Eleven")) is None
    text = "Eleven traders die in a fire at a covered market."
    assert casualty_number(text, number(text, "Eleven")) is not None


def test_a_harm_word_that_takes_its_own_number_is_not_an_earlier_numbers():
    text = "Raiders stop a bus carrying 60 passengers near the pass, killing at least 5 people."
    assert casualty_number(text, number(text, "60")) is not None
    assert casualty_number(text, number(text, "at least 5")) is None
    text = "Two guards killed 3 raiders at the gate."
    assert stated_measure(text, number(text, "Two")) is None


def test_things_are_counted_past_the_words_that_qualify_them():
    text = "Drones strike four abandoned fuel depots and kill 3 guards."
    assert casualty_number(text, number(text, "four")) is not None
    assert casualty_number(text, number(text, "3")) is None
    text = "Shells hit two separate markets, wounding 14 shoppers."
    assert casualty_number(text, number(text, "two")) is not None


def test_police_officers_and_unit_numbers_are_not_troops():
    text = "The interior ministry deploys 2,000 police officers alongside army units."
    assert troop_number(text, number(text, "2,000")) is not None
    text = "Fighting between the 312 Brigade and a militia kills 40 people."
    assert troop_number(text, number(text, "312")) is not None
    assert casualty_number(text, number(text, "40")) is None
    text = "The army deploys 2,000 soldiers to the border."
    assert troop_number(text, number(text, "2,000")) is None


def test_a_part_told_by_how_badly_they_are_hurt_is_no_figure_of_its_own():
    text = "Two people are killed and six are wounded, including three critically, in the shelling."
    assert casualty_number(text, number(text, "three")) is not None
    assert casualty_number(text, number(text, "six")) is None


def test_a_death_with_no_violence_told_is_not_a_casualty():
    for text, words in [("Forty elderly residents have died this winter, the health office says.", "Forty"),
                        ("Nine hikers are missing on the ridge.", "Nine")]:
        assert casualty_number(text, number(text, words)) is not None, text
    assert not single_victims("A reclusive poet is found dead in her flat.")
    for text, words in [("Forty residents have died in the shelling this winter.", "Forty"),
                        ("Nine villagers are missing after the raid.", "Nine")]:
        assert casualty_number(text, number(text, words)) is None, text
    text = "The death toll rises to 31."
    assert casualty_number(text, number(text, "31"), "2031 Varn offensive\n") is None


def test_another_person_and_a_person_named_by_title_are_single_victims():
    for text in ["Two herders are killed and another is wounded by soldiers.",
                 "Militants kill opposition activist Tomas Vell in a raid.",
                 "Opposition blogger Mira Sten is shot and injured outside her home.",
                 "A sniper kills one guard, injuring another."]:
        assert single_victims(text), text
        assert passages("casualty_figure", text), text
    assert not single_victims("Another round of talks is held in the capital.")
    assert not single_victims("A court charges journalist Ivo Brand with the murder of a rival.")


# ---------------------------------------------------------------- agreements made, and who made them

def agreement(text: str, parties: list[str], quote: str | None = None):
    item = AgreementItem(quote=quote or text.rstrip("."), parties=parties)
    return build(text, ("agreement", item))


def test_an_agreement_the_text_says_was_not_made_is_no_record():
    records, drops = agreement("No truce is reached between Ghana and Togo, but both sides agree to meet "
                               "again.",
                               ["Ghana", "Togo"])
    assert records == [] and sum(drops.values()) == 1


def test_a_go_between_or_a_venue_is_not_a_party():
    records, _ = agreement("Ghana hands 12 detainees back to Togo in a deal brokered by Benin.",
                           ["Ghana", "Togo", "Benin"])
    assert [sorted(r.parties) for r in records] == [["Ghana", "Togo"]]
    records, _ = agreement("The Kivu Front and the Lake Movement sign a ceasefire in Accra, Ghana, on "
                           "Friday.",
                           ["Kivu Front", "Lake Movement", "Ghana"])
    assert [sorted(r.parties) for r in records] == [["Kivu Front", "Lake Movement"]]


def test_parties_are_states_organisations_or_armed_groups():
    records, drops = agreement("Chile signs an agreement with Zentrix to build a data centre.",
                               ["Chile", "Zentrix"])
    assert records == [] and sum(drops.values()) == 1
    records, _ = agreement("The strike ends as an agreement is reached between teachers and the "
                           "administration.",
                           ["teachers", "administration"])
    assert records == []
    records, _ = agreement("Hamas and Egypt sign a memorandum on the border crossing.", ["Hamas", "Egypt"])
    assert [sorted(r.parties) for r in records] == [["Egypt", "Hamas"]]


def test_a_plant_named_for_what_it_makes_and_broken_lifts_are_accidents():
    for text in ["Five workers are killed in an explosion at a rocket and munitions factory near the port.",
                 "Six skiers are killed when a chairlift cable snaps above the valley."]:
        assert casualty_number(text, find_numbers(text)[0]) is not None, text
    text = "A missile strike on a fuel depot kills 3 workers."
    assert casualty_number(text, number(text, "3")) is None


def test_a_name_is_not_a_word_of_violence():
    text = "A ferry capsizes on the lake. Six passengers remain missing, including the singer Ada Lynch."
    sentence = text.split(". ")[1]
    assert casualty_number(sentence, number(sentence, "Six"),
                           context_of(text, text.index("Six"), None)) is not None


def test_an_arrest_for_a_plot_is_policing_and_others_after_a_part_have_their_own_measure():
    text = "Police announce the arrest of two men accused of planning a terrorist attack."
    assert casualty_number(text, number(text, "two")) is not None
    text = "Troops detained two suspected insurgents near the pass."
    assert casualty_number(text, number(text, "two")) is None
    text = ("At least 30 people are killed, including six soldiers, and at least 40 others are injured in "
            "the raid.")
    assert stated_measure(text, number(text, "at least 40")) == "wounded"
    assert stated_measure(text, number(text, "six")) == "killed"
    text = ("A joint security force detained one suspected insurgent during an operation in search of a "
            "rebel leader.")
    assert casualty_number(text, number(text, "one")) is None


def test_an_exchange_of_fire_is_violence_and_a_freak_wave_or_a_sinking_boat_is_not():
    text = "A protester is killed and a guard is injured after they exchange fire near the camp."
    assert single_victims(text)
    for text, words in [("Four swimmers are killed by a freak wave at a beach.", "Four"),
                        ("At least 9 migrants are killed after two boats sink off the coast.", "At least 9")]:
        assert casualty_number(text, number(text, words)) is not None, text


def test_a_name_before_a_personnel_noun_does_not_make_it_a_thing():
    text = "At least five United States personnel are injured when rockets strike the base."
    assert casualty_number(text, number(text, "At least five")) is None
    text = "The navy fires 12 Tomahawk missiles at the port."
    assert casualty_number(text, number(text, "12")) is not None


def test_a_killing_a_court_case_is_about_is_no_new_casualty():
    text = "A man is sentenced to life in prison for the 2019 killings of three shopkeepers."
    assert casualty_number(text, number(text, "three")) is not None
    text = "Ivo Brand, the suspect in the 2021 killings of five hikers, pleads guilty."
    assert casualty_number(text, number(text, "five")) is not None
    text = "The Federal Police arrests seven military police officers over a bribery scheme."
    assert casualty_number(text, number(text, "seven")) is not None


def test_a_person_named_after_an_active_harm_verb_is_a_single_victim():
    for text in ["An airstrike kills Tarek Vell, a commander of the militia.",
                 "The wounded vendor succumbs to his injuries in hospital."]:
        assert single_victims(text), text
    assert not single_victims("Rebel forces capture Porto Vell on Sunday.")


def test_political_parties_make_no_agreement_between_states():
    records, _ = agreement("The Green Party and the Labour Party sign a coalition agreement.",
                           ["Green Party", "Labour Party"])
    assert records == []


def test_members_of_a_list_share_the_harm_word_that_governs_it():
    text = ("Gunmen open fire on a bus, killing three guards and a driver and injuring another guard and two "
            "passengers.")
    assert stated_measure(text, number(text, "three")) == "killed"
    assert stated_measure(text, number(text, "two")) == "wounded"
    text = ("Airstrikes hit the camp, killing two commanders and at least nine civilians, including three "
            "children.")
    assert stated_measure(text, number(text, "at least nine")) == "killed"
    assert stated_measure(text, number(text, "three")) == "killed"
    text = "The death toll from the raid on Varn, Lusk, rises to 41, officials say."
    assert stated_measure(text, number(text, "41")) == "killed"
    text = "Over 3,000 residents are held prisoner by the militia."
    assert stated_measure(text, number(text, "Over 3,000")) == "captured"


def test_people_harmed_are_harmed_whatever_the_noun_and_the_adverb():
    for text, words in [("Four villagers fleeing the fighting have been shot dead at the crossing.", "Four"),
                        ("Two villagers are seriously injured after being shot by soldiers.", "Two")]:
        assert casualty_number(text, number(text, words)) is None, text
    text = "Militiamen storm the protest camp, clashing with police. A total of 60 people are injured."
    sentence = text.split(". ")[1]
    assert casualty_number(sentence, number(sentence, "60"),
                           context_of(text, text.index("A total"), None)) is None
    assert len(single_victims("A border guard and another villager are killed by drones.")) == 2


def test_a_quote_written_twice_stands_where_its_sentence_states_the_fact():
    from sitrep.deciding.decide import decide
    from sitrep.reading.reading import read

    text = ("Three people are killed when a storm fells trees in the park.\n"
            "Three people are killed when gunmen open fire on a market.")
    item = CasualtyItem(quote="Three people are killed", count=3, measure="killed", group="people")
    candidates = decide(read(text))
    span = locate(text, item.quote,
                  lambda at: bool(candidates.stating("casualty_figure", at.start, item.count)))
    assert span.start == text.index("\n") + 1
    assert locate(text, item.quote).start == 0


def test_an_agreement_quote_cut_short_before_its_noun_is_carried_on_to_it():
    text = "The presidents of Ghana and Togo formally sign a peace agreement in Lome."
    records, _ = agreement(text, ["Ghana", "Togo"], quote="The presidents of Ghana and Togo formally sign a")
    assert [r.evidence.quote for r in records] == [
        "The presidents of Ghana and Togo formally sign a peace agreement"]


def test_a_long_list_of_passages_is_asked_in_parts_of_the_same_text():
    from sitrep.config import Settings
    from sitrep.extract import PASSAGES_PER_CALL, plan_calls
    towns = ["Varn", "Lusk", "Ostra", "Pell", "Dravik", "Marn", "Tolsk", "Brea", "Kessa"]
    text = "\n".join(f"Shelling kills {n + 2} civilians in {town}." for n, town in enumerate(towns))
    calls = [c for c in plan_calls(Article(id="d", text=text), Settings())
             if c.record_type == "casualty_figure"]
    listed = [sum(line.startswith("- ") for line in c.messages[-1]["content"].splitlines()) for c in calls]
    assert len(calls) == 2 and all(n <= PASSAGES_PER_CALL for n in listed), listed
    assert sum(listed) == len(towns) and all(any(text in m["content"] for m in c.messages) for c in calls)
    assert len({c.key for c in calls}) == 2


def test_more_causes_and_people_told_in_other_words():
    text = "Soldiers storm the town hall, killing an employee while he sleeps."
    assert single_victims(text)
    text = "A truck carrying explosives to a quarry explodes after crashing, killing 17 people."
    assert casualty_number(text, number(text, "17")) is not None
    text = "Rioters injure a police officer with live ammunition."
    assert single_victims(text)
    text = "Two children, aged 14 and 8, are shot dead by soldiers."
    assert stated_measure(text, number(text, "Two")) == "killed"
    assert single_victims("Two rebels are killed and another is injured during two raids by soldiers.")
    assert single_victims("A guard shoots and kills the perpetrator of the terror attack.")
    text = "A nurse is convicted of seven counts of murder."
    assert casualty_number(text, number(text, "seven")) is not None


def test_a_body_of_a_state_already_a_party_is_no_party_of_its_own():
    records, _ = agreement("The Government of Ghana approves the ceasefire agreement with Togo, which the "
                           "Security Council of Ghana had approved.",
                           ["Ghana", "Togo", "Security Council of Ghana"])
    assert [sorted(r.parties) for r in records] == [["Ghana", "Togo"]]
    text = "A person is killed and eight others are injured during an ammunition explosion at a depot."
    assert casualty_number(text, number(text, "eight")) is not None


def test_a_shooting_or_stabbing_with_nothing_of_war_terror_or_politics_around_it_is_ordinary_crime():
    for text in ["Four people are killed and three others are injured in a mass shooting at a bar in Varn.",
                 "A man stabs and wounds 5 shoppers at a supermarket in Lusk."]:
        n = find_numbers(text)[0]
        assert casualty_number(text, n) is not None, text
        assert casualty_number(text, n, "2031 Varn war\n") is None, text  # the title names the war
    for text in ["Gunmen kill 20 villagers in the north.", "Police open fire on protesters, killing 3.",
                 "Two officers are killed and 3 others are injured in an attack in the capital.",
                 "Two tourists are shot dead and 1 is injured by the coast guard.",
                 "Three soldiers are shot dead at a checkpoint.",
                 "A suicide bomber kills 5 people at a market."]:
        assert casualty_number(text, find_numbers(text)[-1]) is None, text
    assert single_victims("The mayor was shot dead in his car outside the town hall.")
    text = "A gunman opens fire in a nightclub. Two people are killed."
    sentence = text.split(". ")[1]
    assert casualty_number(sentence, number(sentence, "Two"),
                           context_of(text, text.index("Two"), None)) is not None


def test_the_audit_checks_grounding_not_scope():
    from sitrep.building.audit import record_problem
    text = "A gunman opens fire at a rally of the opposition party. The perpetrator is shot dead."
    quote = "The perpetrator is shot dead."
    record = {"evidence": {"quote": quote, "start": text.index(quote), "end": len(text)},
              "count": {"value": 1, "qualifier": "exact", "derived": False}, "measure": "killed"}
    assert record_problem(record, text) is None


def test_summary_executions_rain_and_posts():
    text = "The militants summarily execute 12 captured soldiers."
    assert casualty_number(text, number(text, "12")) is None
    text = "Soldiers are filmed executing four prisoners of war."
    assert stated_measure(text, number(text, "four")) == "killed"
    assert_no_casualty([("Seventeen people are killed and 11 others are missing in torrential rains.",
                         "Seventeen"),
                        ("The army claims that it captured 19 border posts.", "19"),
                        ("Nine people are killed after a microbus collides with a truck.", "Nine"),
                        ("Norway executes 4 men, including one convicted over a suicide bombing.", "4")])


def test_a_sum_of_two_numbers_is_never_a_derived_figure():
    from sitrep.building.items import CasualtyItem, grounding_problem

    text = "Eight soldiers and 57 militants are killed during a gunfight."
    total = CasualtyItem(quote=text, count=65, measure="killed", group="soldiers")
    assert "not written" in grounding_problem(total, text)


def test_an_aircraft_named_for_its_role_crashing_is_an_accident():
    text = "A Varnish Air Force heavy bomber crashes due to a technical malfunction, killing 2 crew members."
    assert "accident" in casualty_number(text, number(text, "2"))
    text = "A suicide bomber hits a checkpoint, killing 6 guards."
    assert casualty_number(text, number(text, "6")) is None


def test_a_murder_with_nothing_of_war_terror_or_politics_around_it_is_ordinary_crime():
    text = "Five people, including the perpetrator, are killed in a murder–suicide at a farm in Lusk."
    assert "ordinary crime" in casualty_number(text, number(text, "Five"))
    text = "Militants murdered 14 villagers in the north."
    assert casualty_number(text, number(text, "14")) is None


def test_police_arresting_suspects_of_a_plot_is_policing():
    text = ("Police in Varn arrest three men linked to a militant group for allegedly planning an attack on "
            "a festival.")
    assert "arrest" in casualty_number(text, number(text, "three"))
    text = "Soldiers detain 12 militants during a raid on the camp."
    assert casualty_number(text, number(text, "12")) is None


def test_harm_words_of_another_clause_or_of_a_charge_are_not_the_number_s():
    text = ("A woman is released after 19 years of a sentence for killing three of her children, after new "
            "research suggested the deaths were natural.")
    assert casualty_number(text, number(text, "three")) is not None
    text = "Four men face murder charges in Lusk."
    assert casualty_number(text, number(text, "Four")) is not None
    text = "Six soldiers and four civilians, all from the village, are killed."
    assert casualty_number(text, number(text, "Six")) is None


def test_a_named_person_beside_the_harm_of_many_others_is_not_harmed():
    assert not single_victims("A court indicts former interior minister Ivo Varnik on murder charges over "
                              "the deaths of protesters in 2024.")
    assert single_victims("Rebels claim the killing of army commander Ivo Varnik in the east.")
    assert not single_victims("A suspect, believed to have thrown a smoke bomb at the minister, is arrested.")


def test_who_did_it_and_what_was_moved_are_not_harmed():
    assert_no_casualty([("At least 8 people are killed by two car bombs in the north.", "two"),
                        ("Police open an inquiry into an operation that transferred 300 bodies from a mass "
                         "grave.",
                         "300"),
                        ("Around 200 people rally in the capital over the killing of a man in police "
                         "custody.",
                         "Around 200")])


def test_a_disaster_told_just_before_speaks_for_the_harm_after_it():
    text = "A ferry catches fire off the coast of Varn. Two passengers are killed."
    sentence = "Two passengers are killed."
    scope = context_of(text, text.index(sentence), None)
    assert "accident" in casualty_number(sentence, number(sentence, "Two"), scope)
    text = "Filler that describes the weather of the region. Two passengers are killed."
    assert casualty_number(sentence, number(sentence, "Two"),
                           context_of(text, text.index(sentence), None)) is None


def test_warrants_exchanges_and_places_are_not_people_harmed():
    assert not single_victims("Foreign Minister Ana Ruiz urges the court to issue an arrest warrant for the "
                              "prime minister.")
    assert not single_victims("This is the second prisoner exchange since the war began.")
    assert not single_victims("Former army major Ivo Varnik is arrested in Lusk for his role in the 1994 "
                              "massacre.")
    spans = single_victims(
        "Two men are shot by a gunman in East Varna, and the attacker is shot and injured.")
    assert all("East Varna" not in "Two men are shot by a gunman in East Varna, and the attacker is shot and "
               "injured."[a:b] for a, b in spans)
    assert single_victims("Bardo District commissioner Ivo Varnik is killed in an ambush.")


def test_dozens_counted_and_people_harmed_along_with_one_named():
    text = "A bomb hits the base, killing two soldiers and wounding more than two dozen others."
    n = number(text, "more than two dozen")
    assert (n.value, n.qualifier) == (24, "more_than") and stated_measure(text, n) == "wounded"
    text = "A drone strike kills rebel commander Ivo Varnik along with his three sons near Lusk."
    assert stated_measure(text, number(text, "three")) == "killed"


def test_a_single_victim_listed_after_a_number_is_one_more_person():
    text = "Gunmen open fire at a polling station, killing four guards and a voter."
    assert any("a voter" in text[a:b] for a, b in single_victims(text))


def test_two_people_harmed_in_one_sentence_are_two_records():
    text = "A police officer and another man are killed by soldiers in the village of Varn."
    records, drops = build(text, killed(text, 1, group="police officer"), killed(text, 1, group="man"))
    assert len(records) == 2 and not drops
    records, _ = build(text, killed(text, 1, group="police officer"), killed("A police officer", 1,
                                                                           group="police officer"))
    assert len(records) == 1


def test_people_told_by_age_as_a_part_or_as_the_last_of_a_list_are_single_victims():
    for text, who in [("A 41-year-old man and his three-year-old son die of injuries from the ramming "
                       "attack.",
                       "41-year-old man"),
                      ("Five people, including a child, are killed by airstrikes on the town.", "a child"),
                      ("Gunmen open fire on a bus, killing two tourists, three drivers and a police guard.",
                       "a police guard"),
                      ("The shelling of the border town kills a 12-year-old girl and injures 9 others.",
                       "12-year-old girl")]:
        assert any(who in text[a:b] for a, b in single_victims(text)), text


def test_figures_told_past_reporting_words_and_list_words():
    text = "At least 40 people are killed and 12 others are reported missing after the raid."
    assert stated_measure(text, number(text, "12")) == "missing"
    text = "The siege ends with at least 9 civilians and all four attackers killed."
    assert stated_measure(text, number(text, "at least 9")) == "killed"
    text = "Twelve civilians and 21 army officers are killed in a drone attack."
    assert casualty_number(text, number(text, "21")) is None
    text = "The 82 Brigade reports heavy fighting near the town; 5 soldiers are killed."
    assert casualty_number(text, number(text, "82")) is not None


def test_who_speaks_after_a_figure_is_no_member_of_its_list():
    assert not single_victims("Rebels shelled the market, killing 14 civilians, the governor said.")


def test_weather_cold_ice_small_vehicles_and_unexplained_blasts_are_not_violence():
    for text in ["A thunderstorm over the valley kills 3 people.",
                 "Nine migrants die due to freezing temperatures near the border.",
                 "Eight people are killed after a multicab falls into a ravine.",
                 "Four children die after falling through the ice during a cold wave.",
                 "Eleven people are killed and 30 others are injured in an explosion at a market in Varn."]:
        assert casualty_number(text, find_numbers(text)[0]) is not None, text
    for text in ["Eleven soldiers are killed in an explosion at a checkpoint.",
                 "A bomb explosion at a market kills 11 people."]:
        assert casualty_number(text, find_numbers(text)[0]) is None, text


def test_protest_deaths_past_tense_shootings_and_massacres():
    text = "Protests against the pension law have left one person dead and injured at least 30 others."
    assert stated_measure(text, number(text, "one")) == "killed"
    assert stated_measure(text, number(text, "at least 30")) == "wounded"
    assert casualty_number(text, number(text, "at least 30")) is None
    assert single_victims("Opposition senator Ana Ruiz is shot during a campaign rally in the capital.")
    text = "Rebels storm the village and massacre nearly 100 villagers."
    assert stated_measure(text, number(text, "nearly 100")) == "killed"
    text = "The envoy says the war has killed over 200 soldiers and nearly 30 Chileans this year."
    assert casualty_number(text, number(text, "nearly 30")) is None


def test_a_hostage_release_is_no_hostage():
    assert not single_victims("The hostage and prisoner releases are expected to begin within days.")


def test_a_number_in_a_relative_clause_an_aircraft_collision_and_a_rebel_coalition():
    text = "The head of the channel, which has 40,000 subscribers, died in the battle."
    assert casualty_number(text, number(text, "40,000")) is not None
    text = "A passenger jet collides with an army helicopter over the river, killing at least 28 people."
    assert "accident" in casualty_number(text, number(text, "at least 28"))
    assert not single_victims("A Varnian rebel coalition takes the city after capturing two towns.")


def test_one_named_person_among_the_dead_or_killed_by_an_active_verb():
    assert single_victims("Army general Ivo Varnik is allegedly among the dead.")
    text = "US forces conduct a strike in Syria, killing Muhammad al-Varni, a senior planner."
    assert any("Muhammad al-Varni" in text[a:b] for a, b in single_victims(text))


def test_an_agreement_still_to_be_signed_is_not_signed():
    records, _ = agreement("Ghana and Togo will sign a border pact in Lome next week.", ["Ghana", "Togo"])
    assert [(r.status, r.signed) for r in records] == [("agreed_in_principle", None)]
    records, _ = agreement("Ghana and Togo signed a border pact in Lome.", ["Ghana", "Togo"])
    assert [r.status for r in records] == ["signed"] and records[0].signed is not None

"""The language-neutral code reads what each pack says of its language, never a language code: letters of
any script, the pack's own clause marks, ordinals written with a full stop, articles that are the word for
one, capitals that mark every noun or none, qualifiers after the counted noun, a unit noun before its number,
clitics written onto the next word. Each test builds a small pack of its own with invented sentences; the
English pack reads its texts as before."""

from __future__ import annotations

from sitrep.building import agreements, audit_reading, casualties, records
from sitrep.building.claims import in_sentence
from sitrep.building.grounding import words_of
from sitrep.deciding.candidates import makes_agreement, stated_measure, troop_number
from sitrep.deciding.decide import _clause, decide
from sitrep.deciding.figures import counts_things, measure_near, segment_around
from sitrep.deciding.reasons import Reason
from sitrep.deciding.scope import _violent
from sitrep.deciding.victims import single_victims
from sitrep.deciding.vocabulary import the_person
from sitrep.reading.chunking import sentence_spans
from sitrep.reading.letters import NOUNS, capitals
from sitrep.reading.pack import Pack, active, using
from sitrep.reading.quantities import find_numbers
from sitrep.reading.reading import read


def _sentences(text: str) -> list[str]:
    return [text[a:b].strip() for a, b in sentence_spans(text)]


def _mention(sentence: str, value: int):
    return next(n for n in find_numbers(sentence) if n.value == value)


# ---------------------------------------------------------------- sentence ends
ENDS = {"sentences.end_marks": ".!?"}


def test_an_abbreviation_in_any_script_runs_on():
    pack = Pack("xx", {**ENDS, "sentences.abbreviations": ["févr", "г", "ул"]})
    with using(pack):
        assert _sentences("Le 12 févr. Les troupes partent.") == ["Le 12 févr. Les troupes partent."]
        assert _sentences("Удар пришёлся по г. Харьков. Потом по ул. Садовой.") == [
            "Удар пришёлся по г. Харьков.", "Потом по ул. Садовой."]


def test_a_word_ending_in_an_accented_letter_ends_a_sentence():
    with using(Pack("xx", ENDS)):
        assert _sentences("Llegaron a la región. Luego hubo combates.") == ["Llegaron a la región.",
                                                                           "Luego hubo combates."]
        assert _sentences("Они вошли в город. Затем начался бой.") == ["Они вошли в город.",
                                                                       "Затем начался бой."]


def test_an_ordinal_with_a_full_stop_ends_no_sentence_where_the_pack_writes_them():
    pack = Pack("xx", {**ENDS, "ordinal_suffixes": ["\\."], "calendar.month_forms": ["märz", "mai"],
                       "articles": ["die", "der"], "sentences.ordinal_openers": ["am", "zum"]})
    with using(pack):
        assert _sentences("Am 12. März fielen drei Wachen. Dann kam der 3. Zug.") == [
            "Am 12. März fielen drei Wachen.", "Dann kam der 3. Zug."]
        assert _sentences("Die 3. Brigade zog ab.") == ["Die 3. Brigade zog ab."]
        assert _sentences("Die Zahl stieg auf 12. Die Wachen zogen ab.") == ["Die Zahl stieg auf 12.",
                                                                             "Die Wachen zogen ab."]
    # where the pack has no ordinal full stop, digits and a full stop before a capital end a sentence
    assert _sentences("The toll rose to 12. March brought more.") == ["The toll rose to 12.",
                                                                      "March brought more."]


# ---------------------------------------------------------------- numbers
ZORK = {"harm.killed": ["zork\\w*", "getötet"], "harm.wounded": ["ouch\\w*"], "people_words": ["Menschen"],
        "segment_words": ["und"]}


def test_an_article_that_is_the_word_for_one_is_no_number():
    pack = Pack("de", {**ZORK, "numbers.articles": ["ein", "eine", "einem"]})
    with using(pack):
        sentence = "Am Sonntag wurden 17 Menschen bei einem Angriff getötet."
        assert [n.value for n in find_numbers(sentence)] == [17]
        assert stated_measure(sentence, _mention(sentence, 17)) == "killed"
        assert [n.value for n in find_numbers("eins und zwei Menschen")] == [1, 2]
    assert [n.value for n in find_numbers("a soldier and one more")] == [1]  # English: "one", never "a"


def test_a_qualifier_after_the_counted_noun():
    pack = Pack("xx", {"numbers.qualifier_after.at_least": ["على\\s+الأقل"]})
    with using(pack):
        assert [(n.value, n.qualifier) for n in find_numbers("قتل 14 مدنيا على الأقل")] == [(14, "at_least")]
        assert [(n.value, n.qualifier) for n in find_numbers("قتل 14 مدنيا و 3 جنود على الأقل")] == [
            (14, "exact"), (3, "at_least")]


def test_a_number_whose_own_words_make_it_approximate():
    pack = Pack("fr", {"numbers.scale_words": {"centaine": 100},
                       "numbers.qualifier_within.approximately": ["centaines?"]})
    with using(pack):
        assert [(n.value, n.qualifier) for n in find_numbers("une centaine de soldats")] == [
            (100, "approximately")]


def test_a_unit_noun_before_its_number_names_the_unit():
    pack = Pack("xx", {"units": ["brigada", "اللواء"], "harm.killed": ["perdió"]})
    with using(pack):
        sentence = "la Brigada 3 perdió 40 soldados"
        assert counts_things(sentence, _mention(sentence, 3))
        assert not counts_things(sentence, _mention(sentence, 40))
        sentence = "اشتباكات بين قوات اللواء 52 وقوات أخرى"
        assert counts_things(sentence, _mention(sentence, 52))


def test_a_month_before_a_number_is_no_date_where_the_day_comes_first():
    sentence = "seit Ende Mai mehr als 400 Menschen getötet"
    words = {**ZORK, "calendar.month_forms": ["mai"], "numbers.qualifier.more_than": ["mehr\\s+als"]}
    with using(Pack("xx", words)):
        assert counts_things(sentence, _mention(sentence, 400))
    with using(Pack("xx", {**words, "calendar.day_first": True})):
        assert not counts_things(sentence, _mention(sentence, 400))


def test_the_marks_of_a_number_word_stay_in_its_passage():
    with using(Pack("ar", {})):
        sentence = "قتل 42 ألفًا في الحرب"
        assert _clause(sentence, _mention(sentence, 42000)) == sentence


# ---------------------------------------------------------------- capitals
def test_where_every_noun_is_capitalised_a_noun_is_what_a_number_counts():
    sentence = "Mindestens 9 Bauern wurden bei Angriffen auf drei Dörfer getötet."
    words = {**ZORK, "things_counted": ["Dörfer"], "counted_ends": ["bei", "auf"]}
    with using(Pack("de", {**words, "letters.capitals": "nouns"})):
        assert counts_things(sentence, _mention(sentence, 3))
        assert stated_measure(sentence, _mention(sentence, 9)) == "killed"
    with using(Pack("de", words)):  # a capital read as a name: what it counts is further on
        assert not counts_things(sentence, _mention(sentence, 3))


def test_a_name_in_any_script_is_a_person_harmed():
    pack = Pack("xx", {"person_nouns": ["журналист"], "harm.killed": ["погиб", "убил"],
                       "active_harm_verbs": ["убил"]})
    with using(pack):
        assert single_victims("Вчера погиб журналист Иван Петров.")
        assert single_victims("Беспилотник убил Ивана Петрова.")
    with using(Pack("xx", {**pack.entries, "letters.capitals": "nouns"})):
        assert not single_victims("Beim Angriff tötete Anna Schmidt.")


def test_a_qualifier_with_accents_and_an_elided_article_before_a_person():
    pack = Pack("fr", {"determiners.the": ["la", "l[’']"], "person_nouns": ["victime", "otage"]})
    with using(pack):
        assert the_person().search("La première victime a été tuée")
        assert the_person().search("L’otage a été tué par ses ravisseurs")


def test_a_peoples_fire_after_the_noun_where_adjectives_follow_it():
    words = {"demonym_attacks": ["fuego", "fire"]}
    with using(Pack("xx", {**words, "word_order.adjectives_after": True})):
        assert _violent("murieron por fuego Israeli")
    with using(Pack("xx", words)):
        assert not _violent("murieron por fuego Israeli")
        assert _violent("killed by Israeli fire")


# ---------------------------------------------------------------- clause marks and clitics
def test_the_packs_own_clause_marks_end_a_clause():
    sentence = "أصيب 2 جنود، وقتل 3 مدنيين"
    words = {"harm.killed": ["قتل"], "harm.wounded": ["أصيب"], "clitics.prefixes": ["و"]}
    with using(Pack("xx", {**words, "sentences.clause_marks": "،؛"})):
        two = _mention(sentence, 2)
        assert sentence[slice(*segment_around(sentence, two.start, two.end))] == "أصيب 2 جنود"
        assert measure_near(sentence, two) == "wounded"
    with using(Pack("xx", words)):
        assert measure_near(sentence, _mention(sentence, 2)) == "casualties"


def test_a_joining_clitic_joins_two_harm_words_into_one_figure():
    words = {"harm.killed": ["قتل"], "harm.wounded": ["أصيب"], "clitics.prefixes": ["و"],
             "harm_join.between": ["و", "أو"]}
    sentence = "قتل وأصيب 14 شخصا"
    with using(Pack("xx", words)):
        assert stated_measure(sentence, _mention(sentence, 14)) == "casualties"
    with using(Pack("xx", {**words, "harm_join.between": ["أو"]})):  # "و" joins nothing: 14 wounded
        assert stated_measure(sentence, _mention(sentence, 14)) == "wounded"


# ---------------------------------------------------------------- claimants
def test_a_claimant_in_any_script():
    with using(Pack("xx", {"claims.according_to": ["по словам"]})):
        assert in_sentence("По словам губернатора, ранены пятеро.") == "губернатора"


def test_a_claimant_after_a_speaking_verb_that_opens_the_clause():
    words = {"claims.speaking_verbs": ["قال(?:ت)?", "أعلن"], "claims.complementisers": ["إن", "أن"],
             "clitics.prefixes": ["و"], "sentences.clause_marks": "،؛", "letters.capitals": "none"}
    with using(Pack("xx", {**words, "claims.verb_first": True})):
        assert in_sentence("وقالت وزارة الصحة، الأحد، إن 12 شخصا قتلوا.") == "وزارة الصحة"
        assert in_sentence("قال الجيش إن 3 جنود قتلوا.") == "الجيش"
    with using(Pack("xx", words)):
        assert in_sentence("وقالت وزارة الصحة، الأحد، إن 12 شخصا قتلوا.") is None


# ---------------------------------------------------------------- building and the audit
def test_the_audit_reads_the_packs_separators_and_joined_tens():
    pack = Pack("xx", {"numbers.thousands": ["’", "'"], "numbers.decimal": ",",
                       "audit.numbers.multipliers": {"millones": 1_000_000},
                       "audit.numbers.words": {"treinta": 30, "cinco": 5}, "audit.numbers.joins": ["y"]})
    values = {n.value for n in audit_reading.numbers("mehr als 55’000 Tote und 100'000 Verletzte", pack)}
    assert {55000, 100000} <= values
    assert 1_500_000 in {n.value for n in audit_reading.numbers("1,5 millones de desplazados", pack)}
    assert 35 in {n.value for n in audit_reading.numbers("treinta y cinco muertos", pack)}
    assert 1_500_000 not in {n.value for n in audit_reading.numbers("1,5 million", Pack("xx", {}))}


def test_a_time_ago_is_no_duration():
    pack = Pack("xx", {"building.duration.units": ["años?"], "building.duration.not_before": ["hace"]})
    with using(pack):
        assert agreements._duration("el pacto firmado hace 10 años") is None
        assert agreements._duration("un pacto de 10 años") == 10


def test_the_group_after_a_number_in_any_script():
    with using(Pack("xx", {"building.group.stops": ["погибли"]})):
        sentence = "14 военных погибли"
        assert casualties._group_words(sentence, _mention(sentence, 14)) == "военных"


# ---------------------------------------------------------------- cases English shares
def test_a_later_member_with_harm_words_of_its_own_takes_them():
    sentence = "The strike killed two people, four others were wounded."
    assert [stated_measure(sentence, n) for n in find_numbers(sentence)] == ["killed", "wounded"]
    sentence = "The attack killed three guards and two civilians."
    assert [stated_measure(sentence, n) for n in find_numbers(sentence)] == ["killed", "killed"]


def test_personnel_named_by_a_people_or_left_out_in_a_list():
    sentence = "5,000 North Koreans were deployed near the border."
    assert troop_number(sentence, _mention(sentence, 5000)) is None
    sentence = "It sent two Russian and two Chinese bomber aircraft."
    assert troop_number(sentence, _mention(sentence, 2)) is not None
    sentence = "800 troops go to Lithuania and about 300 to Latvia."
    assert troop_number(sentence, _mention(sentence, 300)) is None
    sentence = "800 troops go to Lithuania, joining 300 that arrived in May."
    assert troop_number(sentence, _mention(sentence, 300)) is not None
    sentence = "The mission deployed contingents: the Malians (900), the Nigeriens (450)."
    assert troop_number(sentence, _mention(sentence, 450)) is None
    sentence = "The toll by people: Israelis (12), Palestinians (40)."
    assert troop_number(sentence, _mention(sentence, 40)) is not None


def test_a_setting_is_read_from_a_table_of_its_own():
    with using(Pack("de", {"letters": {"capitals": "nouns"}, "word_order": {"adjectives_after": True},
                           "demonym_attacks": ["fuego"]})):
        assert capitals(active()) == NOUNS
        assert _violent("murieron por fuego Israeli")


def test_the_audit_reads_number_words_with_apostrophes_and_tens_joined_after_their_unit():
    pack = Pack("xx", {"audit.numbers.words": {"п’ять": 5, "двадцять": 20, "خمسة": 5, "عشرون": 20},
                       "audit.numbers.joins": ["و"]})
    assert 5 in {n.value for n in audit_reading.numbers("Загинули п’ять бійців", pack)}
    assert 25 in {n.value for n in audit_reading.numbers("поранено двадцять п’ять", pack)}
    assert {5, 25} <= {n.value for n in audit_reading.numbers("خمسة وعشرون قتيلا", pack)}


def test_an_agreement_named_with_its_two_parties_where_the_pack_says_so():
    heading = "Bilateral security agreement between Ukraine and Moldova (full text)"
    words = {"agreement.nouns": ["agreement"], "agreement.making": ["signed"], "word.and": ["and"]}
    with using(Pack("xx", {**words, "agreement.named_with_parties": True})):
        assert makes_agreement(heading)
        assert not makes_agreement("An agreement between the two sides is far off.")
    with using(Pack("xx", words)):
        assert not makes_agreement(heading)


def test_a_person_noun_opening_the_sentence_where_the_language_has_no_articles():
    words = {"determiners.the": ["\\w+"], "person_nouns": ["жінка"], "harm.killed": ["загинула"]}
    with using(Pack("xx", {**words, "determiners.optional": True})):
        assert single_victims("Жінка загинула внаслідок обстрілу.")
    with using(Pack("xx", words)):
        assert not single_victims("Жінка загинула внаслідок обстрілу.")


def test_a_region_noun_before_the_place_where_the_pack_writes_it_so():
    words = {"building.place.prepositions": ["в"], "building.place.region_nouns": ["городе", "секторе"]}
    with using(Pack("xx", {**words, "building.place.region_first": True})):
        assert records.place_in("Бои идут в городе Бахмут.") == "Бахмут"
    with using(Pack("xx", words)):
        assert records.place_in("Бои идут в городе Бахмут.") is None


def test_and_written_onto_the_next_member_of_a_list():
    words = {"harm.killed": ["قتل", "مقتل"], "clitics.prefixes": ["و"], "word.and": ["و"],
             "people_words": ["جنود", "مدنيين", "أطفال", "نساء"]}
    with using(Pack("ar", words)):
        for sentence, values in (("قتل 3 جنود وخمسة مدنيين", [3, 5]),
                                 ("أسفر القصف عن مقتل 4 أطفال و3 نساء", [4, 3])):
            assert [(n.value, stated_measure(sentence, n)) for n in find_numbers(sentence)] == [
                (v, "killed") for v in values]


def test_a_harm_noun_in_the_dual_is_its_own_harm():
    pack = Pack("xx", {"harm.killed": ["قتيل"], "harm.wounded": ["جريح\\w*"], "clitics.prefixes": ["و"],
                       "numbers.dual.suffixes": ["ين"], "numbers.dual.kinds": ["harm.killed"]})
    with using(pack):
        sentence = "أسفر القصف عن سقوط قتيلين"
        assert [(n.value, stated_measure(sentence, n)) for n in find_numbers(sentence)] == [(2, "killed")]


def test_a_running_toll_takes_the_violence_the_text_tells_further_on():
    text = ("Officials spoke in the city on Monday. The death toll rose to 40, the health ministry said. "
            "Another 12 people died in hospital.\n\nAn air strike hit the market on Sunday.")
    asked = [c for c in decide(read(text, "Toll rises to 40")).items if c.record_type == "casualty_figure"]
    assert [(c.value, c.reason) for c in asked] == [(40, None), (12, None)]
    calm = text.replace("An air strike hit", "A storm hit")
    assert [c.reason for c in decide(read(calm, "Toll rises to 40")).items
            if c.record_type == "casualty_figure"] == [Reason.NO_VIOLENCE_TOLD] * 2


def test_and_written_onto_a_qualifier_stays_out_of_the_number():
    pack = Pack("ar", {"harm.killed": ["قتيل\\w*"], "harm.wounded": ["جريح\\w*"], "clitics.prefixes": ["و"],
                       "word.and": ["و"], "numbers.qualifier.more_than": ["أكثر\\s+من"]})
    with using(pack):
        sentence = "سقط 15 قتيلا وأكثر من 40 جريحا"
        assert [(n.text, n.qualifier, stated_measure(sentence, n)) for n in find_numbers(sentence)] == [
            ("15", "exact", "killed"), ("أكثر من 40", "more_than", "wounded")]


def test_a_place_after_a_region_noun_where_the_script_has_no_capitals():
    pack = Pack("xx", {"letters.capitals": "none", "building.place.prepositions": ["في"],
                       "building.place.region_nouns": ["مدينة"], "sentences.clause_marks": "،؛"})
    with using(pack):
        assert records.place_in("قتل 4 أشخاص في غارة على سيارة في مدينة صور.") == "صور"
        assert records.place_in("قتل 4 أشخاص في مدينة خان يونس، جنوب القطاع") == "خان يونس"


def test_a_name_after_a_speaking_verb_ends_at_the_harm_it_announces():
    words = {"claims.speaking_verbs": ["أعلن"], "claims.verb_first": True, "harm.killed": ["مقتل"],
             "letters.capitals": "none"}
    with using(Pack("xx", words)):
        assert in_sentence("أعلن الجيش اليمني مقتل 19 مسلحا.") == "الجيش اليمني"


def test_a_name_the_pack_writes_in_its_own_words_is_words_of_the_text():
    text = "уряд Ізраїлю ратифікував угоду про припинення вогню з угрупованням ХАМАС"
    assert not words_of("Hamas", text)
    names = {"Hamas": "ХАМАС", "European Union": "ЄС|Європейськ\\w* [Сс]оюз\\w*"}
    with using(Pack("xx", {"building.names": names})):
        assert words_of("Hamas", text)
        assert words_of("European Union", "Україна та Європейський Союз узгодили текст угоди")
        assert not words_of("European Union", text)


def test_a_noun_left_out_before_a_verb_of_deployment():
    sentence = ("Около 2000 военнослужащих перебрасываются из США в Польшу и Германию, около 1000 "
                "перебрасываются из Германии в Румынию.")
    words = {"personnel.military": ["военнослужащих"], "deployed": ["перебрасываются"],
             "counted_ends": ["в", "из"], "numbers.qualifier.approximately": ["около"]}
    with using(Pack("ru", words)):
        assert troop_number(sentence, _mention(sentence, 1000)) is None

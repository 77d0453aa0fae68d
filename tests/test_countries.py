"""The country vocabulary: complete against ISO 3166-1, one spelling per country, three kinds of mention, and
words that are countries only sometimes."""

import time
import tomllib
from importlib.resources import files

import pycountry
import pytest

from sitrep.reading.countries import (
    CAPITAL,
    COUNTRIES,
    DEMONYM,
    KINDS,
    NAME,
    canonical_country,
    countries_in,
    country,
    country_kind,
    country_mentions,
    mentions,
    same_country,
    without_countries,
)

RULES = tomllib.loads(
    files("sitrep.reading").joinpath("data", "country_rules.toml").read_text(encoding="utf-8"))
BY_CODE = {c.code: c for c in COUNTRIES}
ISO = list(pycountry.countries)


# ---------------------------------------------------------------- completeness

def test_every_iso_country_is_known_once():
    assert {c.alpha_2 for c in ISO} <= set(BY_CODE)
    names = [c.name for c in COUNTRIES]
    assert len(names) == len(set(names))
    assert not [n for n in names if "," in n or "(" in n]  # a short name, not "Korea, Republic of"


@pytest.mark.parametrize("iso", ISO, ids=lambda c: c.alpha_2)
def test_every_iso_country_resolves_from_its_names(iso):
    canonical = BY_CODE[iso.alpha_2].name
    shared = {word.lower(): BY_CODE[code].name for word, code in RULES["shared"].items()}
    for name in {iso.name, getattr(iso, "common_name", iso.name), getattr(iso, "official_name", iso.name)}:
        expected = shared.get(name.lower(), canonical)  # "Congo" alone is the Democratic Republic in news
        assert canonical_country(name) == expected
        assert countries_in(f"Officials from {name} met on Monday.") == [expected], name
    assert countries_in(f"Officials from {canonical} met on Monday.") == [canonical]


@pytest.mark.parametrize("iso", ISO, ids=lambda c: c.alpha_2)
def test_iso_codes_are_not_read_in_lowercase_text(iso):
    own = {w.lower() for c in [BY_CODE[iso.alpha_2]] for w in (c.name, *c.aliases, *c.demonyms, *c.capitals)}
    for code in (iso.alpha_3, iso.alpha_2):
        word = code.lower()
        assert country_mentions(f"{word} we {word} it {word}.") == [], code
        if word not in own:  # "Lao" is also the word for the people of Laos
            assert country_mentions(f"{word.capitalize()} they did. {code} did") == [], code


def test_every_country_has_demonyms_and_every_demonym_resolves():
    shared = {word.lower(): code for word, code in RULES["shared"].items()}
    for c in COUNTRIES:
        assert c.demonyms, c.name
        for word in c.demonyms:
            owner = BY_CODE[shared.get(word.lower(), c.code)].name
            assert canonical_country(word) == owner, word
            if word != "Vatican":  # also the country's short name
                assert country_kind(word) == DEMONYM, word


def test_every_country_has_a_capital_unless_it_has_none():
    no_capital = set(RULES["no_capital"])
    assert {c.code for c in COUNTRIES if not c.capitals} == no_capital
    unread = {w.lower() for w in RULES["unmatched_capitals"]["words"]}
    for c in COUNTRIES:
        for city in c.capitals:
            if city.lower() not in unread and city.lower() not in {n.lower() for n in (c.name, *c.aliases)}:
                assert canonical_country(city) == c.name and country_kind(city) == CAPITAL, city


def test_data_ships_with_the_package():
    for name in ("countries.tsv", "country_rules.toml"):
        assert files("sitrep.reading").joinpath("data", name).is_file()


# ---------------------------------------------------------------- one spelling

@pytest.mark.parametrize("written, canonical", [
    ("Russian Federation", "Russia"), ("Iran, Islamic Republic of", "Iran"),
    ("Syrian Arab Republic", "Syria"),
    ("Korea, Democratic People's Republic of", "North Korea"), ("Korea, Republic of", "South Korea"),
    ("United Kingdom of Great Britain and Northern Ireland", "United Kingdom"),
    ("United States of America", "United States"), ("Viet Nam", "Vietnam"),
    ("Lao People's Democratic Republic", "Laos"), ("Bolivia, Plurinational State of", "Bolivia"),
    ("Venezuela, Bolivarian Republic of", "Venezuela"), ("Tanzania, United Republic of", "Tanzania"),
    ("Moldova, Republic of", "Moldova"), ("Taiwan, Province of China", "Taiwan"),
    ("Palestine, State of", "Palestine"),
    ("Congo, The Democratic Republic of the", "Democratic Republic of the Congo"),
    ("Republic of the Congo", "Republic of the Congo"), ("Côte d'Ivoire", "Ivory Coast"),
    ("Cote d'Ivoire", "Ivory Coast"), ("Türkiye", "Turkey"), ("Czechia", "Czech Republic"),
    ("Micronesia, Federated States of", "Micronesia"), ("Brunei Darussalam", "Brunei"),
    ("Cabo Verde", "Cape Verde"),
    ("Holy See (Vatican City State)", "Vatican City"), ("Falkland Islands (Malvinas)", "Falkland Islands"),
    ("Burma", "Myanmar"), ("DPRK", "North Korea"), ("UAE", "United Arab Emirates"), ("US", "United States"),
    ("U.S.", "United States"), ("UK", "United Kingdom"), ("Britain", "United Kingdom"),
    ("Holland", "Netherlands"), ("Turkiye", "Turkey"), ("DR Congo", "Democratic Republic of the Congo"),
    ("DRC", "Democratic Republic of the Congo"), ("Congo", "Democratic Republic of the Congo"),
    ("Swaziland", "Eswatini"), ("Macedonia", "North Macedonia"), ("East Timor", "East Timor"),
    ("Timor-Leste", "East Timor"), ("St. Lucia", "Saint Lucia"),
    ("St Kitts & Nevis", "Saint Kitts and Nevis"),
    ("Bosnia", "Bosnia and Herzegovina"), ("Sao Tome and Principe", "São Tomé and Príncipe"),
    ("Kosovo", "Kosovo"),
])
def test_short_names_and_aliases(written, canonical):
    assert canonical_country(written) == canonical
    assert same_country(written, canonical)


@pytest.mark.parametrize("written, canonical", [
    ("Nigerien", "Niger"), ("Nigeriens", "Niger"), ("Nigerian", "Nigeria"), ("Filipino", "Philippines"),
    ("Filipinos", "Philippines"), ("Malagasy", "Madagascar"), ("Poles", "Poland"), ("Danes", "Denmark"),
    ("Britons", "United Kingdom"), ("Spaniards", "Spain"), ("Burkinabe", "Burkina Faso"),
    ("Basotho", "Lesotho"),
    ("Ivorians", "Ivory Coast"), ("Congolese", "Democratic Republic of the Congo"),
    ("Emirati", "United Arab Emirates"),
    ("Kyrgyz", "Kyrgyzstan"), ("Bissau-Guinean", "Guinea-Bissau"), ("Papua New Guinean", "Papua New Guinea"),
    ("Ni-Vanuatu", "Vanuatu"), ("Sahrawi", "Western Sahara"), ("Kosovar", "Kosovo"),
])
def test_demonyms(written, canonical):
    assert canonical_country(written) == canonical
    assert country_kind(written) == DEMONYM


# ---------------------------------------------------------------- kinds

def test_mentions_tell_names_demonyms_and_capitals_apart():
    text = "Officials in Seoul said Moscow signed the pact with Burma and Filipino envoys."
    found = mentions(text)
    assert [(m.country, m.kind, text[m.start:m.end]) for m in found] == [
        ("South Korea", CAPITAL, "Seoul"), ("Russia", CAPITAL, "Moscow"), ("Myanmar", NAME, "Burma"),
        ("Philippines", DEMONYM, "Filipino")]
    assert country_mentions(text) == [(m.country, m.start, m.end) for m in found]  # default: every kind
    assert countries_in(text, kinds={NAME, DEMONYM}) == ["Myanmar", "Philippines"]
    assert countries_in(text, kinds={CAPITAL}) == ["South Korea", "Russia"]
    assert (without_countries(text, kinds={CAPITAL})
            == text.replace("Seoul", "     ").replace("Moscow", "      "))


def test_kinds_for_whole_strings():
    assert country_kind("Burmese") == DEMONYM and country_kind("Naypyidaw") == CAPITAL
    assert country_kind("Myanmar") == NAME and country_kind("Hamas") is None
    assert canonical_country("Moscow") == "Russia"
    assert canonical_country("Moscow", kinds={NAME, DEMONYM}) == "Moscow"
    assert country("Kremlin").name == "Russia" and "Moscow" in country("Russians").capitals
    with pytest.raises(ValueError):
        mentions("Russia", kinds={"city"})
    assert KINDS == {NAME, DEMONYM, CAPITAL}


# ---------------------------------------------------------------- words that are countries only sometimes

@pytest.mark.parametrize("text, expected", [
    ("Let us know, he told us.", []),
    ("LET US PRAY", []),
    ("CAR BOMB KILLS FIVE", []),
    ("the US and UK said", ["United States", "United Kingdom"]),
    ("the CAR government", ["Central African Republic"]),
    ("The U.S.-led coalition", ["United States"]),
    ("We ate turkey and kept guinea pigs.", []),
    ("Guinea pigs and a Turkey vulture.", []),
    ("Turkey said the talks would go on.", ["Turkey"]),
    ("Troops from Guinea and Equatorial Guinea met.", ["Guinea", "Equatorial Guinea"]),
    ("Chad Smith said the band would tour.", []),
    ("Chad said it would close the border.", ["Chad"]),
    ("a hanging chad", []),
    ("Prime Minister of Chad Saleh Kebzabo resigned", ["Chad"]),
    ("fighting near Lake Chad and in northern Chad", ["Chad"]),
    ("former basketball player Michael Jordan", []),
    ("Jordan closed its airspace.", ["Jordan"]),
    ("King of Jordan Abdullah II met officials", ["Jordan"]),
    ("settlers in the Jordan Valley", []),
    ("Georgia Tech won the game.", []),
    ("A plant in Conyers, Georgia, United States, burned.", ["United States"]),
    ("in the U.S. state of Georgia", ["United States"]),
    ("Georgia applied to join the EU.", ["Georgia"]),
    ("in Tbilisi, Georgia, on Monday", ["Georgia"]),
    ("Arlon, Luxembourg, Belgium", ["Belgium"]),
    ("the European Commission, France, Germany, Italy and Spain", ["France", "Germany", "Italy", "Spain"]),
    ("after the closure in Hamburg, Germany, Iran orders", ["Germany", "Iran"]),
    ("pilgrims from Jordan, Egypt, Tunisia, and Indonesia", ["Jordan", "Egypt", "Tunisia", "Indonesia"]),
    ("Israel Katz said", []),
    ("The Israel Defense Forces said", ["Israel"]),
    ("The Washington Post reported", []),
    ("talks in Washington, D.C. on Monday", ["United States"]),
    ("Washington and Beijing agreed", ["United States", "China"]),
    ("Paris Saint-Germain won", []),
    ("boats on the Niger River in Kogi State, Nigeria", ["Nigeria"]),
    ("Niger and Nigeria closed the border; Nigerien troops moved.", ["Niger", "Nigeria"]),
    ("militants in the Niger Delta", []),
    ("in Mokwa, Niger State, Nigeria", ["Nigeria"]),
    ("Queen Victoria and Victoria Beckham visited Victoria.", []),
    ("a male nurse in Male", []),
    ("protests in Malé, the capital", ["Maldives"]),
    ("The festival in Nice drew crowds from across Asia.", []),
    ("floods in Kingston and Hamilton", []),
    ("lima beans and Lima beans", []),
    ("protests in Lima", ["Peru"]),
    ("a rally in Sucre", ["Bolivia"]),
    ("ministers met in Valletta, Bern and Praia", ["Malta", "Switzerland", "Cape Verde"]),
    ("Brussels said member states must agree", []),
    ("a boat sinks in Tripoli, Lebanon", ["Lebanon"]),
    ("the Tripoli government", ["Libya"]),
    ("ships in the South China Sea and the Taiwan Strait", []),
    ("New Jersey and New Mexico", []),
    ("Latin American and South American leaders", []),
    ("People in Northern Ireland and Scotland", ["United Kingdom"]),
    ("pro-Russian separatists", ["Russia"]),
    ("polish the boots; the poles fell", []),
])
def test_words_that_are_countries_only_sometimes(text, expected):
    assert countries_in(text) == expected


def test_headlines_in_title_case_keep_ambiguous_countries():
    assert countries_in("Jordan Closes Its Airspace As Regional Tensions Rise") == ["Jordan"]


# ---------------------------------------------------------------- existing callers

def test_behaviour_existing_callers_rely_on():
    assert canonical_country(None) is None and canonical_country("  ") is None
    assert canonical_country("North Korean") == "North Korea"
    assert canonical_country("the UK") == "United Kingdom"
    assert canonical_country("Russian forces") == "Russia"
    assert canonical_country("United States Armed Forces") == "United States"
    assert canonical_country("us") == "United States"  # a name given as a country, not running text
    assert canonical_country("Hamas") == "Hamas" and canonical_country("Wagner Group.") == "Wagner Group"
    assert same_country("North Korean", "North Korea") and not same_country("South Korea", "North Korea")
    assert not same_country(None, "Russia")
    text = "13 Palestinians and an Israeli soldier were killed; Kyiv said Russian troops withdrew."
    assert countries_in(text) == ["Palestine", "Israel", "Ukraine", "Russia"]
    assert all(len(t) == 3 for t in country_mentions(text))
    blanked = without_countries(text)
    assert len(blanked) == len(text) and countries_in(blanked) == []
    assert country_mentions(None) == [] and countries_in("") == [] and without_countries(None) == ""


def test_fast_enough_for_every_sentence():
    sentence = ("Officials in Seoul said on Tuesday that North Korean troops had been deployed to the Kursk "
                "region, where Ukrainian forces said 3,000 soldiers were killed; the UK Ministry of Defence "
                "and US officials said Moscow and Pyongyang signed a pact while Chinese and Iranian envoys "
                "met in Tehran.")[:300]
    start = time.perf_counter()
    for _ in range(1000):
        country_mentions(sentence)
    assert time.perf_counter() - start < 2.0  # about 0.03 s here

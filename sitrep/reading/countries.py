"""Country names in one spelling: "North Korean" and "DPRK" become "North Korea", "UK" becomes "United
Kingdom".

Every country of ISO 3166-1 (from pycountry) is known, with its common short name as the canonical spelling,
its official and other names, the words for its people and its capitals (`data/countries.tsv`, with the rules
across countries in `data/country_rules.toml`). A word in a text is one of three kinds of mention:

- `NAME`: the country's name, an official name, an old or other name, or an abbreviation ("Myanmar", "Burma",
  "US");
- `DEMONYM`: an adjective or noun for its people ("Burmese", "Filipinos");
- `CAPITAL`: a capital or seat of government ("Moscow", "Kremlin"). A capital stands for the government when
  it is the subject of an act ("Moscow signed"), but is also just a place ("officials in Seoul said"), so
  callers that want the country itself ask for `kinds={NAME, DEMONYM}`.

How a word in a text is read:

- It must be written as a proper noun: capitalised, and an abbreviation exactly as listed ("US", "U.S."), so
  the pronoun "us", the bird "turkey" and "guinea pigs" are not countries. An abbreviation in a run of
  capitals ("LET US PRAY", "CAR BOMB") is not a country either.
- Phrases that contain a country word but name something else ("South China Sea", "New Jersey", "Niger Delta",
  "Guinea pig") are read as a whole and are not mentions.
- Words that are also given names, surnames or other places ("Chad", "Jordan", "Georgia", "Washington") are
  not a country straight before another capitalised word ("Chad Smith", "Washington Post") or straight after
  one in mid-sentence ("Michael Jordan"), unless that word belongs to a state ("Israel Defense Forces",
  "northern Chad").
- A few capitals that far more often name something else ("Victoria", "Kingston", "Brussels") are not read at
  all.
- A capital straight followed by ", <another country>" is that country's town ("Tripoli, Lebanon"), not a
  capital.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from importlib.resources import files
from typing import NamedTuple

import pycountry

NAME, DEMONYM, CAPITAL = "name", "demonym", "capital"
KINDS = frozenset({NAME, DEMONYM, CAPITAL})
# a word that is two kinds for one country ("Djibouti") is the first
_RANK = {NAME: 0, DEMONYM: 1, CAPITAL: 2}


class Country(NamedTuple):
    code: str  # ISO 3166-1 alpha-2
    name: str  # the canonical spelling
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]


class Mention(NamedTuple):
    country: str
    start: int
    end: int
    kind: str  # NAME, DEMONYM or CAPITAL


def _data(name: str) -> str:
    return files("sitrep.reading").joinpath("data", name).read_text(encoding="utf-8")


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _load_countries() -> tuple[Country, ...]:
    lines = [line for line in _data("countries.tsv").splitlines()
             if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    rows = {row["code"]: row for row in (dict(zip(header, line.split("\t"))) for line in lines[1:])}
    out = []
    for iso in pycountry.countries:
        row = rows.pop(iso.alpha_2, {})
        common = getattr(iso, "common_name", None)
        name = row.get("name") or common or iso.name
        official = [n for n in (iso.name, common, getattr(iso, "official_name", None)) if n]
        out.append(_country(iso.alpha_2, name, official, row))
    for code, row in rows.items():  # places news treats as countries that ISO 3166-1 does not list
        out.append(_country(code, row["name"], [], row))
    return tuple(out)


def _country(code: str, name: str, official: list[str], row: dict[str, str]) -> Country:
    aliases = dict.fromkeys(a for a in [*official, *_split(row.get("aliases", ""))] if a != name)
    return Country(code, name, tuple(aliases), tuple(_split(row.get("demonyms", ""))),
                   tuple(_split(row.get("capitals", ""))))


def _plain(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _variants(form: str) -> set[str]:
    """The ways a form is written: with or without accents, "Saint"/"St."/"St", "and"/"&", hyphen or space,
    straight or curly apostrophe."""
    out = {form, _plain(form)}
    for rewrite in (lambda v: v.replace("ʻ", "'"),
                    lambda v: re.sub(r"\bSaint ", "St. ", v), lambda v: re.sub(r"\bSt\. ", "St ", v),
                    lambda v: re.sub(r"\bSt\.? ", "Saint ", v), lambda v: v.replace(" and ", " & "),
                    lambda v: v.replace("-", " "), lambda v: v.replace("'", "’")):
        out |= {rewrite(v) for v in out}
    return out


def _is_abbreviation(form: str) -> bool:
    letters = [ch for ch in form if ch.isalpha()]
    return " " not in form and len(letters) <= 5 and sum(ch.isupper() for ch in letters) >= 2


COUNTRIES = _load_countries()
_RULES = tomllib.loads(_data("country_rules.toml"))


def _forms() -> tuple[dict[str, tuple[str, str]], dict[str, set[str]]]:
    """Each written form (lower case) -> (canonical name, kind); abbreviations -> their exact spellings."""
    unread = {v.lower() for word in _RULES["unmatched_capitals"]["words"] for v in _variants(word)}
    owners = {v.lower(): code for word, code in _RULES["shared"].items() for v in _variants(word)}
    listed: dict[str, dict[str, tuple[int, str]]] = {}  # form -> code -> (rank, kind)
    names = {c.code: c.name for c in COUNTRIES}
    abbreviations: dict[str, set[str]] = {}
    for country in COUNTRIES:
        for kind, words in ((NAME, (country.name, *country.aliases)), (DEMONYM, country.demonyms),
                            (CAPITAL, country.capitals)):
            for word in words:
                if kind == NAME:
                    word = re.sub(r"^the\s+", "", word, flags=re.IGNORECASE)
                for variant in _variants(word):
                    key = variant.lower()
                    if kind == CAPITAL and key in unread:
                        continue
                    if _is_abbreviation(variant):
                        abbreviations.setdefault(key, set()).add(variant)
                    rank = listed.setdefault(key, {}).get(country.code, (9, ""))[0]
                    if _RANK[kind] < rank:
                        listed[key][country.code] = (_RANK[kind], kind)
    forms = {}
    for key, by_country in listed.items():
        code = next(iter(by_country)) if len(by_country) == 1 else owners.get(key)
        if code not in by_country:
            raise ValueError(f"{key!r} is listed for {sorted(by_country)}: country_rules.toml [shared] "
                             f"must say which country it stands for")
        forms[key] = (names[code], by_country[code][1])
    return forms, abbreviations


_FORMS, _ABBREVIATIONS = _forms()
_NOT_COUNTRIES = {v.lower() for phrase in _RULES["not_countries"]["phrases"] for v in _variants(phrase)}
_AMBIGUOUS = {v.lower() for word in _RULES["ambiguous"]["words"] for v in _variants(word)}
_BY_NAME = {c.name: c for c in COUNTRIES}


def _trie(words: Iterable[str]) -> str:
    """One alternation for many words, branching letter by letter, so the engine tries one branch per
    position."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if "" in node:
            return "(?:" + "|".join(branches) + ")?"
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(root)


_MENTION_RE = re.compile(r"(?<![\w.])" + _trie({*_FORMS, *_NOT_COUNTRIES}) + r"(?![\w])", re.IGNORECASE)
_PREV_WORD = re.compile(r"(?<![\w'’.-])([^\W\d_][\w'’-]*)[ \t]+$")
_NEXT_WORD = re.compile(r"^[ \t]+([^\W\d_][\w'’-]*)")
_NEIGHBOUR_BEFORE = re.compile(r"([^\W\d_][\w'’.-]*)[^\w\n]{1,3}$")
_NEIGHBOUR_AFTER = re.compile(r"^[^\w\n]{1,3}([^\W\d_][\w'’.-]*)")
_PLACE_ENDS = re.compile(r"\s*(?:$|[.,;:)\]])")  # "..., United States." but not "..., Iran orders"
_TOWN_BEFORE = re.compile(r"[^\W\d_][\w'’.-]*, $")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_CALENDAR = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
             "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"}
_STATE_WORDS = _CALENDAR | {
    "Government", "Ministry", "Minister", "Ministers", "Army", "Armed", "Forces", "Force", "Defense",
    "Defence", "Police", "Navy", "Naval", "Air", "Military", "National", "Foreign", "Interior", "Security",
    "Border", "Coast", "Embassy", "Ambassador", "President", "Presidential", "Prime", "Premier", "Parliament",
    "Supreme", "Federal", "Authority", "Authorities", "Intelligence", "Prison", "Special", "King", "Queen",
    "Crown", "Royal", "Cabinet", "Customs", "Immigration", "Central"}
_COMPASS = _CALENDAR | {
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central", "Northeast",
    "Northwest", "Southeast", "Southwest", "Northeastern", "Northwestern", "Southeastern", "Southwestern",
    "Upper", "Lower", "Greater"}
_NOT_NAMES = {  # capitalised words before a country word that are not part of a person's name
    "The", "A", "An", "This", "That", "These", "Those", "In", "On", "At", "Of", "For", "From", "To", "By",
    "With", "And", "But", "Or", "Nor", "As", "After", "Before", "Since", "While", "When", "Where", "Both",
    "Neither", "Either", "Its", "Their", "His", "Her", "Our", "If", "Also", "Meanwhile", "However", "Under",
    "Over", "Against", "Between", "Across", "Near", "Into", "Outside", "Inside", "Within", "Without", "Via",
    "Like", "Unlike", "Including", "Despite", "During", "Neighbouring", "Neighboring"}
_NOT_NAME_BEFORE = _COMPASS | _NOT_NAMES
_PLACE_BEFORE = {  # "Prime Minister of Chad Saleh Kebzabo": after these the word is a place, whatever follows
    "of", "in", "from", "to", "into", "across", "near", "at", "against", "between", "for", "by", "with",
    "toward", "towards", "via", "including"}
_SENTENCE_OPENERS = ".!?:;\"“”‘'([{)]}—–-•*\n"


def _shouted(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters) and word.lower() not in _ABBREVIATIONS


def _in_capitals(text: str, start: int, end: int) -> bool:
    """The abbreviation stands in a run of capitals ("LET US PRAY"): every word beside it is in capitals
    too."""
    before = _NEIGHBOUR_BEFORE.search(text, max(0, start - 30), start)
    after = _NEIGHBOUR_AFTER.search(text[end:end + 30])
    neighbours = [m.group(1) for m in (before, after) if m]
    return bool(neighbours) and all(_shouted(w) for w in neighbours)


def _title_case(text: str, start: int, end: int) -> bool:
    """The words around are mostly capitalised, as in a headline ("Jordan Closes Its Airspace")."""
    words = _LONG_WORD.findall(text, max(0, start - 80), end + 80)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _names_something_else(text: str, start: int, end: int) -> bool:
    """An ambiguous word next to another capitalised word is part of a person's or another place's name."""
    after = _NEXT_WORD.match(text[end:end + 40])
    before = _PREV_WORD.search(text, max(0, start - 40), start)
    if before and before.group(1).lower() in _PLACE_BEFORE:
        return False
    if after and after.group(1)[0].isupper() and after.group(1) not in _STATE_WORDS \
            and after.group(1).lower() not in _FORMS:
        return not _title_case(text, start, end)
    if before and before.group(1)[0].isupper() and before.group(1) not in _NOT_NAME_BEFORE \
            and before.group(1).lower() not in _FORMS and not _shouted(before.group(1)):
        opening = text[:before.start(1)].rstrip()
        if opening and opening[-1] not in _SENTENCE_OPENERS:
            return not _title_case(text, start, end)
    return False


def _kinds(kinds: Iterable[str]) -> frozenset[str]:
    chosen = frozenset(kinds)
    if not chosen <= KINDS:
        raise ValueError(f"unknown kinds of country mention: {sorted(chosen - KINDS)}")
    return chosen


def _in_language(text: str) -> list[Mention]:
    """The countries `text` names in the active pack's language (`sitrep.reading.country_names`)."""
    from sitrep.reading.country_names import local_mentions
    from sitrep.reading.pack import active

    return [Mention(f.country, f.start, f.end, f.kind) for f in local_mentions(text, active())]


def mentions(text: str | None, kinds: Iterable[str] = KINDS) -> list[Mention]:
    """Each country name, demonym or capital in `text`, of the kinds asked for, as `Mention`s in text
    order: in English, and in the active pack's language."""
    chosen = _kinds(kinds)
    text = text or ""
    found: list[Mention] = []
    for m in _MENTION_RE.finditer(text):
        word = m.group(0)
        key = word.lower()
        entry = _FORMS.get(key)
        if entry is None:
            continue  # a phrase that is not a country ("South China Sea")
        if key in _ABBREVIATIONS:
            if word not in _ABBREVIATIONS[key] or _in_capitals(text, m.start(), m.end()):
                continue
        elif not word[0].isupper():
            continue
        if key in _AMBIGUOUS and _names_something_else(text, m.start(), m.end()):
            continue
        found.append(Mention(entry[0], m.start(), m.end(), entry[1]))
    local = [m for m in _in_language(text) if not any(f.start < m.end and m.start < f.end for f in found)]
    if local:
        found = sorted(found + local, key=lambda m: m.start)
    kept = []
    for i, mention in enumerate(found):
        after = found[i + 1] if i + 1 < len(found) else None
        if after and after.kind == NAME and after.country != mention.country \
                and text[mention.end:after.start] == ", ":
            if mention.kind == CAPITAL:
                continue  # "Tripoli, Lebanon": a town of the country named after it
            before = found[i - 1] if i else None
            beyond = found[i + 2] if i + 2 < len(found) else None
            if mention.kind == NAME and _TOWN_BEFORE.search(text, max(0, mention.start - 40), mention.start) \
                    and not (before and before.end == mention.start - 2) \
                    and _PLACE_ENDS.match(text, after.end) \
                    and not (beyond and text[after.end:beyond.start] == ", "):
                continue  # "Conyers, Georgia, United States": a region of the country named after it
        if mention.kind in chosen:
            kept.append(mention)
    return kept


def country_mentions(text: str | None, kinds: Iterable[str] = KINDS) -> list[tuple[str, int, int]]:
    """(canonical name, start, end) of each country name, demonym, capital or abbreviation in `text`, of the
    kinds asked for (all by default; `kinds={NAME, DEMONYM}` leaves capitals out). Short abbreviations ("US",
    "UK") count only in capitals, so the pronoun "us" is not a country."""
    return [(m.country, m.start, m.end) for m in mentions(text, kinds)]


def countries_in(text: str | None, kinds: Iterable[str] = KINDS) -> list[str]:
    """Canonical names of the countries `text` names, in order of first mention."""
    return list(dict.fromkeys(m.country for m in mentions(text, kinds)))


def without_countries(text: str | None, kinds: Iterable[str] = KINDS) -> str:
    """The text with every country mention of the kinds asked for blanked out."""
    text = text or ""
    for m in reversed(mentions(text, kinds)):
        text = text[:m.start] + " " * (m.end - m.start) + text[m.end:]
    return text


_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_TRAILING = re.compile(
    r"\s+(government|forces|armed forces|army|military|troops|soldiers|authorities|officials"
    r"|navy|air force)$",
    re.IGNORECASE)


def _lookup(name: str | None, kinds: Iterable[str] = KINDS) -> tuple[str, str] | None:
    if name is None:
        return None
    chosen = _kinds(kinds)
    cleaned = _LEADING.sub("", name.strip().strip(",;:'\""))
    key = cleaned.lower()
    bare = _TRAILING.sub("", cleaned.rstrip(".")).strip().lower()
    for candidate in (key, key.rstrip("."), bare):
        entry = _FORMS.get(candidate)
        if entry and entry[1] in chosen:
            return entry
    return _lookup_in_language(cleaned, chosen)


def _lookup_in_language(name: str, chosen: frozenset[str]) -> tuple[str, str] | None:
    """A name in the active pack's language: one country's name or people's word, the other words of the
    name of a state's bodies or forces ("российские военные", "Министерство обороны России")."""
    from sitrep.reading.pack import active

    found = [m for m in _in_language(name) if m.kind in chosen]
    if not found or len({m.country for m in found}) > 1:
        return None
    rest = name
    for m in reversed(found):
        rest = rest[:m.start] + " " + rest[m.end:]
    bodies = active().pattern("governing", "military", "personnel", "armed_personnel")
    if all(bodies.fullmatch(word) for word in re.findall(r"[^\W\d_][\w'’-]*", rest)):
        return found[0].country, found[0].kind
    return None


def canonical_country(name: str | None, kinds: Iterable[str] = KINDS) -> str | None:
    """The common short name for a country, its adjective or capital; unknown names come back trimmed,
    unchanged."""
    if name is None:
        return None
    cleaned = _LEADING.sub("", name.strip().strip(",;:'\""))
    if not cleaned:
        return None
    entry = _lookup(cleaned, kinds)
    return entry[0] if entry else cleaned.rstrip(".")


def country_kind(name: str | None) -> str | None:
    """NAME, DEMONYM or CAPITAL for a country word ("Burmese" -> DEMONYM); None for anything else."""
    entry = _lookup(name)
    return entry[1] if entry else None


def country(name: str | None) -> Country | None:
    """The `Country` a name, demonym or capital stands for."""
    entry = _lookup(name)
    return _BY_NAME[entry[0]] if entry else None


def same_country(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return canonical_country(a).lower() == canonical_country(b).lower()

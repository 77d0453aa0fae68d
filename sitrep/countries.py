"""Country names in one spelling: "North Korean" and "DPRK" become "North Korea", "UK" becomes "United Kingdom"."""

from __future__ import annotations

import re

_ALIASES = {
    "United States": ["us", "u.s.", "usa", "u.s.a.", "america", "american", "americans", "united states of america",
                      "washington"],
    "United Kingdom": ["uk", "u.k.", "britain", "great britain", "british", "england", "english", "london"],
    "Russia": ["russian", "russians", "russian federation", "moscow", "kremlin"],
    "Ukraine": ["ukrainian", "ukrainians", "kyiv", "kiev"],
    "North Korea": ["north korean", "north koreans", "dprk", "pyongyang",
                    "democratic people's republic of korea"],
    "South Korea": ["south korean", "south koreans", "republic of korea", "rok", "seoul"],
    "Iran": ["iranian", "iranians", "islamic republic of iran", "tehran"],
    "Israel": ["israeli", "israelis"],
    "Palestine": ["palestinian", "palestinians", "state of palestine", "palestinian territories"],
    "China": ["chinese", "prc", "people's republic of china", "beijing"],
    "Belarus": ["belarusian", "belarusians", "belarussian", "minsk"],
    "Syria": ["syrian", "syrians", "damascus"],
    "Lebanon": ["lebanese", "beirut"],
    "Yemen": ["yemeni", "yemenis", "sanaa"],
    "Sudan": ["sudanese", "khartoum"],
    "South Sudan": ["south sudanese", "juba"],
    "Afghanistan": ["afghan", "afghans", "kabul"],
    "Pakistan": ["pakistani", "pakistanis", "islamabad"],
    "India": ["indian", "indians", "new delhi"],
    "Turkey": ["turkish", "turkiye", "türkiye", "turks", "ankara"],
    "Iraq": ["iraqi", "iraqis", "baghdad"],
    "Egypt": ["egyptian", "egyptians", "cairo"],
    "Ethiopia": ["ethiopian", "ethiopians", "addis ababa"],
    "Poland": ["polish", "poles", "warsaw"],
    "France": ["french", "paris"],
    "Germany": ["german", "germans", "berlin"],
    "Japan": ["japanese", "tokyo"],
    "Qatar": ["qatari", "doha"],
    "Saudi Arabia": ["saudi", "saudis", "riyadh"],
    "United Arab Emirates": ["uae", "emirati", "emirates"],
    "Bolivia": ["bolivian"],
    "Georgia": ["georgian", "tbilisi"],
    "Armenia": ["armenian", "armenians", "yerevan"],
    "Azerbaijan": ["azerbaijani", "azeri", "baku"],
    "Somalia": ["somali", "mogadishu"],
    "Libya": ["libyan", "tripoli"],
    "Mali": ["malian", "bamako"],
    "Niger": ["nigerien", "niamey"],
    "Nigeria": ["nigerian", "abuja"],
    "Canada": ["canadian", "ottawa"],
    "Australia": ["australian", "canberra"],
    "Italy": ["italian", "rome"],
    "Spain": ["spanish", "madrid"],
    "Netherlands": ["dutch", "holland"],
    "Sweden": ["swedish", "stockholm"],
    "Finland": ["finnish", "helsinki"],
    "Norway": ["norwegian", "oslo"],
    "Denmark": ["danish", "copenhagen"],
    "Hungary": ["hungarian", "budapest"],
    "Romania": ["romanian", "bucharest"],
    "Moldova": ["moldovan", "chisinau"],
    "Lithuania": ["lithuanian", "vilnius"],
    "Latvia": ["latvian", "riga"],
    "Estonia": ["estonian", "tallinn"],
    "Vietnam": ["vietnamese", "hanoi"],
    "Philippines": ["philippine", "filipino", "manila"],
    "Myanmar": ["burma", "burmese"],
    "Venezuela": ["venezuelan", "caracas"],
    "Cuba": ["cuban", "havana"],
    "Jordan": ["jordanian", "amman"],
    "Kenya": ["kenyan", "nairobi"],
    "Rwanda": ["rwandan", "kigali"],
    "Democratic Republic of the Congo": ["drc", "dr congo", "congolese", "kinshasa"],
    "Greece": ["greek", "athens"],
    "Cyprus": ["cypriot", "nicosia"],
}
_CANONICAL = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_CANONICAL.update({name.lower(): name for name in _ALIASES})
_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_TRAILING = re.compile(
    r"\s+(government|forces|armed forces|army|military|troops|soldiers|authorities|officials|navy|air force)$",
    re.IGNORECASE)


def canonical_country(name: str | None) -> str | None:
    """The common short name for a country or its adjective; unknown names come back trimmed, unchanged."""
    if name is None:
        return None
    cleaned = _LEADING.sub("", name.strip().strip(",;:'\""))
    if not cleaned:
        return None
    key = cleaned.lower()
    for candidate in (key, key.rstrip(".")):
        if candidate in _CANONICAL:
            return _CANONICAL[candidate]
    cleaned = cleaned.rstrip(".")
    bare = _TRAILING.sub("", cleaned).strip()
    return _CANONICAL.get(bare.lower(), cleaned)


def same_country(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return canonical_country(a).lower() == canonical_country(b).lower()


def _alias_pattern() -> re.Pattern:
    names = sorted({*_CANONICAL}, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])", re.IGNORECASE)


_ALIAS_RE = _alias_pattern()


def country_mentions(text: str) -> list[tuple[str, int, int]]:
    """(canonical name, start, end) of each country name, adjective, capital or abbreviation in `text`. Short
    abbreviations ("US", "UK") count only in capitals, so the pronoun "us" is not a country."""
    out = []
    for m in _ALIAS_RE.finditer(text or ""):
        word = m.group(1)
        if len(word.replace(".", "")) <= 3 and word != word.upper():
            continue
        out.append((_CANONICAL[word.lower()], m.start(), m.end()))
    return out


def countries_in(text: str) -> list[str]:
    """Canonical names of the countries `text` names, in order of first mention."""
    return list(dict.fromkeys(name for name, _, _ in country_mentions(text)))


def without_countries(text: str) -> str:
    """The text with every country name, adjective, capital or abbreviation blanked out."""
    return _ALIAS_RE.sub(lambda m: " " * len(m.group(0)), text or "")

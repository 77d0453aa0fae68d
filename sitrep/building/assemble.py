"""Turning the model's grounded items into contract records, by code: offsets, quantities from the number mention
and its qualifier, the measure the number's own clause states, claimants from attribution phrases, countries,
dates, durations, figures derived from fractions, and one record per fact (duplicates and chunk seams merged)."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from datetime import UTC, datetime

from sitrep.building.aligned import Found
from sitrep.building.claims import claimant
from sitrep.building.grounding import Span, words_of
from sitrep.building.items import AgreementItem, CasualtyItem, TroopItem, _sentence_of
from sitrep.deciding.candidates import (
    casualty_number,
    context_of,
    makes_agreement,
    one_person_harmed,
    out_of_scope,
    single_victims,
    stated_measure,
    troop_number,
)
from sitrep.deciding.figures import fractions, measure_near
from sitrep.deciding.vocabulary import (
    AGREEMENT_KINDS,
    AGREEMENT_NOUN,
    ARMED,
    ARMED_GROUPS,
    COMPANY_NOUN,
    CORPORATE,
    GO_BETWEEN,
    GOVERNING,
    HARM_CUE,
    INTERNATIONAL_BODIES,
    MAKING,
    MONTH_OR_WEEKDAY,
    NO_AGREEMENT,
    ONE_PERSON,
    THE_PERSON,
)
from sitrep.reading.chunking import sentence_spans
from sitrep.reading.countries import (
    DEMONYM,
    NAME,
    canonical_country,
    countries_in,
    country_mentions,
    without_countries,
)
from sitrep.reading.dates import resolve
from sitrep.reading.quantities import VAGUE, NumberMention, find_numbers
from sitrep.schemas import (
    Agreement,
    Article,
    ArticleRef,
    CasualtyFigure,
    Evidence,
    Extraction,
    Quantity,
    TroopDeployment,
)

__all__ = ["Found", "article_ref", "build_records", "extraction_info", "quantity", "record_id"]

_ONE = re.compile(r"\b(a|an|one|single|lone)\b", re.IGNORECASE)
_DURATION = re.compile(r"\b(\d{1,3}|one|two|three|five|ten|fifteen|twenty|twenty-five|thirty|fifty|hundred|"
                       r"one hundred)[- ]years?(?:[- ]long)?\b(?!\s+(?:ago|old))", re.IGNORECASE)
_DURATION_WORDS = {"one": 1, "two": 2, "three": 3, "five": 5, "ten": 10, "fifteen": 15, "twenty": 20,
                   "twenty-five": 25, "thirty": 30, "fifty": 50, "hundred": 100, "one hundred": 100}
_MUTUAL = re.compile(r"mutual(?:[- ]defen[cs]e| aid| assistance| military assistance| security guarantee)|"
                     r"collective defen[cs]e|(?:defend|help|assist|aid)\w* (?:each other|one another|the other)|"
                     r"if (?:either|one|any) (?:of them |country |side |party |nation )?(?:is|were|comes under) "
                     r"(?:attacked|under attack)|in case (?:either|one|any) \w+ (?:faces|is subjected to) aggression",
                     re.IGNORECASE)
_NO_MUTUAL = re.compile(r"\b(?:not|no|without|lacks?)\b[^.]{0,40}(?:" + _MUTUAL.pattern + ")", re.IGNORECASE)
_STATUS = [("ratified", re.compile(r"\b(?:ratif\w*|approv\w*)\b", re.IGNORECASE)),
           ("suspended", re.compile(r"\b(?:suspend\w*|withdr[ae]w\w* from|pull\w* out of)\b", re.IGNORECASE)),
           ("signed", re.compile(r"\bsign(?:s|ed|ing)?\b", re.IGNORECASE)),
           ("proposed", re.compile(r"\b(?:propos\w*|offer\w*|draft)\b", re.IGNORECASE)),
           ("agreed_in_principle", re.compile(r"\b(?:reached|in principle|agreed (?:on|to)|agree (?:on|to))\b",
                                               re.IGNORECASE))]
_SECTORS = ["defence", "defense", "security", "military", "economy", "economic", "trade", "energy", "nuclear",
            "transport", "transportation", "technology", "cyber", "information", "finance", "investment",
            "agriculture", "health", "education", "culture", "science", "space", "intelligence", "infrastructure"]
_KINDS = AGREEMENT_KINDS
_TITLE = re.compile(rf"\b(?:a|an|the|its|their)\s+((?:(?!(?:a|an|the|with|and|to|of)\s)[\w’'\"“”-]+\s+){{0,5}}?"
                    rf"(?:{_KINDS})(?:[\"”’']?\s+(?:{_KINDS}))?\b(?:\s+(?:on|for)\s+(?:[a-z-]+\s+){{0,3}}"
                    rf"(?:cooperation|security|defen[cs]e|partnership|trade))?)", re.IGNORECASE)
_PLACE = re.compile(r"\b(?:in|near|across|at|of|outside)\s+((?:the\s+)?[A-Z][\w'’-]+(?:(?:\s+|,\s+|\s+of\s+)"
                    r"(?:[A-Z][\w'’-]+|province|region|district|oblast|city|governorate))*)")


def article_ref(article: Article) -> ArticleRef:
    return ArticleRef(id=article.id, url=article.url, title=article.title, published=article.published,
                      publisher=article.publisher, content_sha256=article.content_sha256, origin=article.origin)


def record_id(article: Article, record_type: str, key: dict, span: Span) -> str:
    material = json.dumps([article.content_sha256, record_type, key, span.start, span.end], sort_keys=True)
    return hashlib.sha256(material.encode()).hexdigest()[:24]


def extraction_info(model: str, prompt_version: str, method_version: str | None = None,
                    answered_at: str | None = None) -> Extraction:
    """Which model, prompts and method made a record, and when the model gave the answer it is built from."""
    return Extraction(model=model, prompt_version=prompt_version, method_version=method_version,
                      extracted_at=answered_at or datetime.now(UTC).isoformat(timespec="seconds"))


# ---------------------------------------------------------------- quantities

def quantity(mention: NumberMention | None, count: int, quote: str, derived: bool = False) -> Quantity:
    if derived:
        return Quantity(value=count, qualifier="exact", derived=True, text=quote)
    if mention is None:
        one = _ONE.search(quote) if count == 1 else None
        return Quantity(value=count, qualifier="exact", text=one.group(0) if one else str(count))
    if mention.qualifier == "range":
        return Quantity(value=mention.low, low=mention.low, high=mention.high, qualifier="range", text=mention.text)
    if mention.qualifier == "vague":
        return Quantity(value=VAGUE.get(mention.text.lower(), mention.value), qualifier="vague", text=mention.text)
    return Quantity(value=mention.value, qualifier=mention.qualifier, text=mention.text)


def _mentions(sentence: Span, span: Span, count: int) -> list[NumberMention]:
    """Mentions of `count` inside the quote, in sentence offsets (a vague amount when no number states it)."""
    offset = span.start - sentence.start
    inside = [n for n in find_numbers(sentence.quote) if offset <= n.start and n.end <= offset + len(span.quote)]
    exact = [n for n in inside if n.qualifier != "vague" and (n.value == count or (
        n.qualifier == "range" and count in (n.low, n.high)))]
    return exact or [n for n in inside if n.qualifier == "vague"]


# ---------------------------------------------------------------- records per type

def _common(article: Article, span: Span, extraction: Extraction) -> dict:
    return {"article": article_ref(article), "evidence": Evidence(quote=span.quote, start=span.start, end=span.end),
            "extraction": extraction, "attributed_to": claimant(article.text, span.start, span.end)}


_SPEAKING = re.compile(r"^\W*(?:\S+\s+){0,3}?(?:said|says|say|told|tell|reported|reports|announced|confirmed|"
                       r"claimed|stated|added|warned|estimated)\b", re.IGNORECASE)
_SPEAKERS_PLACE = re.compile(r"\b(?:according to|told|citing)\b[^,.;]{0,40}$", re.IGNORECASE)


def _place(sentence: str) -> str | None:
    """Where the sentence says something happened: the first place after "in", "near", "at"... that is not a
    month or weekday, and not where the claimant speaks from ("officials in Seoul said")."""
    for m in _PLACE.finditer(sentence):
        place = re.sub(r"^the\s+", "", m.group(1)).strip(" ,")
        if MONTH_OR_WEEKDAY.match(place):
            continue
        if _SPEAKING.match(sentence[m.end():]) or _SPEAKERS_PLACE.search(sentence[:m.start()]):
            continue
        return place
    return None


def _group_words(sentence: str, mention: NumberMention | None) -> str | None:
    """Whose casualties, in the sentence's own words: the noun phrase right after the number ("13 Palestinian
    civilians" -> "Palestinian civilians")."""
    if mention is None:
        return None
    after = re.match(r"\s+(?:of\s+the\s+|of\s+)?((?:(?!(?:were|was|are|is|have|has|had|in|on|at|by|and|or|after|"
                     r"during|when|who|from|including|killed|wounded|injured|dead|died|missing)\b)[A-Za-z][\w'’-]*\s*)"
                     r"{1,4})", sentence[mention.end:])
    return after.group(1).strip() if after else None


_ARMED = ARMED
_NATIONAL_BODY = re.compile(r"\b(?:army|armed forces|military|ministry|government|defen[cs]e|forces)\b", re.IGNORECASE)
_WEAPON_AFTER = re.compile(r"^\s*(?:drone|missile|rocket|air|strike|airstrike|shell|artillery|attack|bomb|forces|"
                           r"troops|army|military|navy|jets?)", re.IGNORECASE)


def _country(group: str, sentence: str, mention: NumberMention | None, claimant_name: str | None) -> str | None:
    """The country of a casualty group: named in the group, or as an adjective beside the number ("13
    Palestinians", "North Korean 4,000 casualties"), or as the place, or, for soldiers reported by a national army
    or ministry, that body's country."""
    named = countries_in(group)
    if named:
        return named[0]
    if mention is None:
        one = re.search(r"\b(?:a|an|one)\s+((?:\S+\s+){0,2}\S+)", sentence, re.IGNORECASE)
        named = [c for c, _, end in country_mentions(one.group(1)) if not _WEAPON_AFTER.match(one.group(1)[end:])] \
            if one else []
        if named:
            return named[0]
    else:
        words_before = " ".join(sentence[:mention.start].split()[-2:])
        words_after = " ".join(sentence[mention.end:].split()[:3])
        for near in (words_after, words_before):
            for country, _, end in country_mentions(near):
                if not _WEAPON_AFTER.match(near[end:]):  # "an Israeli drone" names the attacker
                    return country
    named = countries_in(_place(sentence) or "")
    if named:
        return named[-1]
    if claimant_name and _ARMED.search(group) and (_NATIONAL_BODY.search(claimant_name)
                                                   or canonical_country(claimant_name) in countries_in(claimant_name)):
        named = countries_in(claimant_name)  # soldiers reported by their own army, ministry or government
        return named[0] if named else None
    return None


def _pick(sentence: str, mentions: list[NumberMention], measure: str | None, who: str) -> NumberMention:
    """Of several mentions of the same number, the one whose clause states the measure and names the group."""
    words = {w for w in re.findall(r"[a-z]+", who.lower()) if len(w) > 2}

    def fit(n: NumberMention) -> tuple:
        following = set(re.findall(r"[a-z]+", sentence[n.end:n.end + 40].lower())[:4])
        return (measure is not None and measure_near(sentence, n) == measure, bool(words & following))

    return max(mentions, key=fit)


def casualty(found: Found, article: Article, extraction: Extraction) -> tuple[CasualtyFigure, int] | str:
    """A casualty record, every attribute read from the text; or why there is none."""
    item: CasualtyItem = found.item  # type: ignore[assignment]
    span, sentence = found.span, _sentence_of(article.text, found.span)
    context = context_of(article.text, sentence.start, article.title)
    mention = None
    if item.derived:
        if not any(cue.search(sentence.quote) for cue in HARM_CUE.values()):
            return "no word of harm in its sentence"
        measure = item.measure
        why = out_of_scope(sentence.quote, measure, context)
        if why:
            return why
    else:
        mentions = _mentions(sentence, span, item.count)
        if mentions:
            mention = _pick(sentence.quote, mentions, item.measure, item.group)
            why = casualty_number(sentence.quote, mention, context)
            if why:
                return why
            measure = stated_measure(sentence.quote, mention)
        elif item.count == 1:
            if not one_person_harmed(sentence.quote, context):
                return "a count of 1 needs one harmed person told in the text"
            measure = item.measure if HARM_CUE[item.measure].search(sentence.quote) else next(
                (k for k, cue in HARM_CUE.items() if cue.search(sentence.quote)), item.measure)
        else:
            return "the count is not written in its quote"
    count = quantity(mention, item.count, span.quote, item.derived)
    group = _group(item.group.strip(), sentence.quote, mention, article.text)
    if group is None:
        return "whose casualties is not named in the text"
    key = {"measure": measure, "value": count.value, "group": group.lower()}
    common = _common(article, span, extraction)
    country = _country(group, sentence.quote, mention, common["attributed_to"])
    record = CasualtyFigure(record_id=record_id(article, "casualty_figure", key, span), group=group,
                            country=country, measure=measure, count=count, location=_place(sentence.quote), **common)
    return record, (sentence.start + mention.start if mention else _victim_at(sentence, span, group, context)[0])


def _victim_at(sentence: Span, span: Span, group: str, context: str) -> tuple[int, int]:
    """Where the one person a record tells of stands: the single victim of the sentence named by its group, else
    the one its quote holds; two people harmed in one sentence are two facts, one person told twice is one."""
    victims = [(sentence.start + a, sentence.start + b) for a, b in single_victims(sentence.quote, context)]
    named = [v for v in victims if words_of(group, sentence.quote[v[0] - sentence.start:v[1] - sentence.start])]
    held = [v for v in victims if span.start <= v[0] and v[1] <= span.end]
    return (named or held or [(span.start, span.end)])[0]


def _group(named: str, sentence: str, mention: NumberMention | None, text: str) -> str | None:
    """Whose casualties, in words of the article: the model's reading when the sentence says it; else the words
    after the number, the person harmed, or "people" when the sentence says so; else the model's reading when
    the article says it elsewhere."""
    if named and words_of(named, sentence):
        return named
    found = _group_words(sentence, mention) or _one_person(sentence) or _named_victim(sentence)
    if found:
        return found
    if re.search(r"\bpeople\b", sentence, re.IGNORECASE):
        return "people"
    return named if named and words_of(named, text) else None


def _named_victim(sentence: str) -> str | None:
    """The name of the one person the sentence tells harmed ("Ana Ruiz, the mayor, is killed" -> "Ana Ruiz")."""
    for a, b in single_victims(sentence):
        for name in re.findall(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+", sentence[a:b]):
            if not GOVERNING.search(name) and not MONTH_OR_WEEKDAY.search(name):
                return name
    return None


def _one_person(sentence: str) -> str | None:
    """The person noun of a sentence telling one person harmed ("a soldier", "her husband") -> "soldier"."""
    m = ONE_PERSON.search(sentence) or THE_PERSON.search(sentence)
    return re.sub(r"^(?:a|an|one|the|its|their|his|her)\s+", "", m.group(0), flags=re.IGNORECASE) if m else None


def troops(found: Found, article: Article, extraction: Extraction) -> tuple[TroopDeployment, int] | str:
    """A troop record, every attribute read from the text; or why there is none."""
    item: TroopItem = found.item  # type: ignore[assignment]
    span, sentence = found.span, _sentence_of(article.text, found.span)
    mentions = _mentions(sentence, span, item.count)
    mention = _pick(sentence.quote, mentions, None, item.force) if mentions else None
    if mention is None:
        return "the count is not written in its quote"
    why = troop_number(sentence.quote, mention)
    if why:
        return why
    count = quantity(mention, item.count, span.quote)
    force = _force(item.force, sentence.quote, mention)
    if force is None:
        return "whose troops is not named in its sentence"
    key = {"value": count.value, "force": force.lower()}
    location = item.location.strip() if item.location else ""
    if not location or location.lower() in {"null", "none"} or not words_of(location, sentence.quote):
        location = _place(sentence.quote)  # the model's place only when the sentence says it
    record = TroopDeployment(record_id=record_id(article, "troop_deployment", key, span), force=force, count=count,
                             location=location or None, status=item.status, **_common(article, span, extraction))
    return record, sentence.start + mention.start


def _force(named: str, sentence: str, mention: NumberMention) -> str | None:
    """Whose troops: the model's reading when the sentence names it (a country by its name or demonym); else
    the country named right by the number ("4,000 Chadian troops", "3,000 troops from Chad"); else the
    nearest one named before it ("the US will deploy 3,000 troops to Poland"); else the one the sentence names."""
    force = canonical_country(named) or named.strip()
    if force and words_of(force, sentence) or (named.strip() and words_of(named, sentence)):
        return force
    after = " ".join(sentence[mention.end:].split()[:4])
    near = country_mentions(after, kinds={NAME, DEMONYM})
    if near and (not re.match(r"(?:\S+\s+){0,3}?(?:to|into|in|near|at|towards|toward)\s+$", after[:near[0][1]])):
        return near[0][0]
    before = country_mentions(sentence[:mention.start], kinds={NAME, DEMONYM})
    if before:
        return before[-1][0]
    named_here = countries_in(sentence, kinds={NAME, DEMONYM})
    return named_here[0] if len(named_here) == 1 else None


def _duration(text: str) -> float | None:
    m = _DURATION.search(text)
    if not m:
        return None
    words = m.group(1).lower()
    return float(words) if words.isdigit() else float(_DURATION_WORDS[words])


# a person: two or more capitalised words ("Kim Jong Un"), or one after a title ("president Lukashenko")
_PERSON = re.compile(r"\b(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)+|(?<=president )[A-Z][a-z]+|"
                     r"(?<=leader )[A-Z][a-z]+|(?<=minister )[A-Z][a-z]+|(?<=counterpart )[A-Z][a-z]+)")
_INSTITUTION = re.compile(r"\b(?:Command|Council|Ministry|Forces?|Army|Navy|Department|Office|Agency|Union|Nations|"
                          r"Organi[sz]ation|Assembly|Parliament|Cabinet|Party|Front|Group|Committee|Court|Bank|Fund|"
                          r"Security|Defen[cs]e|Foreign|Prime|Minister|President|Government|State|States|Republic|"
                          r"Kingdom|City|Province|Region|Strip|Bank|Sea|River|Gulf)\b")
_MONTH_OR_DAY = MONTH_OR_WEEKDAY
_COMMERCE = re.compile(r"\b(?:suppl\w*|purchas\w*|contracts?|orders?|acqui\w*|merger|sales?|sold|buy\w*|shares|"
                       r"stake|licens\w*|[$€£]|(?:million|billion)\b)", re.IGNORECASE)


_OF_A_THING = re.compile(r"\b[\w'’]+(?:\s[A-Z][\w'’]+)?-(?:flagged|registered|owned|built|made|based|operated)\b")


def _supported(parties: list[str], sentence: str, claimant_name: str | None) -> list[str]:
    """The parties the sentence supports: named in it by country (outside the claimant's own words), or, when it
    names people ("Putin signed a deal with Kim Jong Un"), the model's reading of who they stand for."""
    body = sentence.replace(claimant_name, " ") if claimant_name else sentence
    body = _OF_A_THING.sub(" ", body)  # "a Belize-flagged ship" names a ship's flag, not a side
    named = {c.lower() for c in countries_in(body)}
    people = [name for name in _PERSON.findall(without_countries(body))
              if not _INSTITUTION.search(name) and not _MONTH_OR_DAY.search(name)
              and name.split()[0] not in ("The", "A", "An", "This", "That", "These", "Its", "Their")]
    claimed = {c.lower() for c in countries_in(claimant_name or "")}
    def written(party: str) -> bool:  # named by a country word, or in its own words ("Serbia", "Hamas")
        return party.lower() in named or re.search(rf"\b{re.escape(party)}\b", body, re.IGNORECASE) is not None

    return [p for p in parties if written(p) or (people and p.lower() not in claimed)]


def can_be_party(party: str) -> bool:
    """A party an agreement can have: a state, an international organisation, an armed group known by name, a
    body named as one ("Syrian Democratic Forces", "the Houthi movement"), or a name in capitals ("DPR")."""
    if canonical_country(party, kinds={NAME, DEMONYM}) in countries_in(party) or INTERNATIONAL_BODIES.search(party):
        return True
    if ARMED_GROUPS.search(party) or re.fullmatch(r"[A-Z][A-Z0-9-]{1,7}", party.strip()):
        return True
    if re.search(r"\bPart(?:y|ies)\b", party):
        return False  # a political party makes no agreement between states ("the Liberal Party")
    return GOVERNING.search(party) is not None and (re.search(r"\b[A-Z][\w'’-]*", party) is not None
                                                   or bool(countries_in(party)))


def _go_betweens(parties: list[str], sentence: str) -> list[str]:
    """The parties the sentence names only as a go-between or a venue ("brokered by Qatar", "signed in Algiers,
    Algeria"), not as a side of the agreement."""
    roles = [(m.start(), m.end()) for m in GO_BETWEEN.finditer(sentence)]
    if not roles:
        return []
    rest = sentence
    for a, b in reversed(roles):
        rest = rest[:a] + " " * (b - a) + rest[b:]
    inside = " ".join(sentence[a:b] for a, b in roles)
    named_in_roles = {c.lower() for c in countries_in(inside)}
    named_elsewhere = {c.lower() for c in countries_in(rest)}

    def only_in_roles(party: str) -> bool:
        literal = re.compile(rf"\b{re.escape(party)}\b", re.IGNORECASE)
        in_roles = party.lower() in named_in_roles or literal.search(inside) is not None
        elsewhere = party.lower() in named_elsewhere or literal.search(rest) is not None
        return in_roles and not elsewhere

    return [p for p in parties if only_in_roles(p)]


def _not_companies(parties: list[str], sentence: str) -> list[str] | str:
    """Agreement parties are states, governments, international organisations or armed groups, not companies:
    a party with a company's marker goes, and a commercial deal of parties none of which is a public body is
    no agreement."""
    kept = [p for p in parties if not CORPORATE.search(p)]
    if not any(can_be_party(p) for p in kept) and (COMPANY_NOUN.search(sentence) or _COMMERCE.search(sentence)
                                                   or len(kept) < len(parties)):
        return "the parties are companies, not states, organisations or armed groups"
    return kept


def _mutual_defence(text: str) -> bool | None:
    """True when the text pledges help if attacked, False when it says there is no such clause, else None."""
    if _NO_MUTUAL.search(text):
        return False
    return True if _MUTUAL.search(text) else None


_REFERS_BACK = re.compile(r"\b(?:this|that|the|its|their)\s+(?:new\s+)?(?:pact|treaty|agreement|deal|accord|"
                          r"partnership|memorandum|ceasefire|truce|alliance)\b|^\s*it\b", re.IGNORECASE)
FOLLOWING_SENTENCES = 6


def _about_it_later(text: str, sentence: Span) -> str:
    """The sentences after the agreement's own that go on about it ("The pact commits ...", "However, this
    agreement does not ..."), up to the next sentence that makes another agreement, within a few sentences."""
    rest = text[sentence.end:sentence.end + 3000]  # a few sentences are wanted, not the rest of a long article
    out = []
    for a, b in sentence_spans(rest)[:FOLLOWING_SENTENCES]:
        following = rest[a:b]
        if makes_agreement(following) and not _REFERS_BACK.search(following):
            break
        if _REFERS_BACK.search(following):
            out.append(following)
    return " ".join(out)


def _title(text: str) -> str | None:
    """The agreement's name or kind as the text gives it: 'a 20-year "strategic partnership" deal' -> the words
    between the article and the kind of agreement."""
    m = _TITLE.search(text)
    if not m:
        return None
    title = re.sub(r"[\"“”]", "", m.group(1)).strip(" '")
    return re.sub(r"^(?:new|similar|recent|landmark|historic)\s+", "", title, flags=re.IGNORECASE) or None


def _to_agreement_noun(text: str, span: Span, sentence: Span) -> Span:
    """A quote cut short just before the agreement it tells ("X and Y formally sign a"), carried on to the
    agreement noun a few words further in the same sentence."""
    noun = AGREEMENT_NOUN.search(text, span.end, sentence.end)
    if noun is None or noun.start() - span.end > 40:
        return span
    return Span(span.start, noun.end(), text[span.start:noun.end()])


def agreement(found: Found, article: Article, extraction: Extraction) -> tuple[Agreement, int] | str:
    item: AgreementItem = found.item  # type: ignore[assignment]
    span, sentence = found.span, _sentence_of(article.text, found.span)
    if not AGREEMENT_NOUN.search(span.quote):
        span = _to_agreement_noun(article.text, span, sentence)
    if not AGREEMENT_NOUN.search(span.quote):
        return "its quote names no agreement"
    if NO_AGREEMENT.search(span.quote) or NO_AGREEMENT.search(sentence.quote):
        return "the text says no agreement was made"
    parties = _supported(list(dict.fromkeys(p for p in (canonical_country(x) for x in item.parties) if p)),
                         sentence.quote, claimant(article.text, span.start, span.end))
    parties = [p for p in parties if words_of(p, article.text)]  # words of the article, or a country it names
    parties = _not_companies(parties, sentence.quote)
    if isinstance(parties, str):
        return parties
    between = _go_betweens(parties, sentence.quote)
    parties = [p for p in parties if p not in between and can_be_party(p)]
    states = {p.lower() for p in parties if countries_in(p, kinds={NAME}) == [p]}
    # a body of a state that is a party already is that state ("the Security Cabinet of Israel" beside "Israel")
    parties = [p for p in parties if p.lower() in states or not {c.lower() for c in countries_in(p)} & states]
    if len({p.lower() for p in parties}) < 2:
        return "fewer than two parties (states, organisations or armed groups) named in its sentence"
    status = next((name for name, verb in _STATUS if verb.search(span.quote)), None) or next(
        (name for name, verb in _STATUS if verb.search(sentence.quote)), item.status)
    if status == "agreed_in_principle" and item.status == "signed" and re.search(r"\bagreed (?:on|to)\b",
                                                                                 sentence.quote, re.IGNORECASE):
        status = "signed"  # "the president agreed to a deal with X": the reading decides
    signed = resolve(span.quote, article.published) or resolve(sentence.quote, article.published)
    if signed is None and status == "signed" and article.published is not None:
        signed = article.published.isoformat()
    mutual = _mutual_defence(sentence.quote)
    if mutual is None:
        mutual = _mutual_defence(_about_it_later(article.text, sentence))
    sectors = [s for s in _SECTORS if re.search(rf"\b{s}\b", sentence.quote, re.IGNORECASE)]
    title = _title(span.quote) or _title(sentence.quote)
    key = {"parties": sorted(p.lower() for p in parties)}
    record = Agreement(record_id=record_id(article, "agreement", key, span), parties=parties, title=title,
                       signed=signed, duration_years=_duration(span.quote) or _duration(sentence.quote),
                       mutual_defence=mutual, sectors=sectors, status=status,
                       **_common(article, span, extraction))
    return record, span.start


# ---------------------------------------------------------------- derived figures and duplicates

def derived_from(record: CasualtyFigure, article: Article) -> list[tuple[CasualtyFigure, int]]:
    """Figures the record's sentence derives from its number: "4,000 casualties, a quarter of whom were killed"."""
    if record.count.derived:
        return []
    sentence = _sentence_of(article.text, Span(record.evidence.start, record.evidence.end, record.evidence.quote))
    out = []
    for d in fractions(sentence.quote):
        if d.base.value != record.count.value or d.measure == record.measure:
            continue
        start = sentence.start + d.start
        span = Span(start, sentence.start + d.end, article.text[start:sentence.start + d.end])
        count = Quantity(value=d.value, qualifier="exact", derived=True, text=span.quote)
        key = {"measure": d.measure, "value": d.value, "group": record.group.lower()}
        out.append((record.model_copy(update={
            "record_id": record_id(article, "casualty_figure", key, span), "measure": d.measure, "count": count,
            "evidence": Evidence(quote=span.quote, start=span.start, end=span.end)}), span.start))
    return out


def _same_fact(a, b) -> bool:
    """Two (record, anchor) pairs telling one fact: the same number mention (or derived phrase) with the same
    measure; the same figure of the same people (or force) told again in another sentence; or an agreement
    between the same parties."""
    (ra, anchor_a), (rb, anchor_b) = a, b
    if ra.record_type != rb.record_type:
        return False
    if ra.record_type == "agreement":
        return {p.lower() for p in ra.parties} == {p.lower() for p in rb.parties}
    if ra.count.value != rb.count.value or ra.count.derived != rb.count.derived:
        return False
    if ra.record_type == "casualty_figure" and ra.measure != rb.measure:
        return False
    overlap = ra.evidence.start < rb.evidence.end and rb.evidence.start < ra.evidence.end
    if anchor_a == anchor_b or (ra.count.derived and overlap):
        return True
    return _same_who(ra, rb) and (ra.location is None or rb.location is None or ra.location == rb.location)


def _same_who(ra, rb) -> bool:
    if ra.record_type == "troop_deployment":
        return ra.force.lower() == rb.force.lower()
    same_group = ra.group.lower() == rb.group.lower() and ra.group.lower() != "people"
    return same_group or (ra.country is not None and ra.country == rb.country and
                          _head(ra.group) == _head(rb.group))


def _head(group: str) -> str:
    """The last word of a group, singular: "Palestinian civilians" and "civilians" -> "civilian"."""
    word = (group.lower().split() or [""])[-1]
    return word[:-1] if word.endswith("s") else word


_NEGATED = re.compile(r"\b(?:not|no|without|never)\b", re.IGNORECASE)


def _telling(record: Agreement, published) -> tuple:
    """How well a sentence tells an agreement: it says when, it says how long, it has a making verb, no negation."""
    quote = record.evidence.quote
    return (resolve(quote, published) is not None, _duration(quote) is not None,
            MAKING.search(quote) is not None, _NEGATED.search(quote) is None)


def _merge(kept: Agreement, other: Agreement, published=None) -> Agreement:
    """One agreement told twice: keep the better telling, fill its gaps from the other."""
    if _telling(other, published) > _telling(kept, published):
        kept, other = other, kept
    update = {name: getattr(other, name) for name in ("title", "signed", "duration_years", "mutual_defence",
                                                      "attributed_to") if getattr(kept, name) is None}
    if not kept.sectors and other.sectors:
        update["sectors"] = other.sectors
    return kept.model_copy(update=update) if update else kept


# what a candidate passed when it became a record (the first that fails names itself as the drop reason)
CHECKS = {
    "casualty_figure": ["quote found in the article", "count written in its quote, or one harmed person told",
                        "the number counts people, harmed, with the measure the text states",
                        "harm through violence (not disease, disaster or accident; no ordinary arrest)",
                        "group, place and claimant are words of the article", "not a fact another record tells"],
    "troop_deployment": ["quote found in the article", "count written in its quote",
                         "the number counts personnel, not harmed", "force and place are words of the article",
                         "not a fact another record tells"],
    "agreement": ["quote found in the article", "its quote names an agreement",
                  "the text does not say no agreement was made",
                  "at least two parties: words of the article, states, organisations or armed groups, not companies, "
                  "go-betweens or venues", "not a fact another record tells"],
}


def build_records(found: list[Found], article: Article, extraction: Extraction,
                  drops: Counter | None = None, trace: list[dict] | None = None) -> list:
    """Contract records from grounded items: filtered, derived figures added, one record per fact. Every
    candidate dropped is counted in `drops` by reason, and every candidate's fate is appended to `trace`."""
    drops = Counter() if drops is None else drops
    trace = [] if trace is None else trace
    builders = {"casualty_figure": casualty, "troop_deployment": troops, "agreement": agreement}
    built: list[tuple] = []
    fates: list[dict] = []
    for f in found:
        fate = {"record_type": f.record_type, "quote": f.span.quote, "start": f.span.start, "end": f.span.end,
                "answer": f.item.model_dump(mode="json")}
        fates.append(fate)
        pair = builders[f.record_type](f, article, extraction)
        if isinstance(pair, str):
            fate.update(outcome="dropped", reason=pair)
            continue
        fate.update(outcome="kept", record_id=pair[0].record_id, checks=CHECKS[f.record_type])
        built.append(pair)
        if pair[0].record_type == "casualty_figure":
            built.extend(derived_from(pair[0], article))
    out: list[tuple] = []
    merged: dict[str, str] = {}  # record id -> the id of the record that tells the same fact
    for pair in built:
        twin = next((i for i, kept in enumerate(out) if _same_fact(kept, pair)), None)
        if twin is None:
            out.append(pair)
        else:
            merged[pair[0].record_id] = out[twin][0].record_id
            if pair[0].record_type == "agreement":
                out[twin] = (_merge(out[twin][0], pair[0], article.published), out[twin][1])
    for fate in fates:
        if fate.get("record_id") in merged:
            fate.update(outcome="merged", reason="the same fact as another record", into=merged[fate["record_id"]])
        if fate["outcome"] != "kept":
            drops[fate["reason"]] += 1
    trace.extend(fates)
    return [record for record, _ in out]

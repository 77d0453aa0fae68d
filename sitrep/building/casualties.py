"""Casualty records, every attribute read from the text: the number mention and the measure its clause states,
whose casualties (the words after the number, the one person harmed, or the model's reading when the text says
it), their country, and the place."""

from __future__ import annotations

import re

from sitrep.building.aligned import Found
from sitrep.building.grounding import Span, words_of
from sitrep.building.items import CasualtyItem, _sentence_of
from sitrep.building.records import common_fields, count_mentions, pick_mention, place_in, quantity, record_id
from sitrep.deciding.decide import CASUALTY, Candidate, number_id
from sitrep.deciding.reasons import Reason
from sitrep.deciding.scope import context_of, out_of_scope
from sitrep.deciding.victims import single_victims
from sitrep.deciding.vocabulary import (
    alt,
    harm_cues,
    kind,
    month_or_weekday,
    one_person,
    per_pack,
    the_person,
)
from sitrep.reading.countries import canonical_country, countries_in, country_mentions
from sitrep.reading.letters import LETTER, UPPER, capital_names
from sitrep.reading.pack import NEVER, Pack
from sitrep.reading.quantities import NumberMention
from sitrep.schemas import Article, CasualtyFigure, Extraction


@per_pack
def _attacker_after(pack: Pack) -> re.Pattern:
    """Words after a country's adjective naming the attacker ("a Chilean gunboat"), read as word starts."""
    return re.compile(r"^\s*" + pack.alternation("building.attacker_nouns"), re.IGNORECASE)


@per_pack
def _group_after(pack: Pack) -> re.Pattern:
    """The words right after a number, up to a word that ends them (after the first, a word of harm among
    them: "مواطنا وإصابة" is citizens and wounded, while "twenty bodies" are bodies), in the case the pack
    writes."""
    stops = pack.alternation("building.group.stops")
    harm = pack.alternation("building.group.stops", "harm.killed", "harm.wounded", "harm.missing",
                            "harm.captured.words")
    word = rf"{LETTER}[\w'’-]*\s*"
    return re.compile(rf"\s+(?:{pack.alternation('building.group.lead')}\s+)?((?!{stops}\b){word}"
                      rf"(?:(?!{harm}\b){word}){{0,3}})")


def casualty(found: Found, article: Article, extraction: Extraction,
             decided: dict[str, Candidate]) -> tuple[CasualtyFigure, int] | Reason:
    """A casualty record, every attribute read from the text, its number's verdict and measure as the one
    decision gave them (`decided`: candidates by id); or why there is none."""
    item: CasualtyItem = found.item  # type: ignore[assignment]
    span, sentence = found.span, _sentence_of(article.text, found.span)
    context = context_of(article.text, sentence.start, article.title)
    victims = [c for c in decided.values()
               if c.one_person and c.asked and sentence.start <= c.start < sentence.end]
    mention = None
    cues = harm_cues()
    if item.derived:
        if not any(cue.search(sentence.quote) for cue in cues.values()):
            return Reason.NO_HARM_WORD
        measure = item.measure
        why = out_of_scope(sentence.quote, measure, context)
        if why:
            return why
    else:
        mentions = count_mentions(sentence, span, item.count)
        if mentions:
            mention = pick_mention(sentence.quote, mentions, item.measure, item.group)
            decision = decided.get(number_id(CASUALTY, sentence.start + mention.start))
            why = decision.reason if decision else Reason.NOT_A_CANDIDATE
            if why:
                return why
            measure = decision.measure
        elif item.count == 1:
            if not victims:
                return Reason.NO_ONE_PERSON
            measure = item.measure if cues[item.measure].search(sentence.quote) else next(
                (k for k, cue in cues.items() if cue.search(sentence.quote)), item.measure)
        else:
            return Reason.COUNT_NOT_WRITTEN
    count = quantity(mention, item.count, span.quote, item.derived)
    group = (_group(item.group.strip(), sentence.quote, mention, article.text)
             or _told_before(article.text, sentence, mention))
    if group is None:
        return Reason.NO_GROUP
    key = {"measure": measure, "value": count.value, "group": group.lower()}
    common = common_fields(article, span, extraction, found)
    country = _country(group, sentence.quote, mention, common["attributed_to"])
    record = CasualtyFigure(record_id=record_id(article, "casualty_figure", key, span), group=group,
                            country=country, measure=measure, count=count, location=place_in(sentence.quote),
                            **common)
    return record, (sentence.start + mention.start if mention
                    else _victim_at(sentence, span, group, victims)[0])


def _victim_at(sentence: Span, span: Span, group: str, candidates: list[Candidate]) -> tuple[int, int]:
    """Where the one person a record tells of stands: the single victim of the sentence named by its group,
    else the one its quote holds; two people harmed in one sentence are two facts,
    one person told twice is one."""
    victims = [(c.start, c.end) for c in candidates]
    named = [v for v in victims
             if words_of(group, sentence.quote[v[0] - sentence.start:v[1] - sentence.start])]
    held = [v for v in victims if span.start <= v[0] and v[1] <= span.end]
    return (named or held or [(span.start, span.end)])[0]


def _group(named: str, sentence: str, mention: NumberMention | None, text: str) -> str | None:
    """Whose casualties, in words of the article: the model's reading when the sentence says it; else the
    words after the number, the person harmed, or "people" when the sentence says so; else the model's reading
    when the article says it elsewhere."""
    if named and words_of(named, sentence):
        return named
    found = _group_words(sentence, mention) or _one_person(sentence) or _named_victim(sentence)
    if found:
        return found
    people = kind("building.people").search(sentence)
    if people:
        return people.group(0).lower()
    return named if named and words_of(named, text) else None


def _told_before(text: str, sentence: Span, mention: NumberMention | None) -> str | None:
    """Whose casualties when the number's own words leave the noun out ("двое военных погибли, еще семеро
    пострадали"; "two soldiers died and seven were hurt"): the last noun for people before the number in its
    sentence, else in the sentence before it in the same paragraph."""
    if mention is None:
        return None
    nouns = kind("armed_personnel", "personnel.military", "personnel.generic", "person_nouns", "people_words")
    found = list(nouns.finditer(sentence.quote[:mention.start]))
    if not found:
        found = list(nouns.finditer(text[max(0, sentence.start - 400):sentence.start].split("\n")[-1]))
    return found[-1].group(0) if found else None


def _group_words(sentence: str, mention: NumberMention | None) -> str | None:
    """Whose casualties, in the sentence's own words: the noun phrase right after the number ("13 Palestinian
    civilians" -> "Palestinian civilians")."""
    if mention is None:
        return None
    after = _group_after().match(sentence[mention.end:])
    return after.group(1).strip() if after else None


@per_pack
def _names(pack: Pack) -> re.Pattern:
    """Two or more capitalised words: a person's name, where a capital marks one ("Ana Ruiz")."""
    return re.compile(rf"\b{UPPER}[\w'’-]+(?:\s+{UPPER}[\w'’-]+)+") if capital_names(pack) else NEVER


def _named_victim(sentence: str) -> str | None:
    """The name of the one person the sentence tells harmed ("Ana Ruiz, the
    mayor, is killed" -> "Ana Ruiz")."""
    for a, b in single_victims(sentence):
        for name in _names().findall(sentence[a:b]):
            if not kind("governing").search(name) and not month_or_weekday().search(name):
                return name
    return None


def _one_person(sentence: str) -> str | None:
    """The person noun of a sentence telling one person harmed ("a soldier", "her husband") -> "soldier"."""
    m = one_person().search(sentence) or the_person().search(sentence)
    determiner = rf"^{alt('determiners.one', 'determiners.the')}\s+"
    return re.sub(determiner, "", m.group(0), flags=re.IGNORECASE) if m else None


def _country(group: str, sentence: str, mention: NumberMention | None,
             claimant_name: str | None) -> str | None:
    """The country of a casualty group: named in the group, or as an adjective beside the number ("13
    Palestinians", "North Korean 4,000 casualties"), or as the place, or, for soldiers reported by a national
    army or ministry, that body's country."""
    named = countries_in(group)
    if named:
        return named[0]
    attacker = _attacker_after()
    if mention is None:
        one = re.search(rf"\b{alt('determiners.one')}\s+((?:\S+\s+){{0,2}}\S+)", sentence, re.IGNORECASE)
        named = [c for c, _, end in country_mentions(one.group(1))
                 if not attacker.match(one.group(1)[end:])] if one else []
        if named:
            return named[0]
    else:
        words_before = " ".join(sentence[:mention.start].split()[-2:])
        words_after = " ".join(sentence[mention.end:].split()[:3])
        for near in (words_after, words_before):
            for country, _, end in country_mentions(near):
                if not attacker.match(near[end:]):  # "a Chilean patrol boat" names the attacker
                    return country
    named = countries_in(place_in(sentence) or "")
    if named:
        return named[-1]
    if claimant_name and kind("armed_personnel").search(group) and (
            kind("building.national_bodies").search(claimant_name)
            or canonical_country(claimant_name) in countries_in(claimant_name)):
        named = countries_in(claimant_name)  # soldiers reported by their own army, ministry or government
        return named[0] if named else None
    return None

"""Troop records: the number mention of personnel, whose troops (a country by its name or demonym, by the
number or before it), and where, the model's place only when the sentence says it."""

from __future__ import annotations

import re

from sitrep.building.aligned import Found
from sitrep.building.grounding import words_of
from sitrep.building.items import TroopItem, _sentence_of
from sitrep.building.records import common_fields, count_mentions, pick_mention, place_in, quantity, record_id
from sitrep.deciding.decide import TROOPS, Candidate, number_id
from sitrep.deciding.reasons import Reason
from sitrep.deciding.vocabulary import alt
from sitrep.reading.countries import DEMONYM, NAME, canonical_country, countries_in, country_mentions
from sitrep.reading.quantities import NumberMention
from sitrep.schemas import Article, Extraction, TroopDeployment


def troops(found: Found, article: Article, extraction: Extraction,
           decided: dict[str, Candidate]) -> tuple[TroopDeployment, int] | Reason:
    """A troop record, every attribute read from the text, its number's verdict as the one decision gave it
    (`decided`: candidates by id); or why there is none."""
    item: TroopItem = found.item  # type: ignore[assignment]
    span, sentence = found.span, _sentence_of(article.text, found.span)
    mentions = count_mentions(sentence, span, item.count)
    mention = pick_mention(sentence.quote, mentions, None, item.force) if mentions else None
    if mention is None:
        return Reason.COUNT_NOT_WRITTEN
    decision = decided.get(number_id(TROOPS, sentence.start + mention.start))
    why = decision.reason if decision else Reason.NOT_A_CANDIDATE
    if why:
        return why
    count = quantity(mention, item.count, span.quote)
    force = _force(item.force, sentence.quote, mention)
    if force is None:
        return Reason.NO_FORCE
    key = {"value": count.value, "force": force.lower()}
    location = item.location.strip() if item.location else ""
    if not location or location.lower() in {"null", "none"} or not words_of(location, sentence.quote):
        location = place_in(sentence.quote)  # the model's place only when the sentence says it
    record = TroopDeployment(record_id=record_id(article, "troop_deployment", key, span), force=force,
                             count=count, location=location or None, status=item.status,
                             **common_fields(article, span, extraction, found))
    return record, sentence.start + mention.start


def _force(named: str, sentence: str, mention: NumberMention) -> str | None:
    """Whose troops: the model's reading when the sentence names it (a country by its name or demonym); else
    the country named right by the number ("4,000 Chadian troops", "3,000 troops from Chad"); else the
    nearest one named before it ("the US will deploy 3,000 troops to Poland"); else
    the one the sentence names."""
    force = canonical_country(named) or named.strip()
    if force and words_of(force, sentence) or (named.strip() and words_of(named, sentence)):
        return force
    after = " ".join(sentence[mention.end:].split()[:4])
    near = country_mentions(after, kinds={NAME, DEMONYM})
    destination = rf"(?:\S+\s+){{0,3}}?{alt('building.destination_prepositions')}\s+$"  # in the case written
    if near and not re.match(destination, after[:near[0][1]]):
        return near[0][0]
    before = country_mentions(sentence[:mention.start], kinds={NAME, DEMONYM})
    if before:
        return before[-1][0]
    named_here = countries_in(sentence, kinds={NAME, DEMONYM})
    return named_here[0] if len(named_here) == 1 else None

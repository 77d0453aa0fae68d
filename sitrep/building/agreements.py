"""Agreement records: the parties its sentence supports (states, international organisations, armed groups; not
companies, go-betweens or venues), status by the verb, the date, duration, mutual-defence clause, sectors and
title the text gives, and one agreement told twice merged into its better telling."""

from __future__ import annotations

import re

from sitrep.building.aligned import Found
from sitrep.building.claims import claimant
from sitrep.building.grounding import Span, words_of
from sitrep.building.items import AgreementItem, _sentence_of
from sitrep.building.records import common_fields, record_id
from sitrep.deciding.candidates import makes_agreement
from sitrep.deciding.vocabulary import (
    AGREEMENT_KINDS,
    AGREEMENT_NOUN,
    ARMED_GROUPS,
    COMPANY_NOUN,
    CORPORATE,
    GO_BETWEEN,
    GOVERNING,
    INTERNATIONAL_BODIES,
    MAKING,
    MONTH_OR_WEEKDAY,
    NO_AGREEMENT,
)
from sitrep.reading.chunking import sentence_spans
from sitrep.reading.countries import DEMONYM, NAME, canonical_country, countries_in, without_countries
from sitrep.reading.dates import resolve
from sitrep.schemas import Agreement, Article, Extraction

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
_REFERS_BACK = re.compile(r"\b(?:this|that|the|its|their)\s+(?:new\s+)?(?:pact|treaty|agreement|deal|accord|"
                          r"partnership|memorandum|ceasefire|truce|alliance)\b|^\s*it\b", re.IGNORECASE)
FOLLOWING_SENTENCES = 6
_NEGATED = re.compile(r"\b(?:not|no|without|never)\b", re.IGNORECASE)


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
                       **common_fields(article, span, extraction, found))
    return record, span.start


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


def _duration(text: str) -> float | None:
    m = _DURATION.search(text)
    if not m:
        return None
    words = m.group(1).lower()
    return float(words) if words.isdigit() else float(_DURATION_WORDS[words])


def _telling(record: Agreement, published) -> tuple:
    """How well a sentence tells an agreement: it says when, it says how long, it has a making verb, no negation."""
    quote = record.evidence.quote
    return (resolve(quote, published) is not None, _duration(quote) is not None,
            MAKING.search(quote) is not None, _NEGATED.search(quote) is None)


def merge_agreements(kept: Agreement, other: Agreement, published=None) -> Agreement:
    """One agreement told twice: keep the better telling, fill its gaps from the other."""
    if _telling(other, published) > _telling(kept, published):
        kept, other = other, kept
    update = {name: getattr(other, name) for name in ("title", "signed", "duration_years", "mutual_defence",
                                                      "attributed_to") if getattr(kept, name) is None}
    if not kept.sectors and other.sectors:
        update["sectors"] = other.sectors
    return kept.model_copy(update=update) if update else kept

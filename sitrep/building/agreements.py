"""Agreement records: the parties its sentence supports (states, international organisations, armed groups;
not companies, go-betweens or venues), status by the verb, the date, duration, mutual-defence clause, sectors
and title the text gives, and one agreement told twice merged into its better telling."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.building.aligned import Found
from sitrep.building.claims import claimant
from sitrep.building.grounding import Span, english_name, words_of
from sitrep.building.items import AgreementItem, _sentence_of
from sitrep.building.records import common_fields, record_id
from sitrep.deciding.candidates import makes_agreement
from sitrep.deciding.reasons import Reason
from sitrep.deciding.vocabulary import go_between, kind, month_or_weekday, no_agreement, per_pack
from sitrep.reading.chunking import sentence_spans
from sitrep.reading.countries import (
    DEMONYM,
    NAME,
    canonical_country,
    countries_in,
    country_mentions,
    without_countries,
)
from sitrep.reading.dates import future_at, resolve
from sitrep.reading.letters import LOWER, NO_CASE, UPPER, capital_names, capitals
from sitrep.reading.pack import NEVER, Pack, active
from sitrep.schemas import Agreement, Article, Extraction

FOLLOWING_SENTENCES = 6
_CAPITALISED = rf"{UPPER}{LOWER}+(?:-{UPPER}{LOWER}+)?"


@dataclass(frozen=True)
class _Words:
    """The agreement builder's patterns, built from one pack's kinds (`building.*`, `agreement.*`)."""

    duration: re.Pattern  # "a 20-year pact", not "two years ago"
    not_duration: re.Pattern  # words before the number that make it a time ago, not a duration ("hace")
    duration_numbers: dict[str, int]
    mutual: re.Pattern  # a pledge of help if attacked
    no_mutual: re.Pattern  # the pledge negated
    status: tuple[tuple[str, re.Pattern], ...]  # (status, its verbs), in the order tried
    assent: re.Pattern
    sectors: tuple[tuple[str, re.Pattern], ...]
    title: re.Pattern
    not_leading: re.Pattern
    # two or more capitalised words ("Kim Jong Un"), or one after a title ("president Ruiz")
    person: re.Pattern
    institution: re.Pattern
    not_name_openers: frozenset[str]
    political_party: re.Pattern
    commerce: re.Pattern
    refers_back: re.Pattern
    negated: re.Pattern


@per_pack
def _words(pack: Pack) -> _Words:
    def a(name: str) -> str:
        return pack.alternation(f"building.{name}")

    numbers = pack.table("building.duration.numbers")
    number = "|".join([r"\d{1,3}", *(re.escape(w) for w in numbers)])
    pledges = a("mutual_defence.pledges")
    nouns = pack.alternation("agreement.nouns")
    titled = "".join(rf"|(?<={t} ){UPPER}{LOWER}+" for t in pack.words("building.person_titles"))
    return _Words(
        duration=re.compile(rf"\b({number})[- ]{a('duration.units')}(?:[- ]{a('duration.long')})?\b"
                            rf"(?!\s+{a('duration.not_after')})", re.IGNORECASE),
        not_duration=re.compile(rf"\b{a('duration.not_before')}\s+$", re.IGNORECASE),
        duration_numbers={w.lower(): n for w, n in numbers.items()},
        mutual=re.compile(pledges, re.IGNORECASE),
        no_mutual=re.compile(rf"\b{a('mutual_defence.negators')}\b[^.]{{0,40}}{pledges}", re.IGNORECASE),
        status=tuple((name, pack.pattern(f"building.status.{name}"))
                     for name in pack.kinds("building.status")),
        assent=pack.pattern("building.assent"),
        sectors=tuple((s, re.compile(rf"\b{s}\b", re.IGNORECASE)) for s in pack.words("building.sectors")),
        title=re.compile(rf"\b{a('title.determiners')}\s+((?:(?!{a('title.stops')}\s)[\w’'\"“”-]+\s+){{0,5}}?"
                         rf"{nouns}(?:[\"”’']?\s+{nouns})?\b(?:\s+{a('title.prepositions')}\s+(?:[a-z-]+\s+){{0,3}}"
                         rf"{a('title.subjects')})?)", re.IGNORECASE),
        not_leading=re.compile(rf"^{a('title.not_leading')}\s+", re.IGNORECASE),
        # never where a capital marks no name (every German noun has one)
        person=(re.compile(rf"\b(?:{_CAPITALISED}(?:\s+{_CAPITALISED})+{titled})") if capital_names(pack)
                else NEVER),
        institution=pack.pattern("building.institutions"),
        not_name_openers=frozenset(w.lower() for w in pack.words("building.not_name_openers")),
        political_party=pack.pattern("building.political_party"),
        commerce=re.compile(r"\b" + a("commerce"), re.IGNORECASE),
        refers_back=re.compile(rf"\b{a('refers_back.determiners')}\s+(?:{a('refers_back.adjectives')}\s+)?"
                               rf"{a('refers_back.nouns')}\b|^\s*{a('refers_back.pronouns')}\b",
                               re.IGNORECASE),
        negated=pack.pattern("building.negation"),
    )


def agreement(found: Found, article: Article, extraction: Extraction) -> tuple[Agreement, int] | Reason:
    item: AgreementItem = found.item  # type: ignore[assignment]
    span, sentence = found.span, _sentence_of(article.text, found.span)
    words, noun, not_made = _words(), kind("agreement.nouns"), no_agreement()
    if not noun.search(span.quote):
        span = _to_agreement_noun(article.text, span, sentence)
    if not noun.search(span.quote):
        return Reason.NAMES_NO_AGREEMENT
    if not_made.search(span.quote) or not_made.search(sentence.quote):
        return Reason.NO_AGREEMENT_MADE
    named = (english_name(x) or canonical_country(x) for x in item.parties)
    parties = _supported(list(dict.fromkeys(p for p in named if p)),
                         sentence.quote, claimant(article.text, span.start, span.end))
    parties = [p for p in parties if words_of(p, article.text)]  # words of the article, or a country it names
    parties = _not_companies(parties, sentence.quote)
    if isinstance(parties, Reason):
        return parties
    between = _go_betweens(parties, sentence.quote)
    parties = [p for p in parties if p not in between and can_be_party(p)]
    states = {p.lower() for p in parties if countries_in(p, kinds={NAME}) == [p]}
    # a body of a state that is a party already is that state ("the Security
    # Cabinet of Israel" beside "Israel")
    parties = [p for p in parties if p.lower() in states or not {c.lower() for c in countries_in(p)} & states]
    if len({p.lower() for p in parties}) < 2:
        return Reason.FEWER_THAN_TWO_PARTIES
    status = next((name for name, verb in words.status if verb.search(span.quote)), None) or next(
        (name for name, verb in words.status if verb.search(sentence.quote)), item.status)
    if status == "agreed_in_principle" and item.status == "signed" and words.assent.search(sentence.quote):
        status = "signed"  # "the president agreed to a deal with X": the reading decides
    if status == "signed" and _to_come(sentence.quote):
        status = "agreed_in_principle"  # "will sign a defence pact": not signed yet
    signed = None if status != "signed" and _to_come(sentence.quote) else (
        resolve(span.quote, article.published) or resolve(sentence.quote, article.published))
    if signed is None and status == "signed" and article.published is not None:
        signed = article.published.isoformat()
    mutual = _mutual_defence(sentence.quote)
    if mutual is None:
        mutual = _mutual_defence(_about_it_later(article.text, sentence))
    sectors = [s for s, sector in words.sectors if sector.search(sentence.quote)]
    title = _title(span.quote) or _title(sentence.quote)
    key = {"parties": sorted(p.lower() for p in parties)}
    record = Agreement(record_id=record_id(article, "agreement", key, span), parties=parties, title=title,
                       signed=signed, duration_years=_duration(span.quote) or _duration(sentence.quote),
                       mutual_defence=mutual, sectors=sectors, status=status,
                       **common_fields(article, span, extraction, found))
    return record, span.start


def _to_come(sentence: str) -> bool:
    """Whether every verb of making an agreement in the sentence is put in the future ("will sign", "is to
    sign")."""
    verbs = list(kind("agreement.making").finditer(sentence))
    return bool(verbs) and all(future_at(sentence, v.start()) for v in verbs)


def _supported(parties: list[str], sentence: str, claimant_name: str | None) -> list[str]:
    """The parties the sentence supports: named in it by country (outside the claimant's own words), or, when
    it names people ("Ruiz signed a deal with Okafor"), the model's reading of who they stand for."""
    body = sentence.replace(claimant_name, " ") if claimant_name else sentence
    words = _words()
    body = _without_qualifying_countries(body)
    named = {c.lower() for c in countries_in(body)}
    people = [name for name in words.person.findall(without_countries(body))
              if not words.institution.search(name) and not month_or_weekday().search(name)
              and name.split()[0].lower() not in words.not_name_openers]
    claimed = {c.lower() for c in countries_in(claimant_name or "")}
    def written(party: str) -> bool:  # named by a country word, or in its own words ("Serbia", "Hamas")
        return party.lower() in named or words_of(party, body)

    return [p for p in parties if written(p) or (people and p.lower() not in claimed)]


def _without_qualifying_countries(text: str) -> str:
    """The text with each country word that only qualifies a thing blanked: one joined by a hyphen to a word
    in lower case ("a Ruritania-flagged tanker", "Russian-made drones", "a Qatar-brokered truce") tells of the
    thing, not of a side; one joined to another name ("the Israel-Hamas truce") stays."""
    for _, start, end in reversed(country_mentions(text)):
        if text[end:end + 1] == "-" and text[end + 1:end + 2].islower():
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def can_be_party(party: str) -> bool:
    """A party an agreement can have: a state, an international organisation, an armed group known by name, a
    body named as one ("Syrian Democratic Forces", "the Houthi movement"), or a name in capitals ("DPR")."""
    if (canonical_country(party, kinds={NAME, DEMONYM}) in countries_in(party)
            or kind("international_bodies").search(party)):
        return True
    if kind("armed_groups").search(party) or re.fullmatch(rf"{UPPER}(?:{UPPER}|[0-9-]){{1,7}}",
                                                          party.strip()):
        return True
    if _words().political_party.search(party):
        return False  # a political party makes no agreement between states ("the Liberal Party")
    capitalised = re.search(rf"\b{UPPER}[\w'’-]*", party) is not None or capitals(active()) == NO_CASE
    governing = kind("governing")
    if governing is NEVER:  # a pack with no words for governing bodies: a name written as one stands
        return capitalised
    return governing.search(party) is not None and (capitalised or bool(countries_in(party)))


def _go_betweens(parties: list[str], sentence: str) -> list[str]:
    """The parties the sentence names only as a go-between or a venue ("brokered by Qatar", "signed in
    Algiers, Algeria"), not as a side of the agreement."""
    roles = [(m.start(), m.end()) for m in go_between().finditer(sentence)]
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


def _not_companies(parties: list[str], sentence: str) -> list[str] | Reason:
    """Agreement parties are states, governments, international organisations or armed groups, not companies:
    a party with a company's marker goes, and a commercial deal of parties none of which is a public body is
    no agreement."""
    kept = [p for p in parties if not kind("corporate_suffixes").search(p)]
    if not any(can_be_party(p) for p in kept) and (kind("company_nouns").search(sentence)
                                                   or _words().commerce.search(sentence)
                                                   or len(kept) < len(parties)):
        return Reason.COMPANIES
    return kept


def _mutual_defence(text: str) -> bool | None:
    """True when the text pledges help if attacked, False when it says there is no such clause, else None."""
    words = _words()
    if words.no_mutual.search(text):
        return False
    return True if words.mutual.search(text) else None


def _about_it_later(text: str, sentence: Span) -> str:
    """The sentences after the agreement's own that go on about it ("The pact commits ...", "However, this
    agreement does not ..."), up to the next sentence that makes another agreement, within a few sentences."""
    # a few sentences are wanted, not the rest of a long article
    rest = text[sentence.end:sentence.end + 3000]
    out = []
    refers_back = _words().refers_back
    for a, b in sentence_spans(rest)[:FOLLOWING_SENTENCES]:
        following = rest[a:b]
        if makes_agreement(following) and not refers_back.search(following):
            break
        if refers_back.search(following):
            out.append(following)
    return " ".join(out)


def _title(text: str) -> str | None:
    """The agreement's name or kind as the text gives it: 'a 20-year "strategic partnership" deal' -> the
    words between the article and the kind of agreement."""
    words = _words()
    m = words.title.search(text)
    if not m:
        return None
    title = re.sub(r"[\"“”]", "", m.group(1)).strip(" '")
    return words.not_leading.sub("", title) or None


def _to_agreement_noun(text: str, span: Span, sentence: Span) -> Span:
    """A quote cut short just before the agreement it tells ("X and Y formally sign a"), carried on to the
    agreement noun a few words further in the same sentence."""
    noun = kind("agreement.nouns").search(text, span.end, sentence.end)
    if noun is None or noun.start() - span.end > 40:
        return span
    return Span(span.start, noun.end(), text[span.start:noun.end()])


def _duration(text: str) -> float | None:
    words = _words()
    m = next((d for d in words.duration.finditer(text) if not words.not_duration.search(text, 0, d.start())),
             None)
    if not m:
        return None
    number = m.group(1).lower()
    return float(number) if number.isdigit() else float(words.duration_numbers[number])


def _telling(record: Agreement, published) -> tuple:
    """How well a sentence tells an agreement: it says when, it says how long, it has
    a making verb, no negation."""
    quote = record.evidence.quote
    return (resolve(quote, published) is not None, _duration(quote) is not None,
            kind("agreement.making").search(quote) is not None, _words().negated.search(quote) is None)


def merge_agreements(kept: Agreement, other: Agreement, published=None) -> Agreement:
    """One agreement told twice: keep the better telling, fill its gaps from the other."""
    if _telling(other, published) > _telling(kept, published):
        kept, other = other, kept
    update = {name: getattr(other, name) for name in ("title", "signed", "duration_years", "mutual_defence",
                                                      "attributed_to") if getattr(kept, name) is None}
    if not kept.sectors and other.sectors:
        update["sectors"] = other.sectors
    return kept.model_copy(update=update) if update else kept

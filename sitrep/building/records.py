"""What every record shares, whatever its type: the article it cites, its id, how it was made, its quantity
read from the number mention in its quote, the claimant, and the place its sentence gives."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime

from sitrep.building.aligned import Found, Origin
from sitrep.building.claims import claimant
from sitrep.building.grounding import Span
from sitrep.deciding.figures import measure_near
from sitrep.deciding.vocabulary import kind, month_or_weekday, per_pack
from sitrep.reading.chunking import clause_marks
from sitrep.reading.letters import LETTER, NO_CASE, UPPER, capitals
from sitrep.reading.pack import Pack, active
from sitrep.reading.pack_settings import enabled
from sitrep.reading.quantities import VAGUE, NumberMention, find_numbers
from sitrep.schemas import Article, ArticleRef, Evidence, Extraction, Quantity


def article_ref(article: Article) -> ArticleRef:
    return ArticleRef(id=article.id, url=article.url, title=article.title, published=article.published,
                      publisher=article.publisher, content_sha256=article.content_sha256,
                      origin=article.origin, language=active().code)


def record_id(article: Article, record_type: str, key: dict, span: Span) -> str:
    material = json.dumps([article.content_sha256, record_type, key, span.start, span.end], sort_keys=True)
    return hashlib.sha256(material.encode()).hexdigest()[:24]


def extraction_info(model: str, prompt_version: str, method_version: str | None = None,
                    answered_at: str | None = None) -> Extraction:
    """Which model, prompts and method made a record, and when the model gave the answer it is built from."""
    return Extraction(model=model, prompt_version=prompt_version, method_version=method_version,
                      extracted_at=answered_at or datetime.now(UTC).isoformat(timespec="seconds"))


def quantity(mention: NumberMention | None, count: int, quote: str, derived: bool = False) -> Quantity:
    if derived:
        return Quantity(value=count, qualifier="exact", derived=True, text=quote)
    if mention is None:
        one = kind("building.one_words").search(quote) if count == 1 else None
        return Quantity(value=count, qualifier="exact", text=one.group(0) if one else str(count))
    if mention.qualifier == "range":
        return Quantity(value=mention.low, low=mention.low, high=mention.high, qualifier="range",
                        text=mention.text)
    if mention.qualifier == "vague":
        return Quantity(value=VAGUE.get(mention.text.lower(), mention.value), qualifier="vague",
                        text=mention.text)
    return Quantity(value=mention.value, qualifier=mention.qualifier, text=mention.text)


def count_mentions(sentence: Span, span: Span, count: int) -> list[NumberMention]:
    """Mentions of `count` inside the quote, in sentence offsets (a vague amount when no number states it)."""
    offset = span.start - sentence.start
    inside = [n for n in find_numbers(sentence.quote)
              if offset <= n.start and n.end <= offset + len(span.quote)]
    exact = [n for n in inside if n.qualifier != "vague" and (n.value == count or (
        n.qualifier == "range" and count in (n.low, n.high)))]
    return exact or [n for n in inside if n.qualifier == "vague"]


def pick_mention(sentence: str, mentions: list[NumberMention], measure: str | None,
                 who: str) -> NumberMention:
    """Of several mentions of the same number, the one whose clause states the measure and names the group."""
    words = {w for w in re.findall(rf"{LETTER}+", who.lower()) if len(w) > 2}

    def fit(n: NumberMention) -> tuple:
        following = set(re.findall(rf"{LETTER}+", sentence[n.end:n.end + 40].lower())[:4])
        return (measure is not None and measure_near(sentence, n) == measure, bool(words & following))

    return max(mentions, key=fit)


def common_fields(article: Article, span: Span, extraction: Extraction, found: Found) -> dict:
    """What every record says of its source: the article, the evidence (with how it was aligned and the
    candidate it reads), who made the item (the model, or code for a candidate the model
    left out) and the claimant."""
    evidence = Evidence(quote=span.quote, start=span.start, end=span.end, alignment=found.alignment,
                        candidate=found.candidate)
    if found.origin == Origin.CODE:
        extraction = extraction.model_copy(update={"origin": "code", "model": "code"})
    return {"article": article_ref(article), "evidence": evidence, "extraction": extraction,
            "attributed_to": claimant(article.text, span.start, span.end)}


@per_pack
def _place_patterns(pack: Pack) -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """A place after a preposition (its words read in their case, a name starts with a capital), its leading
    article, a speaking verb just after it and a speaker's marker before it."""
    def a(name: str) -> str:
        return pack.alternation(f"building.{name}")

    name = rf"{UPPER}[\w'’-]+"
    # where the pack writes the region noun before the name ("в городе Бахмут"), it may stand there
    region = rf"(?:{a('place.region_nouns')}\s+)?" if enabled(pack, "building.place.region_first") else ""
    place = re.compile(rf"\b{a('place.prepositions')}\s+{region}((?:{a('place.article')}\s+)?{name}"
                       rf"(?:(?:\s+|,\s+|\s+{a('place.link')}\s+)(?:{name}|{a('place.region_nouns')}))*)")
    if capitals(pack) == NO_CASE:
        # no capital tells a name: the words after a region noun ("في مدينة صور"), up to a mark, a preposition
        # or a stop word of the pack
        word = rf"{LETTER}[\w'’-]*"
        stop = (rf"\s*(?:[,.;:()!?{re.escape(clause_marks(pack))}]|$)"
                rf"|\s+(?:{a('place.prepositions')}|{a('place.stops')})\b")
        place = re.compile(rf"\b{a('place.prepositions')}\s+{a('place.region_nouns')}\s+"
                           rf"({word}(?:\s+{word}){{0,2}}?)(?={stop})")
    return (place, re.compile(rf"^{a('place.article')}\s+"),
            re.compile(rf"^\W*(?:\S+\s+){{0,3}}?{a('speaker_verbs')}\b", re.IGNORECASE),
            re.compile(rf"\b{a('speaker_markers')}\b[^,.;]{{0,40}}$", re.IGNORECASE))


def place_in(sentence: str) -> str | None:
    """Where the sentence says something happened: the first place after "in", "near", "at"... that is not a
    month or weekday, and not where the claimant speaks from ("officials in Seoul said")."""
    places, article, speaking, speakers_place = _place_patterns()
    for m in places.finditer(sentence):
        place = article.sub("", m.group(1)).strip(" ,")
        if month_or_weekday().match(place):
            continue
        if speaking.match(sentence[m.end():]) or speakers_place.search(sentence[:m.start()]):
            continue
        return place
    return None

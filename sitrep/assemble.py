"""Turning the model's grounded items into contract records: offsets, quantities, dates, names and ids by code."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timezone

from pydantic import BaseModel

from schemas import (
    Agreement, Article, ArticleRef, CasualtyFigure, Evidence, Extraction, Quantity, TroopDeployment,
)
from sitrep.countries import canonical_country
from sitrep.dates import resolve
from sitrep.grounding import Span, locate
from sitrep.items import AgreementItem, CasualtyItem, TroopItem
from sitrep.quantities import mention_for

NEWS_AGENCIES = {"reuters", "ap", "afp", "associated press", "agence france-presse", "bbc", "bbc news", "cnn",
                 "al jazeera", "the guardian", "the new york times", "dpa", "upi", "xinhua", "tass", "efe"}


def article_ref(article: Article) -> ArticleRef:
    return ArticleRef(id=article.id, url=article.url, title=article.title, published=article.published,
                      publisher=article.publisher, content_sha256=article.content_sha256)


def record_id(article: Article, record_type: str, key: dict, span: Span) -> str:
    material = json.dumps([article.content_sha256, record_type, key, span.start, span.end], sort_keys=True)
    return hashlib.sha256(material.encode()).hexdigest()[:24]


def quantity(count: int, derived: bool, quote: str) -> Quantity:
    mention = None if derived else mention_for(quote, count)
    if mention is None:
        return Quantity(value=count, qualifier="exact", derived=derived, text=quote if derived else str(count))
    if mention.qualifier == "range":
        return Quantity(value=mention.low, low=mention.low, high=mention.high, qualifier="range",
                        derived=False, text=mention.text)
    return Quantity(value=count, qualifier=mention.qualifier, derived=False, text=mention.text)


def claimant(name: str | None, article_text: str) -> str | None:
    """The claimant, if the article names it (not a news agency tag and not the article itself)."""
    if not name or not name.strip():
        return None
    cleaned = name.strip().strip(".,;:'\"()")
    if cleaned.lower() in NEWS_AGENCIES or cleaned.lower() in {"the article", "article", "none", "null", "unknown"}:
        return None
    words = [w for w in re.findall(r"[A-Za-z]{3,}", cleaned) if w.lower() not in {"the", "and", "said", "says"}]
    lowered = article_text.lower()
    if not words or not any(w.lower() in lowered for w in words):
        return None
    return cleaned


def _text_or_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value if value and value.lower() not in {"null", "none", "unknown", "n/a"} else None


def build(item: BaseModel, record_type: str, article: Article, span: Span, extraction: Extraction):
    """One contract record from one grounded item."""
    common = {"article": article_ref(article), "evidence": Evidence(quote=span.quote, start=span.start, end=span.end),
              "extraction": extraction, "attributed_to": claimant(getattr(item, "claimant", None), article.text)}
    if isinstance(item, CasualtyItem):
        count = quantity(item.count, item.derived, span.quote)
        key = {"measure": item.measure, "value": count.value, "group": item.group.strip().lower()}
        return CasualtyFigure(record_id=record_id(article, record_type, key, span), group=item.group.strip(),
                              country=canonical_country(_text_or_none(item.country)), measure=item.measure,
                              count=count, location=_text_or_none(item.location), **common)
    if isinstance(item, TroopItem):
        count = quantity(item.count, False, span.quote)
        force = canonical_country(item.force) or item.force.strip()
        key = {"value": count.value, "force": force.lower()}
        return TroopDeployment(record_id=record_id(article, record_type, key, span), force=force, count=count,
                               location=_text_or_none(item.location), status=item.status, **common)
    if isinstance(item, AgreementItem):
        parties = list(dict.fromkeys(canonical_country(p) for p in item.parties if canonical_country(p)))
        signed = resolve(item.signed_text, article.published) or resolve(span.quote, article.published)
        if signed is None and item.status == "signed" and article.published is not None:
            signed = article.published.isoformat()
        key = {"parties": sorted(p.lower() for p in parties)}
        return Agreement(record_id=record_id(article, record_type, key, span), parties=parties or ["unknown"],
                         title=_text_or_none(item.title), signed=signed, duration_years=item.duration_years,
                         mutual_defence=item.mutual_defence, sectors=[s.strip() for s in item.sectors if s.strip()],
                         status=item.status, **common)
    raise TypeError(f"unknown item type {type(item).__name__}")


def extraction_info(model: str, prompt_version: str) -> Extraction:
    return Extraction(model=model, prompt_version=prompt_version,
                      extracted_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))


def locate_item(item: BaseModel, article: Article) -> Span | None:
    return locate(article.text, item.quote)  # type: ignore[attr-defined]

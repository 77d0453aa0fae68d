"""Invented records for the events tests: each call makes one record of the contract, as `sitrep extract`
writes it, about invented towns (Olvira, Tessar, Marnow) in invented articles."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

EXTRACTION = {"model": "invented", "prompt_version": "none", "extracted_at": "2026-01-01T00:00:00+00:00"}


def _rid(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:24]


def _article(article: str, published: str | None, publisher: str | None) -> dict:
    return {"id": article, "url": None, "title": None, "published": published, "publisher": publisher,
            "content_sha256": hashlib.sha256(article.encode()).hexdigest()}


def _evidence(quote: str, at: int) -> dict:
    return {"quote": quote, "start": at, "end": at + len(quote)}


def casualty(article: str, published: str | None, value: int, measure: str = "killed", group: str = "people",
             *, quote: str | None = None, at: int = 0, country: str | None = None,
             location: str | None = None, period: str | None = None, claimant: str | None = None,
             publisher: str | None = None, qualifier: str = "exact", low: int | None = None,
             high: int | None = None, derived: bool = False) -> dict:
    quote = quote or f"{value} {group} were {measure}"
    return {"schema_version": "1",
            "record_id": _rid(article, "casualty", measure, value, group, quote, at),
            "record_type": "casualty_figure", "article": _article(article, published, publisher),
            "attributed_to": claimant, "evidence": _evidence(quote, at), "extraction": EXTRACTION,
            "group": group, "country": country, "measure": measure,
            "count": {"value": value, "low": low, "high": high, "qualifier": qualifier, "derived": derived,
                      "text": str(value)},
            "location": location, "period": period}


def troops(article: str, published: str | None, value: int, force: str, *, quote: str | None = None,
           at: int = 0, location: str | None = None, status: str = "deployed", claimant: str | None = None,
           publisher: str | None = None, qualifier: str = "exact") -> dict:
    quote = quote or f"{value} troops of {force}"
    return {"schema_version": "1", "record_id": _rid(article, "troops", value, force, quote, at),
            "record_type": "troop_deployment", "article": _article(article, published, publisher),
            "attributed_to": claimant, "evidence": _evidence(quote, at), "extraction": EXTRACTION,
            "force": force,
            "count": {"value": value, "low": None, "high": None, "qualifier": qualifier, "derived": False,
                      "text": str(value)},
            "location": location, "status": status}


def agreement(article: str, published: str | None, parties: list[str], *, signed: str | None = None,
              title: str | None = None, quote: str | None = None, at: int = 0,
              publisher: str | None = None) -> dict:
    quote = quote or f"{' and '.join(parties)} signed a {title or 'deal'}"
    return {"schema_version": "1", "record_id": _rid(article, "agreement", parties, quote, at),
            "record_type": "agreement", "article": _article(article, published, publisher),
            "attributed_to": None, "evidence": _evidence(quote, at), "extraction": EXTRACTION,
            "parties": parties, "title": title, "signed": signed, "duration_years": None,
            "mutual_defence": None, "sectors": [], "status": "signed"}


def write(path: Path, records: list[dict], mode: str = "w") -> Path:
    with path.open(mode, encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def event_of(events, record: dict):
    """The one event that holds the record."""
    found = [e for e in events if record["record_id"] in e.record_ids]
    assert len(found) == 1, found
    return found[0]


TOWNS = ["Olvira", "Tessar", "Marnow", "Kesh", "Dravik", "Ulmen", "Pravo", "Senna"]


def random_feed(seed: int, articles: int = 60) -> list[dict]:
    """Invented articles about a few events each told several times, for checks that hold on any data."""
    import random

    rng = random.Random(seed)
    out = []
    for n in range(articles):
        town = rng.choice(TOWNS)
        day = f"2024-03-{rng.randint(1, 20):02d}"
        art = f"feed-{seed}-{n}"
        publisher = rng.choice(["Wire", "Daily", "Post", None])
        claimant = rng.choice([None, "the regional governor", "police"])
        roll = rng.random()
        if roll < 0.7:
            toll = rng.randint(1, 30)
            out.append(casualty(art, day, toll, quote=f"A strike on {town} killed {toll} people",
                                publisher=publisher, claimant=claimant,
                                period=day if rng.random() < 0.3 else None))
            if rng.random() < 0.5:
                out.append(casualty(art, day, toll * 2, "wounded", quote=f"and wounded {toll * 2}", at=60,
                                    publisher=publisher, claimant=claimant))
        elif roll < 0.85:
            out.append(troops(art, day, 100 * rng.randint(1, 9), rng.choice(["Norway", "Chile"]),
                              location=town, publisher=publisher))
        else:
            out.append(casualty(art, day, 1000 + rng.randint(0, 50), group="civilians", country="Ukraine",
                                quote="civilians have been killed so far", publisher=publisher))
    return out

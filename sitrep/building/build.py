"""Turning the model's grounded items into contract records, by code: each item built by its record type's
builder, figures derived from fractions added, and one record per fact (duplicates and chunk seams merged).
Every item's fate is traced, and every drop counted by its reason."""

from __future__ import annotations

import re
from collections import Counter
from functools import partial

from sitrep.building.agreements import agreement, merge_agreements
from sitrep.building.aligned import Found
from sitrep.building.casualties import casualty
from sitrep.building.grounding import Span
from sitrep.building.items import _sentence_of
from sitrep.building.records import record_id
from sitrep.building.troops import troops
from sitrep.deciding.decide import Candidate, decide
from sitrep.deciding.figures import fractions
from sitrep.deciding.reasons import Reason
from sitrep.deciding.vocabulary import alt, kind
from sitrep.reading.pack import active
from sitrep.reading.pack_settings import enabled
from sitrep.reading.reading import read
from sitrep.schemas import Article, CasualtyFigure, Evidence, Extraction, Quantity

# what a candidate passed when it became a record (the first that fails names itself as the drop reason)
CHECKS = {
    "casualty_figure": ["quote found in the article", "count written in its quote, or one harmed person told",
                        "the number counts people, harmed, with the measure the text states",
                        "harm through violence (not disease, disaster or accident; no ordinary arrest)",
                        "group, place and claimant are words of the article",
                        "not a fact another record tells"],
    "troop_deployment": ["quote found in the article", "count written in its quote",
                         "the number counts personnel, not harmed",
                         "force and place are words of the article",
                         "not a fact another record tells"],
    "agreement": ["quote found in the article", "its quote names an agreement",
                  "the text does not say no agreement was made",
                  "at least two parties: words of the article, states, organisations or armed groups, "
                  "not companies, go-betweens or venues", "not a fact another record tells"],
}


def build_records(found: list[Found], article: Article, extraction: Extraction,
                  drops: Counter | None = None, trace: list[dict] | None = None,
                  decided: dict[str, Candidate] | None = None) -> list:
    """Contract records from grounded items: filtered, derived figures added, one record per fact. Numbers are
    judged by the one decision (`decided`: the article's candidates by id, as planning made them; decided here
    when a caller has none). Every candidate dropped is counted in `drops` by reason, and every candidate's
    fate is appended to `trace`."""
    drops = Counter() if drops is None else drops
    trace = [] if trace is None else trace
    if decided is None:
        decided = decide(read(article.text, article.title)).by_id
    builders = {"casualty_figure": partial(casualty, decided=decided),
                "troop_deployment": partial(troops, decided=decided), "agreement": agreement}
    built: list[tuple] = []
    fates: list[dict] = []
    for f in found:
        fate = {"record_type": f.record_type, "quote": f.span.quote, "start": f.span.start, "end": f.span.end,
                "candidate": f.candidate, "origin": str(f.origin), "alignment": str(f.alignment),
                "answer": f.item.model_dump(mode="json")}
        fates.append(fate)
        pair = builders[f.record_type](f, article, extraction)
        if isinstance(pair, Reason):
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
                out[twin] = (merge_agreements(out[twin][0], pair[0], article.published), out[twin][1])
    for fate in fates:
        if fate.get("record_id") in merged:
            fate.update(outcome="merged", reason=Reason.SAME_FACT, into=merged[fate["record_id"]])
        if fate["outcome"] != "kept":
            drops[fate["reason"]] += 1
    trace.extend(fates)
    return [record for record, _ in out]


def derived_from(record: CasualtyFigure, article: Article) -> list[tuple[CasualtyFigure, int]]:
    """Figures the record's sentence derives from its number: "4,000 casualties, a
    quarter of whom were killed"."""
    if record.count.derived:
        return []
    sentence = _sentence_of(article.text,
                            Span(record.evidence.start, record.evidence.end, record.evidence.quote))
    out = []
    for d in fractions(sentence.quote):
        if d.base.value != record.count.value or d.measure == record.measure:
            continue
        start = sentence.start + d.start
        span = Span(start, sentence.start + d.end, article.text[start:sentence.start + d.end])
        count = Quantity(value=d.value, qualifier="exact", derived=True, text=span.quote)
        key = {"measure": d.measure, "value": d.value, "group": record.group.lower()}
        out.append((record.model_copy(update={
            "record_id": record_id(article, "casualty_figure", key, span), "measure": d.measure,
            "count": count,
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
    return _same_who(ra, rb) and _same_place(ra.location, rb.location)


def _same_who(ra, rb) -> bool:
    if ra.record_type == "troop_deployment":
        return ra.force.lower() == rb.force.lower()
    same_group = ra.group.lower() == rb.group.lower() and not kind("building.people").fullmatch(ra.group)
    generic = kind("building.generic_groups")
    told_again = ra.count.value >= 2 and any(generic.fullmatch(r.group.strip()) for r in (ra, rb))
    # the same people, their country told once: "Palestinian civilians" (Palestine) and "civilians" (none)
    countries = {ra.country, rb.country} - {None}
    return same_group or told_again or (len(countries) == 1 and _head(ra.group) == _head(rb.group))


def _same_place(a: str | None, b: str | None) -> bool:
    """Places one fact may be told of: either untold, or naming a place in common, in any case form
    ("Авдіївкою" and "Авдіївки"; "Kharkiv" and "the Kharkiv region")."""
    if a is None or b is None or a == b:
        return True
    return any(_same_word(x, y) for x in _names_in(a) for y in _names_in(b))


def _names_in(place: str) -> list[str]:
    """The words of a place that name it: its capitalised words (any word of four letters or more in a
    script without capitals)."""
    words = re.findall(r"[^\W\d_][\w'’-]*", place)
    return [w.lower() for w in words if len(w) >= 4 and (w[0].isupper() or w.lower() == w.upper())]


def _same_word(a: str, b: str) -> bool:
    """The same word in two case forms: one is the other with at most three letters of ending changed."""
    shorter = min(len(a), len(b))
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), shorter)
    return common >= max(4, shorter - 3)


def _head(group: str) -> str:
    """The noun of a group, singular: "Palestinian civilians" and "civilians" -> "civilian"; the first word
    where the pack's adjectives follow their noun ("soldats maliens" -> "soldat")."""
    words = group.lower().split() or [""]
    word = words[0] if enabled(active(), "word_order.adjectives_after") else words[-1]
    return re.sub(alt("plural_endings") + r"\Z", "", word, count=1)

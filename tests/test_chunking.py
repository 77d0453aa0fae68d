"""Long articles: overlapping chunks on sentence boundaries, extracted per chunk,
merged without duplicates."""

from __future__ import annotations

import re
from datetime import date

from fakellm import FakeLLM, article_text_of, record_type_of

from sitrep.deciding.decide import passages
from sitrep.extract import extract_article, in_parts
from sitrep.reading.chunking import chunks, max_chunk_chars, sentence_spans
from sitrep.schemas import Article

FACT = re.compile(r"At least (\d+) civilians were killed in (\w+)")


def long_article(sentences: int = 260) -> str:
    out = []
    for i in range(sentences):
        if i % 9 == 4:
            out.append(f"At least {i + 3} civilians were killed in Town{i} on Monday, officials said.")
        else:
            out.append(f"Filler sentence number {i} describes the weather, the roads and the markets of the "
                       "region.")
    return " ".join(out)


def test_short_text_is_one_chunk():
    (only,) = chunks("Two soldiers were killed.", 1000)
    assert only.start == 0 and only.text == "Two soldiers were killed."


def test_chunks_cover_the_text_on_sentence_boundaries_with_overlap():
    text = long_article()
    parts = chunks(text, 2000, 400)
    starts = {a for a, _ in sentence_spans(text)}
    assert parts[0].start == 0 and parts[-1].end == len(text)
    for part in parts:
        assert text[part.start:part.end] == part.text and len(part.text) <= 2000
        assert part.start in starts  # never starts mid-sentence
    for left, right in zip(parts, parts[1:]):
        assert left.start < right.start < left.end  # consecutive chunks overlap
        assert left.end - right.start <= 400


def test_a_sentence_longer_than_a_chunk_is_cut_at_whitespace():
    text = "word " * 1000
    parts = chunks(text, 700, 100)
    assert all(len(p.text) <= 700 for p in parts)
    assert parts[-1].end == len(text)
    assert all(p.text[-1] == " " for p in parts[:-1])


def test_chunk_size_follows_the_context():
    assert max_chunk_chars(4096, 1024) > max_chunk_chars(2048, 1024) >= 1000


def responder(request: dict) -> dict:
    if record_type_of(request) != "casualty_figure":
        return {"items": []}
    text = article_text_of(request)
    return {"items": [{"quote": m.group(0), "count": int(m.group(1)), "measure": "killed",
                       "group": "civilians"}
                      for m in FACT.finditer(text)]}


def test_long_article_is_extracted_per_chunk_and_merged_without_duplicates(settings):
    text = long_article()
    assert len(text) >= 20_000
    article = Article(id="long", text=text, published=date(2024, 5, 1))
    parts = chunks(text, max_chunk_chars(settings.context_size, settings.max_tokens))
    assert len(parts) >= 3
    facts = list(FACT.finditer(text))
    at_seams = [m for m in facts if sum(p.start <= m.start() and m.end() <= p.end for p in parts) == 2]
    assert len(at_seams) >= 2  # facts in the overlap are seen by two calls

    fake = FakeLLM(responder=responder)
    result = extract_article(article, fake.backend(), settings)

    # a long list is asked in parts
    asked = sum(len(in_parts(passages("casualty_figure", p.text))) for p in parts)
    assert asked >= len(parts) and fake.calls("casualty_figure") == asked
    assert len(fake.requests) == asked  # no troop or agreement call: the text holds none
    values = [r.count.value for r in result.records]
    assert sorted(values) == sorted(int(m.group(1)) for m in facts)  # each fact once
    for record in result.records:
        ev = record.evidence
        assert text[ev.start:ev.end] == ev.quote  # offsets index the whole article
        assert record.attributed_to == "officials"

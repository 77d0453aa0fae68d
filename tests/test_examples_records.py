"""tests/data/examples/records.jsonl (the example articles' records, made from their gold annotations) must
stay true to the examples as sitrep reads them: valid records, the same article texts, every quote at its
offsets."""

from pathlib import Path

from sitrep.io.recordfile import read_records
from sitrep.io.sources import read_inputs

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "tests" / "data" / "examples" / "records.jsonl"


def test_example_records_stand_on_the_example_texts():
    articles = {a.id: a for a in read_inputs([str(ROOT / "examples")]).articles}
    records = read_records(RECORDS)
    assert {r.article.id for r in records} == set(articles)
    for r in records:
        article = articles[r.article.id]
        assert r.article.content_sha256 == article.content_sha256, (f"{article.id} changed: rebuild the "
                                                                    "fixture")
        assert article.text[r.evidence.start:r.evidence.end] == r.evidence.quote
    assert len({r.record_id for r in records}) == len(records)

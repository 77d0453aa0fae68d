"""The real embedded model on one short article per language (slow: the model runs on the CPU). Each article
is written for this test: a toll with its source, told in the language's own words and numbers."""

import json
from pathlib import Path

import pytest

from sitrep.config import Settings, default_cache_dir
from sitrep.llm.model_files import ensure_model
from sitrep.run import Outputs, plan_run, process_article

pytestmark = pytest.mark.embedded

ARTICLES = Path(__file__).parent / "data" / "languages"

# language: (killed, wounded, the country of the dead when the article names it)
TOLLS = {
    "fr": (8, 4, "Chad"),
    "de": (9, 23, None),
    "es": (12, 5, "Colombia"),
    "ru": (3, 8, None),
    "uk": (4, 15, None),
    "ar": (14, 30, None),
}


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    yield Settings(backend="embedded", cache_dir=tmp_path_factory.mktemp("cache"),
                   model_path=ensure_model(default_cache_dir()))
    import sitrep.llm
    from sitrep.llm.embedded import shutdown_embedded

    sitrep.llm._backends.clear()  # later tests start their own server
    shutdown_embedded()


@pytest.mark.parametrize("code", list(TOLLS))
def test_an_article_in_each_language_yields_its_toll_in_its_own_words(code, settings, tmp_path):
    plan = plan_run([str(ARTICLES / f"{code}.md")], settings)
    article = plan.todo[0]
    outputs = Outputs.beside(tmp_path / "records.jsonl")
    outcome = process_article(article, settings, outputs)
    assert outcome.status == "extracted", outcome.error
    records = [json.loads(line) for line in outputs.records.read_text(encoding="utf-8").splitlines()]
    for r in records:
        ev = r["evidence"]
        assert article.text[ev["start"]:ev["end"]] == ev["quote"]  # exact, in the article's own script
        assert r["article"]["language"] == code
    tolls = {(r["measure"], r["count"]["value"]) for r in records if r["record_type"] == "casualty_figure"}
    killed, wounded, country = TOLLS[code]
    assert ("killed", killed) in tolls, records
    assert ("wounded", wounded) in tolls, records
    if country:
        dead = [r for r in records if r["record_type"] == "casualty_figure" and r["measure"] == "killed"]
        assert any(r.get("country") == country for r in dead), dead

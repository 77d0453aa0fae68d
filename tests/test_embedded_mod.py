"""The real embedded model on the UK MoD article (slow: loads a 1.1 GB model and runs it on the CPU)."""

import json

import pytest

from sitrep.config import Settings, default_cache_dir
from sitrep.llm.model_files import ensure_model
from sitrep.run import Outputs, plan_run, process_article

pytestmark = pytest.mark.embedded


@pytest.fixture(autouse=True)
def _stop_the_server_afterwards():
    """The run caches its backend for the process; stop it so later tests can start their own server."""
    yield
    import sitrep.llm
    from sitrep.llm.embedded import shutdown_embedded

    sitrep.llm._backends.clear()
    shutdown_embedded()


def test_uk_mod_article_yields_the_key_facts(tmp_path):
    # The assembled model file is shared with other runs; the results cache is this test's own.
    settings = Settings(backend="embedded", cache_dir=tmp_path / "cache",
                        model_path=ensure_model(default_cache_dir()))
    plan = plan_run(["examples/uk-mod-2025-01-23.md"], settings)
    assert [a.id for a in plan.todo] == ["mod-2025-01-23"]
    article = plan.todo[0]
    outputs = Outputs.beside(tmp_path / "records.jsonl")
    outcome = process_article(article, settings, outputs)
    assert outcome.status == "extracted", outcome.error
    records = [json.loads(line) for line in outputs.records.read_text().splitlines()]
    for r in records:
        ev = r["evidence"]
        assert article.text[ev["start"]:ev["end"]] == ev["quote"]
    troops = [r for r in records if r["record_type"] == "troop_deployment"]
    assert any(r["force"] == "North Korea" and abs(r["count"]["value"] - 11000) <= 1100
               for r in troops), troops
    deals = [r for r in records if r["record_type"] == "agreement"]
    assert any({"Russia", "Iran"} <= set(r["parties"]) and r["duration_years"] == 20 for r in deals), deals

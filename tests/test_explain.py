"""`sitrep explain`: why a record exists and why a sentence gave nothing, replayed from the cache."""

from __future__ import annotations

import json

from fakellm import FAKE, FakeLLM
from typer.testing import CliRunner

from sitrep.commands.cli import app
from sitrep.commands.explaining import explain_article
from sitrep.extract import extract_article
from sitrep.schemas import Article

TEXT = ("Rebels shelled the market on Monday, killing 14 civilians, the governor said. "
        "A hurricane killed 30 people on the coast. "
        "Militia fighters launched an assault on the river town.")


def _extracted(tmp_path, settings):
    article = Article(id="ex1", text=TEXT)
    fake = FakeLLM(queue={"casualty_figure": [[
        {"quote": "killing 14 civilians", "count": 14, "measure": "killed", "group": "civilians"},
        {"quote": "launched an assault on the river town", "count": 1, "measure": "killed",
         "group": "people"}]]})
    result = extract_article(article, fake.backend(), settings)
    return article, result


def test_each_candidate_names_the_check_that_kept_or_dropped_it(tmp_path, settings):
    article, result = _extracted(tmp_path, settings)
    report = explain_article(article, settings)
    assert [c["cached"] for c in report["calls"]] == [True]
    fates = {c["quote"]: (c["outcome"], c.get("reason")) for c in report["candidates"]}
    kept = [r.record_id for r in result.records]
    assert fates["killing 14 civilians"] == ("kept", None) and len(kept) == 1
    assert fates["launched an assault on the river town"][0] == "dropped"
    assert "count of 1" in fates["launched an assault on the river town"][1]
    hurricane = next(s for s in report["sentences"] if "hurricane" in s["sentence"])
    assert "disease, disaster or accident" in hurricane["numbers"][0]["casualty"]  # why it gave nothing


def test_the_command_answers_for_one_record_and_one_sentence(tmp_path, settings, monkeypatch):
    article, result = _extracted(tmp_path, settings)
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "ex1", "text": TEXT}) + "\n")
    flags = ["--backend", FAKE, "--cache-dir", str(settings.cache_dir), "--json"]
    runner = CliRunner()
    done = runner.invoke(app, ["explain", str(path), "--record", result.records[0].record_id, *flags])
    assert done.exit_code == 0, done.output
    (report,) = json.loads(done.output)
    assert [c["quote"] for c in report["candidates"]] == ["killing 14 civilians"]
    done = runner.invoke(app, ["explain", str(path), "--sentence", "hurricane", *flags])
    (report,) = json.loads(done.output)
    assert len(report["sentences"]) == 1 and report["sentences"][0]["numbers"][0]["casualty"] != "candidate"
    done = runner.invoke(app, ["explain", str(path), "--record", "no-such-record", *flags])
    assert done.exit_code == 1

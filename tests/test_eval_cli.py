"""`sitrep eval` on recorded fake-backend output (no model), and once end to end through the flow
with the fake."""

from __future__ import annotations

import json
from pathlib import Path

from fakellm import FAKE
from typer.testing import CliRunner

from sitrep.commands.cli import app

DATA = Path(__file__).parent / "data"
GOLD = DATA / "eval_gold.jsonl"
RECORDED = DATA / "eval_fake_records.jsonl"
runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, ["eval", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_report_on_recorded_output():
    report = json.loads(run("--gold", str(GOLD), "--pred", str(RECORDED), "--json"))
    fact = report["scores"]["fact"]
    assert (fact["all"]["tp"], fact["all"]["fp"], fact["all"]["fn"]) == (2, 0, 2)
    assert fact["casualty"]["recall"] == 0.5 and fact["troops"]["f1"] == 1.0 and fact["agreement"]["tp"] == 0
    assert report["attributes"]["attribution"] == {"correct": 0, "of": 1}
    assert report["attributes"]["force"] == {"correct": 0, "of": 1}
    # recorded before force was checked: its troop record names a force ("unknown") the article does not
    assert report["grounding"] == {"failed": 1, "of": 2}
    (audited,) = [a for a in report["per_article"] if a["ungrounded"]]
    assert audited["ungrounded"][0]["why"] == "force 'unknown' is not words of the article"
    assert report["seconds_per_article"] is None  # nothing was extracted in this run


def test_table_and_per_article_misses():
    output = run("--gold", str(GOLD), "--pred", str(RECORDED), "--per-article")
    assert "attribution" in output and "grounding audit failures" in output
    assert "missed    casualty 40 wounded" in output
    assert "missed    agreement Kenya+Ethiopia" in output


def test_ids_restrict_the_scored_articles():
    report = json.loads(run("--gold", str(GOLD), "--pred", str(RECORDED), "--json", "--ids", "inv-2"))
    assert report["articles"] == 1
    assert report["scores"]["fact"]["all"]["tp"] == 1 and report["scores"]["fact"]["all"]["fn"] == 0


def test_unknown_id_is_an_error():
    result = runner.invoke(app, ["eval", "--gold", str(GOLD), "--pred", str(RECORDED), "--ids", "nope"])
    assert result.exit_code == 2 and "nope" in result.output


def test_extracts_through_the_flow_when_no_predictions_are_given(tmp_path):
    out = tmp_path / "records.jsonl"
    out.write_text('{"stale": true}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", "--gold", str(GOLD), "--backend", FAKE, "--out", str(out), "--json",
                                 "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    # the stale line was replaced, not scored; the fake backend's answers give two facts, and code the number
    # they left out ("injured 40 others")
    assert report["predicted_records"] == 3
    assert report["scores"]["fact"]["all"]["tp"] == 3 and report["scores"]["fact"]["all"]["fp"] == 0
    assert report["seconds_per_article"]["timed"] == 3
    assert "stale" not in out.read_text(encoding="utf-8")

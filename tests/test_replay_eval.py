"""The replay gate: every annotated set replayed from its committed model answers (no model), its records
rebuilt by the current method and scored. Fails when a set's fact F1 falls more than 0.02 below its baseline
(`eval/baselines.json`), when items that hold nothing get more records than their baseline, or when any record
fails the audit. A change to the prompts or to the passages code lists makes the replay fail with "record them
again" (`make record-answers`): the recorded answers no longer fit what would be sent."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.commands.cli import app

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "eval"))
from sets import baselines, problems, recorded  # noqa: E402

RECORDED = recorded(gated_only=True)


def test_every_set_with_committed_answers_has_a_baseline_and_the_dev_set_is_among_them():
    assert "dev" in {s.name for s in RECORDED}
    assert set(baselines()) == {s.name for s in RECORDED}, "a baseline without answers, or answers with none"


@pytest.mark.parametrize("annotated", RECORDED, ids=[s.name for s in RECORDED])
def test_set_replayed_from_recorded_answers(annotated, tmp_path):
    result = CliRunner().invoke(app,
                                ["eval", *annotated.eval_args(), "--json", "--out",
                                 str(tmp_path / "records.jsonl")])
    assert result.exit_code == 0, result.output[-3000:]
    report = json.loads(result.stdout)
    fact = report["scores"]["fact"]["all"]
    now = {"f1": fact["f1"], "records": report["predicted_records"],
           "audit_failed": report["grounding"]["failed"]}
    assert not problems(annotated, now, baselines().get(annotated.name)), (now, [
        a["ungrounded"] for a in report["per_article"] if a["ungrounded"]])
    assert annotated.holds_nothing or report["grounding"]["of"] > 0

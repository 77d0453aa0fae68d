"""The dev set replayed from committed model answers (no model): the method's records are rebuilt from them and
scored. Fails when fact F1 drops more than 0.02 below what the answers scored when they were recorded, or when
any record fails the audit. A change to the prompts or to the passages code lists makes the replay fail with
"record them again" (the recorded answers no longer fit what would be sent)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sitrep.commands.cli import app

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "eval" / "dev-gold.jsonl"
ANSWERS = ROOT / "tests" / "data" / "dev-answers.jsonl"
MAX_DROP = 0.02


def test_dev_set_replayed_from_recorded_answers(tmp_path):
    assert DEV.exists(), f"the dev set is not at {DEV}"
    result = CliRunner().invoke(app, ["eval", "--gold", str(DEV), "--answers", str(ANSWERS), "--json",
                                      "--out", str(tmp_path / "records.jsonl")])
    assert result.exit_code == 0, result.output[-3000:]
    report = json.loads(result.stdout)
    recorded = report["recorded"]["fact_f1"]
    f1 = report["scores"]["fact"]["all"]["f1"]
    assert f1 >= recorded - MAX_DROP, f"fact F1 {f1} fell more than {MAX_DROP} below the recorded {recorded}"
    assert report["grounding"]["failed"] == 0, [a["ungrounded"] for a in report["per_article"] if a["ungrounded"]]
    assert report["grounding"]["of"] > 0

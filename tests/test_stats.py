"""sitrep stats: counts by type, measure, claimant and article, and shares of
vague/approximate/derived figures."""

import json
from pathlib import Path

from typer.testing import CliRunner

from sitrep.commands.cli import app

RECORDS = Path(__file__).parent / "data" / "examples" / "records.jsonl"


def test_stats_json_of_the_example_records():
    result = CliRunner().invoke(app, ["stats", str(RECORDS), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["records"] == 9 and report["articles"] == 3
    assert report["by_type"] == {"agreement": 3, "troop_deployment": 2, "casualty_figure": 4}
    assert report["by_measure"] == {"killed": 2, "casualties": 1, "wounded": 1}
    assert report["by_claimant"] == {"(the article itself)": 4, "UK Ministry of Defence": 3,
                                     "Russian Defense Ministry": 2}
    assert report["by_article"] == {"mod-2025-01-23": 6, "wcep-2023-12-30-6445": 2, "wcep-2022-02-11-501": 1}
    assert report["figures"] == {"total": 6, "vague": {"count": 0, "share": 0.0},
                                 "approximate": {"count": 1, "share": 0.1667},
                                 "derived": {"count": 1, "share": 0.1667}}


def test_stats_counts_vague_figures(tmp_path):
    lines = RECORDS.read_text(encoding="utf-8").splitlines()
    vague = [json.loads(line) for line in lines if '"measure":"wounded"' in line]
    vague[0]["count"].update(qualifier="vague", text="dozens")
    records = tmp_path / "r.jsonl"
    records.write_text("\n".join([*lines, json.dumps(vague[0])]) + "\n", encoding="utf-8")
    report = json.loads(CliRunner().invoke(app, ["stats", str(records), "--json"]).stdout)
    assert report["figures"]["total"] == 7 and report["figures"]["vague"] == {"count": 1, "share": 0.1429}


def test_stats_table_in_a_terminal():
    result = CliRunner().invoke(app, ["stats", str(RECORDS)])
    assert result.exit_code == 0
    for text in ("9 records from 3 articles", "approximate figures", "1 of 6 (16.7%)", "records by claimant",
                 "Russian Defense Ministry", "casualty figures by measure"):
        assert text in result.stdout

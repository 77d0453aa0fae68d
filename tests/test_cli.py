"""The `sitrep` command as a user runs it: a subprocess, the fake rule-based backend,
the real Prefect flow."""

import json
import os
import subprocess
import sys

import jsonschema
from fakellm import FAKE

ARTICLES = {
    "kharkiv.txt": "Shelling killed 5 people and wounded 12 in Kharkiv, officials said.\n",
    "poland.md": "---\npublished: 2022-02-11\n---\nAbout 3,000 US troops will deploy to Poland.\n",
}


def run_sitrep(*args, cwd, env_extra=None):
    env = {**os.environ, "SITREP_BACKEND": FAKE, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "sitrep.commands.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_schema_command_prints_a_json_schema(tmp_path):
    proc = run_sitrep("schema", cwd=tmp_path)
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    assert {"agreement", "troop_deployment", "casualty_figure"} <= set(json.dumps(schema).split('"'))


def test_extract_then_rerun_is_cached_and_byte_identical(tmp_path):
    inputs = tmp_path / "articles"
    inputs.mkdir()
    for name, text in ARTICLES.items():
        (inputs / name).write_text(text, encoding="utf-8")
    (inputs / "broken.jsonl").write_text('{"id": "ok", "text": "Two soldiers were killed."}\n{oops\n')
    out = tmp_path / "out" / "records.jsonl"
    first = run_sitrep("extract", str(inputs), "--out", str(out), "--summary", str(tmp_path / "s1.json"),
                       cwd=tmp_path)
    assert first.returncode == 1, first.stderr  # one bad line: the exit code says something failed
    assert f"{inputs / 'broken.jsonl'}:2: invalid JSON" in first.stderr
    assert "Traceback" not in first.stderr

    schema = json.loads(run_sitrep("schema", cwd=tmp_path).stdout)
    text_by_id = {"kharkiv": ARTICLES["kharkiv.txt"], "poland": ARTICLES["poland.md"].split("---\n")[-1],
                  "ok": "Two soldiers were killed."}
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4  # "Two soldiers were killed": a number the model left out, taken by code
    for line in lines:
        record = json.loads(line)
        jsonschema.validate(record, schema)
        ev = record["evidence"]
        assert text_by_id[record["article"]["id"]][ev["start"]:ev["end"]] == ev["quote"]

    summary = json.loads((tmp_path / "s1.json").read_text())
    assert summary["articles"] == 4 and summary["failed"] == 1 and summary["succeeded"] == 3
    assert summary["records"] == {"agreement": 0, "troop_deployment": 1, "casualty_figure": 3}
    assert summary["model_calls"] > 0
    failures = [json.loads(x) for x in (out.parent / "records.failures.jsonl").read_text().splitlines()]
    assert [f["source"] for f in failures] == [f"{inputs / 'broken.jsonl'}:2"]

    before = out.read_bytes()
    second = run_sitrep("extract", str(inputs), "--out", str(out), "--summary", str(tmp_path / "s2.json"),
                        cwd=tmp_path)
    assert second.returncode == 1
    summary2 = json.loads((tmp_path / "s2.json").read_text())
    assert summary2["model_calls"] == 0 and summary2["cached"] == 3
    assert out.read_bytes() == before


def test_configuration_error_is_one_line(tmp_path):
    (tmp_path / "a.txt").write_text("Two soldiers were killed.")
    proc = run_sitrep("extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o.jsonl"),
                      cwd=tmp_path, env_extra={"SITREP_BACKEND": "openai-compatible"})
    assert proc.returncode == 2
    assert "base URL" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_article_fixed_later_leaves_the_failures_file(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"id": "early", "text": "Two soldiers were killed."}\n{"id": "late", "text": ""}\n')
    out = tmp_path / "records.jsonl"
    failures = tmp_path / "records.failures.jsonl"
    assert run_sitrep("extract", str(batch), "--out", str(out), cwd=tmp_path).returncode == 1
    assert [json.loads(x)["id"] for x in failures.read_text().splitlines()] == ["late"]

    batch.write_text('{"id": "early", "text": "Two soldiers were killed."}\n'
                     '{"id": "late", "text": "Three civilians were wounded."}\n')
    fixed = run_sitrep("extract", str(batch), "--out", str(out), cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert failures.read_text() == ""
    assert {json.loads(x)["article"]["id"] for x in out.read_text().splitlines()} == {"early", "late"}


def test_help_shows_bracketed_text_as_written():
    """Help texts and messages are printed as written, not read as console markup ("[default: ...]")."""
    from typer.testing import CliRunner

    from sitrep.commands.cli import app

    shown = CliRunner().invoke(app, ["extract", "--help"], terminal_width=200)
    assert shown.exit_code == 0
    assert "[default: beside --out]" in shown.output and "[default: ~/.cache/sitrep]" in shown.output

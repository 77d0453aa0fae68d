"""sitrep report without a browser: a self-contained file, and a clear word about every record it cannot show."""

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.recordfile import read_records
from sitrep.report import page_data
from sitrep.sources import read_inputs

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "tests" / "data" / "examples" / "records.jsonl"


def _run(*args: str):
    return CliRunner().invoke(app, ["report", *args])


def test_the_page_loads_nothing_from_elsewhere_and_holds_every_record(tmp_path):
    out = tmp_path / "r.html"
    result = _run(str(RECORDS), "--articles", str(ROOT / "examples"), "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html, re.IGNORECASE)
    assert not re.search(r"@import|url\(", html)
    assert "default-src 'none'" in html  # and the page forbids any load
    data = json.loads(re.search(r'<script id="sitrep-data" type="application/json">(.*?)</script>', html,
                                re.DOTALL).group(1))
    assert len(data["records"]) == 9 and len(data["articles"]) == 3
    assert all(r["start"] >= 0 for r in data["records"])  # every record highlighted
    assert data["warnings"] == [] and data["failures"] == []


def test_records_that_cannot_be_highlighted_are_listed_and_said(tmp_path):
    records = read_records(RECORDS)
    articles = [a for a in read_inputs([str(ROOT / "examples")]).articles if a.id != "wcep-2022-02-11-501"]
    changed = articles[0].model_copy(update={"text": articles[0].text.replace("Putin", "Putin,")})
    data, warnings = page_data(records, [changed, *articles[1:]], [])
    missing = [r for r in data["records"] if r["article_id"] == "wcep-2022-02-11-501"]
    assert missing and all(r["start"] == -1 and r["article"] == -1 for r in missing)
    changed_rows = [r for r in data["records"] if r["article_id"] == changed.id]
    assert changed_rows and all(r["start"] == -1 for r in changed_rows)
    assert data["articles"][0]["note"].startswith("this text differs")
    assert any("'wcep-2022-02-11-501' (1 records) is not among the --articles" in w for w in warnings)
    assert any(f"article {changed.id!r}: this text differs" in w for w in warnings)
    kept = [r for r in data["records"] if r["article_id"] == "wcep-2023-12-30-6445"]
    assert kept and all(r["start"] >= 0 for r in kept)


def test_articles_takes_several_inputs_after_one_flag(tmp_path):
    examples = sorted(str(p) for p in (ROOT / "examples").iterdir())
    out = tmp_path / "r.html"
    result = _run(str(RECORDS), "--articles", *examples, "--out", str(out))
    assert result.exit_code == 0 and "9 records, 3 articles" in result.output
    assert "not among the --articles" not in result.output


def test_failures_beside_the_records_are_listed(tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_bytes(RECORDS.read_bytes())
    (tmp_path / "records.failures.jsonl").write_text(json.dumps(
        {"failure_id": "f", "id": "a1", "source": "in/a1.txt", "error": "not UTF-8 text", "attempts": 1}) + "\n",
        encoding="utf-8")
    out = tmp_path / "r.html"
    result = _run(str(records), "--articles", str(ROOT / "examples"), "--out", str(out))
    assert result.exit_code == 0 and "1 failures" in result.output
    assert '"error":"not UTF-8 text"' in out.read_text(encoding="utf-8")


def test_bad_inputs_are_one_line_each(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"record_type": "agreement", "parties": []}\n', encoding="utf-8")
    result = _run(str(bad), "--out", str(tmp_path / "r.html"))
    assert result.exit_code == 2 and result.output.strip().startswith(f"sitrep: {bad}:1: not a sitrep record")
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "r.html").exists()
    failures = tmp_path / "f.jsonl"
    failures.write_text("{oops\n", encoding="utf-8")
    result = _run(str(RECORDS), "--failures", str(failures), "--out", str(tmp_path / "r.html"))
    assert result.exit_code == 2 and f"{failures}:1: not JSON" in result.output
    result = _run(str(RECORDS), "--articles", str(tmp_path / "nowhere"), "--out", str(tmp_path / "r.html"))
    assert result.exit_code == 0  # an unreadable input is named; its records are listed without their text
    assert "nowhere" in result.output and "is not among the --articles given" in result.output

"""sitrep report without a browser: a self-contained file, and a clear word about every record
it cannot show."""

import json
import re
from pathlib import Path

from fakellm import FAKE
from typer.testing import CliRunner

from sitrep.commands.cli import app
from sitrep.io.recordfile import read_records
from sitrep.io.report import page_data
from sitrep.io.sources import read_inputs

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
        {"failure_id": "f", "id": "a1", "source": "in/a1.txt", "error": "not UTF-8 text", "attempts": 1})
        + "\n",
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


FILLED = ("Rebels shelled the market on Monday, killing 14 civilians, the governor said. "
          "Militia fighters launched an assault on the river town.")
DROPPED_QUOTE = "launched an assault on the river town"
GOOD = {"quote": "killing 14 civilians", "count": 14, "measure": "killed", "group": "civilians"}
TWICE = FILLED.split(" Militia")[0] + " The governor later repeated that the shelling killed 14 civilians."
MERGED_QUOTE = "the shelling killed 14 civilians"


def filled_cache(tmp_path: Path, settings, text: str = FILLED,
                 second: dict | None = None) -> tuple[Path, Path, list]:
    """An article extracted with the fake backend from one good item and a `second` (by default one a rule
    drops): its records and inputs written, the answers in the cache."""
    from fakellm import FakeLLM

    from sitrep.extract import extract_article
    from sitrep.schemas import Article
    from sitrep.schemas.records import record_to_json

    article = Article(id="ex1", text=text)
    second = second or {"quote": DROPPED_QUOTE, "count": 1, "measure": "killed", "group": "people"}
    fake = FakeLLM(queue={"casualty_figure": [[GOOD, second]]})
    made = extract_article(article, fake.backend(), settings).records
    records = tmp_path / "records.jsonl"
    records.write_text("".join(record_to_json(r) + "\n" for r in made), encoding="utf-8")
    inputs = tmp_path / "in.jsonl"
    inputs.write_text(json.dumps({"id": article.id, "text": text}) + "\n", encoding="utf-8")
    return records, inputs, made


def merged_cache(tmp_path: Path, settings) -> tuple[Path, Path, list]:
    """The same fact told twice: the second candidate is merged into the first one's record."""
    return filled_cache(tmp_path, settings, TWICE, {**GOOD, "quote": MERGED_QUOTE})


def _data(html: str) -> dict:
    return json.loads(re.search(r'<script id="sitrep-data" type="application/json">(.*?)</script>', html,
                                re.DOTALL).group(1))


def test_a_dropped_candidate_is_in_the_page_with_its_reason_and_offsets(tmp_path, settings):
    records, inputs, _ = filled_cache(tmp_path, settings)
    out = tmp_path / "r.html"
    result = _run(str(records), "--articles", str(inputs), "--out", str(out), "--backend", FAKE,
                  "--cache-dir", str(settings.cache_dir))
    assert result.exit_code == 0, result.output
    assert "1 records, 1 articles, 0 failures, 1 candidates dropped or merged" in result.output
    assert "no model answers" not in result.output
    data = _data(out.read_text(encoding="utf-8"))
    assert len(data["records"]) == 1 and data["records"][0]["quote"] == "killing 14 civilians"
    (dropped,) = data["dropped"]
    assert dropped["outcome"] == "dropped" and dropped["type"] == "casualty_figure"
    assert dropped["fate"].startswith("dropped: ") and "count of 1" in dropped["fate"]
    assert FILLED[dropped["start"]:dropped["end"]] == dropped["quote"] == DROPPED_QUOTE
    assert dropped["article"] == 0 and ["group", "people"] in dropped["fields"]


def test_articles_whose_answers_are_not_cached_show_no_dropped_candidates_and_are_counted(tmp_path, settings):
    records, inputs, _ = filled_cache(tmp_path, settings)
    out = tmp_path / "r.html"
    result = _run(str(records), "--articles", str(inputs), "--out", str(out), "--backend", FAKE,
                  "--model", "another-model", "--cache-dir", str(settings.cache_dir))
    assert result.exit_code == 0, result.output
    assert "1 of 1 articles have no model answers in" in result.output
    data = _data(out.read_text(encoding="utf-8"))
    assert data["dropped"] == [] and len(data["records"]) == 1 and data["records"][0]["start"] >= 0


def test_a_candidate_merged_into_a_record_names_it(tmp_path, settings):
    records, inputs, (record,) = merged_cache(tmp_path, settings)
    out = tmp_path / "r.html"
    result = _run(str(records), "--articles", str(inputs), "--out", str(out), "--backend", FAKE,
                  "--cache-dir", str(settings.cache_dir))
    assert result.exit_code == 0, result.output
    (merged,) = _data(out.read_text(encoding="utf-8"))["dropped"]
    assert merged["outcome"] == "merged" and merged["fate"] == f"merged into {record.record_id}"
    assert TWICE[merged["start"]:merged["end"]] == MERGED_QUOTE

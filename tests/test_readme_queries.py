"""The README's DuckDB queries, run as written on the example output, print exactly the tables the README
shows, and run on any output: one with casualty records only, and one with no record at all."""

import json
import re
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "tests" / "data" / "examples" / "records.jsonl"
_SECTION = re.compile(r"<!-- analysis:start -->(.*?)<!-- analysis:end -->", re.DOTALL)
_SQL = re.compile(r"```sql\n(.*?)```(?:\s*```text\n(.*?)```)?", re.DOTALL)


def readme_sql() -> list[tuple[str, str]]:
    """(statement, shown result or "") for every sql block of the analysis section, in order."""
    section = _SECTION.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert section, "README.md has no analysis section"
    return _SQL.findall(section.group(1))


def _tidy(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _run_all(folder: Path, lines: list[str], monkeypatch) -> list[tuple[str, str, str]]:
    """Every README statement run in order on one connection, over `lines` as out/records.jsonl:
    (statement, shown, printed) for those the README shows a result of."""
    (folder / "out").mkdir()
    (folder / "out" / "records.jsonl").write_text("".join(lines), encoding="utf-8")
    monkeypatch.chdir(folder)  # the queries read out/records.jsonl, as an analyst's would
    con = duckdb.connect()
    ran = []
    for statement, shown in readme_sql():
        relation = con.sql(statement)
        if shown:
            ran.append((statement, shown, str(relation)))
    return ran


def test_readme_duckdb_queries_print_what_the_readme_shows(tmp_path, monkeypatch):
    assert len(readme_sql()) == 4  # the view, then three queries with their results
    ran = _run_all(tmp_path, RECORDS.read_text(encoding="utf-8").splitlines(keepends=True), monkeypatch)
    assert len(ran) == 3
    for query, shown, printed in ran:
        assert _tidy(printed) == _tidy(shown), f"README result differs for:\n{query}\nprinted:\n{printed}"


def _of_type(record_type: str) -> list[str]:
    return [line for line in RECORDS.read_text(encoding="utf-8").splitlines(keepends=True)
            if json.loads(line)["record_type"] == record_type]


@pytest.mark.parametrize("kept", ["casualty_figure", "nothing"])
def test_readme_duckdb_queries_run_on_an_output_without_some_record_types(tmp_path, monkeypatch, kept):
    lines = _of_type(kept) if kept != "nothing" else []
    ran = _run_all(tmp_path, lines, monkeypatch)
    printed = {q.split("WHERE record_type = '")[1].split("'")[0]: p for q, _, p in ran}
    assert set(printed) == {"casualty_figure", "troop_deployment", "agreement"}
    for record_type, table in printed.items():
        rows = [r for r in table.splitlines() if r.startswith("│") and "varchar" not in r
                and "int64" not in r]
        _header, *body = rows
        expected = len(lines) if record_type == kept else 0
        assert len(body) == expected, f"{record_type} on an output of {kept}:\n{table}"

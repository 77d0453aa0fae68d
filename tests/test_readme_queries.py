"""The README's DuckDB queries, run as written on the example output, print exactly the tables the README shows."""

import re
import shutil
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "tests" / "data" / "examples" / "records.jsonl"
_SECTION = re.compile(r"<!-- analysis:start -->(.*?)<!-- analysis:end -->", re.DOTALL)
_PAIR = re.compile(r"```sql\n(.*?)```\s*```text\n(.*?)```", re.DOTALL)


def readme_queries() -> list[tuple[str, str]]:
    """(query, shown result) for every sql block of the analysis section that a text block follows."""
    section = _SECTION.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert section, "README.md has no analysis section"
    return _PAIR.findall(section.group(1))


def _tidy(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def test_readme_duckdb_queries_print_what_the_readme_shows(tmp_path, monkeypatch):
    pairs = readme_queries()
    assert len(pairs) == 3
    (tmp_path / "out").mkdir()
    shutil.copy(RECORDS, tmp_path / "out" / "records.jsonl")
    monkeypatch.chdir(tmp_path)  # the queries read out/records.jsonl, as an analyst's would
    for query, shown in pairs:
        printed = str(duckdb.sql(query))
        assert _tidy(printed) == _tidy(shown), f"README result differs for:\n{query}\nprinted:\n{printed}"

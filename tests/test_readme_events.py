"""The README's events query, run on the events of the example output, prints the table the README shows."""

import re
from pathlib import Path

import duckdb

from sitrep.events import update_events

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "tests" / "data" / "examples" / "records.jsonl"
_SECTION = re.compile(r"<!-- events:start -->\s*```sql\n(.*?)```\s*```text\n(.*?)```", re.DOTALL)


def test_the_readme_events_query_prints_what_the_readme_shows(tmp_path, monkeypatch):
    query, shown = _SECTION.search((ROOT / "README.md").read_text(encoding="utf-8")).groups()
    (tmp_path / "out").mkdir()
    records = tmp_path / "out" / "records.jsonl"
    records.write_text(RECORDS.read_text(encoding="utf-8"), encoding="utf-8")
    update_events([records], tmp_path / "out" / "records.events.jsonl")
    monkeypatch.chdir(tmp_path)
    printed = str(duckdb.sql(query))
    tidy = lambda text: "\n".join(line.rstrip() for line in text.strip().splitlines())  # noqa: E731
    assert tidy(printed) == tidy(shown)

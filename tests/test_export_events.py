"""sitrep export with the records' events: an events table (one row per event, each measure's figures as
columns) and a claims table (one row per source's figure), read by DuckDB and pandas with their types."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hand_events import BELGOROD_KILLED, MOD_KILLED, RECORDS, hand_events, write_events
from typer.testing import CliRunner

from sitrep.commands.cli import app

TABLES = ("agreement", "troop_deployment", "casualty_figure", "events", "claims")


def _export(tmp_path: Path, fmt: str, *extra: str, records: Path = RECORDS):
    out = tmp_path / fmt
    result = CliRunner().invoke(app, ["export", str(records), "--format", fmt, "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out, result.output


def _types(path: Path) -> dict[str, str]:
    return {name: kind for name, kind, *_ in duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}


@pytest.fixture
def events_file(tmp_path) -> Path:
    return write_events(hand_events(), tmp_path / "events.jsonl")


def test_events_and_claims_tables_in_duckdb(tmp_path, events_file):
    out, said = _export(tmp_path, "parquet", "--events", str(events_file))
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.parquet" for t in TABLES)
    events_out, claims_out = out / "events.parquet", out / "claims.parquet"
    assert f"6 rows -> {events_out}" in said and f"6 rows -> {claims_out}" in said
    events, claims = out / "events.parquet", out / "claims.parquet"
    kinds = _types(events)
    assert kinds["when_start"] == kinds["when_end"] == "DATE"
    assert {kinds[c] for c in ("killed_best", "killed_low", "killed_high", "troops_best", "records")} == {
        "BIGINT"}
    assert kinds["disputed"] == kinds["killed_disputed"] == "BOOLEAN"
    assert kinds["actors"] == kinds["joined_by"] == kinds["record_ids"] == "VARCHAR[]"
    # the analyst's query: each event's best figure counted once, never the records summed
    totals = duckdb.sql(f"SELECT sum(killed_best), sum(troops_best) FROM '{events}'").fetchall()
    assert totals == [(25, 14000)]
    row = duckdb.sql(f"SELECT event_id, kind, when_start::VARCHAR, place, killed_best, killed_low, "
                     f"killed_high, killed_disputed, killed_sources, killed_claimants, wounded_best, "
                     f"wounded_disputed, troops_best, disputed, records FROM '{events}' "
                     "WHERE disputed").fetchall()
    assert row == [("ev-belgorod", "incident", "2023-12-30", "Belgorod", 25, 25, 1000, True, 2, 2, 110, False,
                    None, True, 3)]
    kinds = _types(claims)
    assert kinds["value"] == "BIGINT" and kinds["published"] == "DATE" and kinds["measure"] == "VARCHAR"
    rows = duckdb.sql(f"SELECT event_id, measure, value, claimant, record_id, published::VARCHAR "
                      f"FROM '{claims}' WHERE event_id = 'ev-belgorod' AND measure = 'killed' "
                      "ORDER BY value").fetchall()
    assert rows == [("ev-belgorod", "killed", 25, "Russian Defense Ministry", BELGOROD_KILLED, "2023-12-30"),
                    ("ev-belgorod", "killed", 1000, "UK Ministry of Defence", MOD_KILLED, "2025-01-23")]
    # claims join back to their records and their events
    joined = duckdb.sql(f"SELECT c.value, r.count_value, e.kind FROM '{claims}' c "
                        f"JOIN '{out / 'casualty_figure.parquet'}' r USING (record_id) "
                        f"JOIN '{events}' e USING (event_id) ORDER BY c.value").fetchall()
    assert joined == [(25, 25, "incident"), (110, 110, "incident"), (1000, 1000, "incident"),
                      (4000, 4000, "deployment")]


def test_events_in_pandas_and_as_csv(tmp_path, events_file):
    out, _ = _export(tmp_path, "parquet", "--events", str(events_file))
    frame = pd.read_parquet(out / "events.parquet", dtype_backend="numpy_nullable")
    assert str(frame["killed_best"].dtype) == "Int64" and frame["killed_best"].isna().sum() == 5
    assert list(frame["event_id"])[:3] == ["ev-belgorod", "ev-kursk", "ev-poland"]  # file order
    csv, _ = _export(tmp_path, "csv", "--events", str(events_file))
    events = pd.read_csv(csv / "events.csv")
    assert events.loc[0, "actors"] == '["Ukraine"]' and events.loc[0, "killed_high"] == 1000
    claims = duckdb.sql(f"SELECT count(*), sum(value) FROM '{csv / 'claims.csv'}'").fetchall()
    assert claims == [(6, 25 + 1000 + 110 + 11000 + 4000 + 3000)]


def test_the_events_file_beside_the_records_is_found_and_a_stale_one_said(tmp_path):
    records = tmp_path / "run" / "records.jsonl"
    records.parent.mkdir()
    shutil.copy(RECORDS, records)
    out, _ = _export(tmp_path, "parquet", records=records)
    assert not (out / "events.parquet").exists()  # no events file: the record tables only
    events = hand_events()
    write_events(events[1:], records.with_name("records.events.jsonl"))  # older: the incident not yet grouped
    out, said = _export(tmp_path, "parquet", records=records)
    assert duckdb.sql(f"SELECT count(*) FROM '{out / 'events.parquet'}'").fetchall() == [(5,)]
    assert "3 of 9 records are in no event" in said


def test_partial_dates_become_the_first_and_last_day(tmp_path):
    event = hand_events()[0].model_copy(update={"when": hand_events()[0].when.model_copy(
        update={"start": "2024-06", "end": "2024-06"})})
    out, _ = _export(tmp_path, "parquet", "--events", str(write_events([event], tmp_path / "e.jsonl")))
    assert duckdb.sql(f"SELECT when_start::VARCHAR, when_end::VARCHAR FROM '{out / 'events.parquet'}'"
                      ).fetchall() == [("2024-06-01", "2024-06-30")]


def test_an_unreadable_events_file_is_said_in_one_line(tmp_path):
    bad = tmp_path / "bad.events.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(RECORDS), "--out", str(tmp_path / "t"),
                                      "--events", str(bad)])
    assert result.exit_code == 2 and str(bad) in result.output and "Traceback" not in result.output


def test_the_readme_query_counts_each_event_once(tmp_path):
    """The query an analyst should run instead of summing records: each event's best figure, once."""
    from sitrep.events import events_path_for, update_events

    records = tmp_path / "records.jsonl"
    shutil.copy(RECORDS, records)
    update_events([records], events_path_for(records))
    out, _ = _export(tmp_path, "parquet", records=records)
    events = out / "events.parquet"
    assert duckdb.sql(f"SELECT sum(records) FROM '{events}'").fetchall() == [(9,)]  # every record, once
    claims = duckdb.sql(f"SELECT count(*) FROM '{out / 'claims.parquet'}' JOIN '{events}' "
                        "USING (event_id)").fetchall()
    assert claims == [(6,)]  # the six figures of the examples, each behind one event
    per_kind = duckdb.sql(f"SELECT kind, sum(killed_best), sum(troops_best) FROM '{events}' "
                          "GROUP BY kind ORDER BY kind").fetchall()
    assert dict((k, (killed, troops)) for k, killed, troops in per_kind)["deployment"] == (None, 14000)

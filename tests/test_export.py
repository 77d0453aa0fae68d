"""sitrep export: one flat table per record type that DuckDB, pandas and polars read with their types."""

import json
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest
from typer.testing import CliRunner

from sitrep.commands.cli import app

RECORDS = Path(__file__).parent / "data" / "examples" / "records.jsonl"
TYPES = ("agreement", "troop_deployment", "casualty_figure")


def _export(tmp_path: Path, fmt: str, records: Path = RECORDS) -> Path:
    out = tmp_path / fmt
    result = CliRunner().invoke(app, ["export", str(records), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.{fmt}" for t in TYPES)
    return out


def _types(path: Path) -> dict[str, str]:
    return {name: kind for name, kind, *_ in duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}


def test_parquet_keeps_every_type_in_duckdb(tmp_path):
    out = _export(tmp_path, "parquet")
    troops = _types(out / "troop_deployment.parquet")
    assert {troops[c]
            for c in ("count_value", "count_low", "count_high", "evidence_start", "evidence_end")} == {
        "BIGINT"}
    assert troops["count_derived"] == "BOOLEAN" and troops["article_published"] == "DATE"
    assert troops["count_qualifier"] == troops["force"] == "VARCHAR"
    agreements = _types(out / "agreement.parquet")
    assert agreements["parties"] == agreements["sectors"] == "VARCHAR[]"
    assert agreements["duration_years"] == "DOUBLE" and agreements["mutual_defence"] == "BOOLEAN"
    row = duckdb.sql(f"SELECT force, count_value, count_qualifier, count_text, article_published::VARCHAR, "
                     f"evidence_start FROM '{out / 'troop_deployment.parquet'}' "
                     "WHERE count_value > 10000").fetchall()
    assert row == [("North Korea", 11000, "approximately", "Approximately 11,000", "2025-01-23", 1383)]
    parties = duckdb.sql(f"SELECT parties FROM '{out / 'agreement.parquet'}' ORDER BY signed").fetchall()
    assert parties == [(["Russia", "North Korea"],), (["Russia", "Belarus"],), (["Russia", "Iran"],)]


def test_parquet_in_pandas_and_polars(tmp_path):
    out = _export(tmp_path, "parquet")
    casualties = pd.read_parquet(out / "casualty_figure.parquet")
    assert casualties["count_value"].dtype == "int64" and casualties["count_derived"].dtype == "bool"
    assert casualties["evidence_start"].dtype == "int64"
    assert sorted(casualties["count_value"].tolist()) == [25, 110, 1000, 4000]
    nullable = pd.read_parquet(out / "casualty_figure.parquet", dtype_backend="numpy_nullable")
    assert str(nullable["count_low"].dtype) == "Int64"  # nulls stay integers, not floats
    frame = pl.read_parquet(out / "agreement.parquet")
    assert frame.schema["parties"] == pl.List(pl.String) and frame.schema["article_published"] == pl.Date
    assert frame.schema["evidence_start"] == pl.Int64 and frame.schema["mutual_defence"] == pl.Boolean
    assert pl.read_parquet(out / "troop_deployment.parquet").schema["count_value"] == pl.Int64


def test_csv_loads_with_integer_counts(tmp_path):
    out = _export(tmp_path, "csv")
    troops = _types(out / "troop_deployment.csv")
    assert troops["count_value"] == troops["evidence_start"] == "BIGINT"
    assert troops["count_derived"] == "BOOLEAN" and troops["article_published"] == "DATE"
    frame = pd.read_csv(out / "casualty_figure.csv")
    assert frame["count_value"].dtype == "int64" and frame["count_derived"].dtype == "bool"
    agreements = pd.read_csv(out / "agreement.csv")
    assert sorted(json.loads(p)[1] for p in agreements["parties"]) == ["Belarus", "Iran", "North Korea"]


def test_a_type_with_no_records_still_gets_its_typed_columns(tmp_path):
    only_troops = tmp_path / "troops.jsonl"
    only_troops.write_text("".join(line + "\n" for line in RECORDS.read_text(encoding="utf-8").splitlines()
                                   if '"record_type":"troop_deployment"' in line), encoding="utf-8")
    out = _export(tmp_path, "parquet", only_troops)
    assert duckdb.sql(f"SELECT count(*) FROM '{out / 'agreement.parquet'}'").fetchall() == [(0,)]
    assert _types(out / "casualty_figure.parquet")["count_value"] == "BIGINT"


@pytest.mark.parametrize("content, message", [
    ('{"record_type": "troop_deployment"}\n', "bad.jsonl:1: not a sitrep record"),
    ("\n\nnot json\n", "bad.jsonl:3: not a sitrep record"),
])
def test_a_bad_line_is_one_line_naming_file_and_line(tmp_path, content, message):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(bad), "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert not (tmp_path / "x").exists()


def test_unknown_format_and_missing_file(tmp_path):
    result = CliRunner().invoke(app, ["export", str(RECORDS), "--format", "xlsx", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "--format must be one of parquet, csv" in result.output
    result = CliRunner().invoke(app, ["export", str(tmp_path / "none.jsonl"), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "none.jsonl: no such file" in result.output

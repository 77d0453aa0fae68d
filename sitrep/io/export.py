"""`sitrep export`: one flat table per record type, as Parquet or CSV. Nested objects become prefixed columns
(`count_value`, `article_published`, `evidence_start`), typed from the record models, so a field added to the
contract gets its column without a change here."""

from __future__ import annotations

import json
import os
import types
import typing
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from pydantic import BaseModel

from sitrep.schemas import Agreement, CasualtyFigure, TroopDeployment
from sitrep.schemas.records import RECORD_TYPES

MODELS: dict[str, type[BaseModel]] = {"agreement": Agreement, "troop_deployment": TroopDeployment,
                                      "casualty_figure": CasualtyFigure}
FORMATS = ("parquet", "csv")
_SCALARS = {int: pa.int64(), float: pa.float64(), bool: pa.bool_(), str: pa.string(), date: pa.date32()}
_FIRST = ("record_id", "record_type")
_LAST = ("attributed_to", "article", "evidence", "extraction", "schema_version")


def arrow_type(annotation: Any) -> pa.DataType:
    """The Arrow type of a field annotation: Optional is nullability, a Literal is its values' type."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"no column type for {annotation}")
        return arrow_type(inner[0])
    if origin is Literal:
        return arrow_type(type(typing.get_args(annotation)[0]))
    if origin is list:
        return pa.list_(arrow_type(typing.get_args(annotation)[0]))
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    raise TypeError(f"no column type for {annotation}")


def _admits_none(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in typing.get_args(
        annotation)


def _ordered_fields(model: type[BaseModel]) -> list[str]:
    names = list(model.model_fields)
    middle = [n for n in names if n not in _FIRST and n not in _LAST]
    return [n for n in _FIRST if n in names] + middle + [n for n in _LAST if n in names]


def table_schema(model: type[BaseModel]) -> pa.Schema:
    """The flat columns of one record type: nested models flattened with their field name as prefix."""
    fields: list[pa.Field] = []

    def walk(m: type[BaseModel], names: list[str], prefix: str) -> None:
        for name in names:
            info = m.model_fields[name]
            annotation = info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                walk(annotation, list(annotation.model_fields), f"{prefix}{name}_")
            else:
                fields.append(pa.field(prefix + name, arrow_type(annotation),
                                       nullable=_admits_none(annotation)))

    walk(model, _ordered_fields(model), "")
    return pa.schema(fields)


def flatten(value: dict, prefix: str = "") -> dict:
    row: dict = {}
    for key, item in value.items():
        if isinstance(item, dict):
            row.update(flatten(item, f"{prefix}{key}_"))
        else:
            row[prefix + key] = item
    return row


def tables(records: list) -> dict[str, pa.Table]:
    """One Arrow table per record type (empty ones included, with their columns), rows in file order."""
    rows: dict[str, list[dict]] = {t: [] for t in RECORD_TYPES}
    for record in records:
        rows[record.record_type].append(flatten(record.model_dump(mode="python")))
    return {t: pa.Table.from_pylist(rows[t], schema=table_schema(MODELS[t])) for t in RECORD_TYPES}


def _for_csv(table: pa.Table) -> pa.Table:
    """CSV has no lists: a list column is written as a JSON array ('["Russia", "Iran"]')."""
    for i, field in enumerate(table.schema):
        if pa.types.is_list(field.type):
            values = [None if v is None else json.dumps(v, ensure_ascii=False)
                      for v in table.column(i).to_pylist()]
            table = table.set_column(i, pa.field(field.name, pa.string(), nullable=True),
                                     pa.array(values, pa.string()))
    return table


def write(records: list, out_dir: Path, fmt: str) -> dict[str, Path]:
    """Write `<out_dir>/<record_type>.<fmt>` for every record type; each file is replaced whole."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (parquet or csv)")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for record_type, table in tables(records).items():
        path = out_dir / f"{record_type}.{fmt}"
        tmp = path.with_name(f".{path.name}.tmp")
        if fmt == "parquet":
            pq.write_table(table, tmp)
        else:
            pa_csv.write_csv(_for_csv(table), tmp)
        os.replace(tmp, path)
        written[record_type] = path
    return written

"""`sitrep export`: one flat table per record type, as Parquet or CSV. Nested objects become prefixed columns
(`count_value`, `article_published`, `evidence_start`), typed from the record models, so a field added to the
contract gets its column without a change here. With the records' events (sitrep.events), an events table
(one row per event) and a claims table (one row per figure behind an event's measures)."""

from __future__ import annotations

import json
import os
import types
import typing
from datetime import date, timedelta
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


def write(records: list, out_dir: Path, fmt: str, events: list | None = None) -> dict[str, Path]:
    """Write `<out_dir>/<record_type>.<fmt>` for every record type, and with `events` (read from an events
    JSONL) `events.<fmt>` and `claims.<fmt>`; each file is replaced whole."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (parquet or csv)")
    out_dir.mkdir(parents=True, exist_ok=True)
    made = tables(records)
    if events is not None:
        made.update(event_tables(events))
    written = {}
    for name, table in made.items():
        path = out_dir / f"{name}.{fmt}"
        tmp = path.with_name(f".{path.name}.tmp")
        if fmt == "parquet":
            pq.write_table(table, tmp)
        else:
            pa_csv.write_csv(_for_csv(table), tmp)
        os.replace(tmp, path)
        written[name] = path
    return written


# ---------------------------------------------------------------------------------------------- events
# `events.<fmt>`: one row per event, each measure's figures as columns (`killed_best`, `troops_low`, ...),
# null where the event has no such measure, so `SELECT sum(killed_best) FROM 'events.parquet'` counts each
# event once. `claims.<fmt>`: one row per claim behind those figures, with its event's id and measure.
EVENT_TABLES = ("events", "claims")
_MEASURE_COLUMNS = (("best", pa.int64()), ("low", pa.int64()), ("high", pa.int64()), ("disputed", pa.bool_()),
                    ("sources", pa.int64()), ("claimants", pa.int64()), ("basis", pa.string()))


def _date(value: str | None, last: bool = False) -> date | None:
    """An ISO date; a month or year alone stands for its first day, or with `last` its last day."""
    parts = (value or "")[:10].split("-")
    try:
        year, month, day = int(parts[0]), int(parts[1]) if len(parts) > 1 else None, (
            int(parts[2]) if len(parts) > 2 else None)
        if day is not None:
            return date(year, month, day)
        if not last:
            return date(year, month or 1, 1)
        if month is None or month == 12:
            return date(year, 12, 31)
        return date(year, month + 1, 1) - timedelta(days=1)
    except (ValueError, TypeError):
        return None


def events_schema() -> pa.Schema:
    from sitrep.events.model import MEASURES

    head = [pa.field("event_id", pa.string(), nullable=False), pa.field("kind", pa.string(), nullable=False),
            pa.field("when_start", pa.date32()), pa.field("when_end", pa.date32()),
            pa.field("place", pa.string()), pa.field("country", pa.string()),
            pa.field("actors", pa.list_(pa.string())), pa.field("disputed", pa.bool_(), nullable=False),
            pa.field("records", pa.int64(), nullable=False), pa.field("articles", pa.int64(), nullable=False)]
    measures = [pa.field(f"{m}_{name}", kind) for m in MEASURES for name, kind in _MEASURE_COLUMNS]
    tail = [pa.field("joined_by", pa.list_(pa.string())), pa.field("record_ids", pa.list_(pa.string())),
            pa.field("article_ids", pa.list_(pa.string())), pa.field("schema_version", pa.string())]
    return pa.schema(head + measures + tail)


def claims_schema() -> pa.Schema:
    """The claim's own fields (from the Claim model) after its event's id and kind and its measure."""
    from sitrep.events.model import Claim

    fields = [pa.field(name, pa.string(), nullable=False) for name in ("event_id", "kind", "measure")]
    for name, info in Claim.model_fields.items():
        kind = pa.date32() if name == "published" else arrow_type(info.annotation)
        fields.append(pa.field(name, kind, nullable=_admits_none(info.annotation)))
    return pa.schema(fields)


def event_row(event) -> dict:
    row = {"event_id": event.event_id, "kind": event.kind, "when_start": _date(event.when.start),
           "when_end": _date(event.when.end, last=True), "place": event.place, "country": event.country,
           "actors": list(event.actors), "disputed": any(m.disputed for m in event.measures.values()),
           "records": len(event.record_ids), "articles": len(event.articles),
           "joined_by": list(event.joined_by), "record_ids": list(event.record_ids),
           "article_ids": list(event.articles),
           "schema_version": event.schema_version}
    for name, measure in event.measures.items():
        for column, _ in _MEASURE_COLUMNS:
            row[f"{name}_{column}"] = getattr(measure, column)
    return row


def claim_rows(event) -> list[dict]:
    return [{"event_id": event.event_id, "kind": event.kind, "measure": name,
             **claim.model_dump(mode="python"), "published": _date(claim.published)}
            for name, measure in event.measures.items() for claim in measure.claims]


def event_tables(events: list) -> dict[str, pa.Table]:
    """The events table and the claims table, rows in file order (events) and claim order within each."""
    claims = [c for e in events for c in claim_rows(e)]
    return {"events": pa.Table.from_pylist([event_row(e) for e in events], schema=events_schema()),
            "claims": pa.Table.from_pylist(claims, schema=claims_schema())}


def uncovered(records: list, events: list) -> int:
    """How many records no event groups: an events file older than its records (or of other records)."""
    grouped = {rid for e in events for rid in e.record_ids}
    return sum(1 for r in records if r.record_id not in grouped)

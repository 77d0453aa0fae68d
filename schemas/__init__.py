"""Pydantic models: articles in, records out (record contract v1). No I/O here."""

from sitrep.schemas.article import Article
from sitrep.schemas.records import (
    SCHEMA_VERSION,
    Agreement,
    ArticleRef,
    CasualtyFigure,
    Evidence,
    Extraction,
    Quantity,
    Record,
    RecordAdapter,
    TroopDeployment,
    record_json_schema,
)

__all__ = [
    "SCHEMA_VERSION", "Agreement", "Article", "ArticleRef", "CasualtyFigure", "Evidence", "Extraction",
    "Quantity", "Record", "RecordAdapter", "TroopDeployment", "record_json_schema",
]

"""An article as read from an input file, JSONL line or stdin."""

from __future__ import annotations

import hashlib
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, computed_field


class Article(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    title: str | None = None
    url: str | None = None
    published: date | None = None  # what relative dates ("on January 17") resolve against
    publisher: str | None = None
    source: str | None = None  # where it was read from (file path, "file.jsonl:3", "-")
    origin: str | None = None  # for an article named by its file or stdin: see sitrep.io.sources.origin_of
    # the language it is read in ("en", "fr"): told once when a run reads it (sitrep.reading.language.told)
    language: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def content_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

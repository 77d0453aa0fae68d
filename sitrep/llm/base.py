"""The one narrow interface every backend provides: an OpenAI client, a model name and an Instructor mode."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import instructor
import openai

MODES = {
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}


@dataclass
class Backend:
    name: str  # "embedded", "openai-compatible", "openai", "fake"
    model: str  # sent as `model` on every call and recorded on every record
    client: openai.OpenAI  # max_retries=0: sitrep retries transport errors itself
    mode: instructor.Mode = instructor.Mode.JSON_SCHEMA
    secrets: tuple[str, ...] = field(default=(), repr=False)  # never shown: redacted from messages, not in repr
    on_close: Callable[[], None] | None = field(default=None, repr=False)

    def instructor_client(self) -> instructor.Instructor:
        return instructor.from_openai(self.client, mode=self.mode)

    def close(self) -> None:
        if self.on_close:
            self.on_close()

"""The one narrow interface every backend provides: an OpenAI client, a model name and an Instructor mode."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import instructor
import openai

from sitrep.llm.deadline import model_http_client

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
    # never shown: redacted from messages, not in repr
    secrets: tuple[str, ...] = field(default=(), repr=False)
    on_close: Callable[[], None] | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return str(self.client.base_url).rstrip("/")

    def redact(self, text: str) -> str:
        return redact(text, self.secrets)

    def instructor_client(self) -> instructor.Instructor:
        return instructor.from_openai(self.client, mode=self.mode)

    def close(self) -> None:
        if self.on_close:
            self.on_close()


def openai_client(base_url: str | None, api_key: str, timeout: float) -> openai.OpenAI:
    """An openai client whose every request (connecting, sending, the whole answer) ends within `timeout`."""
    return openai.OpenAI(base_url=base_url, api_key=api_key, max_retries=0, timeout=timeout,
                         http_client=model_http_client(timeout))


# A key is redacted where it stands as a whole token: the characters around it are not ones keys are made of.
_KEY_CHARS = r"A-Za-z0-9_\-"


def redact(text: str, secrets: tuple[str, ...]) -> str:
    """`text` with each of `secrets` replaced by *** where it appears whole (never inside another word: a
    one-letter key leaves "backend" as it is)."""
    for secret in secrets:
        if secret:
            text = re.sub(rf"(?<![{_KEY_CHARS}]){re.escape(secret)}(?![{_KEY_CHARS}])", "***", text)
    return text

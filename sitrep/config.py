"""Run configuration: built once from environment variables and CLI flags, then passed down frozen."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

BUILT_IN_BACKENDS = ("embedded", "openai-compatible", "openai", "replay")


def _backend_name(name: str) -> str:
    """A built-in backend, or any other named by an import path `module:attribute` (see sitrep.llm)."""
    if name in BUILT_IN_BACKENDS or re.fullmatch(r"[A-Za-z_][\w.]*:[A-Za-z_][\w.]*", name):
        return name
    raise ValueError(f"{name!r} is none of {', '.join(BUILT_IN_BACKENDS)}, "
                     "nor an import path module:attribute")


BackendName = Annotated[str, AfterValidator(_backend_name)]
ModeName = Literal["json_schema", "tools", "json", "md_json"]


def default_cache_dir() -> Path:
    return Path.home() / ".cache" / "sitrep"


class Settings(BaseSettings):
    """Everything a run needs to know. Environment variables use the SITREP_ prefix."""

    model_config = SettingsConfigDict(env_prefix="SITREP_", frozen=True, extra="ignore")

    backend: BackendName = "embedded"
    base_url: str | None = None
    model: str | None = None
    api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SITREP_API_KEY", "OPENAI_API_KEY", "api_key")
    )
    mode: ModeName = "json_schema"
    concurrency: int = Field(default=1, ge=1, le=256)
    cache_dir: Path = Field(default_factory=default_cache_dir)
    model_path: Path | None = None  # a GGUF file to use instead of the packaged weights
    context_size: int = Field(default=4096, ge=512)
    timeout: float = Field(default=300.0, gt=0)  # seconds per model call
    max_retries: int = Field(default=4, ge=0, le=20)  # transport retries per call
    max_reasks: int = Field(default=2, ge=0, le=10)  # validation re-asks per call
    retry_initial_wait: float = Field(default=1.0, gt=0)  # first backoff step, doubled each retry
    retry_max_wait: float = Field(default=60.0, gt=0)  # cap on any wait, Retry-After included
    temperature: float = Field(default=0.0, ge=0, le=2)
    max_tokens: int = Field(default=1024, ge=16)
    seed: int = 0
    refresh: bool = False  # bypass the cache (still writes fresh results to it)
    # a Prefect global concurrency limit with slot decay: one slot per model call
    rate_limit: str | None = None
    dask_address: str | None = None  # run the tasks on this Dask scheduler ("tcp://host:8786")
    dask_workers: int | None = Field(default=None, ge=1, le=64)  # ... or on a local cluster of N processes
    prompt_price: float | None = Field(default=None, ge=0)  # per million prompt tokens, for the run's cost
    completion_price: float | None = Field(default=None, ge=0)  # per million completion tokens
    allow_private: bool = False  # fetch URLs on loopback, private and other non-public addresses
    keep_pages: Path | None = None  # keep each fetched page and its extracted text in this folder
    fetch_timeout: float = Field(default=20.0, gt=0)  # seconds to connect, per read, and for a whole page
    fetch_retries: int = Field(default=2, ge=0, le=10)  # further attempts after a transient fetch failure
    fetch_retry_wait: float = Field(default=1.0, gt=0)  # first backoff step between fetch attempts
    max_page_bytes: int = Field(default=5_000_000, ge=1024)  # larger pages and feeds are refused
    fetch_concurrency: int = Field(default=4, ge=1, le=32)  # pages fetched at once

    @classmethod
    def from_flags(cls, **flags) -> Settings:
        """The environment and the defaults, with the flags that are set (not None) on top: what a command
        builds once and passes down."""
        return cls(**_set(flags))

    def with_flags(self, **flags) -> Settings:
        """These settings with the flags that are set (not None) on top, validated again; the environment is
        not read again."""
        chosen = _set(flags)
        return type(self).model_validate({**self.model_dump(), **chosen}) if chosen else self

    def model_name(self) -> str:
        """The model name recorded on every record and in the cache key."""
        if self.model:
            return self.model
        if self.backend in ("embedded", "replay"):
            return self.model_path.stem if self.model_path else "qwen2.5-coder-1.5b-instruct-q4_k_m"
        if self.backend == "openai":
            return "gpt-4o-mini"
        return "default"

    def decoding(self) -> dict:
        """Decoding settings that change what the model returns (part of the cache key)."""
        return {"temperature": self.temperature, "max_tokens": self.max_tokens, "seed": self.seed,
                "mode": self.mode, "context_size": self.context_size}


def _set(flags: dict) -> dict:
    return {name: value for name, value in flags.items() if value is not None}

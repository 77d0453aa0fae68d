"""Backends over a remote endpoint: any OpenAI-compatible server, or the OpenAI API itself."""

from __future__ import annotations

import openai

from sitrep.config import Settings
from sitrep.errors import ConfigError
from sitrep.llm.base import MODES, Backend


def remote_backend(settings: Settings) -> Backend:
    key = settings.api_key.get_secret_value() if settings.api_key else None
    if settings.backend == "openai":
        if not key:
            raise ConfigError("the openai backend needs an API key: set OPENAI_API_KEY or SITREP_API_KEY")
        base_url = settings.base_url
    else:
        if not settings.base_url:
            raise ConfigError("the openai-compatible backend needs a base URL: set SITREP_BASE_URL or --base-url "
                              "(for example http://127.0.0.1:11434/v1 for Ollama)")
        if not settings.model:
            raise ConfigError("the openai-compatible backend needs a model name: set SITREP_MODEL or --model")
        base_url = settings.base_url
    client = openai.OpenAI(base_url=base_url, api_key=key or "unused", max_retries=0, timeout=settings.timeout)
    return Backend(name=settings.backend, model=settings.model_name(), client=client, mode=MODES[settings.mode],
                   secrets=(key,) if key else (), on_close=client.close)

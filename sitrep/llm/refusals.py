"""What a refused model call says about the configuration: a key the server refuses (401, 403), a model it
does not serve or a base URL with no chat endpoint (404). Each is one line naming what to fix, raised as
ConfigError: every other call would be refused the same way."""

from __future__ import annotations

import openai

from sitrep.errors import ConfigError
from sitrep.llm.base import Backend

LISTING_SECONDS = 10.0
KEY_SETTING = "SITREP_API_KEY (or OPENAI_API_KEY)"


def configuration_error(refused: openai.APIStatusError, backend: Backend) -> ConfigError | None:
    """The configuration error a refused call shows, or None when the refusal is about this call only."""
    status, where = refused.status_code, backend.base_url
    if status == 401:
        return ConfigError(key_refused(where, bool(backend.secrets)))
    if status == 403:
        return ConfigError(f"the API key may not use model {backend.model} at {where} (403): check the key's "
                           f"permissions or the model name")
    if status == 404:
        return ConfigError(backend.redact(_not_found(refused, backend)))
    return None


def key_refused(where: str, key_given: bool) -> str:
    if not key_given:
        return f"{where} wants an API key (401): set {KEY_SETTING}"
    return f"the API key was refused (401) by {where}: check {KEY_SETTING}"


def missing_v1(where: str) -> str:
    return f"{where} has no /chat/completions (404): did you mean {where}/v1?"


def _not_found(refused: openai.APIStatusError, backend: Backend) -> str:
    """Which 404: the model (the server lists its models, or says so) or the path (no chat endpoint there)."""
    where, model = backend.base_url, backend.model
    status, served = served_models(backend)
    if status == 200 and model not in served:
        shown = ", ".join(served[:8]) + (", ..." if len(served) > 8 else "")
        return f"model {model} is not served by {where} (404)" + (f"; it serves {shown}" if served else "")
    if "model" in str(refused.message).lower():
        return f"model {model} is not served by {where} (404): check the model name"
    if status != 200 and not where.endswith("/v1"):
        return missing_v1(where)
    return f"{where}/chat/completions answered 404 for model {model}: check the base URL and the model name"


def served_models(backend: Backend) -> tuple[int | None, list[str]]:
    """The HTTP status of the server's model list and the model names in it (None: no answer)."""
    try:
        page = backend.client.with_options(timeout=LISTING_SECONDS).models.list()
    except openai.APIStatusError as exc:
        return exc.status_code, []
    except (openai.APIError, ValueError, TypeError):  # no answer, or not a model list
        return None, []
    data = getattr(page, "data", None)
    if not isinstance(data, list) or not all(getattr(m, "id", None) for m in data):
        return None, []  # an answer, but not a model list
    return 200, [str(m.id) for m in data]

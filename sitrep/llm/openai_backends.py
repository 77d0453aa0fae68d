"""Backends over a remote endpoint: any OpenAI-compatible server, or the OpenAI API itself."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from sitrep.config import Settings
from sitrep.errors import ConfigError
from sitrep.llm.base import MODES, Backend, openai_client, redact
from sitrep.llm.deadline import page_transport
from sitrep.llm.refusals import key_refused, missing_v1

PROBE_SECONDS = 5.0


def remote_backend(settings: Settings) -> Backend:
    key = settings.api_key.get_secret_value() if settings.api_key else None
    if settings.backend == "openai":
        if not key:
            raise ConfigError("the openai backend needs an API key: set OPENAI_API_KEY or SITREP_API_KEY")
        base_url = settings.base_url
    else:
        if not settings.base_url:
            raise ConfigError("the openai-compatible backend needs a base URL: set SITREP_BASE_URL or "
                              "--base-url (for example http://127.0.0.1:11434/v1 for Ollama)")
        if not settings.model:
            raise ConfigError("the openai-compatible backend needs a model name: set SITREP_MODEL or --model")
        base_url = settings.base_url
        probe_endpoint(base_url, key)
    client = openai_client(base_url, key or "unused", settings.timeout)
    return Backend(name=settings.backend, model=settings.model_name(), client=client,
                   mode=MODES[settings.mode], secrets=(key,) if key else (), on_close=client.close)


def probe_endpoint(base_url: str, key: str | None = None, seconds: float = PROBE_SECONDS) -> None:
    """Fail in seconds, as one configuration error, when the endpoint cannot be reached at all (a refused
    connection, a name that does not resolve, no answer), refuses the key on its model list (401), or has its
    API under /v1 when the base URL lacks it: retrying would only fail every article slowly. Any other answer
    counts as reachable; what it means is the first call's business."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"the base URL {base_url!r} is not an http(s) URL (for example http://127.0.0.1:11434/v1)")
    where = base_url.rstrip("/")
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    try:
        with httpx.Client(timeout=httpx.Timeout(seconds), follow_redirects=False, headers=headers,
                          transport=page_transport(seconds)) as client:
            status = client.get(where + "/models").status_code
            if status == 401:
                raise ConfigError(key_refused(where, bool(key)))
            if status == 404 and not where.endswith("/v1") and client.get(where + "/v1/models").is_success:
                raise ConfigError(redact(missing_v1(where), (key,) if key else ()))
    except httpx.ConnectTimeout:
        raise ConfigError(f"cannot reach {base_url}: no answer within {seconds:g} s "
                          f"(check the base URL and that the server is running)") from None
    except httpx.ConnectError as exc:
        why = "the name does not resolve" if _unresolved(exc) else "the connection was refused"
        raise ConfigError(f"cannot reach {base_url}: {why} (check the base URL, its port, and that the "
                          f"server is running)") from None
    except httpx.HTTPError:
        # it answered something (a slow or broken reply): reachable; the calls' retries take it from here
        return


def _unresolved(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(s in text for s in ("name or service not known", "nodename nor servname", "name resolution",
                                   "getaddrinfo", "no address associated"))

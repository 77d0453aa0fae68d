"""LLM backends. Each gives the same narrow thing: an OpenAI client, a model name and an Instructor mode."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sitrep.config import Settings
from sitrep.errors import ConfigError
from sitrep.llm.base import Backend

_backends: dict[tuple, Backend] = {}
_override: list[Backend] = []
_lock = threading.Lock()


def make_backend(settings: Settings) -> Backend:
    if settings.backend == "embedded":
        from sitrep.llm.embedded import embedded_backend

        return embedded_backend(settings)
    if settings.backend == "replay":
        raise ConfigError("replaying recorded answers, but some calls have none: the prompts, the passages code "
                          "lists or the decoding settings changed since they were recorded; record them again "
                          "with `sitrep eval --gold GOLD --save-answers FILE` and a real backend")
    if settings.backend == "fake":
        from sitrep.llm.fake import FakeLLM, rule_responder

        return FakeLLM(responder=rule_responder, model=settings.model_name()).backend()
    from sitrep.llm.openai_backends import remote_backend

    return remote_backend(settings)


def backend_for(settings: Settings) -> Backend:
    """One backend per process and configuration (clients are reused across articles and threads)."""
    if _override:
        return _override[-1]
    key = (settings.backend, settings.base_url, settings.model_name(), settings.mode, settings.model_path,
           settings.api_key.get_secret_value() if settings.api_key else None, settings.timeout)
    with _lock:
        if key not in _backends:
            _backends[key] = make_backend(settings)
        return _backends[key]


@contextmanager
def using_backend(backend: Backend) -> Iterator[Backend]:
    """Make every run in this process use `backend` (tests use it with a fake)."""
    _override.append(backend)
    try:
        yield backend
    finally:
        _override.remove(backend)


@dataclass
class _GatedBackend(Backend):
    """A backend whose every model request first passes `gate` (a shared rate limit, for instance)."""

    gate: Callable[[], None] | None = None

    def instructor_client(self):
        client = super().instructor_client()
        if self.gate is not None:
            client.on("completion:kwargs", lambda *args, **kwargs: self.gate())
        return client


def gated(backend: Backend, gate: Callable[[], None] | None) -> Backend:
    """`backend`, calling `gate()` before each request it sends (re-asks and retries included)."""
    if gate is None:
        return backend
    shared = {f.name: getattr(backend, f.name) for f in dataclasses.fields(Backend)}
    return _GatedBackend(**shared, gate=gate)


__all__ = ["Backend", "backend_for", "gated", "make_backend", "using_backend"]

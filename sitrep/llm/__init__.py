"""LLM backends. Each gives the same narrow thing: an OpenAI client, a model name and an Instructor mode.

Built in: `embedded` (llama.cpp in this process), `openai-compatible` (any base URL) and `openai`. Any other
backend is named by an import path, `module:attribute` (`--backend mypkg.llm:make_backend`, or
`SITREP_BACKEND`): the module is imported from the Python path, and the attribute is called with the run's
`Settings` and must return a `sitrep.llm.base.Backend` (a function, or a subclass of `Backend` whose
constructor takes the settings). It should record `settings.model_name()` as its model, the name the cache
keys use. A module that cannot be imported, a missing attribute or anything but a `Backend` in return is a
configuration error.

The client libraries (openai, Instructor) are imported only when a backend is made, so the reading, deciding
and building wings, and replays of recorded answers, run without them.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sitrep.config import Settings
from sitrep.errors import ConfigError, SitrepError

if TYPE_CHECKING:
    from sitrep.llm.base import Backend

_backends: dict[tuple, Backend] = {}
_override: list[Backend] = []
_lock = threading.Lock()


def make_backend(settings: Settings) -> Backend:
    if settings.backend == "embedded":
        from sitrep.llm.embedded import embedded_backend

        return embedded_backend(settings)
    if settings.backend == "replay":
        raise ConfigError("replaying recorded answers, but some calls have none: the prompts, the passages "
                          "code lists or the decoding settings changed since they were recorded; record them "
                          "again with `sitrep eval --gold GOLD --save-answers FILE` and a real backend")
    if ":" in settings.backend:
        return imported_backend(settings)
    from sitrep.llm.openai_backends import remote_backend

    return remote_backend(settings)


def imported_backend(settings: Settings) -> Backend:
    """The backend a `module:attribute` path names, made for `settings`."""
    path = settings.backend  # followed by a space in messages, so a terminal never reads ":name:" as an emoji
    module_name, _, attribute = path.partition(":")
    try:
        target = importlib.import_module(module_name)
    except Exception as exc:  # noqa: BLE001 -- whatever the module raises on import, as one line
        raise ConfigError(f"cannot import the backend {path} ({type(exc).__name__}: {exc})") from None
    for name in attribute.split("."):
        if not hasattr(target, name):
            raise ConfigError(f"the backend {path} names nothing: {module_name} has no {attribute}")
        target = getattr(target, name)
    try:
        backend = target(settings)
    except SitrepError:
        raise
    except Exception as exc:  # noqa: BLE001 -- a factory that does not fit, as one line
        raise ConfigError(f"the backend {path} could not be made ({type(exc).__name__}: {exc})") from None
    from sitrep.llm.base import Backend

    if not isinstance(backend, Backend):
        raise ConfigError(f"the backend {path} gave a {type(backend).__name__}, "
                          f"not a sitrep.llm.base.Backend")
    return backend


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


def gated(backend: Backend, gate: Callable[[], None] | None) -> Backend:
    """`backend`, calling `gate()` before each request it sends (re-asks and retries included)."""
    if gate is None:
        return backend
    from sitrep.llm.gating import GatedBackend

    return GatedBackend.wrapping(backend, gate)


def __getattr__(name: str):
    if name == "Backend":  # imported on first use: it brings the client libraries
        from sitrep.llm.base import Backend

        return Backend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Backend", "backend_for", "gated", "imported_backend", "make_backend", "using_backend"]

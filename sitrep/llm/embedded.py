"""The default backend: llama.cpp in-process (xllamacpp), served as an OpenAI-compatible API on 127.0.0.1.

One server per process, shared by every Backend built here and reference-counted: each
`Backend.close()` releases its share and the last one stops the server; `shutdown_embedded()` and
process exit stop it unconditionally. The server binds a free loopback port and requires a random
API key, so other local users cannot borrow it.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import instructor

from sitrep.config import Settings
from sitrep.errors import BackendError, ConfigError
from sitrep.llm.base import Backend, openai_client
from sitrep.llm.model_files import resolve_model

HOST = "127.0.0.1"
MAX_SLOTS = 2  # on a small CPU a third concurrent request only splits the same cores further
READY_TIMEOUT = 60.0  # seconds to wait for /health once the model has loaded
PROMPT_CACHE_MIB = 1024  # host RAM for saved prompt states (llama.cpp's default is 8 GiB)
LOG_ERRORS_ONLY = 1  # llama.cpp verbosity: 0 output, 1 error, 2 warning, 3 info, 4 debug


@dataclass(frozen=True)
class ServerConfig:
    """What the running server was started with."""

    model_path: Path
    context_size: int  # per slot
    slots: int
    threads: int
    seed: int
    temperature: float

    def identity(self) -> tuple[Path, int]:
        """The settings that change answers; the rest only change speed."""
        return (self.model_path.resolve(), self.context_size)

    @classmethod
    def from_settings(cls, settings: Settings) -> ServerConfig:
        return cls(
            model_path=resolve_model(settings.model_path, settings.cache_dir),
            context_size=settings.context_size,
            slots=max(1, min(settings.concurrency, MAX_SLOTS)),
            threads=os.cpu_count() or 1,
            seed=settings.seed,
            temperature=settings.temperature,
        )


@dataclass
class _Running:
    server: Any  # xllamacpp.Server; dropping the last reference stops it
    config: ServerConfig
    port: int
    key: str
    refs: int = 0


_lock = threading.Lock()
_running: _Running | None = None


def embedded_backend(settings: Settings) -> Backend:
    """A Backend over the process-wide llama.cpp server, starting it on first use."""
    global _running
    with _lock:
        config = ServerConfig.from_settings(settings)
        if _running is None:
            _running = _start(config)
        elif config.identity() != _running.config.identity():
            raise ConfigError(
                f"the embedded server already runs {_running.config.model_path.name} with "
                f"context_size={_running.config.context_size}; close its backends before changing them"
            )
        _running.refs += 1
        running = _running
    client = openai_client(f"http://{HOST}:{running.port}/v1", running.key, settings.timeout)
    return Backend(
        name="embedded",
        model=settings.model_name(),
        client=client,
        mode=instructor.Mode.JSON_SCHEMA,
        secrets=(running.key,),
        on_close=_releaser(running),
    )


def shutdown_embedded() -> None:
    """Stop the server now, whoever still holds a Backend over it."""
    global _running
    with _lock:
        running, _running = _running, None
    if running is not None:
        _stop(running)


def _releaser(running: _Running) -> Callable[[], None]:
    """An idempotent close for one Backend: the last release stops the server."""
    released = False

    def release() -> None:
        global _running
        nonlocal released
        with _lock:
            if released or _running is not running:
                return
            released = True
            running.refs -= 1
            if running.refs > 0:
                return
            _running = None
        _stop(running)

    return release


def _start(config: ServerConfig) -> _Running:
    try:
        import xllamacpp
    except ImportError as e:
        raise ConfigError(
            "the embedded backend needs xllamacpp: pip install 'sitrep[embedded]' (or pick another backend)"
        ) from e
    key = secrets.token_urlsafe(32)
    try:
        # Blocks (holding the GIL) until the model is loaded and the HTTP listener is up.
        server = xllamacpp.Server(_params(xllamacpp, config, key))
    except Exception as e:
        raise BackendError(
            f"llama.cpp could not load {config.model_path.name}: {e}", backend="embedded", original=e
        ) from e
    address = urlsplit(server.listening_address)
    if address.hostname != HOST or address.port is None:
        del server
        raise BackendError(f"llama.cpp listens on {address.netloc}, expected {HOST}", backend="embedded")
    running = _Running(server=server, config=config, port=address.port, key=key)
    try:
        _wait_ready(running.port)
    except BackendError:
        _stop(running)
        raise
    return running


def _params(xllamacpp: Any, config: ServerConfig, key: str) -> Any:
    p = xllamacpp.CommonParams()
    p.model.path = str(config.model_path)
    p.n_parallel = config.slots
    p.n_ctx = config.context_size * config.slots  # llama.cpp splits n_ctx evenly across slots
    p.kv_unified = False
    p.fit_params = False  # keep exactly the context we asked for
    p.cpuparams.n_threads = config.threads
    p.cpuparams_batch.n_threads = config.threads
    p.sampling.seed = config.seed  # defaults only; requests carry their own
    p.sampling.temp = config.temperature
    p.cache_prompt = True  # extraction calls share the article prefix
    p.cache_ram_mib = PROMPT_CACHE_MIB
    p.use_jinja = True  # the model's own chat template; needed for response_format json_schema
    p.hostnames = [HOST]
    p.port = 0  # any free port; read back from listening_address
    p.api_keys = [key]
    p.ui = False
    p.endpoint_slots = False
    p.endpoint_metrics = False
    p.verbosity = LOG_ERRORS_ONLY
    return p


def _wait_ready(port: int, timeout: float = READY_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            r = httpx.get(f"http://{HOST}:{port}/health", timeout=5.0)
            if r.status_code == 200:
                return
            last = f"HTTP {r.status_code}"
        except httpx.HTTPError as e:
            last = e
        time.sleep(0.2)
    raise BackendError(f"llama.cpp did not become ready within {timeout:.0f}s ({last})", backend="embedded")


def _stop(running: _Running) -> None:
    server, running.server = running.server, None
    del server  # xllamacpp.Server's destructor terminates the loop and joins its thread


def _after_fork_in_child() -> None:
    """A forked child starts its own server; the inherited one must never be destroyed here,
    because its destructor would join a thread that exists only in the parent (and abort)."""
    global _lock, _running
    _lock = threading.Lock()
    if _running is not None and _running.server is not None:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(_running.server))  # leaked on purpose
    _running = None


atexit.register(shutdown_embedded)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)

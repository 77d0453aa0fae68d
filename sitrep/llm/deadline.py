"""A deadline for each HTTP request as a whole: connecting, sending, the headers and the body.

httpx's timeouts bound each network operation, so a server that sends one byte a second can hold a request for
as long as it likes. `DeadlineTransport` gives each request a deadline when it is sent; the network streams
under it wait at most the time left before that deadline on every connect, write and read, and fail with the
library's own timeout error once it has passed. One mechanism serves page fetches (httpx) and model calls (the
openai client, which runs over httpx2, a copy of httpx with the same interfaces)."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

import httpx
import httpx2

# The deadline (time.monotonic()) of the request whose network operations run in this context now.
_DEADLINE: ContextVar[float | None] = ContextVar("sitrep_http_deadline", default=None)


def _core_of(network_backend: Any):
    """The httpcore module (httpcore or httpcore2) a network backend belongs to, for its timeout errors."""
    return importlib.import_module(type(network_backend).__module__.split(".")[0])


def _time_left(timeout: float | None, error: type[Exception]) -> float | None:
    """`timeout`, shortened to the time left before the current request's deadline; `error` once it passed."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the request's deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream:
    """A network stream whose every operation ends by the deadline of the request using it."""

    def __init__(self, inner: Any, core: Any):
        self._inner, self._core = inner, core

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _time_left(timeout, self._core.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _time_left(timeout, self._core.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> _DeadlineStream:
        inner = self._inner.start_tls(ssl_context, server_hostname,
                                      _time_left(timeout, self._core.ConnectTimeout))
        return _DeadlineStream(inner, self._core)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineNetwork:
    """A network backend whose connections and streams keep to the current request's deadline."""

    def __init__(self, inner: Any, core: Any):
        self._inner, self._core = inner, core

    def connect_tcp(self, host, port, timeout=None, local_address=None,
                    socket_options=None) -> _DeadlineStream:
        timeout = _time_left(timeout, self._core.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_tcp(host, port, timeout, local_address, socket_options),
                               self._core)

    def connect_unix_socket(self, path, timeout=None, socket_options=None) -> _DeadlineStream:
        timeout = _time_left(timeout, self._core.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_unix_socket(path, timeout, socket_options), self._core)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _DeadlineBody(httpx.SyncByteStream, httpx2.SyncByteStream):
    """A response body read under its request's deadline (it is read after the transport has returned)."""

    def __init__(self, inner: Any, deadline: float):
        self._inner, self._deadline = inner, deadline

    def __iter__(self) -> Iterator[bytes]:
        chunks = iter(self._inner)
        while True:
            token = _DEADLINE.set(self._deadline)
            try:
                chunk = next(chunks, None)
            finally:
                _DEADLINE.reset(token)
            if chunk is None:
                return
            yield chunk

    def close(self) -> None:
        self._inner.close()


class DeadlineTransport(httpx.BaseTransport, httpx2.BaseTransport):
    """Sends each request through `inner` (an httpx or httpx2 HTTPTransport) and ends it, with the library's
    timeout error, once its timeout has passed since it was sent, however slowly the server answers. The
    timeout is the request's own read timeout (what a client's `timeout=` sets), else `seconds`. `guard` may
    wrap the network backend first (a check of the address connected to, say)."""

    def __init__(self, seconds: float, inner: Any, guard: Callable[[Any], Any] | None = None):
        self.seconds = seconds
        self._inner = inner
        pool = inner._pool  # httpx has no public way to give its connection pool a network backend
        network = pool._network_backend
        pool._network_backend = _DeadlineNetwork(guard(network) if guard else network, _core_of(network))

    def handle_request(self, request):
        asked = (request.extensions.get("timeout") or {}).get("read")
        deadline = time.monotonic() + (asked if asked is not None else self.seconds)
        token = _DEADLINE.set(deadline)
        try:
            response = self._inner.handle_request(request)
        finally:
            _DEADLINE.reset(token)
        response.stream = _DeadlineBody(response.stream, deadline)
        return response

    def close(self) -> None:
        self._inner.close()


def page_transport(seconds: float, guard: Callable[[Any], Any] | None = None) -> DeadlineTransport:
    """An httpx transport whose requests end within `seconds`."""
    return DeadlineTransport(seconds, httpx.HTTPTransport(), guard)


def model_http_client(seconds: float) -> httpx2.Client:
    """The HTTP client of an openai client whose requests end within `seconds` (the openai client's own
    defaults otherwise: its connection limits, redirects followed, the proxies of the environment)."""
    import openai
    from httpx2._utils import get_environment_proxies  # what httpx2 itself reads when given no transport

    limits = httpx2.Limits(max_connections=1000, max_keepalive_connections=100)

    def transport(proxy: str | None = None) -> DeadlineTransport:
        return DeadlineTransport(seconds, httpx2.HTTPTransport(limits=limits, proxy=proxy))

    mounts = {pattern: transport(proxy) if proxy else None
              for pattern, proxy in get_environment_proxies().items()}
    return openai.DefaultHttpxClient(transport=transport(), mounts=mounts, timeout=seconds)

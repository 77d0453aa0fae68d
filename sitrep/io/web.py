"""Fetching pages and feeds over HTTP(S): public addresses only (unless allowed), a timeout that bounds each
request as a whole, retries with backoff on transient errors, a size limit, conditional requests, redirects
checked hop by hop."""

from __future__ import annotations

import ipaddress
import random
import socket
import threading
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpcore
import httpx

from sitrep import __version__
from sitrep.errors import InputError
from sitrep.io.urls import is_web_url
from sitrep.llm.deadline import page_transport

USER_AGENT = f"sitrep/{__version__} (news article extraction; httpx)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
TRANSIENT_STATUS = {408, 425, 429, 500, 502, 503, 504}
MAX_REDIRECTS = 5
_CHUNK = 65536


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = 20.0  # seconds for a whole request: connecting, the headers and the body
    retries: int = 2  # further attempts after a transient failure
    # first backoff step, doubled each retry (with jitter); Retry-After honoured up to 30 s
    retry_wait: float = 1.0
    max_bytes: int = 5_000_000
    allow_private: bool = False  # fetch from loopback, private, link-local and other non-public addresses
    user_agent: str = USER_AGENT

    @classmethod
    def from_settings(cls, settings) -> FetchOptions:
        return cls(timeout=settings.fetch_timeout, retries=settings.fetch_retries,
                   retry_wait=settings.fetch_retry_wait, max_bytes=settings.max_page_bytes,
                   allow_private=settings.allow_private)


class FetchError(InputError):
    """A URL that could not be fetched; `reason` is one line for a person."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class _Transient(Exception):
    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.retry_after = retry_after


@dataclass
class Page:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    headers: httpx.Headers
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for param in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("'\"")
        return None


def refusal(url: str, allow_private: bool) -> str | None:
    """Why a URL may not be fetched (not http/https, no host, a non-public address), or None."""
    scheme = urlsplit(url).scheme
    if not scheme:
        return "refused: not an absolute http or https URL"
    if not is_web_url(url):
        return f"refused: only http and https URLs are fetched, not {scheme}:"
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        return f"not a valid URL: {exc}"
    host = parsed.host
    if not host:
        return "not a valid URL: no host"
    if allow_private:
        return None
    try:
        infos = socket.getaddrinfo(host, parsed.port or (443 if parsed.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        return f"cannot resolve host {host!r}: {getattr(exc, 'strerror', None) or exc}"
    for info in infos:
        address = _address(info[4][0])
        if not _public(address):
            return _private(host, address)
    return None


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    address = ipaddress.ip_address(text.split("%")[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _public(address) -> bool:
    return address.is_global and not address.is_multicast


def _private(host: str, address) -> str:
    return (f"refused: {host} is a private or loopback address ({address}); "
            f"pass --allow-private to fetch from it")


class _NotPublic(Exception):
    pass


class _PublicOnly(httpcore.NetworkBackend):
    """Connects, then checks the address it is connected to: a name that resolved to a public address when the
    URL was checked may resolve to another one by the time of the connection."""

    def __init__(self, inner: httpcore.NetworkBackend):
        self._inner = inner

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        sock = stream.get_extra_info("socket")
        peer = _address(sock.getpeername()[0]) if sock is not None else None
        if peer is not None and not _public(peer):
            stream.close()
            raise _NotPublic(_private(host, peer))
        return stream

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise _NotPublic("refused: Unix sockets are not fetched from")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


@dataclass
class Fetcher:
    """One HTTP client for a run; counts the requests it sends, by kind ("page", "feed")."""

    options: FetchOptions = field(default_factory=FetchOptions)
    requests: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        timeout = httpx.Timeout(self.options.timeout, connect=min(self.options.timeout, 10.0))
        # (connections through a configured proxy are checked before only)
        transport = page_transport(self.options.timeout, None if self.options.allow_private else _PublicOnly)
        self._client = httpx.Client(timeout=timeout, follow_redirects=False, transport=transport,
                                    headers={"User-Agent": self.options.user_agent})
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, *, kind: str, accept: str, types: tuple[str, ...] | None = None,
            etag: str | None = None, last_modified: str | None = None) -> Page:
        """GET `url` (redirects followed and checked), retrying transient failures. `types`: the content types
        accepted (None: any). With `etag` / `last_modified` the answer may be 304 (`page.not_modified`).
        Raises FetchError with the reason."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._follow(url, kind, headers, types)
            except _Transient as exc:
                if attempt >= self.options.retries:
                    tries = f" (after {attempt + 1} attempts)" if attempt else ""
                    raise FetchError(url, f"{exc}{tries}") from None
                time.sleep(self._wait(attempt, exc.retry_after))
                attempt += 1

    def _wait(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), 30.0)
        step = self.options.retry_wait * 2 ** attempt
        return min(step * (0.5 + random.random()), 30.0)

    def _count(self, kind: str) -> None:
        with self._lock:
            self.requests[kind] = self.requests.get(kind, 0) + 1

    def _follow(self, url: str, kind: str, headers: dict, types: tuple[str, ...] | None) -> Page:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            reason = refusal(current, self.options.allow_private)
            if reason:
                where = "" if current == url else f" (redirected to {current})"
                raise FetchError(url, reason + where)
            page, location = self._once(url, current, kind, headers, types)
            if location is None:
                return page
            current = location
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    def _once(self, url: str, current: str, kind: str, headers: dict,
              types: tuple[str, ...] | None) -> tuple[Page | None, str | None]:
        self._count(kind)
        try:
            with self._client.stream("GET", current, headers=headers) as response:
                if response.is_redirect and response.headers.get("location"):
                    return None, str(response.url.join(response.headers["location"]))
                page = Page(url, str(response.url), response.status_code, response.headers)
                self._check_status(url, response)
                if page.not_modified:
                    return page, None
                if types is not None and page.content_type and page.content_type not in types:
                    raise FetchError(url, f"not an HTML page (content type {page.content_type})")
                page.body = self._read(url, response)
                if types is not None and not page.content_type and page.body.lstrip()[:1] != b"<":
                    raise FetchError(url, "not an HTML page (no content type, and no markup)")
                return page, None
        except _NotPublic as exc:
            raise FetchError(url, str(exc)) from None
        except httpx.TimeoutException:
            raise _Transient(f"timed out (no whole answer within {self.options.timeout:g} s)") from None
        except httpx.TransportError as exc:
            raise _Transient(f"connection failed: {type(exc).__name__}: {exc}".rstrip(": ")) from None

    def _check_status(self, url: str, response: httpx.Response) -> None:
        status = response.status_code
        if status in TRANSIENT_STATUS:
            raise _Transient(f"HTTP {status} {response.reason_phrase}".strip(),
                             _retry_after(response.headers.get("retry-after")))
        if status >= 400:
            raise FetchError(url, f"HTTP {status} {response.reason_phrase}".strip())
        if status != 304 and not 200 <= status < 300:
            raise FetchError(url, f"unexpected HTTP {status} {response.reason_phrase}".strip())

    def _read(self, url: str, response: httpx.Response) -> bytes:
        limit = self.options.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"too large: {int(declared):,} bytes (the limit is {limit:,})")
        chunks, size = [], 0
        for chunk in response.iter_bytes(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise FetchError(url, f"too large: more than {limit:,} bytes (the limit is {limit:,})")
            chunks.append(chunk)
        return b"".join(chunks)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None

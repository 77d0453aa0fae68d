"""A fault-injecting OpenAI-compatible endpoint for tests, on 127.0.0.1 (a free port), standard library only.

It answers `POST /v1/chat/completions` the way a model behind Instructor's JSON_SCHEMA mode would, from a
responder (good answers), and injects faults per request: by a script (a function of the request) or by
probability with a seed. Every request is logged with the fault it got, so a test can compare what the server
saw with what the run reports. The server is bounded: after `max_requests` it answers 503 and sets
`exhausted`; after `max_seconds` it stops by itself.

    with FaultServer(FaultPlan(first={"rate_limit": 0.1, "bad_json": 0.1}), seed=7) as server:
        ...  # point sitrep at server.url (base URL ending in /v1), model "fault"
        server.log  # list[Seen], one per request
"""

from __future__ import annotations

import json
import random
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

TYPE_BY_SCHEMA = {"CasualtyList": "casualty_figure", "TroopList": "troop_deployment",
                  "AgreementList": "agreement"}

# Faults that never produce a usable answer from this request (the client must retry the request).
TRANSPORT = ("rate_limit", "server_error", "hang", "disconnect", "bad_body")
# Faults in a well-formed 200 answer whose content must not be accepted as it is (the client must re-ask).
CONTENT = ("bad_json", "schema", "truncated", "ungrounded_quote", "ungrounded_number")
FAULTS = TRANSPORT + CONTENT
# A good answer sent one byte every `trickle_seconds` (status line and headers too): a slow sender that a
# timeout per read never ends.
TRICKLE = "trickle"

# Values the server invents; none of them may ever reach a record.
INVENTED_QUOTE = "Sources confirmed that 987,654 soldiers were killed in Atlantis"
INVENTED_COUNT = 987654
WRONG_COUNT = 424242
INVENTED_PARTIES = ["Atlantis", "Lemuria"]


@dataclass
class Request:
    """What the server understood of one request."""

    article_id: str | None
    record_type: str | None
    article: str  # the article text between <<< and >>>
    attempt: int  # 0 for the first request of this (article, record type), then 1, 2, ...
    reask: int  # 0 for a first ask, n for the n-th Instructor re-ask (judged by the messages sent)
    body: dict


@dataclass
class Seen:
    """One request as the server saw it and what it did with it."""

    n: int
    article_id: str | None
    record_type: str | None
    attempt: int
    reask: int
    fault: str  # "ok", one of FAULTS, TRICKLE, "unauthorized", "exhausted", "not_found", "unknown_model"
    status: int | None  # HTTP status sent (None when the connection was dropped without one)
    retry_after: str | None = None
    items: list = field(default_factory=list)  # the items answered (faulty ones included)
    received: float = 0.0  # time.monotonic() when the request was read
    answered: float = 0.0  # when the answer (or the drop) was done
    authorized: bool = True
    feedback: str = ""  # for a re-ask: the last message, which carries the validation error
    article: str = ""  # the article text as the model received it (kept only with keep_articles)
    chars: int = 0  # length of the article text sent


Responder = Callable[[Request], list]
Script = Callable[[Request], "str | None"]


@dataclass
class FaultPlan:
    """Which fault a request gets. `script(request)` wins when it returns a fault name (or "ok"); otherwise a
    first attempt gets a fault drawn from `first` (name -> probability) and a later attempt from `later`.
    Draws are seeded per (seed, article, record type, attempt), so they do not depend on thread timing."""

    first: dict[str, float] = field(default_factory=dict)
    later: dict[str, float] = field(default_factory=dict)
    script: Script | None = None
    retry_after: tuple[str, ...] = ("1",)  # Retry-After values a 429 carries, drawn in turn
    hang_seconds: float = 5.0  # how long a "hang" holds the request (longer than the client timeout)
    delay: float = 0.0  # seconds every answer waits before it is sent (crash tests use it)
    trickle_seconds: float = 1.0  # between two bytes of a "trickle" answer

    def choose(self, request: Request, seed: int) -> str:
        if self.script is not None:
            fault = self.script(request)
            if fault is not None:
                return fault
        weights = self.first if request.attempt == 0 else self.later
        rng = random.Random(f"{seed}\0{request.article_id}\0{request.record_type}\0{request.attempt}")
        roll, total = rng.random(), 0.0
        for name, p in sorted(weights.items()):
            total += p
            if roll < total:
                return name
        return "ok"


def article_of(body: dict) -> tuple[str | None, str]:
    """The article id and text from the user message that starts with ARTICLE (see prompts/article.md)."""
    for message in body.get("messages", []):
        content = message.get("content") or ""
        if isinstance(content, str) and content.startswith("ARTICLE"):
            m = re.match(r"ARTICLE \(id: (.*?); published: ", content)
            text = content.split("<<<\n", 1)[-1].rsplit("\n>>>", 1)[0]
            return (m.group(1) if m else None), text
    return None, ""


def record_type_of(body: dict) -> str | None:
    name = ((body.get("response_format") or {}).get("json_schema") or {}).get("name")
    if name in TYPE_BY_SCHEMA:
        return TYPE_BY_SCHEMA[name]
    for tool in body.get("tools") or []:
        name = tool.get("function", {}).get("name")
        if name in TYPE_BY_SCHEMA:
            return TYPE_BY_SCHEMA[name]
    return None


def feedback_of(body: dict) -> str:
    messages = body.get("messages") or []
    return str(messages[-1].get("content") or "") if reask_index(body) and messages else ""


def reask_index(body: dict) -> int:
    """Instructor re-asks by appending the model's answer and a user message with the validation error."""
    return sum(1 for m in body.get("messages", []) if m.get("role") == "assistant")


def completion(content: str, finish_reason: str = "stop", model: str = "fault") -> dict:
    return {
        "id": "chatcmpl-fault", "object": "chat.completion", "created": 0, "model": model,
        "choices": [{"index": 0, "finish_reason": finish_reason,
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 50, "completion_tokens": 10, "total_tokens": 60},
    }


def first_sentence(text: str) -> str:
    m = re.search(r"[^.!?\n]+[.!?]?", text)
    return m.group(0).strip() if m else text[:80]


def faulty_items(fault: str, record_type: str | None, good: list, article: str) -> list:
    """The good items plus one the article does not support (so a last-attempt drop keeps the good ones)."""
    if record_type == "agreement" or fault == "ungrounded_quote":
        if record_type == "agreement":
            bad = {"quote": INVENTED_QUOTE, "parties": INVENTED_PARTIES, "status": "signed"}
        elif record_type == "troop_deployment":
            bad = {"quote": INVENTED_QUOTE, "count": INVENTED_COUNT, "force": "Atlantis",
                   "status": "deployed"}
        else:
            bad = {"quote": INVENTED_QUOTE, "count": INVENTED_COUNT, "measure": "killed", "group": "soldiers"}
    else:  # ungrounded_number: a real quote of the article (of a fact of this type), a count not stated
        quote = good[0]["quote"] if good else first_sentence(article)
        if record_type == "troop_deployment":
            bad = {"quote": quote, "count": WRONG_COUNT, "force": "Atlantis", "status": "deployed"}
        else:
            bad = {"quote": quote, "count": WRONG_COUNT, "measure": "killed", "group": "soldiers"}
    return [*good, bad]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def do_GET(self) -> None:
        owner = self.server.owner
        owner.gets.append((self.path, owner.authorized(self.headers.get("Authorization"))))
        if not owner.authorized(self.headers.get("Authorization")):
            self._send(401, _error("missing or wrong API key", "invalid_api_key"))
            return
        if self.path.rstrip("/") == "/v1/models":
            names = owner.models or (owner.model,)
            self._send(200, {"object": "list", "data": [{"id": n, "object": "model", "owned_by": "fault"}
                                                        for n in names]})
            return
        self._send(404, _error("not found", "not_found"))

    def do_POST(self) -> None:
        received = time.monotonic()
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        self.server.owner.handle(self, raw, received)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    owner: FaultServer


def _error(message: str, code: str) -> dict:
    return {"error": {"message": message, "type": "fault_server", "code": code}}


class FaultServer:
    """The endpoint. Use as a context manager; `url` is the base URL (…/v1) to give sitrep."""

    def __init__(self, plan: FaultPlan | None = None, *, responder: Responder | None = None, seed: int = 0,
                 max_requests: int = 5000, max_seconds: float = 120.0, api_key: str | None = None,
                 model: str = "fault", keep_articles: bool = False, echo_auth: bool = False,
                 models: tuple[str, ...] | None = None):
        self.plan = plan or FaultPlan()
        self.responder = responder or default_responder
        self.seed = seed
        self.max_requests = max_requests
        self.max_seconds = max_seconds
        self.api_key = api_key
        self.model = model
        self.keep_articles = keep_articles
        self.echo_auth = echo_auth  # error messages repeat the Authorization header, as careless providers do
        self.models = models  # the model names served (others get 404, as from OpenAI); None: any name
        self.gets: list[tuple[str, bool]] = []  # GET requests: (path, authorized)
        self.log: list[Seen] = []
        self.exhausted = False
        self._attempts: dict[tuple, int] = {}
        self._retry_after_turn = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._closed = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._timer: threading.Timer | None = None
        self._port: int | None = None
        self._host = ""

    # lifecycle -------------------------------------------------------------------------------------------

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._host, self._port = self._httpd.server_address[:2]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fault-server", daemon=True)
        self._thread.start()
        self._timer = threading.Timer(self.max_seconds, self.stop)
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> None:
        self._stop.set()
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            httpd, self._httpd = self._httpd, None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        self._closed.set()

    @property
    def port(self) -> int:
        assert self._port is not None, "server not started"
        return self._port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def running(self) -> bool:
        """False once the listening socket is closed."""
        return self._port is not None and not self._closed.is_set()

    @property
    def address(self) -> str:
        """The address the listening socket is bound to."""
        return self._host

    # answering -------------------------------------------------------------------------------------------

    def authorized(self, header: str | None) -> bool:
        return self.api_key is None or header == f"Bearer {self.api_key}"

    def handle(self, handler: _Handler, raw: bytes, received: float) -> None:
        authorized = self.authorized(handler.headers.get("Authorization"))
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {}
        article_id, article = article_of(body)
        record_type = record_type_of(body)
        with self._lock:
            n = len(self.log)
            if not authorized:
                seen = Seen(n, article_id, record_type, -1, reask_index(body), "unauthorized", 401,
                            received=received, authorized=False)
            elif handler.path.rstrip("/") != "/v1/chat/completions":
                seen = Seen(n, article_id, record_type, -1, 0, "not_found", 404, received=received)
            elif self.models is not None and body.get("model") not in self.models:
                seen = Seen(n, article_id, record_type, -1, 0, "unknown_model", 404, received=received)
            elif n >= self.max_requests:
                self.exhausted = True
                seen = Seen(n, article_id, record_type, -1, 0, "exhausted", 503, received=received)
            else:
                key = (article_id, record_type)
                attempt = self._attempts.get(key, 0)
                self._attempts[key] = attempt + 1
                request = Request(article_id, record_type, article, attempt, reask_index(body), body)
                fault = self.plan.choose(request, self.seed)
                seen = Seen(n, article_id, record_type, attempt, request.reask, fault, None,
                            received=received,
                            feedback=feedback_of(body), article=article if self.keep_articles else "",
                            chars=len(article))
                if fault == "rate_limit":
                    seen.retry_after = self.plan.retry_after[
                        self._retry_after_turn % len(self.plan.retry_after)]
                    self._retry_after_turn += 1
            self.log.append(seen)
        auth = (handler.headers.get("Authorization") or "") if self.echo_auth else ""
        if seen.fault == "unauthorized":
            handler._send(401,
                          _error(f"Incorrect API key provided: {auth}" if auth
                                 else "missing or wrong API key",
                                 "invalid_api_key"))
        elif seen.fault == "not_found":
            handler._send(404, _error("not found", "not_found"))
        elif seen.fault == "unknown_model":
            handler._send(404, _error(f"The model `{body.get('model')}` does not exist or you do not have "
                                      f"access to it.", "model_not_found"))
        elif seen.fault == "exhausted":
            handler._send(503, _error("fault server request budget exhausted", "exhausted"))
        else:
            if self.plan.delay:
                self._stop.wait(self.plan.delay)
            self._answer(handler, seen,
                         Request(article_id, record_type, article, seen.attempt, seen.reask, body), auth)
        seen.answered = time.monotonic()

    def _answer(self, handler: _Handler, seen: Seen, request: Request, auth: str = "") -> None:
        fault = seen.fault
        if fault == "rate_limit":
            seen.status = 429
            handler._send(429,
                          _error(f"rate limited: {auth}" if auth else "rate limited", "rate_limit_exceeded"),
                          {"Retry-After": seen.retry_after})
            return
        if fault == "server_error":
            seen.status = random.Random(f"{self.seed}\0{seen.n}").choice((500, 502, 503))
            handler._send(seen.status, _error(f"upstream failure (request from {auth})" if auth else
                                              "upstream failure", "server_error"))
            return
        if fault == "hang":
            self._stop.wait(self.plan.hang_seconds)  # the client gives up first; then drop the connection
            handler.close_connection = True
            _drop(handler)
            return
        if fault == "disconnect":
            data = json.dumps(completion(json.dumps({"items": []}), model=self.model)).encode()
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data[: len(data) // 2])
            handler.wfile.flush()
            seen.status = 200
            handler.close_connection = True
            _drop(handler)
            return
        if fault == TRICKLE:
            seen.status = 200
            self._trickle(handler,
                          completion(json.dumps({"items": self.responder(request)}), model=self.model))
            return
        if fault == "bad_body":
            seen.status = 200
            handler._send(200,
                          b'{"id": "chatcmpl-fault", "object": "chat.completion", "choices": [{"index": 0, ')
            return
        good = list(self.responder(request))
        seen.status = 200
        if fault == "bad_json":
            handler._send(200, completion('{"items": [{"quote": "unterminated', model=self.model))
        elif fault == "schema":
            seen.items = [{"quote": 12, "count": "many", "measure": "lots"}]
            handler._send(200, completion(json.dumps({"items": seen.items}), model=self.model))
        elif fault == "truncated":
            text = json.dumps({"items": good or [{"quote": first_sentence(request.article), "count": 1}]})
            handler._send(200, completion(text[: max(1, len(text) // 2)], "length", model=self.model))
        elif fault in ("ungrounded_quote", "ungrounded_number"):
            seen.items = faulty_items(fault, request.record_type, good, request.article)
            handler._send(200, completion(json.dumps({"items": seen.items}), model=self.model))
        else:
            seen.fault = "ok"
            seen.items = good
            handler._send(200, completion(json.dumps({"items": good}), model=self.model))

    def _trickle(self, handler: _Handler, payload: dict) -> None:
        """The whole answer, status line first, one byte at a time; stops when the client hangs up."""
        data = json.dumps(payload).encode()
        head = (f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(data)}\r\n"
                f"Connection: close\r\n\r\n").encode()
        handler.close_connection = True
        trickle(handler.connection, head + data, self.plan.trickle_seconds, self._stop)

    # reading the log ----------------------------------------------------------------------------------------

    def seen(self, fault: str | None = None) -> list[Seen]:
        with self._lock:
            return [s for s in self.log if fault is None or s.fault == fault]

    def calls(self) -> dict[tuple, list[Seen]]:
        """Requests grouped by (article id, record type), in arrival order."""
        grouped: dict[tuple, list[Seen]] = {}
        for s in self.seen():
            grouped.setdefault((s.article_id, s.record_type), []).append(s)
        return grouped


def trickle(conn: socket.socket, data: bytes, seconds: float, stop: threading.Event) -> int:
    """Send `data` one byte every `seconds` until it is all sent, the client hangs up or `stop` is set;
    returns the bytes sent."""
    sent = 0
    for i in range(len(data)):
        try:
            conn.sendall(data[i:i + 1])
        except OSError:  # the client gave up
            break
        sent += 1
        if stop.wait(seconds):
            break
    return sent


@dataclass
class Held:
    """One connection to a SlowSender: when it came, when it ended and how many bytes it got."""

    path: str
    opened: float
    closed: float = 0.0
    sent: int = 0


class SlowSender:
    """An HTTP server on 127.0.0.1 that answers every request with the same page, one byte every `seconds`
    (status line, headers, body), until the client hangs up. `held` lists each request it answered."""

    def __init__(self, body: bytes, content_type: str = "text/html; charset=utf-8", seconds: float = 1.0,
                 max_seconds: float = 300.0):
        self.body, self.content_type, self.seconds = body, content_type, seconds
        self.held: list[Held] = []
        self._stop = threading.Event()
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.2)
        self._timer = threading.Timer(max_seconds, self._stop.set)
        self._timer.daemon = True

    def __enter__(self) -> Self:
        threading.Thread(target=self._serve, name="slow-sender", daemon=True).start()
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._timer.cancel()
        self._sock.close()

    @property
    def port(self) -> int:
        return self._sock.getsockname()[1]

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(10)
            request = b""
            while b"\r\n\r\n" not in request:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    return
                if not chunk:
                    return
                request += chunk
            line = request.split(b"\r\n", 1)[0].decode("latin-1").split()
            held = Held(line[1] if len(line) > 1 else "", time.monotonic())
            self.held.append(held)
            head = (f"HTTP/1.1 200 OK\r\nContent-Type: {self.content_type}\r\n"
                    f"Content-Length: {len(self.body)}\r\nConnection: close\r\n\r\n").encode()
            held.sent = trickle(conn, head + self.body, self.seconds, self._stop)
            held.closed = time.monotonic()


def _drop(handler: _Handler) -> None:
    """Close the client's connection at once, without a response (or mid-body)."""
    try:
        handler.connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def default_responder(request: Request) -> list:
    """Good answers: the rule-based fake model of sitrep (numbers next to killed/wounded/troops)."""
    from fakellm import rule_responder

    return rule_responder(request.body)["items"]

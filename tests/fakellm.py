"""A fake OpenAI-compatible backend for fast offline tests: the real openai + Instructor stack, with the HTTP
transport answered in-process from queued responses (per record type) or by a responder function.

Runs and subprocesses reach it as the backend `fakellm:fake_backend` (`FAKE`), with this folder on the Python
path (conftest.py puts it there for the tests and every process they start). Its stand-in model reads the
passages with its own few patterns, never with sitrep's reading, so a test passes only if sitrep's own path
works on what a model would answer.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import instructor
import openai

from sitrep.config import Settings
from sitrep.llm.base import Backend

FAKE = "fakellm:fake_backend"

TYPE_BY_SCHEMA = {"CasualtyList": "casualty_figure", "TroopList": "troop_deployment",
                  "AgreementList": "agreement"}


@dataclass
class HttpReply:
    """A raw HTTP answer, for scripting errors: status 429 with Retry-After, 500, a bad body."""

    status: int
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def record_type_of(request: dict) -> str | None:
    fmt = request.get("response_format") or {}
    name = (fmt.get("json_schema") or {}).get("name")
    if name in TYPE_BY_SCHEMA:
        return TYPE_BY_SCHEMA[name]
    for tool in request.get("tools") or []:
        name = tool.get("function", {}).get("name")
        if name in TYPE_BY_SCHEMA:
            return TYPE_BY_SCHEMA[name]
    return None


def article_text_of(request: dict) -> str:
    for message in request.get("messages", []):
        content = message.get("content") or ""
        if isinstance(content, str) and content.startswith("ARTICLE"):
            inner = content.split("<<<\n", 1)[-1]
            return inner.rsplit("\n>>>", 1)[0]
    return ""


def completion(content: str, model: str = "fake-model", prompt_tokens: int = 100,
               completion_tokens: int = 20) -> dict:
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": model,
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


class FakeLLM:
    """Answers chat completions. `queue` maps a record type to a list of replies used in order (a reply is a
    dict/list that becomes `{"items": ...}` JSON, a raw string, an HttpReply, or an exception to raise);
    a type with no queued reply gets `responder(request)` if given, else an empty list."""

    def __init__(self, queue: dict[str, list] | None = None,
                 responder: Callable[[dict], Any] | None = None, model: str = "fake-model"):
        self.queue = {k: list(v) for k, v in (queue or {}).items()}
        self.responder = responder
        self.model = model
        self.requests: list[dict] = []
        self._lock = threading.Lock()

    def _next(self, request: dict) -> Any:
        kind = record_type_of(request)
        with self._lock:
            self.requests.append(request)
            pending = self.queue.get(kind or "")
            if pending:
                return pending.pop(0)
        return self.responder(request) if self.responder else {"items": []}

    def _handle(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content or b"{}")
        reply = self._next(body)
        if isinstance(reply, BaseException):
            raise reply
        if isinstance(reply, HttpReply):
            return httpx.Response(reply.status, text=reply.body, headers=reply.headers)
        if isinstance(reply, list):
            reply = {"items": reply}
        content = reply if isinstance(reply, str) else json.dumps(reply)
        return httpx.Response(200, json=completion(content, self.model))

    def backend(self, mode: instructor.Mode = instructor.Mode.JSON_SCHEMA) -> Backend:
        http = httpx.Client(transport=httpx.MockTransport(self._handle))
        client = openai.OpenAI(base_url="http://fake.invalid/v1", api_key="fake-key", max_retries=0,
                               http_client=http)
        return Backend(name="fake", model=self.model, client=client, mode=mode, on_close=http.close)

    def calls(self, record_type: str | None = None) -> int:
        return sum(1 for r in self.requests if record_type is None or record_type_of(r) == record_type)


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_KILLED = re.compile(r"\b(killed|killing|dead|died|deaths)\b", re.IGNORECASE)
_WOUNDED = re.compile(r"\b(wounded|wounding|injured|injuring)\b", re.IGNORECASE)
_TROOPS = re.compile(r"\b(troops|soldiers|personnel)\b", re.IGNORECASE)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100}
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\w]|[.,]\d)|\b(" + "|".join(_WORDS) + r")\b",
                     re.IGNORECASE)


def numbers_in(sentence: str) -> list[int]:
    """Whole numbers written in digits (with thousands commas) or as a few words; years are left out."""
    found = []
    for digits, word in _NUMBER.findall(sentence):
        value = int(digits.replace(",", "")) if digits else _WORDS[word.lower()]
        if not (digits and 1800 <= value <= 2100):
            found.append(value)
    return found


def rule_responder(request: dict) -> dict:
    """A deterministic stand-in for a model: numbers next to 'killed'/'wounded'/'troops' in each sentence."""
    kind, text, items = record_type_of(request), article_text_of(request), []
    for sentence in (m.group(0).strip() for m in _SENTENCE.finditer(text)):
        numbers = numbers_in(sentence)
        if not numbers:
            continue
        count = numbers[0]
        if kind == "casualty_figure" and (_KILLED.search(sentence) or _WOUNDED.search(sentence)):
            measure = "killed" if _KILLED.search(sentence) else "wounded"
            items.append({"quote": sentence, "count": count, "measure": measure, "group": "people"})
        elif kind == "troop_deployment" and _TROOPS.search(sentence) and not _KILLED.search(sentence):
            items.append({"quote": sentence, "count": count, "force": "unknown", "status": "deployed"})
    return {"items": items[:10]}


def fake_backend(settings: Settings) -> Backend:
    """The backend `FAKE` names: the rule-based stand-in model above, recorded under the run's model name."""
    return FakeLLM(responder=rule_responder, model=settings.model_name()).backend()

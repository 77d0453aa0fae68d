"""One structured model call: Instructor re-asks on validation errors, tenacity retries transient transport
errors (timeouts, connection errors, 429 honouring Retry-After, 5xx); configuration errors (a refused key, a
model not served, no chat endpoint at the base URL) fail fast, and the calls over the same client in the next
minute fail with the same error without a request."""

from __future__ import annotations

import logging
import random
import threading
import time
import weakref
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from sitrep.building.items import VALIDATION_CONTEXT
from sitrep.config import Settings
from sitrep.errors import BackendError, ConfigError, ExtractionError, SitrepError
from sitrep.llm.base import Backend
from sitrep.llm.callstats import CallStats
from sitrep.llm.refusals import configuration_error

T = TypeVar("T", bound=BaseModel)


# The configuration error each client met, and when: a call over it soon after would be refused the same way.
# Forgotten after a while, so a long-lived process (`sitrep serve`) asks again once the server is fixed (a key
# granted, a model pulled).
_REFUSED: weakref.WeakKeyDictionary[Any, tuple[str, float]] = weakref.WeakKeyDictionary()
_refused_lock = threading.Lock()
REFUSAL_MEMORY = 60.0  # seconds

# Instructor logs every failed attempt at ERROR level; sitrep counts and reports them itself.
logging.getLogger("instructor").setLevel(logging.CRITICAL)


def root_cause(exc: BaseException) -> BaseException:
    """The transport error under Instructor's wrapper, if there is one."""
    seen = exc
    while isinstance(seen, InstructorRetryException) and seen.__cause__ is not None:
        seen = seen.__cause__
    return seen


def is_transient(exc: BaseException) -> bool:
    cause = root_cause(exc)
    if isinstance(cause, (openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError,
                          openai.InternalServerError)):
        return True
    return isinstance(cause, openai.APIStatusError) and cause.status_code in (408, 409, 425, 429) or (
        isinstance(cause, openai.APIStatusError) and cause.status_code >= 500)


def retry_after_seconds(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (Retry-After as seconds or an HTTP date), if it said."""
    cause = root_cause(exc)
    response = getattr(cause, "response", None)
    if response is None:
        return None
    value = response.headers.get("retry-after-ms")
    if value:
        try:
            return float(value) / 1000
        except ValueError:
            pass
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
            return max(0.0, (when - datetime.now(UTC)).total_seconds())
        except (TypeError, ValueError):
            return None


class _Wait:
    """Retry-After when the server gives it (capped), else exponential backoff with full jitter."""

    def __init__(self, initial: float, cap: float):
        self.initial, self.cap = initial, cap

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_seconds(exc) if exc else None
        if asked is not None:
            return min(asked, self.cap)
        ceiling = min(self.cap, self.initial * 2 ** (state.attempt_number - 1))
        return random.uniform(ceiling / 2, ceiling)


def describe(exc: BaseException, backend: Backend) -> str:
    """One line about a failed call, with every secret of the backend removed."""
    cause = root_cause(exc)
    if isinstance(cause, openai.APIStatusError):
        text = f"HTTP {cause.status_code} from the {backend.name} backend: {cause.message}"
    elif isinstance(cause, openai.APITimeoutError):
        text = f"the {backend.name} backend timed out"
    elif isinstance(cause, openai.APIConnectionError):
        text = f"cannot connect to the {backend.name} backend"
    else:
        text = f"{type(cause).__name__}: {cause}"
    return backend.redact(" ".join(text.split()))[:500]


def structured_call(backend: Backend, settings: Settings, messages: list[dict], response_model: type[T],
                    context: dict[str, Any], stats: CallStats) -> T:
    """Ask for `response_model`; `context` reaches the validators (the article, and the attempt state).

    Counting, as a server would see it: every request is a model call; a request that carries the model's
    previous answer back with the validation error is a re-ask; any other repeat is a transport retry.
    A failure carries `stats` (the calls made so far), so a failed article's calls are still reported."""
    with _refused_lock:
        refused, when = _REFUSED.get(backend.client, (None, 0.0))
    if refused is not None and time.monotonic() - when < REFUSAL_MEMORY:
        raise ConfigError(refused)
    try:
        return _structured_call(backend, settings, messages, response_model, context, stats)
    except ConfigError as exc:
        with _refused_lock:
            _REFUSED[backend.client] = (str(exc), time.monotonic())
        exc.stats = stats  # type: ignore[attr-defined]
        raise
    except SitrepError as exc:
        exc.stats = stats  # type: ignore[attr-defined]
        raise


def _structured_call(backend: Backend, settings: Settings, messages: list[dict], response_model: type[T],
                     context: dict[str, Any], stats: CallStats) -> T:
    max_attempts = settings.max_reasks + 1
    retrying = Retrying(
        retry=retry_if_exception(is_transient),
        stop=stop_after_attempt(settings.max_retries + 1),
        wait=_Wait(settings.retry_initial_wait, settings.retry_max_wait),
        reraise=True,
    )
    try:
        for attempt in retrying:
            with attempt:
                # "responses" is the Instructor attempt number of the answer being validated (the validators
                # drop ungrounded items on the last one instead of re-asking).
                state = {"responses": 0, "max_attempts": max_attempts, "dropped_items": []}
                context.setdefault("dropped_items", [])
                first = attempt.retry_state.attempt_number == 1
                client = backend.instructor_client()
                client.on("completion:kwargs", lambda *a, _s=state, _f=first, **k:
                          _count_request(k, len(messages), _s, stats, _f))
                client.on("completion:response", lambda response: _count_usage(response, stats))
                token = VALIDATION_CONTEXT.set({**context, "state": state})
                try:
                    return client.chat.completions.create(
                        model=backend.model, messages=messages, response_model=response_model,
                        max_retries=settings.max_reasks,
                        temperature=settings.temperature, max_tokens=settings.max_tokens, seed=settings.seed,
                    )
                finally:
                    VALIDATION_CONTEXT.reset(token)
                    stats.dropped_records += len(state["dropped_items"])
                    context["dropped_items"] = state["dropped_items"]
    except SitrepError:
        raise
    except IncompleteOutputException:
        raise ExtractionError(f"the model's answer was cut off by the token limit (max_tokens "
                              f"{settings.max_tokens}); raise SITREP_MAX_TOKENS", attempts=1) from None
    except InstructorRetryException as exc:
        if is_transient(exc):
            raise BackendError(describe(exc, backend), backend=backend.name,
                               original=root_cause(exc)) from None
        cause = root_cause(exc)
        if isinstance(cause, openai.APIStatusError):
            raise _permanent(cause, exc, backend) from None
        raise ExtractionError(f"the model's answer stayed invalid after {exc.n_attempts} attempts: "
                              f"{describe(exc, backend)}", attempts=exc.n_attempts) from None
    except openai.APIStatusError as exc:
        if is_transient(exc):
            raise BackendError(describe(exc, backend), backend=backend.name, original=exc) from None
        raise _permanent(exc, exc, backend) from None
    except (openai.APITimeoutError, openai.APIConnectionError) as exc:
        raise BackendError(describe(exc, backend), backend=backend.name, original=exc) from None
    except Exception as exc:  # noqa: BLE001 -- anything else from the client fails this article, not the run
        raise ExtractionError(f"the model call failed: {describe(exc, backend)}", attempts=1) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _permanent(cause: openai.APIStatusError, exc: BaseException, backend: Backend) -> SitrepError:
    """A refusal no retry changes: a configuration error, or (any other 4xx: a request too long, say) a
    failure of this call only."""
    return configuration_error(cause, backend) or ExtractionError(
        f"{describe(exc, backend)} (the request was refused; check the backend settings)", attempts=1)


def _count_request(kwargs: dict, first_length: int, state: dict, stats: CallStats, first: bool) -> None:
    """One request about to be sent: a re-ask when it carries more messages than the first ask."""
    stats.model_calls += 1
    state["responses"] += 1
    if len(kwargs.get("messages") or ()) > first_length:
        stats.reasks += 1
    elif state["responses"] > 1 or not first:
        stats.transport_retries += 1


def _count_usage(response: Any, stats: CallStats) -> None:
    usage = getattr(response, "usage", None)
    if usage is not None:
        stats.prompt_tokens += getattr(usage, "prompt_tokens", 0) or 0
        stats.completion_tokens += getattr(usage, "completion_tokens", 0) or 0
    timings = (getattr(response, "model_extra", None) or {}).get("timings")
    if isinstance(timings, dict):
        stats.prompt_processed += int(timings.get("prompt_n") or 0)
        stats.prompt_ms += float(timings.get("prompt_ms") or 0)
        stats.generation_ms += float(timings.get("predicted_ms") or 0)

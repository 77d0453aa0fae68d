"""LLM backends. Each gives the same narrow thing: an OpenAI client, a model name and an Instructor mode."""

from __future__ import annotations

from sitrep.config import Settings
from sitrep.llm.base import Backend


def make_backend(settings: Settings) -> Backend:
    if settings.backend == "embedded":
        from sitrep.llm.embedded import embedded_backend

        return embedded_backend(settings)
    if settings.backend == "fake":
        from sitrep.llm.fake import FakeLLM, rule_responder

        return FakeLLM(responder=rule_responder, model=settings.model or "fake-rules").backend()
    from sitrep.llm.openai_backends import remote_backend

    return remote_backend(settings)


__all__ = ["Backend", "make_backend"]

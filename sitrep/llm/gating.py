"""A backend whose every model request first passes a gate (a shared rate limit, for instance)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from sitrep.llm.base import Backend


@dataclass
class GatedBackend(Backend):
    gate: Callable[[], None] | None = None

    @classmethod
    def wrapping(cls, backend: Backend, gate: Callable[[], None]) -> GatedBackend:
        shared = {f.name: getattr(backend, f.name) for f in dataclasses.fields(Backend)}
        return cls(**shared, gate=gate)

    def instructor_client(self):
        client = super().instructor_client()
        if self.gate is not None:
            client.on("completion:kwargs", lambda *args, **kwargs: self.gate())
        return client

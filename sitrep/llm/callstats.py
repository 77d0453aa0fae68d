"""What a run's model calls cost, counted as the server saw them; light to import (no client library)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class CallStats:
    model_calls: int = 0  # HTTP requests sent to the model
    transport_retries: int = 0
    reasks: int = 0  # validation re-asks (Instructor)
    dropped_records: int = 0  # items still ungrounded after the last re-ask
    prompt_tokens: int = 0
    completion_tokens: int = 0
    # what a llama.cpp server reports of its own work (other servers report nothing here): prompt tokens it
    # processed (not taken from its prompt cache) and milliseconds spent on the prompt and on generating
    prompt_processed: int = 0
    prompt_ms: float = 0.0
    generation_ms: float = 0.0

    def add(self, other: CallStats) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

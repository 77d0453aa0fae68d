"""The annotated sets, their recorded model answers and their baselines, in one place: what `eval/replay.py`,
the replay gate in CI (`tests/test_replay_eval.py`) and `make record-answers` read."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

EVAL = Path(__file__).resolve().parent
BASELINES = EVAL / "baselines.json"
MAX_F1_DROP = 0.02
LANGUAGES = ("fr", "de", "es", "ru", "uk", "ar")


@dataclass(frozen=True)
class AnnotatedSet:
    name: str
    gold: Path
    answers: Path
    holds_nothing: bool = False  # every item holds no fact: judged by the records it gets, not by F1
    gated: bool = True  # CI fails on it; a set still failing the audit is replayed and reported, not gated
    language: str = "en"
    first: int | None = None  # only the set's first items were run with the model: they alone are scored

    def ids(self) -> list[str] | None:
        """The ids of the items scored (None: all of them)."""
        if self.first is None:
            return None
        lines = [line for line in self.gold.read_text(encoding="utf-8").split("\n") if line.strip()]
        return [json.loads(line)["id"] for line in lines[:self.first]]

    def eval_args(self) -> list[str]:
        """The `sitrep eval` arguments that replay the set from its recorded answers."""
        ids = self.ids()
        return ["--gold", str(self.gold), "--answers", str(self.answers),
                *(["--ids", ",".join(ids)] if ids else [])]


SETS = (
    AnnotatedSet("dev", EVAL / "dev-gold.jsonl", EVAL / "answers" / "dev.jsonl"),
    AnnotatedSet("second", EVAL / "pool-gold.jsonl", EVAL / "answers" / "pool.jsonl"),
    *(AnnotatedSet(n, EVAL / f"{n}-gold.jsonl", EVAL / "answers" / f"{n}.jsonl")
      for n in ("third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh")),
    AnnotatedSet("twelfth", EVAL / "twelfth-gold.jsonl", EVAL / "answers" / "twelfth.jsonl"),
    AnnotatedSet("empty", EVAL / "pool-empty.jsonl", EVAL / "answers" / "empty.jsonl", holds_nothing=True),
    # the languages' tune sets, of which the first ten items were run with the model, and their held-apart
    # sets, scored once (docs/quality.md) and gated since
    *(AnnotatedSet(code, EVAL / "lang" / f"{code}-gold.jsonl", EVAL / "answers" / f"lang-{code}.jsonl",
                   language=code, first=10)
      for code in LANGUAGES),
    *(AnnotatedSet(f"{code}-apart", EVAL / "lang" / f"{code}-apart.jsonl",
                   EVAL / "answers" / f"lang-{code}-apart.jsonl", language=code)
      for code in LANGUAGES),
)


def recorded(gated_only: bool = False) -> list[AnnotatedSet]:
    """The sets whose answers are committed (of them, those the gate holds to their baselines)."""
    return [s for s in SETS if s.answers.exists() and (s.gated or not gated_only)]


def baselines() -> dict:
    return json.loads(BASELINES.read_text(encoding="utf-8")) if BASELINES.exists() else {}


def problems(s: AnnotatedSet, now: dict, base: dict | None) -> list[str]:
    """What is wrong with a set's replayed figures against its baseline (nothing: an empty list)."""
    if "error" in now:
        return [now["error"]]
    out = []
    known = (base or {}).get("known_audit_failures", 0)
    if now["audit_failed"] > known:
        out.append(f"{now['audit_failed']} records fail the audit" + (f" ({known} known)" if known else ""))
    if base is None:
        return out
    if s.holds_nothing and now["records"] > base["records"]:
        out.append(f"{now['records']} records on items that hold nothing, baseline {base['records']}")
    if not s.holds_nothing and now["f1"] < base["f1"] - MAX_F1_DROP:
        out.append(f"fact F1 {now['f1']} is more than {MAX_F1_DROP} below the baseline {base['f1']}")
    return out

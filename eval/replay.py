"""Replay every annotated set from its committed answers (no model) and print each set's figures beside its
baseline; exit 1 when a set falls more than 0.02 of fact F1 below it, writes more records on items that hold
nothing, or has a record that fails the audit.

  .venv/bin/python eval/replay.py                 # every recorded set
  .venv/bin/python eval/replay.py third fourth    # some
  .venv/bin/python eval/replay.py --write-baselines   # record today's figures as the baselines
                                                        (say why in the commit)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sets import BASELINES, AnnotatedSet, baselines, problems, recorded  # noqa: E402


def replay(s: AnnotatedSet) -> dict:
    """The set's figures, its records rebuilt by the current method from the committed answers."""
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run([sys.executable, "-m", "sitrep.commands.cli", "eval", *s.eval_args(), "--json",
                              "--out", str(Path(tmp) / "records.jsonl")],
                             capture_output=True, text=True, timeout=900)
    if run.returncode != 0:
        return {"error": (run.stderr or run.stdout)[-2000:]}
    report = json.loads(run.stdout)
    fact = report["scores"]["fact"]["all"]
    return {"f1": fact["f1"], "precision": fact["precision"], "recall": fact["recall"],
            "tp": fact["tp"], "fp": fact["fp"], "fn": fact["fn"], "records": report["predicted_records"],
            "audit_failed": report["grounding"]["failed"], "audited": report["grounding"]["of"]}


def main(argv: list[str]) -> int:
    write = "--write-baselines" in argv
    names = [a for a in argv if not a.startswith("--")]
    sets = [s for s in recorded() if not names or s.name in names]
    base = baselines()
    failed = 0
    for s in sets:
        now = replay(s)
        if write and "error" not in now and s.gated:
            # a known audit failure (a method error the audit catches, written down with why) stays known
            base[s.name] = now | {k: v for k, v in base.get(s.name, {}).items() if k.startswith("known_")}
        bad = problems(s, now, base.get(s.name))
        failed += bool(bad) and s.gated
        was = base.get(s.name, {})
        print(f"{s.name:9} F1 {now.get('f1', '-')!s:6} (baseline {was.get('f1', '-')!s:6}) P "
              f"{now.get('precision')} R {now.get('recall')} records {now.get('records')} audit "
              f"{now.get('audit_failed')}"
              + ("  FAIL: " + "; ".join(bad) if bad else ""), flush=True)
    if write:
        BASELINES.write_text(json.dumps(base, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

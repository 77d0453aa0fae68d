"""Settings are built once, by the command or when a flow run starts, and passed down as arguments: nothing
writes SITREP_* variables into the environment, nothing builds Settings at import, and a key passed in the
flow's settings is not in the flow run's parameters that Prefect stores and shows."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
from fakellm import FAKE

from sitrep.config import Settings

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-settings-canary-0123456789"
TEXT = "About 3,000 troops arrived in the region on Monday, officials said."


def _environ_writes(path: Path) -> list[str]:
    """Writes to os.environ in a module: item assignment or deletion, update, setdefault, pop, putenv."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else []
        for target in targets:
            if isinstance(target, ast.Subscript) and ast.unparse(target.value).endswith("environ"):
                found.append(f"{path}:{node.lineno}: {ast.unparse(target)}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner, name = ast.unparse(node.func.value), node.func.attr
            if (owner.endswith("environ")
                and name in ("update", "setdefault", "pop", "clear")) or name == "putenv":
                found.append(f"{path}:{node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_no_module_writes_sitrep_settings_into_the_environment():
    writes = [w for folder in ("sitrep", "flows") for path in sorted((ROOT / folder).rglob("*.py"))
              for w in _environ_writes(path)]
    assert not [w for w in writes if "SITREP" in w or "OPENAI" in w or "environ[f" in w], writes


def test_importing_the_flow_and_the_commands_builds_no_settings():
    script = (
        "import sitrep.config as config\n"
        "built = []\n"
        "init = config.Settings.__init__\n"
        "def counting(self, *args, **kwargs):\n"
        "    built.append(1)\n"
        "    init(self, *args, **kwargs)\n"
        "config.Settings.__init__ = counting\n"
        "import sitrep.flows.extract, sitrep.flows.deployments, sitrep.commands.cli\n"
        "assert not built, built\n"
    )
    env = {**os.environ, "SITREP_CONCURRENCY": "0"}  # would not validate, were it read at import
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_with_flags_overrides_only_what_is_set():
    base = Settings(backend="openai", api_key=KEY, concurrency=3)
    assert base.with_flags(model=None, concurrency=None) is base
    changed = base.with_flags(model="m", concurrency=5)
    assert (changed.model, changed.concurrency, changed.backend) == ("m", 5, "openai")
    assert changed.api_key.get_secret_value() == KEY


def test_the_flow_uses_the_settings_it_is_given_and_prefect_keeps_no_key(tmp_path, api_url, monkeypatch):
    from sitrep.flows.extract import extract_articles, summary_of

    monkeypatch.setenv("SITREP_CONCURRENCY", "0")  # not valid: the flow must not build its settings from here
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "t1", "text": TEXT}) + "\n", encoding="utf-8")
    settings = Settings.model_validate({"backend": FAKE, "api_key": KEY, "cache_dir": tmp_path / "cache",
                                        "concurrency": 2})
    state = extract_articles(inputs=[str(source)], out=str(tmp_path / "records.jsonl"), settings=settings,
                             return_state=True)
    assert summary_of(state)["articles"] == 1 and summary_of(state)["failed"] == 0
    run = httpx.get(f"{api_url}/flow_runs/{state.state_details.flow_run_id}",
                    timeout=30).raise_for_status().json()
    shown = run["parameters"]["settings"]
    assert shown["backend"] == FAKE and shown["concurrency"] == 2
    assert KEY not in json.dumps(run) and shown["api_key"] != KEY


def test_a_flow_run_without_settings_builds_them_from_the_environment_when_it_starts(tmp_path, api_url,
                                                                                     monkeypatch):
    from sitrep.flows.extract import extract_articles

    monkeypatch.setenv("SITREP_BACKEND", FAKE)  # set after the flow was imported
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "t2", "text": TEXT}) + "\n", encoding="utf-8")
    summary = extract_articles(inputs=[str(source)], out=str(tmp_path / "records.jsonl"))
    assert summary["articles"] == 1 and summary["failed"] == 0 and summary["model_calls"] >= 1

"""docs/deployments.md against what a clean clone holds: the deployments it names are those of prefect.yaml
(all of them), the folders its commands read are in the repository, and its `sitrep` commands use options that
exist."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import typer
from typer.core import TyperOption

from sitrep.commands.cli import app
from sitrep.flows.deployments import deployment_specs

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "deployments.md").read_text(encoding="utf-8")


def commands(program: str) -> list[list[str]]:
    """The `program ...` command lines of the doc's bash blocks, comments and continuations joined."""
    found = []
    for block in re.findall(r"```bash\n(.*?)```", DOC, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#\s.*$", "", line).strip()
            words = shlex.split(line) if line else []
            if program in words:
                found.append(words[words.index(program):])
    return found


def test_the_doc_lists_every_deployment_of_prefect_yaml():
    declared = {f"extract-articles/{d['name']}" for d in deployment_specs(ROOT / "prefect.yaml")}
    table = {m for m in re.findall(r"^\| `(extract-articles/[\w-]+)`", DOC, re.M)}
    assert table == declared
    assert set(re.findall(r"extract-articles/[\w-]+", DOC)) <= declared  # nothing named that does not exist


def test_the_inputs_of_its_commands_are_in_a_clean_clone():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True,
                             timeout=60).stdout.splitlines()
    folders = {str(Path(f).parent) for f in tracked} | set(tracked)
    inputs = [i for words in commands("prefect") for w in words if w.startswith("inputs=")
              for i in re.findall(r'"([^"]+)"', w)]
    inputs += [words[2] for words in commands("sitrep") if words[1] == "extract"]
    assert inputs and all(i.rstrip("/") in folders for i in inputs), inputs


def test_its_sitrep_commands_use_options_that_exist():
    cli = typer.main.get_command(app)
    used = commands("sitrep")
    assert used
    for words in used:
        command = cli.commands[words[1]]  # a KeyError names a command that does not exist
        known = {o for p in command.params if isinstance(p, TyperOption) for o in p.opts + p.secondary_opts}
        options = [w.split("=")[0] for w in words[2:] if w.startswith("-")]
        assert set(options) <= known, (words, set(options) - known)

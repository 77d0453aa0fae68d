"""`sitrep events`, `sitrep extract --events` (the fake backend, the real flow) and the events schema file."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
from events_factory import casualty, write
from test_cli import run_sitrep

from sitrep.events import read_events
from sitrep.events.model import event_json_schema

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schemas" / "event.schema.json"


def test_events_command_writes_beside_the_first_file_and_says_one_line(tmp_path):
    records = write(tmp_path / "a.jsonl", [
        casualty("wire-1", "2024-03-04", 10, quote="A strike on Olvira killed 10 people", publisher="Wire"),
        casualty("daily-1", "2024-03-04", 12, quote="Twelve were killed in Olvira", publisher="Daily"),
    ])
    more = write(tmp_path / "b.jsonl", [casualty("post-1", "2024-03-09", 3, quote="Three died in Tessar")])
    with more.open("a") as fh:
        fh.write("{half a line\n")
    proc = run_sitrep("events", str(records), str(more), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ("2 events from 3 records (3 new, 2 events changed), built "
                                   f"{tmp_path}/a.events.jsonl")
    assert proc.stderr.strip() == (f"sitrep: {more}:2: skipped, not JSON (Expecting property name enclosed "
                                   "in double quotes)")
    events = read_events(tmp_path / "a.events.jsonl")  # beside the first records file, as extract --events
    assert sorted(len(e.record_ids) for e in events) == [1, 2]
    again = run_sitrep("events", str(records), str(more), "--out", str(tmp_path / "a.events.jsonl"),
                       cwd=tmp_path)
    assert "(0 new, 0 events changed), updated" in again.stdout


def test_events_command_with_a_missing_file_says_so_in_one_line(tmp_path):
    proc = run_sitrep("events", str(tmp_path / "none.jsonl"), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"sitrep: {tmp_path / 'none.jsonl'}: no such records file"


def test_extract_with_events_keeps_the_events_beside_the_records(tmp_path):
    inputs = tmp_path / "articles"
    inputs.mkdir()
    (inputs / "olvira.md").write_text("---\npublished: 2024-03-04\n---\nShelling killed 5 people and wounded "
                                      "12 in Olvira, officials said.\n", encoding="utf-8")
    out = tmp_path / "out" / "records.jsonl"
    first = run_sitrep("extract", str(inputs), "--out", str(out), "--events", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    events_file = tmp_path / "out" / "records.events.jsonl"
    [event] = read_events(events_file)
    assert set(event.measures) == {"killed", "wounded"} and event.measures["killed"].best == 5
    assert "sitrep: events: 1 events from 2 records" in first.stderr
    (inputs / "later.md").write_text("---\npublished: 2024-03-05\n---\nThe toll in Olvira rose to 7 people "
                                     "killed, officials said.\n", encoding="utf-8")
    second = run_sitrep("extract", str(inputs), "--out", str(out), "--events", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    [event_after] = read_events(events_file)
    assert event_after.event_id == event.event_id and len(event_after.articles) == 2
    assert event_after.measures["killed"].best == 7


def test_the_checked_in_event_schema_is_the_models_and_sitrep_schema_prints_and_writes_it(tmp_path):
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == event_json_schema(), \
        "schemas/event.schema.json is stale: regenerate it with `sitrep schema --write schemas`"
    printed = subprocess.run([sys.executable, "-m", "sitrep.commands.cli", "schema", "--events"],
                             capture_output=True, text=True, check=True).stdout
    assert printed == SCHEMA_FILE.read_text(encoding="utf-8")
    subprocess.run([sys.executable, "-m", "sitrep.commands.cli", "schema", "--write", str(tmp_path)],
                   capture_output=True, text=True, check=True)
    for name in ("record.schema.json", "event.schema.json"):
        assert (tmp_path / name).read_bytes() == (ROOT / "schemas" / name).read_bytes()


def test_event_lines_validate_against_the_schema_file(tmp_path):
    from sitrep.events import build_events, event_to_json

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    events = build_events([
        casualty("a-1", "2024-03-04", 8000, group="civilians", quote="8,000 killed so far"),
        casualty("b-1", "2024-03-04", 4, quote="Four died in Tessar")])
    for event in events:
        jsonschema.validate(json.loads(event_to_json(event)), schema)
    broken = json.loads(event_to_json(events[0]))
    broken["kind"] = "rumour"
    try:
        jsonschema.validate(broken, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("an event of an unknown kind validated")

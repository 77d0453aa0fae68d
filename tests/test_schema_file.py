"""schemas/record.schema.json is the record models' JSON Schema, checked in: it must say
what the models say."""

import json
import subprocess
import sys
from pathlib import Path

from sitrep.schemas import record_json_schema

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schemas" / "record.schema.json"
REGENERATE = "sitrep schema > schemas/record.schema.json"


def test_checked_in_schema_matches_the_models():
    on_disk = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert on_disk == record_json_schema(), ("schemas/record.schema.json is stale: regenerate it with "
                                             f"`{REGENERATE}`")


def test_checked_in_schema_is_byte_for_byte_what_sitrep_schema_prints():
    printed = subprocess.run([sys.executable, "-m", "sitrep.commands.cli", "schema"], capture_output=True,
                             text=True, check=True).stdout
    assert SCHEMA_FILE.read_text(encoding="utf-8") == printed, f"regenerate with `{REGENERATE}`"


def test_the_file_validates_the_example_records_and_rejects_a_broken_one():
    import jsonschema  # installed with prefect

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    lines = (Path(__file__).parent / "data" / "examples" / "records.jsonl").read_text(
        encoding="utf-8").splitlines()
    for line in lines:
        jsonschema.validate(json.loads(line), schema)
    broken = json.loads(lines[0])
    broken["record_type"] = "rumour"
    try:
        jsonschema.validate(broken, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("a record of an unknown type validated against the schema file")

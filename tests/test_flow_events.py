"""The events of a served output kept current by Prefect: the extract-articles flow emits
`sitrep.records.extracted` at its end; the update-events deployment of prefect.yaml, triggered on it, groups
the output's records into `<stem>.events.jsonl` beside them. In this process first, then on a real
Prefect server (`prefect server start`, its triggers service included) with `sitrep serve` serving both
deployments."""

from __future__ import annotations

import json
import shutil
import signal
import sys
from pathlib import Path

import pytest
from fakellm import FAKE
from prefect.cli.deploy._triggers import _initialize_deployment_triggers
from test_prefect_server import (
    FINAL,
    Process,
    _deployment,
    artifacts,
    clean_env,
    request,
    run_deployment,
    server,
    wait_for,
)

from sitrep.events import events_path_for, read_events
from sitrep.flows.deployments import EVENTS_ENTRYPOINT, deployment_specs, events_specs, serve_plan

__all__ = ["server"]  # the module-scoped Prefect server fixture

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def record_ids(path: Path) -> set[str]:
    return {json.loads(line)["record_id"] for line in path.read_text(encoding="utf-8").splitlines() if line}


def grouped_ids(path: Path) -> list[str]:
    return [i for e in read_events(path) for i in e.record_ids]


def test_prefect_yaml_declares_the_triggered_events_deployment_as_prefect_deploy_reads_it():
    (spec,) = events_specs(ROOT / "prefect.yaml")
    assert events_specs(None) == [spec]  # the built-in copy, served without prefect.yaml
    assert spec["name"] == "after-extract" and spec["concurrency_limit"] == 1
    (trigger,) = _initialize_deployment_triggers(spec["name"], [dict(t) for t in spec["triggers"]])
    assert trigger.expect == {"sitrep.records.extracted"}
    assert trigger.parameters == {"records": "{{ event.payload.records }}"}
    declared = {d["entrypoint"] for d in __import__("yaml").safe_load((ROOT / "prefect.yaml").read_text())[
        "deployments"]}
    assert EVENTS_ENTRYPOINT in declared and len(deployment_specs(None)) == 3
    plan = serve_plan(ROOT / "prefect.yaml", ["adhoc", "after-extract"], workdir=ROOT,
                      parameters={"dask_workers": 2})
    served = {d.name: d for d in plan.deployments}
    assert set(served) == {"adhoc", "after-extract"}
    assert served["after-extract"].entrypoint == "sitrep.flows.events.update_output_events"
    assert served["after-extract"].parameters == {}  # the extract flow's options are not the events flow's
    assert served["adhoc"].parameters["dask_workers"] == 2
    (served_trigger,) = served["after-extract"].triggers
    assert served_trigger.name == "after-extract__automation_1" and served_trigger.expect == trigger.expect


def test_the_extract_flow_emits_its_records_file_and_the_events_flow_groups_it(tmp_path, api_url,
                                                                                monkeypatch):
    import sitrep.flows.events as flow_events
    from sitrep.flows.events import update_output_events
    from sitrep.flows.extract import extract_articles

    emitted = []

    def emit(**event):  # kept, then sent as the flow sends it
        emitted.append(event)
        return emit_event(**event)

    emit_event = flow_events.emit_event
    monkeypatch.setattr(flow_events, "emit_event", emit)
    out = tmp_path / "out" / "records.jsonl"
    extract_articles(inputs=[str(EXAMPLES)], out=str(out), backend=FAKE)
    (event,) = emitted
    assert event["event"] == "sitrep.records.extracted"
    assert event["resource"]["prefect.resource.id"] == f"sitrep.records.{out.resolve()}"
    assert event["payload"]["records"] == str(out.resolve())
    assert event["payload"]["records_written"] == len(record_ids(out)) > 0

    summary = update_output_events(records=event["payload"]["records"])
    events = events_path_for(out)
    assert summary["events_path"] == str(events) and events.is_file()
    assert sorted(grouped_ids(events)) == sorted(record_ids(out))  # every record in exactly one event
    assert summary["records"] == summary["new_records"] == len(record_ids(out)) and summary["rebuilt"]
    again = update_output_events(records=str(out))
    assert (again["new_records"], again["changed_events"], again["rebuilt"]) == (0, 0, False)


def test_a_run_that_left_no_records_file_emits_nothing(tmp_path, api_url, monkeypatch):
    import sitrep.flows.events as flow_events
    from sitrep.flows.extract import extract_articles

    emitted = []
    monkeypatch.setattr(flow_events, "emit_event", lambda **event: emitted.append(event))
    out = tmp_path / "out" / "records.jsonl"
    extract_articles(inputs=[str(tmp_path / "inbox")], out=str(out), backend=FAKE, return_state=True)
    assert not out.exists() and emitted == []  # no update-events run for an inbox not made yet


def test_the_events_flow_says_when_the_records_file_is_missing(tmp_path, api_url):
    from sitrep.flows.events import update_output_events

    state = update_output_events(records=str(tmp_path / "nowhere.jsonl"), return_state=True)
    assert state.is_failed() and "no such records file" in state.message


def _runs_of(url: str, deployment: dict) -> list[dict]:
    body = {"deployments": {"id": {"any_": [deployment["id"]]}}, "sort": "EXPECTED_START_TIME_ASC"}
    return request("POST", f"{url}/flow_runs/filter", json=body).json()


def _finished_runs(url: str, deployment: dict, n: int) -> list[dict] | None:
    runs = _runs_of(url, deployment)
    done = [r for r in runs if r["state"] and r["state"]["type"] in FINAL]
    return done if len(runs) >= n and len(done) == len(runs) else None


@pytest.mark.server
def test_a_served_output_keeps_its_events_current_after_each_extraction_run(server, tmp_path):
    url, home = server
    env = clean_env(PREFECT_API_URL=url, PREFECT_HOME=str(home / "events-client"),
                    PREFECT_RUNNER_POLL_FREQUENCY="2", SITREP_BACKEND=FAKE,
                    SITREP_CACHE_DIR=str(tmp_path / "cache"))
    proc = Process([sys.executable, "-m", "sitrep.commands.cli", "serve", "--file",
                    str(ROOT / "prefect.yaml"), "-d", "adhoc", "-d", "after-extract"],
                   tmp_path / "serve.log", cwd=tmp_path, env=env)
    try:
        extract = wait_for("sitrep serve registering extract-articles/adhoc",
                           lambda: _deployment(url, "extract-articles/adhoc"), 240, proc)
        update = wait_for("sitrep serve registering update-events/after-extract",
                          lambda: _deployment(url, "update-events/after-extract"), 240, proc)
        automations = wait_for("the trigger's automation", lambda: [
            a for a in request("POST", f"{url}/automations/filter", json={}).json()
            if any(action.get("deployment_id") == update["id"] for action in a["actions"])], 60, proc)
        assert automations[0]["trigger"]["expect"] == ["sitrep.records.extracted"]

        first, later = tmp_path / "first", tmp_path / "later"
        first.mkdir(), later.mkdir()
        for name in ("uk-mod-2025-01-23.md", "wcep-2023-12-30-6445.md"):
            shutil.copy(EXAMPLES / name, first / name)
        shutil.copy(EXAMPLES / "wcep-2022-02-11-501.md", later / "wcep-2022-02-11-501.md")
        out = tmp_path / "out" / "records.jsonl"
        events = events_path_for(out)

        run_deployment(url, extract, {"inputs": [str(first)], "out": str(out)}, proc)
        (done,) = wait_for("the triggered update-events run", lambda: _finished_runs(url, update, 1), 300,
                           proc)
        assert done["state"]["type"] == "COMPLETED", f"{done['state']}\n{proc.tail()}"
        assert done["parameters"] == {"records": str(out.resolve())}
        assert sorted(grouped_ids(events)) == sorted(record_ids(out))
        summary = artifacts(url, done["id"])["sitrep-events"]
        assert f"from {len(record_ids(out))} records" in summary

        # a second run adds one article: its records join the events file, only they are grouped again
        before = record_ids(out)
        run_deployment(url, extract, {"inputs": [str(later)], "out": str(out)}, proc)
        runs = wait_for("the second triggered update-events run", lambda: _finished_runs(url, update, 2), 300,
                        proc)
        assert [r["state"]["type"] for r in runs] == ["COMPLETED", "COMPLETED"], proc.tail()
        added = record_ids(out) - before
        assert added and sorted(grouped_ids(events)) == sorted(record_ids(out))
        summary = artifacts(url, runs[1]["id"])["sitrep-events"]
        assert f"| new records | {len(added)} |" in summary and "only what new records touch" in summary
    finally:
        proc.stop(signal.SIGTERM)

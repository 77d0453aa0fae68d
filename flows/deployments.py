"""The deployments of the extract-articles flow, and of the update-events flow that keeps their outputs'
events current, as runner deployments for `sitrep serve` (one process, no work pool). They come from a
prefect.yaml (the file `prefect deploy` reads) or, where there is none (sitrep installed from a wheel or with
pipx), from the copy of the repository's prefect.yaml inside the package."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.events import DeploymentTriggerTypes
from prefect.schedules import Cron, Interval, RRule, Schedule
from pydantic import TypeAdapter, ValidationError

from sitrep.errors import ConfigError
from sitrep.io.urls import is_url

ENTRYPOINT = "flows/extract.py:extract_articles"
FLOW_NAME = "extract-articles"
SPEC_KEYS = ("name", "version", "description", "tags", "parameters", "schedules", "concurrency_limit")
EVENTS_ENTRYPOINT = "flows/events.py:update_output_events"
EVENTS_FLOW_NAME = "update-events"
EVENTS_SPEC_KEYS = (*SPEC_KEYS, "triggers")

# The repository's prefect.yaml, shipped inside the package (flows/prefect.yaml links to it): what
# `sitrep serve` serves where the folder it runs in has none (sitrep installed from a wheel or with pipx).
BUILT_IN = ("sitrep.flows", "prefect.yaml")


@dataclass
class ServePlan:
    """What `sitrep serve` serves, where the deployments came from, and the lines to say before serving."""

    deployments: list[RunnerDeployment]
    source: str
    notes: list[str] = field(default_factory=list)


def deployment_specs(path: Path | None) -> list[dict[str, Any]]:
    """The deployments of the extract-articles flow declared in a prefect.yaml (None: the built-in ones), each
    reduced to the keys `serve` uses (work pools and entrypoints are for `prefect deploy`)."""
    specs = [{k: d[k] for k in SPEC_KEYS if k in d} for d in _declared(path)
             if d.get("entrypoint") == ENTRYPOINT]
    if not specs:
        raise ConfigError(f"{path}: no deployment with entrypoint {ENTRYPOINT}")
    return specs


def events_specs(path: Path | None) -> list[dict[str, Any]]:
    """The deployments of the update-events flow declared in a prefect.yaml (None: the built-in ones), with
    their triggers; none is fine (the outputs then have no events kept by a deployment)."""
    return [{k: d[k] for k in EVENTS_SPEC_KEYS if k in d} for d in _declared(path)
            if d.get("entrypoint") == EVENTS_ENTRYPOINT]


def _declared(path: Path | None) -> list[dict[str, Any]]:
    try:
        if path is None:
            package, name = BUILT_IN
            config = yaml.safe_load(resources.files(package).joinpath(name).read_text(encoding="utf-8")) or {}
        else:
            config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file (run `sitrep serve` in the project folder, or pass "
                          f"--file)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from None
    declared = config.get("deployments") if isinstance(config, dict) else None
    return [d for d in declared or [] if isinstance(d, dict)]


def serve_plan(path: Path | None, names: list[str] | None = None, feeds: list[str] | None = None,
               workdir: Path | None = None, parameters: dict[str, Any] | None = None) -> ServePlan:
    """The runner deployments to serve from `workdir` (relative paths in parameters resolve there): those of
    `path`, or of ./prefect.yaml when it exists, else the built-in ones; only `names` when given. `feeds`
    replaces the feeds of the deployments that watch feeds; `parameters` are set on every extract-articles
    one. A scheduled deployment with nothing to read is served without its schedule, and said so. The
    update-events deployments are served with their triggers (Prefect automations on the server)."""
    from sitrep.flows.events import update_output_events
    from sitrep.flows.extract import extract_articles

    workdir = workdir or Path.cwd()
    notes = []
    if path is None and (workdir / "prefect.yaml").is_file():
        path = workdir / "prefect.yaml"
    if path is None:
        notes.append(f"no prefect.yaml in {workdir}: serving the deployments built into sitrep "
                     f"(relative paths are relative to this folder)")
    source = str(path) if path is not None else "the built-in deployments"
    extract_specs, update_specs = deployment_specs(path), events_specs(path)
    chosen = {s["name"] for s in _selected(extract_specs + update_specs, names, source)}
    specs = [s for s in extract_specs if s["name"] in chosen]
    if feeds:
        specs = _with_feeds(specs, feeds, source)
    where = (f"list feeds in its parameters in {path}, or give --feed URL" if path is not None
             else "give --feed URL, or --file a prefect.yaml that lists feeds")
    for spec in specs:
        notes += _schedule_notes(spec, where, workdir)
    deployments = [extract_articles.to_deployment(
        name=spec["name"],
        description=spec.get("description"),
        version=str(spec["version"]) if spec.get("version") is not None else None,
        tags=spec.get("tags") or [],
        parameters={**(spec.get("parameters") or {}), **(parameters or {})},
        schedules=[_schedule(s) for s in spec.get("schedules") or []],
        concurrency_limit=spec.get("concurrency_limit"),
        entrypoint_type=EntrypointType.MODULE_PATH,  # found by module name: works from an installed package
    ) for spec in specs]
    deployments += [update_output_events.to_deployment(
        name=spec["name"],
        description=spec.get("description"),
        version=str(spec["version"]) if spec.get("version") is not None else None,
        tags=spec.get("tags") or [],
        parameters=spec.get("parameters") or {},
        concurrency_limit=spec.get("concurrency_limit"),
        triggers=_triggers(spec, source),
        entrypoint_type=EntrypointType.MODULE_PATH,
    ) for spec in update_specs if spec["name"] in chosen]
    return ServePlan(deployments, source, notes)


def _triggers(spec: dict[str, Any], source: str) -> list:
    """The triggers of a deployment as `prefect deploy` reads them from prefect.yaml (each named after its
    deployment unless named)."""
    adapter = TypeAdapter(DeploymentTriggerTypes)
    triggers = []
    for i, trigger in enumerate(spec.get("triggers") or [], start=1):
        try:
            triggers.append(adapter.validate_python({"name": f"{spec['name']}__automation_{i}", **trigger}))
        except (ValidationError, TypeError) as exc:
            problem = " ".join(str(exc).split())
            raise ConfigError(f"{source}: trigger {i} of deployment {spec['name']}: {problem}") from None
    return triggers


def _selected(specs: list[dict], names: list[str] | None, source: str) -> list[dict]:
    if not names:
        return specs
    unknown = sorted(set(names) - {s["name"] for s in specs})
    if unknown:
        raise ConfigError(f"{source}: no deployment named {', '.join(unknown)} "
                          f"(there are: {', '.join(s['name'] for s in specs)})")
    return [s for s in specs if s["name"] in names]


def _with_feeds(specs: list[dict], feeds: list[str], source: str) -> list[dict]:
    watching = [s for s in specs if "feeds" in (s.get("parameters") or {})]
    if not watching:
        raise ConfigError(f"--feed: no served deployment of {source} watches feeds "
                          f"(serve one that does, e.g. -d watch-feeds)")
    for spec in watching:
        spec["parameters"] = {**spec["parameters"], "feeds": list(feeds)}
    return specs


def _schedule_notes(spec: dict, where: str, workdir: Path) -> list[str]:
    """Drop the schedules of a deployment that would run with nothing to read; name the local inputs of a
    scheduled deployment that do not exist (yet) in the folder the runs execute in."""
    if not spec.get("schedules"):
        return []
    parameters = spec.get("parameters") or {}
    inputs, feeds = parameters.get("inputs") or [], parameters.get("feeds") or []
    name = f"{FLOW_NAME}/{spec['name']}"
    if not inputs and not feeds:
        spec["schedules"] = []
        return [f"{name} is not scheduled: it has no feeds and no inputs to read ({where}); it still runs "
                f"when triggered with parameters"]
    missing = [i for i in inputs if isinstance(i, str) and not is_url(i) and not (workdir / i).exists()]
    return [f"{name}: {i} does not exist in {workdir}; its scheduled runs will report it as a failure until "
            f"it does" for i in missing]


def _schedule(spec: dict[str, Any]) -> Schedule:
    options = {k: spec[k] for k in ("timezone", "active") if k in spec}
    if "interval" in spec:
        return Interval(spec["interval"], **options)
    if "cron" in spec:
        return Cron(spec["cron"], **options, **({"day_or": spec["day_or"]} if "day_or" in spec else {}))
    if "rrule" in spec:
        return RRule(spec["rrule"], **options)
    raise ConfigError(f"a schedule needs interval, cron or rrule: {spec}")

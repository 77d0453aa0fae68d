"""The deployments of prefect.yaml as runner deployments, for `sitrep serve`: one file describes the
deployments for both `prefect deploy` (work pools) and `sitrep serve` (one process, no work pool)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.schedules import Cron, Interval, RRule, Schedule

from sitrep.errors import ConfigError

ENTRYPOINT = "flows/extract.py:extract_articles"


def _schedule(spec: dict[str, Any]) -> Schedule:
    options = {k: spec[k] for k in ("timezone", "active") if k in spec}
    if "interval" in spec:
        return Interval(spec["interval"], **options)
    if "cron" in spec:
        return Cron(spec["cron"], **options, **({"day_or": spec["day_or"]} if "day_or" in spec else {}))
    if "rrule" in spec:
        return RRule(spec["rrule"], **options)
    raise ConfigError(f"a schedule needs interval, cron or rrule: {spec}")


def deployment_specs(path: Path) -> list[dict[str, Any]]:
    """The deployments of the extract-articles flow declared in a prefect.yaml."""
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file (run `sitrep serve` in the project folder, or pass "
                          f"--file)") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from None
    specs = [d for d in config.get("deployments") or [] if d.get("entrypoint") == ENTRYPOINT]
    if not specs:
        raise ConfigError(f"{path}: no deployment with entrypoint {ENTRYPOINT}")
    return specs


def runner_deployments(path: Path, names: list[str] | None = None) -> list[RunnerDeployment]:
    """Runner deployments for `serve`, named and configured as in prefect.yaml (work pools are ignored)."""
    from sitrep.flows.extract import extract_articles

    specs = deployment_specs(path)
    if names:
        unknown = sorted(set(names) - {s["name"] for s in specs})
        if unknown:
            raise ConfigError(f"{path}: no deployment named {', '.join(unknown)} "
                              f"(there are: {', '.join(s['name'] for s in specs)})")
        specs = [s for s in specs if s["name"] in names]
    return [extract_articles.to_deployment(
        name=spec["name"],
        description=spec.get("description"),
        version=str(spec["version"]) if spec.get("version") is not None else None,
        tags=spec.get("tags") or [],
        parameters=spec.get("parameters") or {},
        schedules=[_schedule(s) for s in spec.get("schedules") or []],
        concurrency_limit=spec.get("concurrency_limit"),
        entrypoint_type=EntrypointType.MODULE_PATH,
    ) for spec in specs]

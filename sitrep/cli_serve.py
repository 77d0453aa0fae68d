"""`sitrep serve`: registered on the main app by sitrep.cli."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

err = Console(stderr=True)


def register(app) -> None:
    @app.command()
    def serve(
        file: Path = typer.Option(Path("prefect.yaml"), "--file", "-f", help="The prefect.yaml to read."),
        deployment: Optional[list[str]] = typer.Option(
            None, "--deployment", "-d", help="Serve only this deployment (repeatable); all by default."),
        limit: Optional[int] = typer.Option(None, help="Most flow runs at once (no limit by default)."),
        dask_workers: Optional[int] = typer.Option(None, help="Run each flow run's articles on a local Dask "
                                                              "cluster of N processes."),
        dask_address: Optional[str] = typer.Option(None, help="Run the articles on this Dask scheduler."),
    ) -> None:
        """Serve the extract-articles deployments of prefect.yaml from this process until stopped (Ctrl+C):
        scheduled runs start on time and ad-hoc runs (`prefect deployment run`) start within seconds.
        Needs a Prefect server (PREFECT_API_URL); no work pool or worker."""
        for name, value in {"dask_workers": dask_workers, "dask_address": dask_address}.items():
            if value is not None:
                os.environ[f"SITREP_{name.upper()}"] = str(value)
        os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        from prefect import serve as prefect_serve
        from prefect.settings import get_current_settings

        from sitrep.errors import SitrepError

        url = get_current_settings().api.url
        if not url:
            err.print("sitrep: serve needs a running Prefect server: start one with `prefect server start`, "
                      "then set PREFECT_API_URL=http://127.0.0.1:4200/api", highlight=False, soft_wrap=True)
            raise typer.Exit(2)
        from sitrep.flows.deployments import runner_deployments
        from sitrep.flows.local_api import check_server

        try:
            check_server(url, "start it with `prefect server start` or fix PREFECT_API_URL")
            deployments = runner_deployments(file, deployment or None)
        except SitrepError as exc:
            err.print(f"sitrep: {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(2)
        prefect_serve(*deployments, limit=limit)

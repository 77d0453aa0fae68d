"""`sitrep serve`: registered on the main app by sitrep.commands.cli."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

err = Console(stderr=True, soft_wrap=True, markup=False, highlight=False)


def register(app) -> None:
    @app.command()
    def serve(
        file: Path | None = typer.Option(
            None, "--file", "-f", help="The prefect.yaml to read. By default ./prefect.yaml, or where there "
                                       "is none, the same deployments built into sitrep."),
        deployment: list[str] | None = typer.Option(
            None, "--deployment", "-d", help="Serve only this deployment (repeatable); all by default."),
        feed: list[str] | None = typer.Option(
            None, "--feed", help="A feed for the watch-feeds deployment to watch (repeatable): replaces the "
                                 "feeds of prefect.yaml and schedules it."),
        limit: int | None = typer.Option(None, help="Most flow runs at once (no limit by default)."),
        dask_workers: int | None = typer.Option(None, help="Run each flow run's articles on a local Dask "
                                                              "cluster of N processes."),
        dask_address: str | None = typer.Option(None, help="Run the articles on this Dask scheduler."),
    ) -> None:
        """Serve the deployments of prefect.yaml (or the built-in ones) from this process until stopped
        (Ctrl+C): scheduled runs start on time, ad-hoc runs (`prefect deployment run`) start within seconds,
        and update-events runs after each extraction, keeping its output's events current. Paths in their
        parameters are relative to this folder. Needs a Prefect server (PREFECT_API_URL); no work pool or
        worker."""
        from prefect import serve as prefect_serve
        from prefect.settings import get_current_settings

        from sitrep.errors import SitrepError

        url = get_current_settings().api.url
        if not url:
            err.print("sitrep: serve needs a running Prefect server: start one with `prefect server start`, "
                      "then set PREFECT_API_URL=http://127.0.0.1:4200/api")
            raise typer.Exit(2)
        from sitrep.flows.deployments import serve_plan
        from sitrep.flows.local_api import check_server

        try:
            check_server(url, "start it with `prefect server start` or fix PREFECT_API_URL")
            dask = {"dask_workers": dask_workers, "dask_address": dask_address}
            plan = serve_plan(file, deployment or None, feed or None,
                              parameters={k: v for k, v in dask.items() if v is not None})
        except SitrepError as exc:
            err.print(f"sitrep: {exc}")
            raise typer.Exit(2) from None
        for note in plan.notes:
            err.print(f"sitrep: {note}")
        prefect_serve(*plan.deployments, limit=limit)

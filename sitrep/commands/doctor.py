"""`sitrep doctor`: what a run would use, and whether each part is ready. Each check is a plain function that
returns a Check; the CLI prints them and exits non-zero when any would fail: 2 when the configuration cannot
work (a key refused, a model not served, an endpoint that cannot be reached), else 1."""

from __future__ import annotations

import importlib.util
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sitrep.config import Settings
from sitrep.errors import ConfigError, SitrepError

PROBE_TOKENS = 1  # the one real request asks for this many tokens: it checks the model and the key, cheaply
PROBE_SECONDS = 60.0  # at most, for that request (less when SITREP_TIMEOUT is less)


@dataclass(frozen=True)
class Check:
    part: str
    ok: bool
    detail: str
    exit_code: int = 1  # when it fails: 2 for a configuration that cannot work


def _writable(folder: Path) -> str | None:
    """Why files cannot be written in `folder` (created if missing), or None."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".sitrep-doctor-"):
            pass
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def check_prompts() -> Check:
    from sitrep.llm import prompting

    try:
        prompting.check()
    except SitrepError as exc:
        return Check("prompts", False, str(exc))
    return Check("prompts", True,
                 f"{len(prompting.PROMPT_NAMES)} files, version {prompting.prompt_version()}")


def check_backend(settings: Settings) -> list[Check]:
    backend = Check("backend", True,
                    f"{settings.backend}, model {settings.model_name()}, mode {settings.mode}")
    if settings.backend == "embedded":
        return [backend, *_embedded_checks(settings)]
    if ":" in settings.backend:  # an imported backend: check that it can be made
        from sitrep.llm import imported_backend

        try:
            imported_backend(settings).close()
        except SitrepError as exc:
            return [backend, Check("import", False, str(exc), 2)]
        return [backend]
    from sitrep.llm.openai_backends import remote_backend

    try:
        remote = remote_backend(settings)  # checks the settings and that the endpoint answers
    except SitrepError as exc:
        return [backend, Check("endpoint", False, str(exc), 2 if isinstance(exc, ConfigError) else 1)]
    try:
        where = settings.base_url or "the OpenAI API"
        return [backend, Check("endpoint", True, f"{where} answers"), check_model(remote)]
    finally:
        remote.close()


def check_model(remote) -> Check:
    """One real, small request with the configured model and key: what the first call of a run would meet."""
    import openai

    from sitrep.llm.calls import describe
    from sitrep.llm.refusals import configuration_error

    try:
        client = remote.client.with_options(timeout=min(PROBE_SECONDS, remote.client.timeout))
        client.chat.completions.create(model=remote.model, max_tokens=PROBE_TOKENS,
                                              messages=[{"role": "user", "content": "Answer OK."}])
    except openai.APIStatusError as exc:
        refused = configuration_error(exc, remote)
        if refused is not None:
            return Check("model", False, str(refused), 2)
        return Check("model", False, f"{describe(exc, remote)} (asked for {remote.model})")
    except openai.APIError as exc:
        return Check("model", False, f"{describe(exc, remote)} (asked for {remote.model})")
    return Check("model", True, f"{remote.model} answered a request at {remote.base_url}")


def _embedded_checks(settings: Settings) -> list[Check]:
    from sitrep.llm import model_files

    runtime = Check("llama.cpp", importlib.util.find_spec("xllamacpp") is not None,
                    "xllamacpp installed" if importlib.util.find_spec("xllamacpp")
                    else "xllamacpp is not installed: pip install 'sitrep[embedded]'")
    if settings.model_path is not None:
        try:
            model_files.check_gguf(settings.model_path)
        except SitrepError as exc:
            return [runtime, Check("weights", False, str(exc))]
        return [runtime, Check("weights", True, f"{settings.model_path} (a GGUF file)")]
    spec = model_files.QWEN_CODER_1_5B
    target = Path(settings.cache_dir) / "models" / spec.filename
    if model_files.is_verified(target, spec):
        return [runtime, Check("weights", True, f"{target} (verified: {spec.size:,} bytes, sha256 matches)")]
    try:
        parts = model_files.find_parts(spec)
    except SitrepError as exc:
        return [runtime, Check("weights", False, str(exc))]
    return [runtime, Check("weights", True, f"all {len(parts)} parts installed; the first run assembles and "
                                            f"verifies {target}")]


def check_prefect() -> Check:
    from sitrep.flows.local_api import api_url_in_sight

    if not api_url_in_sight():
        return Check("prefect", True, "no PREFECT_API_URL: each run starts a local Prefect server")
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    if not url:
        return Check("prefect", True, "no PREFECT_API_URL: each run starts a local Prefect server")
    from sitrep.flows.local_api import check_server

    try:
        check_server(url, "start it or fix PREFECT_API_URL")
    except SitrepError as exc:
        return Check("prefect", False, str(exc))
    return Check("prefect", True, f"{url} answers")


def check_folders(settings: Settings, out: Path) -> list[Check]:
    checks = []
    for part, folder in (("cache", Path(settings.cache_dir)),
                         ("output", out.parent if out.parent != Path("") else Path("."))):
        problem = _writable(folder)
        checks.append(Check(part, problem is None, f"{folder}: {'writable' if problem is None else problem}"))
    return checks


def diagnose(settings: Settings, out: Path) -> list[Check]:
    return [check_prompts(), *check_backend(settings), check_prefect(), *check_folders(settings, out)]


def register(app) -> None:
    import typer
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    @app.command()
    def doctor(
        out_path: Path = typer.Option(Path("out/records.jsonl"), "--out", "-o", help="The records file a run "
                                                                                      "would write."),
        backend: str = typer.Option(None, help="embedded | openai-compatible | openai | module:attribute"),
        base_url: str = typer.Option(None, help="Base URL of an OpenAI-compatible endpoint."),
        model: str = typer.Option(None, help="Model name."),
        cache_dir: Path = typer.Option(None, help="Cache directory [default: ~/.cache/sitrep]."),
    ) -> None:
        """Say what a run would use and whether each part is ready, with one real request to the model; exit
        code 2 when the configuration cannot work (a key refused, a model not served), 1 when something else
        would fail."""
        try:
            settings = Settings.from_flags(backend=backend, base_url=base_url, model=model,
                                           cache_dir=cache_dir)
        except Exception as exc:  # noqa: BLE001 -- pydantic's ValidationError, as one line
            Console(stderr=True, markup=False).print(
                f"sitrep: configuration error: {str(exc).splitlines()[0]}", highlight=False)
            raise typer.Exit(2) from None
        checks = diagnose(settings, out_path)
        table = Table(show_header=False, box=None)
        for c in checks:
            table.add_row(c.part, Text("ok", style="green") if c.ok else Text("FAIL", style="red"), c.detail)
        Console(soft_wrap=True, markup=False).print(table)
        raise typer.Exit(max((c.exit_code for c in checks if not c.ok), default=0))

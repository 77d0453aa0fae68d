"""The words sent to the model, read from the package's prompt files (`prompts/` in the source tree, installed
as `sitrep.prompts`); prompt_version is a hash of exactly those files."""

from __future__ import annotations

import hashlib
from datetime import date
from functools import cache
from importlib import resources

from sitrep.errors import ConfigError

PROMPT_PACKAGE = "sitrep.prompts"
PROMPT_NAMES = ("system", "article", "hints", "casualty_figure", "troop_deployment", "agreement")


def _files():
    try:
        return resources.files(PROMPT_PACKAGE)
    except ModuleNotFoundError:
        raise ConfigError(f"the prompt files are not installed (package {PROMPT_PACKAGE} is missing); "
                          f"reinstall sitrep") from None


@cache
def load(name: str) -> str:
    try:
        return (_files() / f"{name}.md").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the prompt file {name}.md of {PROMPT_PACKAGE}: "
                          f"{exc.strerror or exc}; reinstall sitrep") from None


def check() -> None:
    """Every prompt file is there and readable: a missing one is one configuration error, not a failure per
    article."""
    for name in PROMPT_NAMES:
        load(name)


@cache
def prompt_version() -> str:
    """Short hash over every prompt file sent to the model (name and text), in name order."""
    digest = hashlib.sha256()
    for name in sorted(PROMPT_NAMES):
        digest.update(f"{name}.md".encode() + b"\0" + load(name).encode() + b"\0")
    return digest.hexdigest()[:12]


def messages(record_type: str, text: str, article_id: str, published: date | None,
             hints: list[str] | None = None) -> list[dict]:
    """System, then the article, then the task: the first two are the same for every record type,
    so the calls for one article share a cached prompt prefix. `hints` are passages of the article code found
    worth checking for this task (listed after the task, in prompts/hints.md)."""
    article = load("article").format(id=article_id,
                                     published=published.isoformat() if published else "unknown", text=text)
    return [
        {"role": "system", "content": load("system")},
        {"role": "user", "content": article},
        {"role": "user", "content": load(record_type) + (
            "\n" + load("hints").format(hints="\n".join(f"- {h}" for h in hints)) if hints else "")},
    ]

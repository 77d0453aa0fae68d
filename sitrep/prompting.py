"""The words sent to the model, read from prompts/*.md; prompt_version is a hash of those files."""

from __future__ import annotations

import hashlib
from datetime import date
from functools import lru_cache
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


@lru_cache(maxsize=None)
def load(name: str, directory: Path = PROMPTS_DIR) -> str:
    return (directory / f"{name}.md").read_text(encoding="utf-8").strip()


@lru_cache(maxsize=None)
def prompt_version(directory: Path = PROMPTS_DIR) -> str:
    """Short hash over every prompt file (name and bytes), in name order."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.md")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def messages(record_type: str, text: str, article_id: str, published: date | None,
             hints: list[str] | None = None) -> list[dict]:
    """System, then the article, then the task: the first two are the same for every record type,
    so the calls for one article share a cached prompt prefix. `hints` are passages of the article code found
    worth checking for this task (listed after the task, in prompts/hints.md)."""
    article = load("article").format(id=article_id, published=published.isoformat() if published else "unknown",
                                     text=text)
    return [
        {"role": "system", "content": load("system")},
        {"role": "user", "content": article},
        {"role": "user", "content": load(record_type) + (
            "\n" + load("hints").format(hints="\n".join(f"- {h}" for h in hints)) if hints else "")},
    ]

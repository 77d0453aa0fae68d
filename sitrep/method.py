"""The method version: a hash of the code and data that turn the model's answers into records. Every record
carries it beside `prompt_version`; a rerun rebuilds every article's records with the current method."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

# the wings whose code and data decide what a record says (answers in, records out), whole: a module added to
# one of them is hashed without being listed
METHOD_WINGS = ("reading", "deciding", "building")
METHOD_MODULES = ("extract.py",)


def _files(folder: Traversable) -> list[Traversable]:
    out = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.is_dir() and item.name != "__pycache__":
            out += _files(item)
        elif item.is_file() and not item.name.endswith((".pyc", ".pyo")):
            out.append(item)
    return out


@cache
def method_version() -> str:
    digest = hashlib.sha256()
    package = resources.files("sitrep")
    files = [f for wing in METHOD_WINGS for f in _files(package / wing)]
    files += [package / name for name in METHOD_MODULES]
    for item in files:
        digest.update(item.name.encode() + b"\0" + item.read_bytes() + b"\0")
    return digest.hexdigest()[:12]

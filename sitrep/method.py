"""The method version: a hash of the code that turns the model's answers into records. Every record carries it
beside `prompt_version`; a rerun rebuilds every article's records with the current method."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

# the modules whose code decides what a record says (answers in, records out)
METHOD_MODULES = ("assemble", "candidates", "chunking", "claims", "countries", "dates", "extract", "figures",
                  "grounding", "hostile", "items", "language", "quantities", "scope", "vocabulary")
METHOD_DATA = "data"  # tables the method reads (countries, demonyms), if the package has them


@cache
def method_version() -> str:
    digest = hashlib.sha256()
    package = resources.files("sitrep")
    for name in METHOD_MODULES:
        source = package / f"{name}.py"
        if source.is_file():
            digest.update(name.encode() + b"\0" + source.read_bytes() + b"\0")
    data = package / METHOD_DATA
    if data.is_dir():
        for item in sorted(data.iterdir(), key=lambda p: p.name):
            if item.is_file():
                digest.update(item.name.encode() + b"\0" + item.read_bytes() + b"\0")
    return digest.hexdigest()[:12]

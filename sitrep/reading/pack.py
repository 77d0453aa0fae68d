"""A language pack: the words of one language the method reads, by kind, as data. A pack is the folder
`sitrep/reading/packs/<code>/`; its TOML files hold tables of word kinds, each a list of word forms (regular
expression alternatives such as 'kill\\w*'), merged in file-name order. Code never spells a word of a
language: it asks the active pack for a kind (`active().pattern("harm.killed")`). A kind the pack does not
have matches nothing, so a small pack drives the whole path with what it has.

Kinds listed in the pack's `case_sensitive` list (acronyms and proper names: "KIA", "WHO") match in their
case; every other kind matches in any case. In kinds listed under `inflected` each single word is a lemma that
stands for all its forms, and a pack's `[clitics]` may stand around every word form (`sitrep.reading.
morphology`).

A pack is read (articles detected in its language are read with it) once one of its files says `ready = true`,
which its author sets when its test table passes; until then it is loaded only by a caller that asks for it
(`using(load(code))`). English, the default, is always read."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

from sitrep.reading.morphology import inflect, with_clitics, with_marks

NEVER = re.compile(r"(?!)")
DEFAULT = "en"


@dataclass(frozen=True, eq=False)
class Pack:
    """One language's words by kind. `entries` maps a dotted kind ("harm.killed") to its word forms, or to a
    plain value (a table of number words, a setting)."""

    code: str
    entries: dict[str, object]
    case_sensitive: frozenset[str] = frozenset()
    _patterns: dict = field(default_factory=dict, repr=False)

    def words(self, kind: str) -> tuple[str, ...]:
        """The word forms of a kind; of every kind under it for a group ("harm" -> harm.killed,
        harm.wounded, ...)."""
        value = self.entries.get(kind)
        if isinstance(value, list):
            return tuple(value)
        prefix = kind + "."
        return tuple(w for k, v in self.entries.items()
                     if k.startswith(prefix) and isinstance(v, list) for w in v)

    def kinds(self, group: str) -> tuple[str, ...]:
        """The kinds directly under a group, in pack order ("harm" -> ("killed", "wounded", ...))."""
        prefix = group + "."
        return tuple(dict.fromkeys(k[len(prefix):].split(".")[0]
                                   for k in self.entries if k.startswith(prefix)))

    def value(self, kind: str, default: object = None) -> object:
        return self.entries.get(kind, default)

    def table(self, kind: str) -> dict:
        """A plain table of the pack ("numbers.units" -> {"one": 1, ...}); empty when the pack has none."""
        value = self.entries.get(kind)
        return dict(value) if isinstance(value, dict) else {}

    def alternation(self, *kinds: str) -> str:
        """The word forms of the kinds as one regular-expression group, in pack order (the first form that
        matches at a place wins, so a pack lists longer phrases before their heads); a group that never
        matches when the pack has none of them. Forms of a case-sensitive kind keep their case inside any
        pattern, beside forms of other kinds that match in any case. Each form may carry the pack's
        clitics, and the marks its script writes inside words (`letters.marks`)."""
        marks = str(self.value("letters.marks") or self.table("letters").get("marks") or "")
        forms = list(dict.fromkeys(f"(?-i:{w})" if self._sensitive(leaf) else with_marks(w, marks)
                                   for kind in kinds for leaf in self._leaves(kind)
                                   for w in self.words(leaf)))
        if not forms:
            return NEVER.pattern
        return with_clitics("(?:" + "|".join(forms) + ")", self.words("clitics.prefixes"),
                            self.words("clitics.suffixes"))

    def pattern(self, *kinds: str) -> re.Pattern:
        """Whole words or phrases of the kinds, compiled once per pack."""
        key = kinds
        compiled = self._patterns.get(key)
        if compiled is None:
            if not any(self.words(kind) for kind in kinds):
                compiled = NEVER
            else:
                compiled = re.compile(r"\b" + self.alternation(*kinds) + r"\b", re.IGNORECASE)
            self._patterns[key] = compiled
        return compiled

    def _leaves(self, kind: str) -> tuple[str, ...]:
        """The kind itself when it holds word forms, else the kinds under it, in pack order."""
        if isinstance(self.entries.get(kind), list):
            return (kind,)
        prefix = kind + "."
        return tuple(k for k, v in self.entries.items() if k.startswith(prefix) and isinstance(v, list))

    def sensitive(self, kind: str) -> bool:
        """Whether the kind matches in its case (an acronym or a proper name)."""
        return self._sensitive(kind)

    def _sensitive(self, kind: str) -> bool:
        return any(kind == k or kind.startswith(k + ".") for k in self.case_sensitive)


def _flatten(table: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not _is_plain_table(value):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


def _is_plain_table(value: dict) -> bool:
    """A table of values (number words to numbers), not a group of kinds."""
    return bool(value) and all(not isinstance(v, (list, dict)) for v in value.values())


FILE_SETTINGS = ("ready",)  # settings of the pack as a whole, not kinds


def from_folder(folder: Path, code: str) -> Pack:
    """The pack whose TOML files are in `folder`."""
    entries: dict[str, object] = {}
    sensitive: set[str] = set()
    inflected: set[str] = set()
    for path in sorted(Path(folder).glob("*.toml")):
        with path.open("rb") as handle:
            table = _flatten(tomllib.load(handle))
        for setting in FILE_SETTINGS:
            table.pop(setting, None)
        listed = table.pop("case_sensitive", [])
        sensitive.update(listed if isinstance(listed, list) else [])  # each file lists its own kinds
        listed = table.pop("inflected", [])
        inflected.update(listed if isinstance(listed, list) else [])
        entries.update(table)
    if inflected:
        entries = inflect(code, entries, inflected)
    return Pack(code, entries, frozenset(sensitive))


@cache
def load(code: str = DEFAULT) -> Pack:
    """The pack shipped for a language code."""
    folder = files("sitrep.reading").joinpath("packs", code)
    if not folder.is_dir():
        raise LookupError(f"no language pack for {code!r}")
    return from_folder(Path(str(folder)), code)


def available() -> tuple[str, ...]:
    """The codes of the packs shipped, ready or not."""
    root = files("sitrep.reading").joinpath("packs")
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_")))


@cache
def ready(code: str) -> bool:
    """Whether the shipped pack of `code` is read: English always, another once a file of it says
    `ready = true` (read without building the pack)."""
    if code == DEFAULT:
        return True
    folder = files("sitrep.reading").joinpath("packs", code)
    if not folder.is_dir():
        return False
    for path in sorted(Path(str(folder)).glob("*.toml")):
        try:
            with path.open("rb") as handle:
                if tomllib.load(handle).get("ready") is True:
                    return True
        except (OSError, tomllib.TOMLDecodeError):  # a pack that cannot be read is not read
            return False
    return False


def readable() -> tuple[str, ...]:
    """The codes of the languages articles are read in."""
    return tuple(code for code in available() if ready(code))


_ACTIVE: ContextVar[Pack | None] = ContextVar("sitrep_pack", default=None)


def active() -> Pack:
    """The pack of the article being read (English unless a caller chose another)."""
    return _ACTIVE.get() or load(DEFAULT)


def chosen() -> Pack | None:
    """The pack a caller chose with `using`, or None."""
    return _ACTIVE.get()


@contextmanager
def using(pack: Pack) -> Iterator[Pack]:
    """Read with `pack` inside the block (per thread and task, so concurrent articles keep their own)."""
    token = _ACTIVE.set(pack)
    try:
        yield pack
    finally:
        _ACTIVE.reset(token)

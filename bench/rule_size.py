"""The size of the rule layer: regex alternatives and list entries in Python code and in the language packs,
and lines per module, for the targets of the rule-layer issue (< 2,400 alternatives and entries in all, < 600
of them in Python, no module over 400 lines).

  .venv/bin/python bench/rule_size.py            # table per file, then totals
  .venv/bin/python bench/rule_size.py --totals   # totals only

Counted, for every string literal of the code (docstrings left out) and every word form of the packs:
  alternatives  each group of a regular expression (and its top level) that holds k > 0 '|' counts k + 1
                ('|' escaped or inside [...] not counted)
  entries       each element of a list, tuple or set literal, each key of a dict literal, each string argument
                of a call that takes two or more (the rule lists spelled as arguments); in a pack, each word
                form of a kind and each key of a plain table
"""

from __future__ import annotations

import ast
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINGS = ("sitrep/reading", "sitrep/deciding", "sitrep/building")
PACKS = "sitrep/reading/packs"
MAX_LINES = 400


def alternatives(regex: str) -> int:
    """k + 1 for each group (and the top level) that holds k > 0 '|' at its own depth."""
    bars = [0]  # a counter per open group; index 0 is the top level
    total, escaped, in_class = 0, False, False
    for ch in regex:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            bars.append(0)
        elif ch == ")" and len(bars) > 1:
            k = bars.pop()
            total += k + 1 if k else 0
        elif ch == "|":
            bars[-1] += 1
    return total + sum(k + 1 for k in bars if k)


@dataclass
class Size:
    path: str
    lines: int
    alternatives: int = 0
    entries: int = 0


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and \
                isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            ids.add(id(body[0].value))
    return ids


def _is_value(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float)) and \
        not isinstance(node.value, bool) or isinstance(node, ast.JoinedStr)


def python_size(path: Path) -> Size:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    size = Size(str(path.relative_to(ROOT)), source.count("\n"))
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            size.alternatives += alternatives(node.value)
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            size.entries += sum(_is_value(e) for e in node.elts)
        elif isinstance(node, ast.Dict):
            size.entries += sum(k is not None and _is_value(k) for k in node.keys)
        elif isinstance(node, ast.Call):
            strings = sum(isinstance(a, ast.Constant) and isinstance(a.value, str)
                          or isinstance(a, ast.JoinedStr)
                          for a in node.args)
            size.entries += strings if strings >= 2 else 0
    return size


def _pack_values(value: object, size: Size) -> None:
    if isinstance(value, list):
        for form in value:
            size.entries += 1
            if isinstance(form, str):
                size.alternatives += alternatives(form)
    elif isinstance(value, dict):
        plain = all(not isinstance(v, (list, dict)) for v in value.values())
        if plain:
            size.entries += len(value)
        else:
            for v in value.values():
                _pack_values(v, size)


def pack_size(path: Path) -> Size:
    text = path.read_text(encoding="utf-8")
    size = Size(str(path.relative_to(ROOT)), text.count("\n"))
    _pack_values(tomllib.loads(text), size)
    return size


def measure() -> tuple[list[Size], list[Size]]:
    code = [python_size(p) for wing in WINGS for p in sorted((ROOT / wing).rglob("*.py"))]
    packs = [pack_size(p) for p in sorted((ROOT / PACKS).rglob("*.toml"))]
    return code, packs


def main(argv: list[str]) -> int:
    code, packs = measure()
    if "--totals" not in argv:
        print(f"{'file':52} {'lines':>6} {'alts':>6} {'entries':>8}")
        for s in [*code, *packs]:
            flag = f"  > {MAX_LINES} lines" if s.path.endswith(".py") and s.lines > MAX_LINES else ""
            print(f"{s.path:52} {s.lines:6} {s.alternatives:6} {s.entries:8}{flag}")
    in_code = sum(s.alternatives + s.entries for s in code)
    in_packs = sum(s.alternatives + s.entries for s in packs)
    print(f"python: {sum(s.alternatives for s in code)} alternatives + {sum(s.entries for s in code)} "
          f"entries = {in_code}  (target < 600)")
    print(f"packs:  {sum(s.alternatives for s in packs)} alternatives + {sum(s.entries for s in packs)} "
          f"entries = {in_packs}")
    print(f"total:  {in_code + in_packs}  (target < 2400)")
    over = [s.path for s in code if s.lines > MAX_LINES]
    print(f"modules over {MAX_LINES} lines: {len(over)}" + (f" ({', '.join(over)})" if over else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

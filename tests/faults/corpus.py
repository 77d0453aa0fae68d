"""Generated test articles with known facts, and a responder that answers exactly those facts.

Two kinds of article: a "report" states a troop number and a death toll (two model calls: casualties and
troops), a "treaty" states an agreement and has no digits (one call). Every article holds at least one fact,
so an article that succeeded must have records and an article with no records must be in the failures file."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from faults.server import Request

TOWNS = ["Kupiansk", "Pokrovsk", "Kharkiv", "Sumy", "Avdiivka", "Bakhmut", "Kherson", "Zaporizhzhia",
         "Toretsk", "Vovchansk", "Lyman", "Siversk"]
FORCES = ["Russian", "Ukrainian", "North Korean", "Belarusian"]
STATES = ["Russia", "Iran", "North Korea", "Belarus", "China", "Ukraine", "Poland", "Turkey", "Hungary",
          "Serbia"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_TROOPS = re.compile(r"Approximately ([\d,]+) (.+?) troops were deployed near (\w+)")
_KILLED = re.compile(r"At least (\d+) civilians were killed in (\w+)")
_SIGNED = re.compile(r"(.+?) and (.+?) signed a defence cooperation treaty")


def report(i: int, rng: random.Random) -> str:
    town, force, day = rng.choice(TOWNS), rng.choice(FORCES), rng.choice(DAYS)
    troops, killed = rng.randrange(1_000, 90_000, 100), rng.randrange(2, 400)
    return (f"Approximately {troops:,} {force} troops were deployed near {town} this week. "
            f"At least {killed} civilians were killed in {town} on {day}, officials said. "
            f"Report {i} ends here.")


def letters(i: int) -> str:
    """A unique tag without digits (a treaty article must not contain a number)."""
    tag = ""
    while True:
        i, r = divmod(i, 26)
        tag = chr(ord("A") + r) + tag
        if i == 0:
            return tag


def treaty(i: int, rng: random.Random) -> str:
    a, b = rng.sample(STATES, 2)
    return (f"{a} and {b} signed a defence cooperation treaty in the capital on {rng.choice(DAYS)}. "
            f"Diplomats filed it under reference {letters(i)}.")


def quiet(i: int, rng: random.Random) -> str:
    """An article with nothing to extract: no number, no agreement word (no model call is worth making)."""
    return (f"Residents of {rng.choice(TOWNS)} met the mayor to talk about roads, schools and the market. "
            f"The meeting was filed under reference {letters(i)}.")


def articles(n: int, seed: int = 0, treaty_share: float = 0.3) -> list[dict]:
    """n articles as JSONL objects (`id`, `text`), ids a0000, a0001, …; reports and treaties mixed."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        text = treaty(i, rng) if rng.random() < treaty_share else report(i, rng)
        out.append({"id": f"a{i:04d}", "text": text})
    return out


def write_jsonl(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in items), encoding="utf-8")
    return path


def write_files(directory: Path, items: list[dict]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for a in items:
        (directory / f"{a['id']}.txt").write_text(a["text"] + "\n", encoding="utf-8")
    return directory


def facts(record_type: str | None, text: str) -> list[dict]:
    """The items a faithful model returns for one record type of one article."""
    items: list[dict] = []
    if record_type == "troop_deployment":
        for m in _TROOPS.finditer(text):
            items.append({"quote": m.group(0), "count": int(m.group(1).replace(",", "")),
                          "force": m.group(2), "location": m.group(3), "status": "deployed"})
    elif record_type == "casualty_figure":
        for m in _KILLED.finditer(text):
            items.append({"quote": m.group(0), "count": int(m.group(1)), "measure": "killed",
                          "group": "civilians", "location": m.group(2)})
    elif record_type == "agreement":
        for m in _SIGNED.finditer(text):
            items.append({"quote": m.group(0), "parties": [m.group(1), m.group(2)], "status": "signed",
                          "sectors": ["defence"]})
    return items


def responder(request: Request) -> list:
    return facts(request.record_type, request.article)


def expected(text: str) -> set[tuple[str, str, int | None]]:
    """(record type, quote, count) of every record the article should give."""
    out = set()
    for record_type in ("troop_deployment", "casualty_figure", "agreement"):
        for item in facts(record_type, text):
            out.add((record_type, item["quote"], item.get("count")))
    return out


def observed(record: dict) -> tuple[str, str, int | None]:
    count = record.get("count")
    return record["record_type"], record["evidence"]["quote"], count["value"] if count else None

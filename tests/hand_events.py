"""Events made by hand over the example records (tests/data/examples/records.jsonl), so the export and the
review page are tested apart from how sitrep.events groups: a disputed incident (two claimants' death tolls),
a deployment with its casualties, a second deployment and the three agreements."""

from __future__ import annotations

from pathlib import Path

from sitrep.events.model import Claim, Event, Measure, When, event_to_json
from sitrep.io.recordfile import read_records

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "tests" / "data" / "examples" / "records.jsonl"
BELGOROD_KILLED, MOD_KILLED = "fe4155652951fcc5b7985d21", "ebe8284888af30ee3e8f3f26"


def claim(record) -> Claim:
    return Claim(value=record.count.value, low=record.count.low, high=record.count.high,
                 qualifier=record.count.qualifier,
                 claimant=record.attributed_to or record.article.publisher or record.article.id,
                 article_id=record.article.id, publisher=record.article.publisher,
                 published=record.article.published.isoformat() if record.article.published else None,
                 record_id=record.record_id, group=getattr(record, "group", None))


def measure(records: list, disputed: bool = False) -> Measure:
    values = [r.count.value for r in records]
    return Measure(best=min(values), low=min(values), high=max(values), claims=[claim(r) for r in records],
                   sources=len({r.article.publisher or r.article.id for r in records}),
                   claimants=len({r.attributed_to for r in records}), disputed=disputed,
                   basis="the lowest of the claimants' latest figures")


def hand_events(place: str = "Belgorod") -> list[Event]:
    by_id = {r.record_id: r for r in read_records(RECORDS)}
    ids = list(by_id)
    agreements = [r for r in by_id.values() if r.record_type == "agreement"]
    troops = [r for r in by_id.values() if r.record_type == "troop_deployment"]
    korea = next(r for r in troops if r.article.id == "mod-2025-01-23")
    poland = next(r for r in troops if r.article.id != "mod-2025-01-23")
    casualties = next(r for r in by_id.values() if getattr(r, "measure", None) == "casualties")
    wounded = next(r for r in by_id.values() if getattr(r, "measure", None) == "wounded")
    killed = [by_id[BELGOROD_KILLED], by_id[MOD_KILLED]]
    events = [
        Event(event_id="ev-belgorod", kind="incident", when=When(start="2023-12-30", end="2023-12-30"),
              place=place, country="Russia", actors=["Ukraine"],
              record_ids=[r.record_id for r in [*killed, wounded]],
              articles=sorted({r.article.id for r in [*killed, wounded]}),
              measures={"killed": measure(killed, disputed=True), "wounded": measure([wounded])},
              joined_by=["same place and date: Belgorod, 2023-12-30", "same claimant"]),
        Event(event_id="ev-kursk", kind="deployment", when=When(start="2024-10-01", end="2025-01-23"),
              place="Kursk region", country="Russia", actors=["North Korea"],
              record_ids=[korea.record_id, casualties.record_id], articles=[korea.article.id],
              measures={"troops": measure([korea]), "casualties": measure([casualties])}),
        Event(event_id="ev-poland", kind="deployment", when=When(start="2022-02-11", end="2022-02-11"),
              place=None, country="Poland", actors=["United States"], record_ids=[poland.record_id],
              articles=[poland.article.id], measures={"troops": measure([poland])}),
        *(Event(event_id=f"ev-agreement-{n}", kind="agreement",
                when=When(start=str(r.article.published), end=str(r.article.published)),
                actors=list(r.parties), record_ids=[r.record_id], articles=[r.article.id])
          for n, r in enumerate(agreements)),
    ]
    assert sorted(i for e in events for i in e.record_ids) == sorted(ids)  # every record in one event
    return events


def write_events(events: list[Event], path: Path) -> Path:
    path.write_text("".join(event_to_json(e) + "\n" for e in events), encoding="utf-8")
    return path

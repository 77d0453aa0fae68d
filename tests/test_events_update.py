"""Stable event ids, and an update after new records that gives what a full rebuild gives."""

import json

from events_factory import casualty, event_of, troops, write

from sitrep.events import build_events, read_events, update_events
from sitrep.events.state import state_path


def _day_one():
    return [
        casualty("wire-1", "2024-03-04", 10, quote="A strike on Olvira killed 10 people",
                 publisher="Wire One"),
        casualty("wire-1", "2024-03-04", 30, "wounded", quote="and wounded 30", at=40, publisher="Wire One"),
        casualty("wire-3", "2024-03-04", 4, quote="Four people were killed in Tessar", publisher="Wire One"),
        troops("post-1", "2024-03-02", 600, "Norway", location="Estonia", publisher="Post"),
    ]


def _day_two():
    return [
        casualty("daily-2", "2024-03-05", 14, quote="The toll in Olvira rose to 14", publisher="Daily"),
        casualty("daily-3", "2024-03-05", 2, quote="Two people were killed in Marnow", publisher="Daily"),
        troops("post-2", "2024-03-06", 650, "Norway", location="Estonia", publisher="Daily"),
    ]


def test_a_rebuild_gives_the_same_ids_and_a_later_article_keeps_them():
    first = build_events(_day_one())
    again = build_events(list(reversed(_day_one())))
    assert [e.event_id for e in first] == [e.event_id for e in again]
    later = build_events(_day_one() + _day_two())
    olvira = _day_one()[0]
    assert event_of(later, olvira).event_id == event_of(first, olvira).event_id
    assert len(event_of(later, olvira).articles) == 2  # the later article joined it
    assert len({e.event_id for e in later}) == len(later)


def test_an_update_after_new_records_equals_a_full_rebuild(tmp_path):
    records = write(tmp_path / "records.jsonl", _day_one())
    events = tmp_path / "records.events.jsonl"
    first = update_events([records], events)
    assert first.rebuilt and first.new_records == 4 and state_path(events).is_file()
    write(records, _day_two(), mode="a")
    second = update_events([records], events)
    assert not second.rebuilt and second.new_records == 3 and second.records == 7
    assert 0 < second.changed_events < second.events  # the Tessar event was left as it was
    full = update_events([records], tmp_path / "full.jsonl")
    assert events.read_bytes() == (tmp_path / "full.jsonl").read_bytes()
    assert [e.model_dump() for e in read_events(events)] == \
        [e.model_dump() for e in build_events(_day_one() + _day_two())]
    assert full.rebuilt
    third = update_events([records], events)  # nothing new: nothing changes
    assert third.new_records == 0 and third.changed_events == 0
    assert events.read_bytes() == (tmp_path / "full.jsonl").read_bytes()


def test_a_records_file_rewritten_with_fewer_records_is_read_again(tmp_path):
    records = write(tmp_path / "records.jsonl", _day_one() + _day_two())
    events = tmp_path / "events.jsonl"
    update_events([records], events)
    kept = [r for r in _day_one() + _day_two() if r["article"]["id"] != "daily-2"]
    write(records, kept)
    update_events([records], events)
    assert [e.model_dump() for e in read_events(events)] == [e.model_dump() for e in build_events(kept)]


def test_records_of_several_files_and_a_bad_line_named_by_file_and_line(tmp_path):
    one = write(tmp_path / "one.jsonl", _day_one())
    two = write(tmp_path / "two.jsonl", _day_two())
    with two.open("a") as fh:
        fh.write("{not json\n")
        fh.write(json.dumps({"record_id": "x", "record_type": "rumour", "article": {"id": "a"}}) + "\n")
    result = update_events([one, two], tmp_path / "events.jsonl")
    assert result.records == 7
    assert [n.split(": ")[0] for n in result.notes] == [f"{two}:4", f"{two}:5"]
    assert "not JSON" in result.notes[0] and "rumour" in result.notes[1]


def test_a_changed_grouping_version_or_a_hand_edited_events_file_rebuilds(tmp_path):
    records = write(tmp_path / "records.jsonl", _day_one())
    events = tmp_path / "events.jsonl"
    update_events([records], events)
    events.write_bytes(events.read_bytes().splitlines(keepends=True)[0])  # lines lost by hand
    write(records, _day_two(), mode="a")
    result = update_events([records], events)
    assert result.rebuilt
    assert [e.model_dump() for e in read_events(events)] == \
        [e.model_dump() for e in build_events(_day_one() + _day_two())]


def test_updates_in_any_number_of_steps_give_the_full_rebuild(tmp_path):
    from events_factory import random_feed

    for seed in (1, 2, 3):
        records = random_feed(seed)
        path = tmp_path / f"records-{seed}.jsonl"
        events = tmp_path / f"events-{seed}.jsonl"
        path.write_text("")
        cuts = sorted({0, len(records), *(len(records) * i // 5 for i in range(1, 5))})
        for start, end in zip(cuts, cuts[1:], strict=False):
            write(path, records[start:end], mode="a")
            update_events([path], events)
        full = tmp_path / f"full-{seed}.jsonl"
        update_events([path], full)
        assert events.read_bytes() == full.read_bytes(), seed


def test_the_lines_written_are_the_models_lines(tmp_path):
    from events_factory import random_feed

    from sitrep.events import event_to_json

    path = write(tmp_path / "records.jsonl", random_feed(4))
    update_events([path], tmp_path / "events.jsonl")
    lines = (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines == [event_to_json(e) for e in read_events(tmp_path / "events.jsonl")]
    assert lines == [event_to_json(e) for e in build_events(random_feed(4))]


def test_updates_of_a_dense_synthetic_feed_in_any_order_and_after_a_rewrite_give_the_rebuild(tmp_path):
    """Many events a day in a few countries, articles appended in a shuffled order, then some taken out: the
    blocks an update regroups split and join as a rebuild's do."""
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from events_bench import generate

    for seed in (0,):
        records, _ = generate(2500, seed=seed, days=60)
        rng = random.Random(seed)
        articles = list(dict.fromkeys(r["article"]["id"] for r in records))
        rng.shuffle(articles)
        by_article: dict[str, list] = {}
        for r in records:
            by_article.setdefault(r["article"]["id"], []).append(r)
        path, events = tmp_path / f"records-{seed}.jsonl", tmp_path / f"events-{seed}.jsonl"
        path.write_text("")
        for start in range(0, len(articles), 50):
            write(path, [r for a in articles[start:start + 50] for r in by_article[a]], mode="a")
            update_events([path], events)
            if start == 1250:
                update_events([path], tmp_path / f"half-{seed}.jsonl")
                assert events.read_bytes() == (tmp_path / f"half-{seed}.jsonl").read_bytes(), seed
        kept = [r for r in records if rng.random() > 0.1]
        write(path, kept)
        update_events([path], events)
        update_events([path], tmp_path / f"full-{seed}.jsonl")
        assert events.read_bytes() == (tmp_path / f"full-{seed}.jsonl").read_bytes(), seed

import json

from sitrep.io.sink import (
    FailureSink,
    JsonlSink,
    RecordSink,
    forget_failures,
    forget_shared,
    line_key,
    settle_records,
)
from sitrep.llm.cache import AnswerCache, call_key


def test_call_key_changes_with_everything_sent():
    base = dict(model="m", decoding={"t": 0}, messages=[{"role": "user", "content": "a"}],
                response_schema={"title": "X"})
    key = call_key(**base)
    assert key == call_key(**base)
    for field, other in [("model", "m2"), ("decoding", {"t": 1}),
                         ("messages", [{"role": "user", "content": "b"}]),
                         ("response_schema", {"title": "Y"})]:
        assert call_key(**{**base, field: other}) != key


def test_cache_persists_across_instances(tmp_path):
    AnswerCache(tmp_path).put("ab" * 32, {"items": [{"quote": "q"}]})
    assert AnswerCache(tmp_path).get("ab" * 32) == {"items": [{"quote": "q"}]}
    assert AnswerCache(tmp_path).get("cd" * 32) is None


def test_sink_skips_ids_already_written(tmp_path):
    path = tmp_path / "out.jsonl"
    sink = JsonlSink(path, key="record_id")
    assert sink.write_lines([("a", '{"record_id":"a"}'), ("b", '{"record_id":"b"}')]) == 2
    assert JsonlSink(path, key="record_id").write_lines([("a", '{"record_id":"a"}'),
                                                         ("c", '{"record_id":"c"}')]) == 1
    ids = [json.loads(line)["record_id"] for line in path.read_text().splitlines()]
    assert ids == ["a", "b", "c"]


def test_torn_last_line_is_cut_before_appending(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"record_id":"a"}\n{"record_id":"b","tru')
    sink = JsonlSink(path, key="record_id")
    sink.write_lines([("b", '{"record_id":"b"}')])
    assert path.read_text().splitlines() == ['{"record_id":"a"}', '{"record_id":"b"}']


def test_a_shared_sink_follows_its_file(tmp_path):
    path = tmp_path / "out.jsonl"
    sink = RecordSink.shared(path)
    assert RecordSink.shared(tmp_path / "." / "out.jsonl") is sink  # one per file in a process
    a, b, c = '{"record_id":"a"}', '{"record_id":"b"}', '{"record_id":"c"}'
    assert sink.write_lines([(line_key(a), a)]) == 1
    with open(path, "ab") as fh:  # another process appends a line, then dies in the middle of the next one
        fh.write(b'{"record_id":"b"}\n{"record_id":"c","tru')
    assert sink.write_lines([(line_key(b), b), (line_key(c), c)]) == 1
    assert path.read_text().splitlines() == [a, b, c]
    path.unlink()  # a new output file: everything is new again
    assert sink.write_lines([(line_key(a), a)]) == 1
    assert path.read_text().splitlines() == ['{"record_id":"a"}']
    forget_shared()
    assert RecordSink.shared(path) is not sink


def _failure(article_id: str, error: str) -> dict:
    return {"failure_id": f"{article_id}-{error}", "id": article_id, "error": error}


def test_fixed_articles_leave_the_failures_file(tmp_path):
    path = tmp_path / "records.failures.jsonl"
    first, other = FailureSink(path), FailureSink(path)  # two writers, as two processes would have
    first.write([_failure("a", "timeout"), _failure("b", "timeout"), _failure("a", "bad answer")])
    assert forget_failures(path, {"a", "never-failed"}) == 2
    assert [json.loads(x)["id"] for x in path.read_text().splitlines()] == ["b"]
    # the other writer notices the file was replaced: a new failure of "a" is written again, "b" is not
    # doubled
    assert other.write([_failure("a", "timeout"), _failure("b", "timeout")]) == 1
    assert [json.loads(x)["id"] for x in path.read_text().splitlines()] == ["b", "a"]
    assert forget_failures(path, set()) == 0 and not (tmp_path / "records.failures.jsonl.tmp").exists()


def _line(article: str, record: str, value: int) -> str:
    return json.dumps({"record_id": record, "article": {"id": article}, "value": value},
                      separators=(",", ":"))


def test_settling_keeps_exactly_the_lines_a_run_built_for_its_articles(tmp_path):
    path = tmp_path / "records.jsonl"
    old_a, other = _line("A", "r1", 1), _line("B", "r2", 2)
    new_a1, new_a2 = _line("A", "r1", 10), _line("A", "r3", 3)  # same record id, rebuilt with other content
    sink = RecordSink(path)
    sink.write_lines([(line_key(x), x) for x in (old_a, other, new_a1, new_a2, new_a2)])
    assert settle_records(path, {"A": [line_key(new_a1), line_key(new_a2)]}) == 1
    assert path.read_text().splitlines() == [other, new_a1, new_a2]
    assert settle_records(path, {"A": [line_key(new_a1), line_key(new_a2)]}) == 0  # settled: left as it is
    assert settle_records(path, {"B": []}) == 1  # an article that now yields nothing loses its old lines
    assert path.read_text().splitlines() == [new_a1, new_a2]

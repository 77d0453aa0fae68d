import json

from sitrep.cache import ResultCache, cache_key
from sitrep.sink import FailureSink, JsonlSink, RecordSink, forget_failures, forget_shared


def test_cache_key_changes_with_every_input():
    base = dict(content_sha256="c", backend="embedded", model="m", prompt_version="p", decoding={"t": 0})
    key = cache_key(**base)
    assert key == cache_key(**base)
    for field, other in [("content_sha256", "c2"), ("backend", "openai"), ("model", "m2"),
                         ("prompt_version", "p2"), ("decoding", {"t": 1})]:
        assert cache_key(**{**base, field: other}) != key


def test_cache_persists_across_instances(tmp_path):
    ResultCache(tmp_path).put("ab" * 32, {"records": [1]})
    assert ResultCache(tmp_path).get("ab" * 32) == {"records": [1]}
    assert ResultCache(tmp_path).get("cd" * 32) is None


def test_sink_skips_ids_already_written(tmp_path):
    path = tmp_path / "out.jsonl"
    sink = JsonlSink(path, key="record_id")
    assert sink.write_lines([("a", '{"record_id":"a"}'), ("b", '{"record_id":"b"}')]) == 2
    assert JsonlSink(path, key="record_id").write_lines([("a", '{"record_id":"a"}'), ("c", '{"record_id":"c"}')]) == 1
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
    assert sink.write_lines([("a", '{"record_id":"a"}')]) == 1
    with open(path, "ab") as fh:  # another process appends a line, then dies in the middle of the next one
        fh.write(b'{"record_id":"b"}\n{"record_id":"c","tru')
    assert sink.write_lines([("b", '{"record_id":"b"}'), ("c", '{"record_id":"c"}')]) == 1
    assert path.read_text().splitlines() == ['{"record_id":"a"}', '{"record_id":"b"}', '{"record_id":"c"}']
    path.unlink()  # a new output file: everything is new again
    assert sink.write_lines([("a", '{"record_id":"a"}')]) == 1
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
    # the other writer notices the file was replaced: a new failure of "a" is written again, "b" is not doubled
    assert other.write([_failure("a", "timeout"), _failure("b", "timeout")]) == 1
    assert [json.loads(x)["id"] for x in path.read_text().splitlines()] == ["b", "a"]
    assert forget_failures(path, set()) == 0 and not (tmp_path / "records.failures.jsonl.tmp").exists()

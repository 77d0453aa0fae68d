import json
from datetime import date

from sitrep.io.sources import read_inputs


def test_text_markdown_front_matter_and_directory(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Two soldiers were killed.", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("---\ntitle: B\npublished: 2025-01-23\n---\nText of b.\n",
                                           encoding="utf-8")
    (tmp_path / "ignored.csv").write_text("x,y", encoding="utf-8")
    result = read_inputs([str(tmp_path)])
    by_id = {a.id: a for a in result.articles}
    assert set(by_id) == {"a", "sub/b"}
    assert by_id["sub/b"].published == date(2025, 1, 23)
    assert by_id["sub/b"].title == "B"
    assert by_id["sub/b"].text == "Text of b.\n"
    assert not result.problems


def test_jsonl_articles_and_line_errors(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": "x1", "text": "Hello.", "published": "2024-06-19",
                         "url": "https://example.org/x1"}),
             "{not json", json.dumps({"id": "x3"}), json.dumps({"id": "x4", "text": "Bye."})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_inputs([str(path)])
    assert [a.id for a in result.articles] == ["x1", "x4"]
    assert result.articles[0].published == date(2024, 6, 19)
    assert [p.source for p in result.problems] == [f"{path}:2", f"{path}:3"]
    assert "invalid JSON" in result.problems[0].message
    assert "text" in result.problems[1].message


def test_content_hash_is_stable_and_ids_from_names(tmp_path):
    (tmp_path / "same.txt").write_text("Same text.", encoding="utf-8")
    first = read_inputs([str(tmp_path / "same.txt")]).articles[0]
    second = read_inputs([str(tmp_path / "same.txt")]).articles[0]
    assert first.id == "same" and first.content_sha256 == second.content_sha256


def test_bad_files_are_problems_not_crashes(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 attack".encode("cp1252"))
    (tmp_path / "bom.txt").write_bytes("\ufeffWith BOM.".encode("utf-8"))
    (tmp_path / "page.txt").write_text("<html><body><p>Five were "
                                       "killed.</p><script>x=1</script></body></html>")
    result = read_inputs([str(tmp_path), str(tmp_path / "missing.txt")])
    problems = {p.source.rsplit("/", 1)[-1]: p.message for p in result.problems}
    assert "empty" in problems["empty.txt"]
    assert "binary" in problems["binary.txt"]
    assert "no such file" in problems["missing.txt"]
    texts = {a.id: a.text for a in result.articles}
    assert texts["latin"] == "Café attack"
    assert texts["bom"] == "With BOM."
    assert texts["page"] == "Five were killed."


def test_duplicate_ids_with_different_text(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "One."}) + "\n" + json.dumps({"id": "a", "text": "Two."})
                    + "\n")
    result = read_inputs([str(path)])
    assert [a.text for a in result.articles] == ["One."]
    assert "duplicate id" in result.problems[0].message


def test_jsonl_lines_end_only_at_newlines(tmp_path):
    # ensure_ascii=False leaves U+2028, U+0085 and form feeds raw inside JSON strings; they are not line ends
    text = "Officials said\u2028 two\u0085 soldiers\x0c were killed.\r"
    path = tmp_path / "odd.jsonl"
    rows = [{"id": "a", "text": text}, {"id": "b", "text": "Plain."}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\r\n" for r in rows), encoding="utf-8")
    result = read_inputs([str(path)])
    assert not result.problems
    assert [(a.id, a.text) for a in result.articles] == [("a", text), ("b", "Plain.")]
    assert result.articles[1].source == f"{path}:2"

"""Article ids that stay distinct across runs on one output.

An id given by the input (a JSONL `id`, front matter, a URL, a feed entry) names one article: a later text
under that id is the same article, changed, and replaces its records. An id made from a file name (or `stdin`)
only names where the text was found, so two runs may give one id to two articles (`a/update.txt` and later
`b/update.txt`, or two texts piped in). Such an article carries its origin (`sitrep.io.sources.origin_of`: the
resolved path, or for stdin the text), and the records file tells, per id, which texts and origins its records
came from. An article whose id is taken there by another article (another origin and another text) gets the id
`<id>~<first 8 hex digits of its origin>`, the same on every run, and the run says so in one line."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sitrep.io.sink import ArticleText
from sitrep.schemas import Article


def taken_by_another(article: Article, texts: set[ArticleText] | None) -> bool:
    """Whether the records under the article's id are another article's (not this file's, nor this text's)."""
    if article.origin is None or not texts:
        return False
    return not any(t.origin == article.origin or t.content_sha256 == article.content_sha256 for t in texts)


def distinct_ids(articles: list[Article], known: Mapping[str, set[ArticleText]],
                 records: Path) -> tuple[list[Article], list[str]]:
    """The articles, each with an id no other article has in `records` (`known`: id -> the texts its records
    came from), and a note for each id changed."""
    out, notes = [], []
    for article in articles:
        if not taken_by_another(article, known.get(article.id)):
            out.append(article)
            continue
        new_id = f"{article.id}~{article.origin[:8]}"  # type: ignore[index]
        where = "stdin" if (article.source or "-").startswith("-") else article.source
        notes.append(f"{where}: the id {article.id!r} is another article's in {records} (another file or "
                     f"text); this article's records get the id {new_id!r}")
        out.append(article.model_copy(update={"id": new_id}))
    return out, notes


def named_as_in(articles: list[Article], records: list, path: Path) -> list[Article]:
    """The articles with the ids their records have in `records` (read from `path`): the ids a run writing
    there gave them, so `sitrep report --articles b/update.txt` finds the records of `update~1a2b3c4d`."""
    known: dict[str, set[ArticleText]] = {}
    for r in records:
        known.setdefault(r.article.id, set()).add(ArticleText(r.article.content_sha256, r.article.origin))
    return distinct_ids(articles, known, path)[0]

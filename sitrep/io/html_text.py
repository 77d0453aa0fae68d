"""HTML to article text: the body of the article (menus, ads, comments and other boilerplate removed, by
trafilatura) and its metadata (title, publication date, publisher, canonical URL). The text returned is the
article text: records' evidence offsets index it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from typing import ClassVar

HTML_HINT = re.compile(r"\A\s*(<!doctype html|<!--|<(html|head|body|article|div|p|meta|title|section|"
                       r"header|main|nav|h[1-6]|span|table|ul|ol|script|style|link|figure|blockquote)[\s>/])",
                       re.IGNORECASE)
# Dates written in the page's metadata and markup only: a date guessed from anywhere in the text could move
# every relative date ("on Monday") of the article.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
# Never article text, also when the page is too short for trafilatura to tell its body from the rest.
_PRUNE = ["//nav", "//aside", "//footer", "//form",
          "//*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='complementary']"]


@dataclass(frozen=True)
class HtmlArticle:
    text: str
    title: str | None = None
    published: date | None = None
    publisher: str | None = None
    url: str | None = None  # the page's canonical URL, when it names one


def looks_like_html(text: str) -> bool:
    return bool(HTML_HINT.match(text))


def decode_html(body: bytes, charset: str | None = None) -> str:
    """Bytes of a page as text: the charset the server named, else the page's own declaration or a guess."""
    if charset:
        try:
            return body.decode(charset, errors="replace")
        except LookupError:
            pass
    from trafilatura.utils import decode_file

    return decode_file(body)


def extract_html(html: str, url: str | None = None) -> HtmlArticle:
    """The article in a page. Falls back to all the page's visible text when no article body is found (a very
    short page); the text is empty only when the page has none."""
    from trafilatura import bare_extraction

    doc = None
    try:
        doc = bare_extraction(html, url=url, with_metadata=True, include_comments=False, include_tables=True,
                              include_images=False, deduplicate=False, date_extraction_params=_DATE_PARAMS,
                              prune_xpath=_PRUNE)
    except (ValueError, TypeError, AttributeError):  # markup lxml cannot build a tree of
        doc = None
    text = _tidy(doc.text) if doc is not None and doc.text else ""
    if not text:
        return HtmlArticle(html_to_text(html))
    return HtmlArticle(text, _clean(doc.title), _date(doc.date), _clean(doc.sitename),
                       _clean(doc.url) if doc.url and doc.url != url else None)


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


class _TextExtractor(HTMLParser):
    _BLOCK: ClassVar[set[str]] = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article",
                                  "section", "title"}
    _SKIP: ClassVar[set[str]] = {"script", "style", "noscript", "head", "nav", "footer", "aside", "form",
                                 "svg", "template", "iframe", "button", "select"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag == "body":  # whatever was left open before the body (an unclosed head) ends here
            self._skipping = 0
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """All visible text of a page, one line per block (no boilerplate detection)."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line)

"""Text written to be read by a machine rather than by people: the article as a machine reads it, with
disguises undone (`normalised`: compatibility forms, marks, invisible tags, look-alike letters, digits for
letters), and the machine-readable payloads written into it (`payloads`: JSON objects).
`sitrep.reading.hostile` judges the text with both."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# Cyrillic and Greek letters drawn like Latin ones (folded only inside words that are Latin-script or made
# wholly of such letters, so that a word of Russian or Greek text is left alone)
_LOOK_ALIKES = dict(zip(
    "аеорсухіјѕһԁԛԝӏкмнтвАВЕКМНОРСТХУІЈЅԜӀ" "αοριυνκτχεΑΒΕΖΗΙΚΜΝΟΡΤΥΧ" "ıɑ",
    "aeopcyxijshdqwlkmhtbABEKMHOPCTXYIJSWI" "aopiuvktxeABEZHIKMNOPTYX" "ia", strict=True))
# digits written for letters inside a word ("1gn0re"): read as the letters they stand for
_LEET_WORD = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*\d)\w{4,}\b")
_LEET = str.maketrans("013457", "oieast")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_FOREIGN_WORD = re.compile(r"[^\W\d_]*[^\W\d_\x00-\x7f][^\W\d_]*")  # a word with a letter outside ASCII
_TAG_CHARACTERS = range(0xE0020, 0xE007F)  # invisible "tags" that spell ASCII: text only a machine reads


def normalised(text: str) -> tuple[str, Sequence[int]]:
    """The text as judged, and for each of its characters the offset of the article character it comes
    from."""
    text = _LEET_WORD.sub(lambda m: m.group(0).translate(_LEET), text.replace("\t", " "))
    if text.isascii():
        return text, range(len(text))
    out: list[str] = []
    where: list[int] = []
    done = 0
    for m in _NON_ASCII.finditer(text):
        i, ch = m.start(), m.group(0)
        out.append(text[done:i])
        where.extend(range(done, i))
        done = i + 1
        pieces = chr(ord(ch) - 0xE0000) if ord(ch) in _TAG_CHARACTERS else unicodedata.normalize("NFKD", ch)
        for piece in pieces:
            kind = unicodedata.category(piece)
            if kind in ("Mn", "Me", "Cf"):
                continue
            out.append(" " if kind == "Zs" else piece)
            where.append(i)
    out.append(text[done:])
    where.extend(range(done, len(text)))
    return _FOREIGN_WORD.sub(_fold_word, "".join(out)), where


def _fold_word(m: re.Match, *, wholly: bool = True) -> str:
    word = m.group(0)
    if not any(ch in _LOOK_ALIKES for ch in word):
        return word
    latin = any("a" <= ch.lower() <= "z" for ch in word)
    if latin or (wholly and all(ch in _LOOK_ALIKES for ch in word)):
        return "".join(_LOOK_ALIKES.get(ch, ch) for ch in word)
    return word


def unmixed(text: str) -> str:
    """`text` with each word that mixes Latin letters with look-alike ones written in Latin letters alone:
    the language a disguised word is written in, not the script its disguise borrows (a word of Russian, made
    of Cyrillic letters alone, is left as it is)."""
    return _FOREIGN_WORD.sub(lambda m: _fold_word(m, wholly=False), text)


# The start of a JSON object: `{"key":` (or a list of them)
_PAYLOAD = re.compile(r"(?:\[\s*)?\{\s*\"[^\"\n]{1,40}\"\s*:")


def payloads(article: str) -> list[tuple[int, int]]:
    """(start, end) of each JSON object in the article, to its matching brace (or the end of its line)."""
    out: list[tuple[int, int]] = []
    for m in _PAYLOAD.finditer(article):
        if out and m.start() < out[-1][1]:
            continue
        depth, in_string, escaped, end = 0, False, False, None
        for i in range(m.start(), len(article)):
            ch = article[i]
            if in_string:
                if escaped:
                    escaped = False
                elif ch == "\\":
                    escaped = True
                elif ch == '"':
                    in_string = False
                continue
            if ch == '"':
                in_string = True
            elif ch in "{[":
                depth += 1
            elif ch in "}]":
                depth -= 1
                if depth == 0:
                    end = i + 1
                    break
            elif ch == "\n":
                break
        if end is None:
            newline = article.find("\n", m.start())
            end = len(article) if newline < 0 else newline
        out.append((m.start(), end))
    return out

"""Which language an article is written in, so that one the method cannot read is reported, never passed as a
success with no records. The identifier (py3langid's, shipped in its package) chooses among the languages news
arrives in; only a confident call for another language than those the method reads counts."""

from __future__ import annotations

from functools import lru_cache

READ = frozenset({"en"})  # the languages the method's prompts and rules are written for
CANDIDATES = ("en", "fr", "de", "es", "ru", "uk", "ar", "it", "pt", "nl", "pl", "tr", "fa", "zh", "ja", "ko",
              "he", "sv", "id")
CONFIDENT = 0.9
SAMPLE_CHARS = 2000
MIN_LETTERS = 20  # too little text to tell: taken as readable


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True, langs=list(CANDIDATES))


def language_of(text: str) -> str | None:
    """The article's language code when it can be told with confidence, else None."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    code, probability = _identifier().classify(sample)
    return code if probability >= CONFIDENT else None


def unread_language(text: str) -> str | None:
    """The code of a language the method cannot read that `text` is confidently written in, else None."""
    code = language_of(text)
    return code if code is not None and code not in READ else None

"""Who makes a claim, found by code from attribution phrases: "according to X", "X says/reports (that)",
", X said", "accused by X"; else the previous sentence of the same paragraph; else the issuer of a press
release. Source tags in parentheses at the end of a sentence or paragraph ("(Reuters)", "(Local Radio) (Daily
Post)") cite where the text comes from, not who makes the claim. The words are the active language pack's
`claims.*` kinds; the forms that read capitals (a name starts with one: ", X said", ", said X") match them in
the case the pack writes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sitrep.reading.chunking import clause_marks, sentence_spans
from sitrep.reading.letters import LETTER, NO_CASE, capitals
from sitrep.reading.pack import NEVER, Pack, active
from sitrep.reading.pack_settings import enabled

_TAG = re.compile(r"(?:\(\s*[^()]{1,40}\)\s*)+$")
# a dateline that opens a release: "CAPITAL CITY, Country (Agency) -"
_DATELINE = r"^[A-Z][A-Z .'-]{2,}, [A-Z][a-z]+ \([^)]{3,25}\)\s*[–—-]"


@dataclass(frozen=True)
class Kinds:
    """The attribution patterns, built from one pack's words (`kinds(pack)`)."""

    after: re.Pattern  # "according to X" / "accused by X" / "citing X": the name follows
    before: re.Pattern  # "X says (that)", "X reports", "X announce": the name is the subject before the verb
    inverted: re.Pattern  # ", said X" at the end of a clause
    verb_first: re.Pattern  # "قالت وزارة الصحة، ...": the speaking verb opens the clause, the name follows it
    subject_opener: re.Pattern  # where the subject starts inside a longer clause
    article: re.Pattern  # a name that opens with the article ("the ministry")
    trailing_when: re.Pattern
    trailing_auxiliary: re.Pattern
    according_to: re.Pattern
    pronoun: re.Pattern
    not_claimant: re.Pattern
    function_word: re.Pattern
    release: re.Pattern
    issuer: re.Pattern
    header_words: re.Pattern
    cased: bool  # the script has capitals (a name starts with one)


def _in_case(pack: Pack, kind: str) -> str:
    """The kind's alternation, matched in any case inside a pattern that reads capitals unless the pack lists
    the kind as case-sensitive."""
    alternation = pack.alternation(kind)
    return alternation if pack.sensitive(kind) else f"(?i:{alternation})"


@lru_cache(maxsize=8)
def kinds(pack: Pack) -> Kinds:
    """The attribution patterns for a pack (compiled once per pack)."""
    def g(*names: str) -> str:
        return pack.alternation(*(f"claims.{name}" for name in names))

    def whole(*names: str) -> re.Pattern:
        return re.compile(g(*names), re.IGNORECASE)

    article = "(?:" + "|".join(f"{w}|{w[:1].upper()}{w[1:]}" for w in pack.words("claims.article")) + ")"
    verbs = (rf"{g('speaking_verbs')}\b(?!\s+{g('infinitive')}\b)|{g('reporting_verbs')}"
             rf"(?=\s+{g('complementisers')}\b|\s*[,:]|\s*$|\s+(?:{g('approximators')} )?\d)")
    marks = re.escape(clause_marks(pack))  # the language's own commas and semicolons ("،", "؛")
    name = rf"[^,.;:()\n{marks}]"
    # the name ends at a clause mark, a complementiser, or the harm it announces ("أعلن الجيش مقتل 19")
    verb_first = (rf"(?:^|[.!?,;:{marks}]\s*){g('speaking_verbs')}\s+((?:{g('article')}\s+)?{name}{{2,80}}?)"
                  rf"(?=\s*[,:{marks}]|\s+{g('complementisers')}\b|\s+{pack.alternation('harm')}\b)")
    return Kinds(
        after=re.compile(rf"\b{g('according_to', 'claim_markers')}\s+"
                         rf"((?:{g('article')}\s+)?{name}{{2,80}}?)"
                         rf"(?=\s*(?:[,.;:()\n{marks}]|$|\s+{g('name_ends')}\b))", re.IGNORECASE),
        before=re.compile(rf"(?:^|[,;:–—{marks}]\s*|\b{g('clause_openers')}\s+)((?:{article}\s+)?{name}{{2,90}}?)"
                          rf"\s+(?:{verbs})"),
        inverted=re.compile(rf"[,{marks}]\s+{g('inverted_verbs', 'according_to')}\s+"
                            rf"((?:{g('article')}\s+)?{name}{{2,80}})"),
        verb_first=(re.compile(verb_first, re.IGNORECASE) if enabled(pack, "claims.verb_first")
                    else NEVER),
        subject_opener=re.compile(rf"\b{g('subject_openers')}\s+"),
        article=re.compile(rf"{g('article')} ", re.IGNORECASE),
        trailing_when=re.compile(rf"\s+{g('trailing_when')}\b.*$"),
        trailing_auxiliary=re.compile(rf"\s+{g('trailing_auxiliaries')}$"),
        according_to=re.compile(rf"\b{g('according_to')}\b", re.IGNORECASE),
        pronoun=whole("pronouns"),
        not_claimant=whole("pronouns", "not_claimants"),
        function_word=whole("function_words"),
        release=re.compile(rf"{g('release_markers')}|{_DATELINE}", re.IGNORECASE | re.MULTILINE),
        issuer=re.compile(rf"((?:[A-Z][A-Za-z.&']* +){{0,4}}{_in_case(pack, 'claims.institutions')}"
                          rf"(?: +{g('name_links')} +(?:{g('article')} +)?[A-Z]\w+(?: +[A-Z]\w+)*)?)"
                          rf" *[-–—] *[A-Z]"),
        header_words=re.compile(rf"^(?:{_in_case(pack, 'claims.release_header_words')}\s+)+"),
        cased=capitals(pack) != NO_CASE,
    )


def _clean(name: str | None, k: Kinds) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip(" ,.;:'\"“”‘’")
    name = k.trailing_when.sub("", name)
    name = k.trailing_auxiliary.sub("", name)
    if not name or k.not_claimant.fullmatch(name) or k.pronoun.fullmatch(name.split()[0]):
        return None
    if k.according_to.search(name) or k.function_word.fullmatch(name.split()[-1]):
        return None  # an attribution phrase cut short, not a name
    if not re.search(rf"{LETTER}{{2,}}", name) or len(name.split()) > 9:
        return None
    return name


def in_sentence(sentence: str) -> str | None:
    """The claimant an attribution phrase in this sentence names, or None."""
    k = kinds(active())
    body = _TAG.sub("", sentence.strip())
    for pattern in (k.after, k.inverted, k.verb_first):
        m = pattern.search(body)
        if m and (name := _clean(m.group(1), k)):
            return name
    for m in k.before.finditer(body):
        subject = m.group(1)
        # the subject is the last noun phrase before the verb: drop leading clauses like "it is"
        subject = k.subject_opener.split(subject)[-1]
        after_comma = body[:m.start(1)].rstrip().endswith(",") and len(subject.split()) <= 5
        if subject[:1].isupper() or k.article.match(subject) or after_comma or not k.cased:
            if name := _clean(subject, k):
                return name
    return None


def press_release_issuer(text: str) -> str | None:
    """The organisation issuing a press release ("Joint Task Force Command - Northland ... For Immediate
    Release"), when the article is one; None for ordinary articles."""
    k = kinds(active())
    head = text[:600]
    if not k.release.search(head):
        return None
    org = k.issuer.search(head)
    if not org:
        return None
    return _clean(k.header_words.sub("", org.group(1)), k)


def claimant(text: str, start: int, end: int) -> str | None:
    """Who the article says makes the claim stated at text[start:end]."""
    spans = sentence_spans(text)
    index = next((i for i, (a, b) in enumerate(spans) if a <= start < b), None)
    if index is None:
        return None
    a, b = spans[index]
    # a quote may run over several sentences: look at all of them
    while b < end and index + 1 < len(spans):
        index += 1
        b = spans[index][1]
    if name := in_sentence(text[a:b]):
        return name
    previous = next((i for i in range(index - 1, -1, -1) if text[spans[i][0]:spans[i][1]].strip()), None)
    if previous is not None:
        before = text[spans[previous][0]:a]  # the previous sentence and what separates it from this one
        paragraph_ends = re.search(r"\n\s*\n", before) or _TAG.search(before.strip())
        if not paragraph_ends and (name := in_sentence(before)):
            return name
    return press_release_issuer(text)

"""Who makes a claim, found by code from attribution phrases: "according to X", "X says/reports (that)",
", X said", "accused by X"; else the previous sentence of the same paragraph; else the issuer of a press release.
Source tags in parentheses at the end of a sentence or paragraph ("(Reuters)", "(Local Radio) (Daily Post)") cite
where the text comes from, not who makes the claim."""

from __future__ import annotations

import re

from sitrep.reading.chunking import sentence_spans

_PRONOUNS = {"it", "he", "she", "they", "we", "i", "you", "this", "that", "there"}
_NOT_CLAIMANTS = {"it", "he", "she", "they", "we", "i", "you", "this", "that", "there", "which", "who", "report",
                  "reports", "the report", "a report", "sources", "a source", "the article", "article", "witnesses",
                  "media", "local media", "state media"}
# verbs that attribute on their own, and verbs that attribute only before "that" or a comma ("X reports that")
_VERBS = (r"(?:says|said|say|announces|announced|announce|confirms|confirmed|confirm|told|tells|added|adds|warns|"
          r"warned)\b(?!\s+to\b)|(?:reports|reported|report|states|stated|claims|claimed|estimates|estimated|"
          r"estimate)(?=\s+that\b|\s*[,:]|\s*$|\s+(?:at least |more than |about |some |over )?\d)")
_NAME = r"[A-Z][\w.'’&-]*(?:\s+(?:of|the|for|and|de|al|[A-Z][\w.'’&-]*|[a-z]+(?=\s+[A-Z]))){0,7}"
# "according to X" / "accused by X" / "as reported by X" / "citing X": the name follows
_AFTER = re.compile(r"\b(?:according to|accused by|as reported by|reported by|citing|cited by|claimed by)\s+"
                    r"((?:the\s+)?[^,.;:()\n]{2,80}?)(?=\s*(?:[,.;:()\n]|$|\s+(?:of|that|on|in|who|which)\b))",
                    re.IGNORECASE)
# "X says (that)", "X reports", "X announce": the name is the subject before the verb
_BEFORE = re.compile(rf"(?:^|[,;:–—]\s*|\band\s+|\bwhile\s+)((?:[Tt]he\s+)?[^,.;:()\n]{{2,90}}?)\s+"
                     rf"(?:{_VERBS})")
# ", said X" at the end of a clause
_INVERTED = re.compile(r",\s+(?:said|says|reported|according to|announced|stated)\s+((?:the\s+)?[^,.;:()\n]{2,80})")
_TAG = re.compile(r"(?:\(\s*[^()]{1,40}\)\s*)+$")
_FUNCTION_WORDS = {"the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "by", "at", "from", "with", "as"}


def _clean(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip(" ,.;:'\"“”‘’")
    name = re.sub(r"\s+(?:on|in|late|early|last|this|yesterday|today)\b.*$", "", name)
    name = re.sub(r"\s+(?:has|have|had|also|further|later|earlier|previously)$", "", name)
    if not name or name.lower() in _NOT_CLAIMANTS or name.split()[0].lower() in _PRONOUNS:
        return None
    if re.search(r"\baccording to\b", name, re.IGNORECASE) or name.split()[-1].lower() in _FUNCTION_WORDS:
        return None  # an attribution phrase cut short, not a name
    if not re.search(r"[A-Za-z]{2,}", name) or len(name.split()) > 9:
        return None
    return name


def in_sentence(sentence: str) -> str | None:
    """The claimant an attribution phrase in this sentence names, or None."""
    body = _TAG.sub("", sentence.strip())
    for pattern in (_AFTER, _INVERTED):
        m = pattern.search(body)
        if m and (name := _clean(m.group(1))):
            return name
    for m in _BEFORE.finditer(body):
        subject = m.group(1)
        # the subject is the last noun phrase before the verb: drop leading clauses like "it is"
        subject = re.split(r"\b(?:that|which|who|after|as|when|because|but)\s+", subject)[-1]
        after_comma = body[:m.start(1)].rstrip().endswith(",") and len(subject.split()) <= 5
        if subject[:1].isupper() or subject.lower().startswith("the ") or after_comma:
            if name := _clean(subject):
                return name
    return None


def press_release_issuer(text: str) -> str | None:
    """The organisation issuing a press release ("ISAF Joint Command - Afghanistan ... For Immediate Release"),
    when the article is one; None for ordinary articles."""
    head = text[:600]
    release = re.search(r"for immediate release|news release|press release"
                        r"|^[A-Z][A-Z .'-]{2,}, [A-Z][a-z]+ \([^)]{3,25}\)\s*[–—-]", head,
                        re.IGNORECASE | re.MULTILINE)
    if not release:
        return None
    org = re.search(r"((?:[A-Z][A-Za-z.&']* +){0,4}(?:Command|Ministry|Force|Forces|Agency|Office|Department|Army|"
                    r"Police|Headquarters|Mission|Council|Service|Coalition|Corps|Navy|Secretariat|Directorate)"
                    r"(?: +of +(?:the +)?[A-Z]\w+(?: +[A-Z]\w+)*)?) *[-–—] *[A-Z]", head)
    if not org:
        return None
    return _clean(re.sub(r"^(?:(?:NEWS|PRESS|RELEASE|FOR|IMMEDIATE)\s+)+", "", org.group(1)))


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

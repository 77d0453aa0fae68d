"""Where a sentence tells of one person harmed, in words ("a soldier was killed", "a drone kills Ivo Ralev",
"Ivo Ralev is among the dead"): the clauses a count of 1 can stand on, and the measure of harm they tell."""

from __future__ import annotations

import re

from sitrep.deciding.candidates import _harm_words, _listed_after, _measure_of, _people_numbers
from sitrep.deciding.figures import segment_around
from sitrep.deciding.scope import out_of_scope
from sitrep.deciding.vocabulary import (
    another_person,
    kind,
    one_person,
    passive_harm,
    per_pack,
    the_person,
    titled_person,
)
from sitrep.reading.chunking import clause_marks
from sitrep.reading.countries import countries_in
from sitrep.reading.letters import LETTER, LOWER, UPPER, capital_names
from sitrep.reading.pack import NEVER, Pack, active


@per_pack
def _harm_of_many(pack: Pack) -> re.Pattern:
    """A harm word of other people, many of them: "in relation to the deaths of protesters"."""
    word = LOWER if capital_names(pack) else LETTER  # where nouns are capitalised (German), any noun
    return re.compile(rf"\s+{pack.alternation('word.of')}\s+"
                      rf"(?:{pack.alternation('determiners.possessive')}\s+)?"
                      rf"(?:{word}[\w-]*\s+){{0,2}}?{word}[\w-]*{pack.alternation('plural_endings')}\b")


def _harmed_before(sentence: str, start: int) -> bool:
    """A harm word shortly before, with no punctuation between: "murdering seven soldiers and a civilian"."""
    head = sentence[max(0, start - 60):start]
    words_between = re.split(rf"[,;:.(){re.escape(clause_marks(active()))}]", head)[-1]
    harm = _harm_words(words_between)
    return bool(harm) and len(words_between[harm[-1].end():].split()) <= 5


def single_victims(sentence: str, context: str = "", scoped: bool = True) -> list[tuple[int, int]]:
    """Where the sentence tells of one person harmed, in words ("a soldier was killed", "the mayor was shot
    dead", "killing a civilian", "Ana Ruiz, the town's mayor, is killed"): the span of that person's clause.
    The person must itself be harmed: a harm word in its clause or right before it, and no number counting
    others there."""
    out = []
    for pattern in (one_person(), the_person(), another_person(), titled_person()):
        for m in pattern.finditer(sentence):
            a, b = segment_around(sentence, m.start(), m.end())
            clause = sentence[a:b]
            after = sentence[m.end():m.end() + 60]
            # the harm word of a list it ends ("… and a voter")
            governing = _harm_words(sentence[:m.start()])[-1:]
            harmed = any(not _harm_of_many().match(clause[h.end():]) for h in _harm_words(clause)) or any(
                _ends_with_and().search(sentence[h.end():m.start()])
                and _listed_after(sentence[h.end():m.start()])
                for h in governing) or _harmed_before(sentence, m.start()) or (
                _passive_follows().match(after) is not None and passive_harm().search(after) is not None) or (
                _dies_after().match(after) is not None)
            sibling = _sibling_before().search(sentence[:m.start()]) is not None
            if not harmed or any(n.value > 1 and not (sibling and a + n.end <= m.start())
                                 for n in _people_numbers(clause)):
                # a number counting others, unless an earlier member of a list: "three guards and a voter"
                continue
            _add(out, sentence, (a, b), context, scoped)
    # a named person harmed by an active verb: "a drone kills Ivo Ralev"
    for m in _harms_named().finditer(sentence):
        name = m.group(1).strip()
        if not countries_in(name) and not kind("governing").search(name) and not _court_name().search(name):
            _add(out, sentence, (m.start(), m.end()), context, scoped)
    # "Ivo Ralev was killed"
    for m in [*passive_harm().finditer(sentence), *_among_harmed().finditer(sentence)]:
        if not kind("singular_auxiliaries").fullmatch(m.group(0).split()[0]):
            continue
        start = max(0, m.start() - 120)
        subject = _subject_break().split(sentence[start:m.start()])[-1]
        names = [n.group(0) for n in _names().finditer(subject)
                 if not _place_before().search(subject[:n.start()])]  # "in East Jerusalem" is a place
        if _people_numbers(subject) or not any(not kind("governing").search(n) and not _court_name().search(n)
                                               for n in names):
            continue
        _add(out, sentence, (m.start() - len(subject), m.end()), context, scoped)
    return out


@per_pack
def _among_harmed(pack: Pack) -> re.Pattern:
    """One person counted among the harmed: "general Ivo Ralev is allegedly among the dead"."""
    return re.compile(rf"\b{pack.alternation('among.auxiliaries')}\s+(?:\w+\s+)?"
                      rf"{pack.alternation('among.word')}\s+{pack.alternation('among.determiners')}\s+(?:\w+\s+)?"
                      rf"{pack.alternation('among.harmed')}\b", re.IGNORECASE)


@per_pack
def _place_before(pack: Pack) -> re.Pattern:
    return re.compile(rf"\b{pack.alternation('place_prepositions')}\s+"
                      rf"(?:{pack.alternation('word.the')}\s+)?$", re.IGNORECASE)


@per_pack
def _names(pack: Pack) -> re.Pattern:
    """Two or more capitalised words: a person's name, where a capital marks one ("Ivo Ralev")."""
    if not capital_names(pack):
        return NEVER
    return re.compile(rf"\b{UPPER}[\w'’-]+(?:\s+{UPPER}[\w'’-]+)+")


@per_pack
def _harms_named(pack: Pack) -> re.Pattern:
    """A named person harmed by an active verb: "a drone kills Ivo Ralev"; the name in a group (never where
    a capital marks no name)."""
    if not capital_names(pack):
        return NEVER
    return re.compile(rf"\b{pack.alternation('active_harm_verbs')}\s+((?:(?:[‘'’]?{UPPER}[\w'’-]+|"
                      rf"{pack.alternation('name_particles')})\s*){{2,5}})(?=[,.;]|\s+{pack.alternation('name_ends')}\b|$)")


@per_pack
def _court_name(pack: Pack) -> re.Pattern:
    return re.compile(rf"\b{pack.alternation('court_name')}\b")


@per_pack
def _ends_with_and(pack: Pack) -> re.Pattern:
    return re.compile(rf"\b{pack.alternation('word.and')}\s+$")


@per_pack
def _passive_follows(pack: Pack) -> re.Pattern:
    """A passive right after a person, theirs: "X, the mayor, was ...", "X and two others were ..."."""
    one, many = pack.alternation("single_passive"), pack.alternation("plural_passive")
    return re.compile(rf"\s*(?:,[^,]{{0,40}},\s*)?{one}\s+(?:\w+\s+)?|\s+{pack.alternation('word.and')}\s+"
                      rf"(?:[\w'’-]+\s+){{1,5}}?{many}\s+|\s*,\s*{many}\s+")


@per_pack
def _dies_after(pack: Pack) -> re.Pattern:
    return re.compile(rf"\s+{pack.alternation('word.and')}\s+(?:[\w'’-]+\s+){{1,5}}?"
                      rf"{pack.alternation('die_verbs')}\b")


@per_pack
def _sibling_before(pack: Pack) -> re.Pattern:
    """The person is a later member of a list: ", and", "and", "including"."""
    and_ = pack.alternation("word.and")
    return re.compile(rf"(?:,\s*(?:{and_}\s+)?|\b{and_}\s+|\b{pack.alternation('sibling_markers')}\s+)$")


@per_pack
def _subject_break(pack: Pack) -> re.Pattern:
    """Where the words before a passive stop being its subject."""
    return re.compile(rf"[.;:!?]\s|\b{pack.alternation('clause_breaks')}\s|"
                      rf"\b{pack.alternation('word.and')}\s+(?={pack.alternation('determiners.subject')}\s)")


def _add(out: list[tuple[int, int]], sentence: str, span: tuple[int, int], context: str,
         scoped: bool) -> None:
    harm = _harm_words(sentence[span[0]:span[1] + 80])  # the person's own harm word, after a clause between
    measure = _measure_of(harm[0].group(0)) if harm else "killed"
    if (not scoped or out_of_scope(sentence, measure, context) is None) and span not in out:
        out.append(span)


def harm_measure(text: str) -> str | None:
    """The measure of the first harm word the text tells as done (not a charge, not a sentence)."""
    harm = _harm_words(text)
    return _measure_of(harm[0].group(0)) if harm else None


def one_person_harmed(sentence: str, context: str = "", scoped: bool = True) -> bool:
    """A count of 1 needs a singular mention of the harmed person: a person noun with "a", "an", "one" or
    "the", or a named person as the subject of a singular passive of harm (`scoped`: harmed through violence
    in scope, else whatever the cause)."""
    return bool(single_victims(sentence, context, scoped))

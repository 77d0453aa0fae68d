"""Whether harm told in a sentence is a casualty of violence in scope: not disease, disaster or accident, not
an execution after a trial, not an ordinary crime or an unexplained blast, not a police arrest; and what
speaks for a sentence that names no cause itself (its title, the sentence before it)."""

from __future__ import annotations

import re

from sitrep.deciding.reasons import Reason
from sitrep.deciding.vocabulary import alt, any_harm, kind, not_violence, per_pack, without_non_harm
from sitrep.reading.chunking import sentence_spans
from sitrep.reading.countries import DEMONYM, NAME, countries_in
from sitrep.reading.letters import LETTER, UPPER
from sitrep.reading.pack import Pack, active
from sitrep.reading.pack_settings import enabled


@per_pack
def _accused(pack: Pack) -> re.Pattern:
    """What a person is accused of or tied to, to the end of the clause."""
    return re.compile(rf"\b{pack.alternation('accused')}\b[^.;]*", re.IGNORECASE)


def out_of_scope(sentence: str, measure: str, context: str = "") -> Reason | None:
    """Why harm told in `sentence` is not a casualty figure of violence, or None. Disease, disaster and
    accident are out unless the sentence also tells of violence; `context` (the title, say) speaks when the
    sentence is silent. Arrests and detentions are in only where armed forces or war are in the sentence."""
    if kind("judicial_killing").search(sentence) and _judicial(sentence):
        return Reason.JUDICIAL
    if not _violent(sentence) and (not_violence().search(sentence) or (not_violence().search(context)
                                                                       and not _violent(context))):
        return Reason.NOT_VIOLENCE
    if _ordinary_crime(f"{sentence}\n{context}"):
        return Reason.ORDINARY_CRIME
    if _unexplained_blast(sentence, context):
        return Reason.UNEXPLAINED_BLAST
    if measure in ("captured", "casualties") and kind("policing").search(sentence) and not (
            kind("armed_actors").search(_accused().sub(" ", kind("military_police").sub(" ", sentence)))):
        return Reason.POLICE_ARREST  # "arrested, accused of plotting a terrorist attack": a police arrest
    if not kind("unrest").search(sentence) and not any(
            _violent(t) or kind("violent_harm").search(without_non_harm(t)) or kind("armed_actors").search(t)
            for t in (sentence, context)) and kind("neutral_harm").search(sentence):
        return Reason.NO_VIOLENCE_TOLD
    return None


def _ordinary_crime(text: str) -> bool:
    """The violence told is only a shooting, a stabbing or a murder, and nothing names an armed group, a war,
    terror or politics around it (the sentence, the one before it in the same item, the title)."""
    violence = [m.group(0) for m in kind("violence").finditer(kind("not_violence_compounds").sub(" ", text))]
    return bool(violence) and all(kind("crime_violence").fullmatch(v) for v in violence) and \
        not kind("conflict_side").search(text) and not kind("armed_groups").search(text)


def _unexplained_blast(sentence: str, context: str) -> bool:
    """The only cause told is an explosion or a blast, and nothing around it tells an attack, a weapon or a
    side ("an explosion at a market kills eleven"): gas, a fire or a bomb alike, so no figure of violence."""
    text = f"{sentence}\n{context}"
    return kind("blast").search(sentence) is not None and not _violent(text) and \
        not kind("conflict_side").search(text) and not kind("armed_groups").search(text)


def _judicial(sentence: str) -> bool:
    """An execution by a state after a trial: a state is what executes ("Singapore executes a man", whatever
    the crime was), or a court is named and no other violence is told in the sentence, nor a summary
    killing."""
    subject = re.search(rf"((?:{UPPER}[\w'’-]+\s+){{1,3}}){alt('judicial_verbs')}\b", sentence)
    if (subject and countries_in(subject.group(1), kinds={NAME})
            and not kind("armed_actors").search(subject.group(1))):
        return True
    rest = kind("judicial_killing").sub(" ", sentence)
    if _violent(rest) or kind("summary_killing").search(sentence):
        return False
    return kind("court").search(sentence) is not None


def _violent(text: str) -> bool:
    """Violence told in the text, once what names disease, disaster or accident is set aside ("heart attack");
    a people's fire is gunfire ("killed by Israeli fire")."""
    text = kind("not_violence_compounds").sub(" ", text)
    return kind("violence").search(text) is not None or any(
        countries_in(people, kinds={DEMONYM}) for people in _peoples_fire(text))


def _peoples_fire(text: str) -> list[str]:
    """The words that may name a people whose fire or strikes the text tells: "killed by Israeli fire", "in
    Russian strikes", or after the noun where the pack's adjectives follow it (`word_order.adjectives_after`:
    "por fuego israelí"). A people's adjective is capitalised in English only, so any word is read."""
    attacks, before, after = _fire_patterns()
    out = []
    for m in attacks.finditer(text):
        for word in (before.search(text, 0, m.start()), after.match(text, m.end()) if after else None):
            if word:
                out.append(word.group(1))
    return out


@per_pack
def _fire_patterns(pack: Pack) -> tuple[re.Pattern, re.Pattern, re.Pattern | None]:
    """A noun of fire or strikes, the word right before it, and the word after it where adjectives follow."""
    people = rf"({LETTER}[\w'’-]*)"
    return (re.compile(rf"(?<![\w'’]){pack.alternation('demonym_attacks')}\b"),
            re.compile(rf"\b{people}(?:\s+|-)$"),
            re.compile(rf"\s+{people}") if enabled(pack, "word_order.adjectives_after") else None)


def context_of(text: str, sentence_start: int, title: str | None) -> str:
    """What speaks for a sentence that names no cause itself: the article's title, and the sentence before it
    in the same paragraph or news item when that one tells of harm, violence, disaster or accident (the same
    event, told on: "Supporters storm the camp, clashing with police. 78 people are hurt.", "A ship catches
    fire. One person is killed."); for a running toll ("The death toll rose to 40"), and for the sentence that
    goes on from one, the first sentence of the text that tells violence, wherever it stands."""
    before = text[max(0, sentence_start - 400):sentence_start]
    line = before.split("\n")[-1]  # the same paragraph or news item, never the item before
    ends = active().value("sentences.end_marks", "") or ".!?"
    previous = re.split(rf"(?<=[{re.escape(ends)}])\s+", line.strip())[-1] if line.strip() else ""
    # the same event told on, not any sentence before: its harm, its violence, or its disaster or accident
    telling = any_harm().search(previous) or _violent(previous) or any(  # a disaster, not talk of weather
        not kind("weather_talk").fullmatch(m.group(0)) for m in not_violence().finditer(previous))
    context = f"{title or ''}\n{previous if telling else ''}"
    spans = sentence_spans(text)
    end = next((b for a, b in spans if a <= sentence_start < b), len(text))
    if _running_toll().search(text[sentence_start:end]) or (telling and _running_toll().search(previous)):
        context += "\n" + next((text[a:b] for a, b in spans if _violent(text[a:b])), "")
    return context


@per_pack
def _running_toll(pack: Pack) -> re.Pattern:
    """A toll told as it rises: "the death toll rose to 40", "число погибших возросло до 40"."""
    return re.compile(rf"\b{pack.alternation('toll.nouns')} {pack.alternation('toll.word')}\b[^.;]{{0,120}}?"
                      rf"\b{pack.alternation('rises_verbs')}\b", re.IGNORECASE)

"""The one place that decides what a sentence can be a fact of: whether a number in it is a casualty figure
(and of which measure), a troop number, and whether the sentence makes an agreement; where it tells of one
person harmed is `sitrep.deciding.victims`, whether its harm is in scope `sitrep.deciding.scope`. The call
planning, the passages listed for the model, the validators and the record builder all ask here, so they never
disagree. Each test returns why not (a reason a person can read), or None when it passes."""

from __future__ import annotations

import re

from sitrep.deciding.figures import counts_personnel, counts_things, measure_near, not_harmed, segment_around
from sitrep.deciding.reasons import Reason
from sitrep.deciding.scope import out_of_scope
from sitrep.deciding.vocabulary import (
    AFTER_WORD,
    alt,
    any_harm,
    charge_before,
    harm_cues,
    kind,
    per_pack,
    without_non_harm,
)
from sitrep.reading.chunking import clause_marks
from sitrep.reading.countries import countries_in
from sitrep.reading.letters import joined_prefixes
from sitrep.reading.pack import NEVER, Pack, active
from sitrep.reading.pack_settings import enabled
from sitrep.reading.quantities import NumberMention, find_numbers, singular_of_dual


def _marks() -> str:
    """The pack's own clause marks ("،" "؛"), escaped for a character class."""
    return re.escape(clause_marks(active()))


@per_pack
def _join(pack: Pack) -> str:
    """What joins a run of harm words that count one figure together: "killed, wounded or missing"; a
    joining word that is one of the pack's clitics is written onto the next harm word ("قتل وأصيب")."""
    marks = re.escape(clause_marks(pack))
    joined = [w for w in pack.words("harm_join.between") if w in joined_prefixes(pack)]
    onto_next = rf"|\s+(?=(?:{'|'.join(joined)})\w)" if joined else ""
    return (rf"\s*(?:[,{marks}]\s*(?:{pack.alternation('harm_join.after_comma')}\s+)?"
            rf"|\s+{pack.alternation('harm_join.between')}\s+{onto_next})"
            rf"(?:(?:{pack.alternation('harm_join.auxiliaries')}\s+)?{pack.alternation('harm_join.participles')}\s+)?")


@per_pack
def _joined_onto(pack: Pack) -> re.Pattern:
    """A harm word that carries the joining clitic of the harm word before it ("وأصيب" after "قتل")."""
    joined = [w for w in pack.words("harm_join.between") if w in joined_prefixes(pack)]
    return re.compile(rf"(?:{'|'.join(joined)})\w") if joined else NEVER


def combined_measure(sentence: str, mention: NumberMention) -> bool:
    """Whether the first harm words after the number count several measures at once ("over 6,000 soldiers have
    been killed, wounded or gone missing"): one figure, `casualties`, never turned into deaths."""
    rest = sentence[mention.end:]
    first = any_harm().search(rest)
    if first is None or any(n.qualifier != "vague" for n in find_numbers(rest[:first.start()])):
        return False
    measures, at = set(), first.start()
    while (m := any_harm().match(rest, at)) is not None:
        if measures and _takes_own_number(rest, m):
            break  # "left one person dead and injured at least 30 others": the 30 are the injured
        measures |= {k for k, cue in harm_cues().items() if cue.fullmatch(m.group(0))}
        joiner = re.match(_join(), rest[m.end():])
        if joiner is None:
            break
        at = m.end() + joiner.end()
    return len(measures) > 1


def _people_numbers(text: str) -> list[NumberMention]:
    return [n for n in find_numbers(text) if n.qualifier != "vague" and not counts_things(text, n)]


def _harm_words(text: str) -> list[re.Match]:
    """Harm words of the text that tell a harm done, not a charge in court or a sentence of death."""
    text = without_non_harm(text)
    return [m for m in any_harm().finditer(text) if not charge_before().search(text[:m.start()]) and
            not _in_court_for().search(text[:m.start()]) and not _names_a_charge().match(text[m.end():])]



@per_pack
def _in_relative(pack: Pack) -> re.Pattern:
    """A number inside a relative clause: ", which has 560,000"."""
    marks = re.escape(clause_marks(pack))
    return re.compile(rf"[,{marks}]\s*{pack.alternation('relative_pronouns')}\s+[^,;.{marks}]*$",
                      re.IGNORECASE)


@per_pack
def _harm_noun_of(pack: Pack) -> re.Pattern:
    """A harm noun with its own victims after it: "the killing of a man", "the deaths of protesters"."""
    return re.compile(rf"{pack.alternation('harm_nouns')}\s+{pack.alternation('word.of')}\b", re.IGNORECASE)


@per_pack
def _names_a_charge(pack: Pack) -> re.Pattern:
    """A harm word naming a charge or a case: "on murder charges", "a murder trial"."""
    return re.compile(rf"\s+{pack.alternation('case_nouns')}\b", re.IGNORECASE)


@per_pack
def _in_court_for(pack: Pack) -> re.Pattern:
    """A harm named as what a court case is about: "is sentenced to life in prison for the 2022
    killings of"."""
    the = pack.alternation("word.the")
    return re.compile(rf"\b{pack.alternation('court_for.words')}\b[^.;]{{0,80}}?\b"
                      rf"{pack.alternation('court_for.prepositions')}"
                      rf"\s+(?:{pack.alternation('determiners.court')}\s+)?(?:[\w-]+\s+){{0,2}}$|"
                      rf"\b{pack.alternation('court_for.suspects')}\s+{pack.alternation('court_for.suspect_prepositions')}"
                      rf"\s+(?:{the}\s+)?(?:[\w-]+\s+){{0,2}}$", re.IGNORECASE)


def _listed_with(between: str) -> bool:
    """The words from a number to its harm words name other people only as a list with it ("Five gunmen and
    two members of the security forces are killed", "four Armenian and three Azerbaijani soldiers"): the harm
    is every member's."""
    if kind("auxiliaries").search(_auxiliary_end().sub("", between)):
        return False  # a verb of its own between: "are forced to flee and a man is killed" harms the man only
    if _new_clause().search(between):
        # "four of her children, after research suggested the deaths were…": another clause's harm
        return False
    numbers = _people_numbers(between)
    if not numbers:
        return True
    gaps, at = [], 0
    for n in numbers:
        gaps.append(between[at:n.start])
        at = n.end
    return all(_list_gap().fullmatch(gap) is not None for gap in gaps)


@per_pack
def _new_clause(pack: Pack) -> re.Pattern:
    return re.compile(rf"[,;{re.escape(clause_marks(pack))}]\s*{pack.alternation('subordinators')}\b",
                      re.IGNORECASE)


@per_pack
def _auxiliary_end(pack: Pack) -> re.Pattern:
    return re.compile(rf"(?:\b{pack.alternation('verb_group_words')}\s*)+$", re.IGNORECASE)


@per_pack
def _list_gap(pack: Pack) -> re.Pattern:
    """Between two numbers of a list: a few words naming the first ones, then ", " or "and" ("militants, ",
    "and"), or a part of them ("people, including 5 children")."""
    and_ = pack.alternation("word.and")
    return re.compile(rf"\s*(?:(?!{pack.alternation('list_gap.stops')}\b)[\w'’-]+\s+){{0,4}}?(?:[\w'’-]+)?\s*"
                      rf"(?:,\s*(?:{and_}\s+)?|{and_}\s+{_and_onto(pack)})"
                      rf"(?:{pack.alternation('list_gap.markers')}\s+)?", re.IGNORECASE)


def _and_onto(pack: Pack) -> str:
    """"and" written onto the next member where it is one of the pack's clitics (Arabic "و3", "وخمسة")."""
    joined = [w for w in pack.words("word.and") if w in joined_prefixes(pack)]
    return rf"|(?:{'|'.join(joined)})$" if joined else ""


@per_pack
def _rises_to(pack: Pack) -> re.Pattern:
    return re.compile(rf"\b{pack.alternation('rises_verbs', 'rises_to')}\s*$", re.IGNORECASE)


def _part_of(sentence: str, mention: NumberMention) -> NumberMention | None:
    """The whole a number is a part of: "35 people, including 18 fighters and 16 soldiers" -> 35 for
    18 and 16."""
    head = sentence[:mention.start]
    markers = list(re.finditer(rf"\b{alt('list_markers')}[\s,:]*", head, re.IGNORECASE))
    if not markers:
        return None
    marker = markers[-1]
    between = head[marker.end():]
    at = 0
    for n in _people_numbers(between):  # the list's earlier members, each followed by a list gap
        if (at == 0 and between[:n.start].strip()) or (at and not _list_gap().fullmatch(between[at:n.start])):
            return None
        at = n.end
    if at == 0 and between.strip() or at and not _list_gap().fullmatch(between[at:]):
        return None
    whole = _people_numbers(head[:marker.start()])
    return whole[-1] if whole else None


def _measure_of(words: str) -> str:
    return next(k for k, cue in harm_cues().items() if cue.fullmatch(words))


def stated_measure(sentence: str, mention: NumberMention) -> str | None:
    """The casualty measure the text states for this number: the nearest harm words after it with no other
    number between, unless in a list with it ("21 people were killed", "five gunmen and two soldiers were
    killed"), or right before it ("killing at least 16", "the toll climbs to 16"); `casualties` for
    several measures counted together; a part ("including 5 children") takes its whole's measure. None when
    the text states no harm for it."""
    sentence = without_non_harm(sentence)  # "sentenced to death" is no harm done
    if mention.noun and (own := _harm_words(singular_of_dual(active(), mention.text))):
        return _measure_of(own[0].group(0))  # a harm noun that states its own number: "قتيلين", two dead
    if combined_measure(sentence, mention):
        return "casualties"
    part_of = _part_of(sentence, mention)
    if part_of is not None and measure_near(sentence, mention) is None:
        # "558 people, including 50 children": the measure of the number it is part of
        return stated_measure(sentence, part_of)
    rest, head = sentence[mention.end:], sentence[:mention.start]
    after = next(iter(_harm_words(rest)), None)
    if after is not None and _in_relative().search(head) and \
            re.search(rf"[,{_marks()}]", rest[:after.start()]):
        after = None  # "the channel, which has 560,000 subscribers, died": the harm is the main clause's
    if after is not None and _harm_noun_of().match(rest[after.start():]):
        after = None  # "200 people rally over the killing of a man": the harm is the man's
    if after is not None and _takes_own_number(rest, after):
        after = None  # "a train carrying 970 passengers, killing at least eight": the harm is the eight's
    before = (_harm_words(head) or [None])[-1]
    options = []
    if after is not None and _listed_with(rest[:after.start()]) and not _charged(sentence, mention):
        options.append((after.start(), after.group(0)))
    governed = before is not None and (
            _governs().fullmatch(head[before.end():])
            or (_rises_to().search(head) and not _people_numbers(head[before.end():])
                and not re.search(rf"[,;:{_marks()}]", head[before.end():])))
    listed = before is not None and not governed and _listed_after(head[before.end():])
    if governed or listed:
        if _combined_before(head, before):
            return "casualties"  # "seized or killed some 40"
        if not (listed and options):
            # a later member of the list, unless harm words of its own follow it: "killed two people, four
            # others were wounded" starts a clause of the four
            options.append((len(head) - before.end(), before.group(0)))
    if before is not None and _with_others().search(head) and not _people_numbers(head[before.end():]) and \
            not re.search(rf"[.;:{_marks()}]", head[before.end():]):
        options.append((len(head) - before.end(), before.group(0)))  # "kills X along with his two sons"
    toll = _toll_rises().search(head)
    # "the toll from the raid on X, Y, rises to 31"
    if toll and not _people_numbers(head[toll.end():]):
        options.append((len(head) - toll.end(), toll.group(1)))
    if not options:
        return None
    return _measure_of(min(options)[1])


@per_pack
def _with_others(pack: Pack) -> re.Pattern:
    """People harmed with the one just named: "kills X along with his two sons"."""
    return re.compile(rf"\b{pack.alternation('along_with')}\s+"
                      rf"(?:{pack.alternation('determiners.possessive')}\s+)?$", re.IGNORECASE)


@per_pack
def _toll_rises(pack: Pack) -> re.Pattern:
    """A toll rising to the number: "the toll from the raid climbs to"; the toll's noun in a group."""
    return re.compile(rf"\b({pack.alternation('toll.nouns')}) {pack.alternation('toll.word')}\b"
                      rf"[^.;]{{0,120}}?\b{pack.alternation('rises_verbs')}\s+{pack.alternation('toll.prepositions')}\s*"
                      rf"(?:{pack.alternation('approximators')}\s*)?$", re.IGNORECASE)


@per_pack
def _listed_after_pattern(pack: Pack) -> re.Pattern:
    """Members of a list the harm word governs: "killing three guards and a voter", "killing 3 leaders and 10
    civilians" (N stands for each number)."""
    member = (rf"(?:N|{pack.alternation('determiners.member')})\s+(?:(?!{pack.alternation('member_stops')}\b)"
              rf"[\w'’-]+\s+){{0,5}}?[\w'’-]+")
    and_ = pack.alternation("word.and")
    joined = [w for w in pack.words("word.and") if w in joined_prefixes(pack)]
    onto = rf"|(?:{'|'.join(joined)})(?=N|$)" if joined else ""  # "4 أطفال وN": "و" written onto it
    return re.compile(rf"\s*(?:{pack.alternation('listed_lead')}{AFTER_WORD})*"
                      rf"(?:{member}\s*(?:,\s*(?:{and_}\s+)?|{and_}\s+{onto}))+", re.IGNORECASE)


def _listed_after(between: str) -> bool:
    """The words from a harm word to the number are earlier members of a list it governs."""
    masked = between
    for n in reversed(_people_numbers(between)):
        masked = masked[:n.start] + "N" + masked[n.end:]
    return _listed_after_pattern().fullmatch(masked) is not None


@per_pack
def _governs(pack: Pack) -> re.Pattern:
    """What stands between a harm word and the number it takes: "killing at least 16", "the deaths of 13"
    (never "by": "killed by two gunmen" names who did it)."""
    return re.compile(rf"\s*(?:{pack.alternation('governs_lead')}{AFTER_WORD})*", re.IGNORECASE)


def _takes_own_number(rest: str, harm: re.Match) -> bool:
    """The harm words are followed by a number of people they govern ("killing at least eight")."""
    following = _people_numbers(rest[harm.end():harm.end() + 40])
    return (bool(following)
            and _governs().fullmatch(rest[harm.end():harm.end() + following[0].start]) is not None)


def _combined_before(head: str, last: re.Match) -> bool:
    """Whether the harm words right before the number count several measures ("captured or killed 80")."""
    measures = {_measure_of(last.group(0))}
    text, later = head[:last.start()], last.group(0)
    while (m := re.search(r"(" + any_harm().pattern + r")" + rf"(?:{_join()}"
                          + (r"|\s+" if _joined_onto().match(later) else "") + r")$", text,
                          re.IGNORECASE)) is not None:
        if _people_numbers(text[max(0, m.start() - 30):m.start()]):
            break  # "left one person dead and injured 30": the dead have their own number
        later = re.search(any_harm().pattern, m.group(0), re.IGNORECASE).group(0)
        measures.add(_measure_of(later))
        text = text[:m.start()]
    return len(measures) > 1


def _charged(sentence: str, mention: NumberMention) -> bool:
    """The harm words of the number's clause are a charge in court ("six men are found guilty of murder")."""
    a, b = segment_around(sentence, mention.start, mention.end)
    clause = sentence[a:b]
    harm = list(any_harm().finditer(clause))
    return bool(harm) and all(charge_before().search(clause[:m.start()]) for m in harm)


def casualty_number(sentence: str, mention: NumberMention, context: str = "") -> Reason | None:
    """Why this number of the sentence is not a casualty figure, or None."""
    if kind("legal").search(" ".join(sentence[:mention.start].split()[-3:])):
        return Reason.BEFORE_COURT
    if re.search(rf"\b{alt('says_no_one')}\s*$", sentence[:mention.start], re.IGNORECASE):
        return Reason.SAYS_NO_ONE
    if counts_things(sentence, mention):
        return Reason.COUNTS_THINGS
    if not_harmed(sentence, mention):
        return Reason.NOT_HARMED
    if re.search(rf"\b{alt('part_markers')}\s*$", sentence[:mention.start], re.IGNORECASE) and re.match(
            rf"\s*{alt('severity')}\b", sentence[mention.end:], re.IGNORECASE):
        return Reason.PART_BY_SEVERITY
    measure = stated_measure(sentence, mention)
    if measure is None:
        return Reason.NO_HARM_STATED
    if counts_personnel(sentence, mention) and not measure_near(sentence, mention) and \
            not combined_measure(sentence, mention) and _deployed(sentence, mention):
        return Reason.PERSONNEL_SENT
    return out_of_scope(sentence, measure, context)


def _deployed(sentence: str, mention: NumberMention) -> bool:
    a, b = segment_around(sentence, mention.start, mention.end)
    return kind("deployed").search(sentence[a:b]) is not None


def troop_number(sentence: str, mention: NumberMention) -> Reason | None:
    """Why this number of the sentence is not a troop number, or None: it must count personnel, and not
    personnel harmed (a share of them harmed, "half of the 11,000 troops deployed were killed", leaves the
    number itself a troop number)."""
    if mention.qualifier == "vague":
        return Reason.VAGUE
    if counts_things(sentence, mention) or not counts_personnel(sentence, mention):
        return Reason.NOT_PERSONNEL
    if stated_measure(sentence, mention) and not _share_harmed(sentence, mention):
        return Reason.PERSONNEL_HARMED
    a, b = segment_around(sentence, mention.start, mention.end)
    if kind("legal").search(sentence[max(0, a - 40):b]):
        return Reason.PERSONNEL_IN_COURT
    return None


def _share_harmed(sentence: str, mention: NumberMention) -> bool:
    """A fraction before the number takes the harm words ("around half of the estimated 11,000 troops")."""
    before = sentence[max(0, mention.start - 60):mention.start]
    return re.search(rf"\b(?:{alt('fraction_words')}|\d+\s*{alt('percent')})\s+{alt('word.of')}\s+"
                     rf"(?:{alt('word.the')}\s+)?"
                     r"(?:\w+\s+){0,2}$", before, re.IGNORECASE) is not None


def makes_agreement(sentence: str) -> bool:
    """Whether a sentence can tell an agreement: it has an agreement noun and a verb of making one, or, where
    the pack says headings name agreements so (`agreement.named_with_parties`), the noun and two states
    after it, as a heading names a concluded agreement ("Двостороння безпекова угода між Україною та
    Молдовою")."""
    if kind("agreement.nouns").search(sentence) is None:
        return False
    if kind("agreement.making").search(sentence) is not None:
        return True
    between = _between_parties().search(sentence)
    return between is not None and len({*countries_in(between.group(1)),
                                        *countries_in(between.group(2))}) >= 2


@per_pack
def _between_parties(pack: Pack) -> re.Pattern:
    """An agreement noun, then two parties joined by "and": "agreement between Ukraine and Moldova"."""
    if not enabled(pack, "agreement.named_with_parties"):
        return NEVER
    name = r"[^\s,.;:()]+(?:\s+[^\s,.;:()]+)?"
    return re.compile(rf"{pack.alternation('agreement.nouns')}\b[^.;:]{{0,60}}?\s({name})\s+"
                      rf"{pack.alternation('word.and')}\s+({name})", re.IGNORECASE)


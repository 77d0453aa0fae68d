"""The one place that decides what a sentence can be a fact of: whether a number in it is a casualty figure (and
of which measure), a troop number, whether the sentence makes an agreement, and where it tells of one person
harmed. The call planning, the passages listed for the model, the validators and the record builder all ask
here, so they never disagree. Each test returns why not (a reason a person can read), or None when it passes."""

from __future__ import annotations

import re

from sitrep.deciding.figures import counts_personnel, counts_things, measure_near, not_harmed, segment_around
from sitrep.deciding.reasons import Reason
from sitrep.deciding.vocabulary import (
    AGREEMENT_NOUN,
    ANOTHER_PERSON,
    ANY_HARM,
    ARMED_GROUPS,
    BLAST,
    CHARGE,
    CONFLICT_SIDE,
    COURT,
    CRIME_VIOLENCE,
    GOVERNING,
    HARM_CUE,
    JUDICIAL_KILLING,
    LEGAL,
    MAKING,
    NEUTRAL_HARM,
    NOT_VIOLENCE,
    NOT_VIOLENCE_COMPOUNDS,
    ONE_PERSON,
    PASSIVE_HARM,
    POLICING,
    THE_PERSON,
    TITLED_PERSON,
    UNREST,
    VIOLENCE,
    VIOLENT_HARM,
    without_non_harm,
    words,
)
from sitrep.reading.countries import DEMONYM, NAME, countries_in
from sitrep.reading.quantities import NumberMention, find_numbers

# a run of harm words that count one figure together: "killed, wounded or missing", "killed or injured"
_JOIN = r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and/or|or|and)\s+)(?:(?:have\s+|had\s+)?(?:been|gone|went|were|are)\s+)?"
_ARMED_ACTORS = words(r"troops", r"soldiers?", r"forces", r"army", r"military", r"militants?", r"rebels?",
                      r"insurgents?", r"militias?", r"fighters", r"gunmen", r"armed", r"(?<![\w-])war", r"occupation",
                      r"prisoners? of war", r"POWs?", r"hostages?", r"terror\w*", r"jihadis\w*")


def combined_measure(sentence: str, mention: NumberMention) -> bool:
    """Whether the first harm words after the number count several measures at once ("over 6,000 soldiers have
    been killed, wounded or gone missing"): one figure, `casualties`, never turned into deaths."""
    rest = sentence[mention.end:]
    first = ANY_HARM.search(rest)
    if first is None or any(n.qualifier != "vague" for n in find_numbers(rest[:first.start()])):
        return False
    measures, at = set(), first.start()
    while (m := ANY_HARM.match(rest, at)) is not None:
        if measures and _takes_own_number(rest, m):
            break  # "left one person dead and injured at least 30 others": the 30 are the injured
        measures |= {k for k, cue in HARM_CUE.items() if cue.fullmatch(m.group(0))}
        joiner = re.match(_JOIN, rest[m.end():])
        if joiner is None:
            break
        at = m.end() + joiner.end()
    return len(measures) > 1


def _people_numbers(text: str) -> list[NumberMention]:
    return [n for n in find_numbers(text) if n.qualifier != "vague" and not counts_things(text, n)]


def _harm_words(text: str) -> list[re.Match]:
    """Harm words of the text that tell a harm done, not a charge in court or a sentence of death."""
    text = without_non_harm(text)
    return [m for m in ANY_HARM.finditer(text) if not CHARGE.search(text[:m.start()]) and not _IN_COURT_FOR.search(
        text[:m.start()]) and not _NAMES_A_CHARGE.match(text[m.end():])]


# a number inside a relative clause: ", which has 560,000"
_IN_RELATIVE = re.compile(r",\s*(?:which|who|that|whose)\s+[^,;.]*$", re.IGNORECASE)
# a harm noun with its own victims after it: "the killing of a man", "the deaths of protesters"
_HARM_NOUN_OF = re.compile(r"(?:killings?|deaths?|murders?|massacres?|assassinations?|abductions?|kidnappings?|"
                           r"arrests?|detentions?|executions?)\s+of\b", re.IGNORECASE)
# a harm word naming a charge or a case: "on murder charges", "a murder trial"
_NAMES_A_CHARGE = re.compile(r"\s+(?:charges?|trials?|cases?|convictions?|investigations?|probes?|inquir(?:y|ies))\b",
                             re.IGNORECASE)
# a harm word of other people, many of them: "in relation to the deaths of protesters"
_HARM_OF_MANY = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)?(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*s\b")


# a harm named as what a court case is about: "is sentenced to life in prison for the 2022 killings of"
_IN_COURT_FOR = re.compile(r"\b(?:sentenc\w*|convict\w*|charg\w*|indict\w*|guilty|acquitt\w*|tried|trial|jailed|"
                           r"imprisoned|prosecut\w*)\b[^.;]{0,80}?\b(?:for|of|over|in)\s+(?:the\s+|his\s+|her\s+)?"
                           r"(?:[\w-]+\s+){0,2}$|\bsuspects?\s+(?:in|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


def _listed_with(between: str) -> bool:
    """The words from a number to its harm words name other people only as a list with it ("Five gunmen and two
    members of the security forces are killed", "four Armenian and three Azerbaijani soldiers"): the harm is
    every member's."""
    if _AUXILIARY.search(_AUXILIARY_END.sub("", between)):
        return False  # a verb of its own between: "are forced to flee and a man is killed" harms the man only
    if _NEW_CLAUSE.search(between):
        return False  # "four of her children, after research suggested the deaths were…": another clause's harm
    numbers = _people_numbers(between)
    if not numbers:
        return True
    gaps, at = [], 0
    for n in numbers:
        gaps.append(between[at:n.start])
        at = n.end
    return all(_LIST_GAP.fullmatch(gap) is not None for gap in gaps)


_NEW_CLAUSE = re.compile(r"[,;]\s*(?:after|before|when|while|since|because|although|though|but|as|until|"
                         r"whereas|following)\b", re.IGNORECASE)
_AUXILIARY = re.compile(r"\b(?:is|are|was|were|has|have|had)\b", re.IGNORECASE)
_AUXILIARY_END = re.compile(r"(?:\b(?:is|are|was|were|has|have|had|been|being|also|later|then|reported|said|"
                           r"believed|feared|confirmed|presumed|thought|listed|\w+ly)\s*)+$",
                            re.IGNORECASE)

# between two numbers of a list: a few words naming the first ones, then ", " or "and" ("militants, ", "and"),
# or a part of them ("people, including 5 children")
_LIST_GAP = re.compile(r"\s*(?:(?!(?:where|who|which|that|when|after|before|while|were|was|are|is|have|has|had|to|"
                       r"in|on|at|by|from)\b)[\w'’-]+\s+){0,4}?(?:[\w'’-]+)?\s*(?:,\s*(?:and\s+)?|and\s+)"
                       r"(?:(?:including|among them|among whom|of whom|all|all the)\s+)?",
                       re.IGNORECASE)


_RISES_TO = re.compile(r"\b(?:rises|rose|risen|increases|increased|climbs|climbed|reaches|reached|stands|stood|jumps|"
                       r"jumped|grows|grew|hits|hit|now|at|to)\s*$", re.IGNORECASE)


def _part_of(sentence: str, mention: NumberMention) -> NumberMention | None:
    """The whole a number is a part of: "35 people, including 18 fighters and 16 soldiers" -> 35 for 18 and 16."""
    head = sentence[:mention.start]
    markers = list(re.finditer(r"\b(?:including|among them|of whom|among whom)[\s,:]*", head, re.IGNORECASE))
    if not markers:
        return None
    marker = markers[-1]
    between = head[marker.end():]
    at = 0
    for n in _people_numbers(between):  # the list's earlier members, each followed by a list gap
        if (at == 0 and between[:n.start].strip()) or (at and not _LIST_GAP.fullmatch(between[at:n.start])):
            return None
        at = n.end
    if at == 0 and between.strip() or at and not _LIST_GAP.fullmatch(between[at:]):
        return None
    whole = _people_numbers(head[:marker.start()])
    return whole[-1] if whole else None


def _measure_of(words: str) -> str:
    return next(k for k, cue in HARM_CUE.items() if cue.fullmatch(words))


def stated_measure(sentence: str, mention: NumberMention) -> str | None:
    """The casualty measure the text states for this number: the nearest harm words after it with no other
    number between, unless in a list with it ("21 people were killed", "five gunmen and two soldiers were
    killed"), or right before it ("killing at least 16", "the death toll rises to 16"); `casualties` for several
    measures counted together; a part ("including 5 children") takes its whole's measure. None when the text
    states no harm for it."""
    sentence = without_non_harm(sentence)  # "sentenced to death" is no harm done
    if combined_measure(sentence, mention):
        return "casualties"
    part_of = _part_of(sentence, mention)
    if part_of is not None and measure_near(sentence, mention) is None:
        # "558 people, including 50 children": the measure of the number it is part of
        return stated_measure(sentence, part_of)
    rest, head = sentence[mention.end:], sentence[:mention.start]
    after = next(iter(_harm_words(rest)), None)
    if after is not None and _IN_RELATIVE.search(head) and "," in rest[:after.start()]:
        after = None  # "the channel, which has 560,000 subscribers, died": the harm is the main clause's
    if after is not None and _HARM_NOUN_OF.match(rest[after.start():]):
        after = None  # "200 people rally over the killing of a man": the harm is the man's
    if after is not None and _takes_own_number(rest, after):
        after = None  # "a train carrying 970 passengers, killing at least eight": the harm is the eight's
    before = (_harm_words(head) or [None])[-1]
    options = []
    if after is not None and _listed_with(rest[:after.start()]) and not _charged(sentence, mention):
        options.append((after.start(), after.group(0)))
    if before is not None and (_GOVERNS.fullmatch(head[before.end():]) or _listed_after(head[before.end():]) or (
            _RISES_TO.search(head) and not _people_numbers(head[before.end():]) and
            not re.search(r"[,;:]", head[before.end():]))):
        if _combined_before(head, before):
            return "casualties"  # "seized or killed some 40"
        options.append((len(head) - before.end(), before.group(0)))
    if before is not None and _WITH_OTHERS.search(head) and not _people_numbers(head[before.end():]) and \
            not re.search(r"[.;:]", head[before.end():]):
        options.append((len(head) - before.end(), before.group(0)))  # "kills X along with his two sons"
    toll = _TOLL_RISES.search(head)
    if toll and not _people_numbers(head[toll.end():]):  # "the death toll from the attack on X, Y, rises to 207"
        options.append((len(head) - toll.end(), toll.group(1)))
    if not options:
        return None
    return _measure_of(min(options)[1])


# people harmed with the one just named: "kills X along with his two sons"
_WITH_OTHERS = re.compile(r"\b(?:along with|together with|alongside|as well as)\s+(?:(?:his|her|their|its|the)\s+)?$",
                          re.IGNORECASE)
_TOLL_RISES = re.compile(r"\b(death|casualt\w+) toll\b[^.;]{0,120}?\b(?:rises|rose|risen|increases|increased|climbs|"
                         r"climbed|reaches|reached|stands|stood|jumps|jumped|grows|grew|hits)\s+(?:to|at)\s*"
                         r"(?:(?:at least|more than|over|about|some|nearly)\s*)?$", re.IGNORECASE)
# a member of a list the harm word governs: "killing three guards and a voter", "killing 3 leaders and 10 civilians"
_MEMBER = (r"(?:N|an?|another|one)\s+(?:(?!(?:is|are|was|were|has|have|had|who|which|that|after|before|when|while|"
           r"in|on|at|by|from|near)\b)[\w'’-]+\s+){0,5}?[\w'’-]+")
_LISTED_AFTER = re.compile(rf"\s*(?:(?:of|the|a total of|some|nearly|about)\s+)*(?:{_MEMBER}\s*(?:,\s*(?:and\s+)?|and\s+))+",
                           re.IGNORECASE)


def _listed_after(between: str) -> bool:
    """The words from a harm word to the number are earlier members of a list it governs."""
    masked = between
    for n in reversed(_people_numbers(between)):
        masked = masked[:n.start] + "N" + masked[n.end:]
    return _LISTED_AFTER.fullmatch(masked) is not None


# a harm word that takes the number right after it: "killing at least 16", "the deaths of 13", "killed 25"
# (never "by": "killed by two gunmen" names who did it)
_GOVERNS = re.compile(r"\s*(?:(?:of|to|at|the|a total of|some|nearly|about)\s+)*", re.IGNORECASE)


def _takes_own_number(rest: str, harm: re.Match) -> bool:
    """The harm words are followed by a number of people they govern ("killing at least eight")."""
    following = _people_numbers(rest[harm.end():harm.end() + 40])
    return bool(following) and _GOVERNS.fullmatch(rest[harm.end():harm.end() + following[0].start]) is not None


def _combined_before(head: str, last: re.Match) -> bool:
    """Whether the harm words right before the number count several measures ("captured or killed 80")."""
    measures = {_measure_of(last.group(0))}
    text = head[:last.start()]
    while (m := re.search(r"(" + ANY_HARM.pattern + r")" + _JOIN + r"$", text, re.IGNORECASE)) is not None:
        if _people_numbers(text[max(0, m.start() - 30):m.start()]):
            break  # "left one person dead and injured 30": the dead have their own number
        measures.add(_measure_of(re.search(ANY_HARM.pattern, m.group(0), re.IGNORECASE).group(0)))
        text = text[:m.start()]
    return len(measures) > 1


def _charged(sentence: str, mention: NumberMention) -> bool:
    """The harm words of the number's clause are a charge in court ("six men are found guilty of murder")."""
    a, b = segment_around(sentence, mention.start, mention.end)
    clause = sentence[a:b]
    harm = list(ANY_HARM.finditer(clause))
    return bool(harm) and all(CHARGE.search(clause[:m.start()]) for m in harm)


_ACCUSED = re.compile(r"\b(?:(?:accused|suspected|convicted|charged|wanted|on suspicion)\s+(?:\w+\s+)?(?:of|with|for)|"
                      r"affiliated with|linked to|with (?:alleged )?(?:ties|links) to|"
                      r"for (?:his|her|their) (?:alleged )?(?:role|part|involvement|participation) in|"
                      r"\bformer (?:[\w-]+ ){0,3}?(?:army|military|militia|rebel|police) \w+|"
                      r"for (?:allegedly )?(?:plann|plott|prepar|attempt|conspir)\w*)\b[^.;]*", re.IGNORECASE)


def out_of_scope(sentence: str, measure: str, context: str = "") -> Reason | None:
    """Why harm told in `sentence` is not a casualty figure of violence, or None. Disease, disaster and accident
    are out unless the sentence also tells of violence; `context` (the title, say) speaks when the sentence is
    silent. Arrests and detentions are in only where armed forces or war are in the sentence."""
    if JUDICIAL_KILLING.search(sentence) and _judicial(sentence):
        return Reason.JUDICIAL
    if not _violent(sentence) and (NOT_VIOLENCE.search(sentence) or (NOT_VIOLENCE.search(context)
                                                                     and not _violent(context))):
        return Reason.NOT_VIOLENCE
    if _ordinary_crime(f"{sentence}\n{context}"):
        return Reason.ORDINARY_CRIME
    if _unexplained_blast(sentence, context):
        return Reason.UNEXPLAINED_BLAST
    if measure in ("captured", "casualties") and POLICING.search(sentence) and not _ARMED_ACTORS.search(
            _ACCUSED.sub(" ", re.sub(r"\bmilitary police\b", " ", sentence, flags=re.IGNORECASE))):  # "arrested, accused of plotting a terrorist attack": a police arrest
        return Reason.POLICE_ARREST
    if not UNREST.search(sentence) and not any(_violent(t) or VIOLENT_HARM.search(without_non_harm(t)) or
                                                _ARMED_ACTORS.search(t) for t in (sentence, context)) \
            and NEUTRAL_HARM.search(sentence):
        return Reason.NO_VIOLENCE_TOLD
    return None


def _ordinary_crime(text: str) -> bool:
    """The violence told is only a shooting, a stabbing or a murder, and nothing names an armed group, a war, terror or
    politics around it (the sentence, the one before it in the same item, the title)."""
    violence = [m.group(0) for m in VIOLENCE.finditer(NOT_VIOLENCE_COMPOUNDS.sub(" ", text))]
    return bool(violence) and all(CRIME_VIOLENCE.fullmatch(v) for v in violence) and \
        not CONFLICT_SIDE.search(text) and not ARMED_GROUPS.search(text)


def _unexplained_blast(sentence: str, context: str) -> bool:
    """The only cause told is an explosion or a blast, and nothing around it tells an attack, a weapon or a side
    ("an explosion at a market kills eleven"): gas, a fire or a bomb alike, so no figure of violence."""
    text = f"{sentence}\n{context}"
    return BLAST.search(sentence) is not None and not _violent(text) and not CONFLICT_SIDE.search(text) \
        and not ARMED_GROUPS.search(text)


def _judicial(sentence: str) -> bool:
    """An execution by a state after a trial: a state is what executes ("Singapore executes a man", whatever the
    crime was), or a court is named and no other violence is told in the sentence, nor a summary killing."""
    subject = re.search(r"((?:[A-Z][\w'’-]+\s+){1,3})(?:executes|executed|hangs|hanged)\b", sentence)
    if subject and countries_in(subject.group(1), kinds={NAME}) and not _ARMED_ACTORS.search(subject.group(1)):
        return True
    rest = JUDICIAL_KILLING.sub(" ", sentence)
    if _violent(rest) or re.search(r"\bsummar(?:y|ily)\b", sentence, re.IGNORECASE):
        return False
    return COURT.search(sentence) is not None


def _violent(text: str) -> bool:
    """Violence told in the text, once what names disease, disaster or accident is set aside ("heart attack");
    a people's fire is gunfire ("killed by Israeli fire")."""
    text = NOT_VIOLENCE_COMPOUNDS.sub(" ", text)
    return VIOLENCE.search(text) is not None or any(
        countries_in(m.group(1), kinds={DEMONYM}) for m in re.finditer(r"\b([A-Z][\w'’-]+)\s+fire\b", text))


def casualty_number(sentence: str, mention: NumberMention, context: str = "") -> Reason | None:
    """Why this number of the sentence is not a casualty figure, or None."""
    if LEGAL.search(" ".join(sentence[:mention.start].split()[-3:])):
        return Reason.BEFORE_COURT
    if re.search(r"\b(?:no|none of the|not a single)\s*$", sentence[:mention.start], re.IGNORECASE):
        return Reason.SAYS_NO_ONE
    if counts_things(sentence, mention):
        return Reason.COUNTS_THINGS
    if not_harmed(sentence, mention):
        return Reason.NOT_HARMED
    if re.search(r"\b(?:including|of whom|among them)\s*$", sentence[:mention.start], re.IGNORECASE) and re.match(
            r"\s*(?:critically|seriously|severely|gravely|badly|fatally|lightly|slightly|moderately)\b",
            sentence[mention.end:], re.IGNORECASE):
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
    return re.search(r"\b(?:deploy\w*|sent|send\w*|station\w*|dispatch\w*|mobili[sz]\w*|withdr[ae]w\w*|arriv\w*)\b",
                     sentence[a:b], re.IGNORECASE) is not None


def troop_number(sentence: str, mention: NumberMention) -> Reason | None:
    """Why this number of the sentence is not a troop number, or None: it must count personnel, and not
    personnel harmed (a share of them harmed, "half of the 11,000 troops deployed were killed", leaves the number
    itself a troop number)."""
    if mention.qualifier == "vague":
        return Reason.VAGUE
    if counts_things(sentence, mention) or not counts_personnel(sentence, mention):
        return Reason.NOT_PERSONNEL
    if stated_measure(sentence, mention) and not _share_harmed(sentence, mention):
        return Reason.PERSONNEL_HARMED
    a, b = segment_around(sentence, mention.start, mention.end)
    if LEGAL.search(sentence[max(0, a - 40):b]):
        return Reason.PERSONNEL_IN_COURT
    return None


def _share_harmed(sentence: str, mention: NumberMention) -> bool:
    """A fraction before the number takes the harm words ("around half of the estimated 11,000 troops")."""
    before = sentence[max(0, mention.start - 60):mention.start]
    return re.search(r"\b(?:half|third|quarter|fifth|tenth|\d+\s*(?:%|per\s?cent|percent))\s+of\s+(?:the\s+)?"
                     r"(?:\w+\s+){0,2}$", before, re.IGNORECASE) is not None


def context_of(text: str, sentence_start: int, title: str | None) -> str:
    """What speaks for a sentence that names no cause itself: the article's title, and the sentence before it in
    the same paragraph or news item when that one tells of harm, violence, disaster or accident (the same event,
    told on: "Supporters storm the camp, clashing with police. 78 people are hurt.", "A ship catches fire. One
    person is killed.")."""
    before = text[max(0, sentence_start - 400):sentence_start]
    line = before.split("\n")[-1]  # the same paragraph or news item, never the item before
    previous = re.split(r"(?<=[.!?])\s+", line.strip())[-1] if line.strip() else ""
    # the same event told on, not any sentence before: its harm, its violence, or its disaster or accident
    telling = ANY_HARM.search(previous) or _violent(previous) or any(
        m.group(0).lower() != "weather" for m in NOT_VIOLENCE.finditer(previous))  # a disaster, not talk of weather
    return f"{title or ''}\n{previous if telling else ''}"


def makes_agreement(sentence: str) -> bool:
    """Whether a sentence can tell an agreement: it has an agreement noun and a verb of making one."""
    return AGREEMENT_NOUN.search(sentence) is not None and MAKING.search(sentence) is not None


def _harmed_before(sentence: str, start: int) -> bool:
    """A harm word shortly before, with no punctuation between: "murdering seven soldiers and a civilian"."""
    head = sentence[max(0, start - 60):start]
    words_between = re.split(r"[,;:.()]", head)[-1]
    harm = _harm_words(words_between)
    return bool(harm) and len(words_between[harm[-1].end():].split()) <= 5


def single_victims(sentence: str, context: str = "", scoped: bool = True) -> list[tuple[int, int]]:
    """Where the sentence tells of one person harmed, in words ("a soldier was killed", "the mayor was shot
    dead", "killing a civilian", "Ana Ruiz, the town's mayor, is killed"): the span of that person's clause.
    The person must itself be harmed: a harm word in its clause or right before it, and no number counting
    others there."""
    out = []
    for pattern in (ONE_PERSON, THE_PERSON, ANOTHER_PERSON, TITLED_PERSON):
        for m in pattern.finditer(sentence):
            a, b = segment_around(sentence, m.start(), m.end())
            clause = sentence[a:b]
            after = sentence[m.end():m.end() + 60]
            governing = _harm_words(sentence[:m.start()])[-1:]  # the harm word of a list it ends ("… and a voter")
            harmed = any(not _HARM_OF_MANY.match(clause[h.end():]) for h in _harm_words(clause)) or any(
                re.search(r"\band\s+$", sentence[h.end():m.start()]) and _listed_after(sentence[h.end():m.start()])
                for h in governing) or _harmed_before(sentence, m.start()) or (
                re.match(r"\s*(?:,[^,]{0,40},\s*)?(?:is|was|has been|had been)\s+(?:\w+\s+)?|\s+and\s+(?:[\w'’-]+\s+)"
                         r"{1,5}?(?:are|were|have been|had been)\s+|\s*,\s*(?:are|were|have been|had been)\s+", after)
                is not None and PASSIVE_HARM.search(after) is not None) or (
                re.match(r"\s+and\s+(?:[\w'’-]+\s+){1,5}?(?:die|died)\b", after) is not None)
            sibling = re.search(r"(?:,\s*(?:and\s+)?|\band\s+|\b(?:including|among them)\s+)$",
                                sentence[:m.start()]) is not None
            if not harmed or any(n.value > 1 and not (sibling and a + n.end <= m.start())
                                 for n in _people_numbers(clause)):
                continue  # a number counting others, unless an earlier member of a list: "three guards and a voter"
            _add(out, sentence, (a, b), context, scoped)
    for m in _HARMS_NAMED.finditer(sentence):  # a named person harmed by an active verb: "a drone kills Ivo Ralev"
        name = m.group(1).strip()
        if not countries_in(name) and not GOVERNING.search(name) and not re.search(r"\bCourt\b", name):
            _add(out, sentence, (m.start(), m.end()), context, scoped)
    for m in [*PASSIVE_HARM.finditer(sentence), *_AMONG_HARMED.finditer(sentence)]:  # "Ivo Ralev was killed"
        if m.group(0).split()[0].lower() not in ("is", "was", "has", "had"):
            continue
        start = max(0, m.start() - 120)
        subject = re.split(r"[.;:!?]\s|\b(?:but|while|after|when|as)\s|\band\s+(?=(?:the|a|an|his|her|their|its)\s)",
                           sentence[start:m.start()])[-1]
        names = [n.group(0) for n in re.finditer(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+", subject)
                 if not _PLACE_BEFORE.search(subject[:n.start()])]  # "in East Jerusalem" is a place
        if _people_numbers(subject) or not any(not GOVERNING.search(n) and not re.search(r"\bCourt\b", n)
                                               for n in names):
            continue
        _add(out, sentence, (m.start() - len(subject), m.end()), context, scoped)
    return out


# one person counted among the harmed: "general Ivo Ralev is allegedly among the dead"
_AMONG_HARMED = re.compile(r"\b(?:is|was)\s+(?:\w+\s+)?among\s+(?:the|those)\s+(?:\w+\s+)?(?:dead|killed|wounded|"
                           r"injured|victims|casualties)\b", re.IGNORECASE)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from|to|into|outside|across)\s+(?:the\s+)?$", re.IGNORECASE)
_HARMS_NAMED = re.compile(r"\b(?:kill(?:s|ed|ing)|assassinat(?:es|ed)|shoots? dead|shot dead|behead(?:s|ed)|"
                          r"abduct(?:s|ed)|kidnap(?:s|ped)|wound(?:s|ed)|injur(?:es|ed)|murder(?:s|ed)|"
                          r"execut(?:es|ed))\s+((?:(?:[‘'’]?[A-Z][\w'’-]+|al-[\w'’-]+|bin|ibn)\s*){2,5})(?=[,.;]|\s+(?:and|in|on|at|near|with|"
                          r"along|while|during|after|before|as|by|who)\b|$)")


def _add(out: list[tuple[int, int]], sentence: str, span: tuple[int, int], context: str, scoped: bool) -> None:
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
    "the", or a named person as the subject of a singular passive of harm (`scoped`: harmed through violence in
    scope, else whatever the cause)."""
    return bool(single_victims(sentence, context, scoped))

"""Why a candidate is not asked about, or why an item became no record: one enum, so counts, traces and
`sitrep explain` name the same reasons. Each value is the sentence a person reads."""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    # a casualty number
    BEFORE_COURT = "the number counts people before a court, not harmed"
    SAYS_NO_ONE = "the text says no one"
    COUNTS_THINGS = "the number counts things, money, time or a date, not people"
    NOT_HARMED = "the number counts people moved, sheltered or freed, not harmed"
    PART_BY_SEVERITY = "a part of a figure already counted, told by how badly they are hurt"
    NO_HARM_STATED = "the text states no harm for the number"
    PERSONNEL_SENT = "the number counts personnel sent or deployed, not harmed"
    # the scope of harm
    JUDICIAL = "a judicial execution, not violence"
    NOT_VIOLENCE = "harm from disease, disaster or accident, not violence"
    ORDINARY_CRIME = ("a shooting, stabbing or murder with no armed group, war, terror or politics told: "
                      "ordinary crime")
    UNEXPLAINED_BLAST = "an explosion with no attack, armed group, war or terror told for it"
    POLICE_ARREST = "an arrest in crime or politics, not a capture in conflict"
    NO_VIOLENCE_TOLD = "a death or injury with no violence told for it"
    # a troop number
    VAGUE = "a vague amount is not a troop number"
    NOT_PERSONNEL = "the number does not count personnel"
    PERSONNEL_HARMED = "personnel killed, wounded or captured are casualties, not troops"
    PERSONNEL_IN_COURT = "personnel before a court, not a deployment"
    # an agreement
    NO_AGREEMENT = "no agreement noun with a verb of making one"
    # an item of the model, aligned
    NOT_A_CANDIDATE = "its sentence holds no candidate of its kind"
    UNGROUNDED_AFTER_REASKS = "ungrounded after re-asks"
    UNGROUNDED_NOW = "ungrounded by the current method"
    QUOTE_NOT_FOUND = "quote not in the article"
    NOT_REPORTED = "not reported by the article"
    # a record, built
    NO_HARM_WORD = "no word of harm in its sentence"
    NO_ONE_PERSON = "a count of 1 needs one harmed person told in the text"
    COUNT_NOT_WRITTEN = "the count is not written in its quote"
    NO_GROUP = "whose casualties is not named in the text"
    NO_FORCE = "whose troops is not named in its sentence"
    NAMES_NO_AGREEMENT = "its quote names no agreement"
    NO_AGREEMENT_MADE = "the text says no agreement was made"
    FEWER_THAN_TWO_PARTIES = ("fewer than two parties (states, organisations or armed groups) named in its "
                              "sentence")
    COMPANIES = "the parties are companies, not states, organisations or armed groups"
    SAME_FACT = "the same fact as another record"

"""Which of a sentence's dates date a violent act, and which date only the telling of it.

News reports are full of dates that belong to the reporting or the legal aftermath of the main
incident ("police said Monday the man was shot", "an indictment was unsealed Wednesday", "was
found guilty on Sept. 9") or to a statistic ("the county's total rose to 34 in 2016"). Such a date
says nothing about when the violence happened, so it must not move the sentence out of the main
incident (`incidents.segment`). The date's attachment in the dependency parse tells them apart: no
library decides "which act does this adverbial modify", so it is a short walk up spaCy's heads.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from incidentwire.extractors.dates import DateMention
from incidentwire.extractors.lexicon import PERPETRATOR_NOUNS
from incidentwire.extractors.triggers import Trigger

# Acts of reporting, policing, courts and bookkeeping (lemmas): a date attached to one of them
# dates that act, not the violence.
PROCEDURAL = {
    # saying and reporting
    "say", "tell", "confirm", "announce", "report", "state", "add", "note", "write", "post", "tweet",
    "release", "issue", "publish", "reveal", "disclose", "explain", "describe", "update", "ask", "urge",
    "comment", "speak", "inform", "notify", "pronounce", "testify", "respond", "believe", "learn", "name", "identify",
    "interview", "question", "investigate", "continue", "seek", "search", "call", "plan", "hold",
    "gather", "remember", "mourn", "attend", "vigil", "memorial", "funeral", "bury", "rule", "determine",
    # police and courts
    "arrest", "charge", "book", "jail", "detain", "indict", "indictment", "unseal", "arraign", "arraignment",
    "plead", "convict", "conviction", "sentence", "sentencing", "acquit", "try", "trial", "hearing",
    "appear", "court", "file", "serve", "bail", "bond", "extradite", "surrender", "turn",
    "apprehend", "capture", "custody", "warrant", "verdict", "deliberate", "jury", "appeal", "order",
    "deny", "grant", "dismiss", "drop", "reduce", "face", "await", "schedule", "set",
    # bookkeeping
    "total", "tally", "count", "record", "rise", "surpass", "reach", "push", "bring", "mark",
}
# Words that make a sentence a statistic over many acts rather than the report of one.
STATISTIC_WORDS = {"total", "tally", "so far", "year-to-date", "average", "rate", "statistics", "per capita"}
_STATISTIC = re.compile(r"\b(?:" + "|".join(sorted(STATISTIC_WORDS)) + r")\b", re.I)
_VERDICTS = {"guilty", "innocent", "liable", "competent", "incompetent"}
# A death from wounds of an earlier act
_LATER_DEATH = {"die", "succumb"}
_DEATH = {"die", "succumb", "dead", "death"}
_ORDINALS = {"second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
             "twelfth"}
# Chains longer than this never reached the act: the date then counts as the sentence's own.
_MAX_WALK = 8


def _is_procedural(token: Token) -> bool:
    if token.lemma_.lower() == "find":  # "found guilty" is a verdict; "the bodies were found" tells the act
        return any(c.lower_ in _VERDICTS for c in token.children)
    return token.lemma_.lower() in PROCEDURAL and token.pos_ in ("VERB", "NOUN", "AUX", "ADJ", "PROPN")


def _violence_in_clause(verb: Token, starts: set[int], skip: range) -> bool:
    """A violent act said in the verb's clause: a violent verb, or a violent noun as subject ("gunfire
    erupted"), not under a procedural act ("convicted of murder"). A violent noun as object ("a
    meeting Monday to discuss the murder", "in custody for the shooting") only refers to the act."""
    for token in verb.subtree:
        if token.idx not in starts or token.i in skip:
            continue
        if token.lemma_.lower() in PERPETRATOR_NOUNS or not (
                token.pos_ == "VERB" or (token.pos_ == "ADJ" and token.dep_ in ("acomp", "oprd", "ROOT"))
                or token.dep_ in ("nsubj", "nsubjpass", "ROOT")):
            continue  # "the gunman was enrolled in 2010", "present Tuesday after Monday's fatal shooting"
        node = token
        while node.i != verb.i and not (node.i != token.i and _is_procedural(node)):
            if node.head.i == node.i:
                break  # a root: never loop on a tree whose edges disagree with its heads
            node = node.head
        if node.i == verb.i:
            return True
    return False


def dates_violence(sentence: Span, mention: DateMention, triggers: list[Trigger]) -> bool:
    """Does this date expression date a violent act of the sentence (so a different date makes the
    sentence another incident)? False when it attaches to a reporting, procedural or counting act:
    walking up from the date, the first violent word, procedural word or verb decides."""
    span = sentence.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return True
    # every token of a trigger counts ("shot and killed ... on Nov. 3" attaches to "killed")
    starts = {tok.idx for t in triggers for tok in sentence if t.start <= tok.idx < t.end}
    inside = range(span.start, span.end)
    token = span.root
    for _ in range(_MAX_WALK):
        if token.i not in inside:
            if token.idx in starts:
                # "died Tuesday from wounds suffered in a shooting Saturday": the day of the death,
                # not of the act (the act's own date, if any, decides)
                return not (token.lemma_.lower() in _LATER_DEATH and any(c.lower_ in ("from", "of", "after") and c.dep_ == "prep"
                                                                          for c in token.children))
            if _is_procedural(token):
                return False  # "said Monday", "charged in December", "an indictment unsealed Wednesday"
            if token.pos_ in ("VERB", "AUX"):  # the clause the date modifies ("the gunfire erupted Monday")
                return _violence_in_clause(token, starts, inside)
        if token.head.i == token.i:
            return _violence_in_clause(token, starts, inside)
        token = token.head
    return True


def dates_a_death(sentence: Span, mention: DateMention) -> bool:
    """Is the date that of a death ("Jacob died Saturday", "was pronounced dead on July 7")? A victim
    dies after the act, so a later death date belongs to the same incident."""
    span = sentence.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(3):
        if token.head.i == token.i:
            break
        token = token.head
        if token.lemma_.lower() in _DEATH:
            return True
        if token.pos_ in ("VERB", "AUX"):
            return False
    return False


def is_statistic(sentence: Span) -> bool:
    """A count over many acts ("the county's total to 34 in 2016", "the 113th homicide this year",
    "there have been 153 gunshot victims this year"), not the report of one."""
    if _STATISTIC.search(sentence.text):
        return True
    for token in sentence:
        if token.dep_ == "amod" and (token.lower_ in _ORDINALS or (token.text[:1].isdigit() and token.lower_.endswith(
                ("st", "nd", "rd", "th")))) and token.head.pos_ == "NOUN":
            return True  # "the seventh death during 2016", "the 13th incident in 2016"
        if token.tag_ == "NNS" and token.lemma_.lower() in ("homicide", "shooting", "killing", "murder", "victim", "death") \
                and any(c.dep_ == "nummod" and c.like_num for c in token.children):
            return True
    return False


def violent_dates(sentence: Span, dates: list[DateMention], triggers: list[Trigger]) -> list[DateMention]:
    """The sentence's dates that date its violence (see `dates_violence`); none in a statistic."""
    if is_statistic(sentence):
        return []
    return [d for d in dates if dates_violence(sentence, d, triggers)]

"""Event mentions: the words that say an attack, bombing, kidnapping ... happened."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from incidentwire.extractors.lexicon import GENERIC_CONTEXT, IRREALIS, PHRASE_TRIGGERS, TRIGGERS

_PHRASES = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in sorted(PHRASE_TRIGGERS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_EVENT_POS = {"NOUN", "VERB", "PROPN", "ADJ"}
_NAME_TRIGGERS = {"rob"}


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    text: str
    category: str
    weight: float
    subcategory: str | None


def _irrealis(token: Token) -> bool:
    """A trigger under "vow to", "threaten to", "plans", ... describes no event."""
    node, depth = token, 0
    while node.head is not node and depth < 3:
        node, depth = node.head, depth + 1
        if node.lemma_.lower() in IRREALIS:
            return True
    if any(child.lemma_.lower() in GENERIC_CONTEXT for child in token.children):
        return True
    return token.tag_ in ("VB",) and any(c.dep_ == "aux" and c.lower_ in ("will", "would") for c in token.children)


def _given_name(token: Token) -> bool:
    """"Coroner Rob Russell": a first name followed by the rest of the name, not an act. Only for
    trigger words that are also given names (a headline "Teen Shot Dead" is often tagged PERSON)."""
    if token.lower_ not in _NAME_TRIGGERS:
        return False
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return (token.ent_type_ == "PERSON" and token.pos_ == "PROPN" and following is not None
            and following.ent_type_ == "PERSON" and following.ent_iob_ == "I" and following.pos_ == "PROPN")


def find_triggers(sentence: Span) -> list[Trigger]:
    """Triggers of weight > 0 in a sentence, phrases first (they are more specific)."""
    found: list[Trigger] = []
    taken: list[tuple[int, int]] = []
    base = sentence.start_char
    for match in _PHRASES.finditer(sentence.text):
        category, weight, sub = PHRASE_TRIGGERS[match.group().lower()]
        start, end = base + match.start(), base + match.end()
        found.append(Trigger(start, end, match.group(), category, weight, sub))
        taken.append((start, end))
    for token in sentence:
        if token.pos_ not in _EVENT_POS:
            continue
        lemma, lower = token.lemma_.lower(), token.lower_
        entry = TRIGGERS.get(lemma) or TRIGGERS.get(lower)
        if entry is None or entry[1] <= 0 or _given_name(token):
            continue
        start, end = token.idx, token.idx + len(token)
        if any(s <= start < e for s, e in taken) or _irrealis(token):
            continue
        found.append(Trigger(start, end, token.text, *entry))
    return sorted(found, key=lambda t: t.start)

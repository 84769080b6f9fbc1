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
        if entry is None or entry[1] <= 0 or token.ent_type_ == "PERSON":  # "Coroner Rob Russell"
            continue
        start, end = token.idx, token.idx + len(token)
        if any(s <= start < e for s, e in taken) or _irrealis(token):
            continue
        found.append(Trigger(start, end, token.text, *entry))
    return sorted(found, key=lambda t: t.start)

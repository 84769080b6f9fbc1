"""Which date expression is the incident's: the one attached to the act, not to the report.

"Police said Monday that a man was shot Saturday night" names two days; the shooting's is the one
whose governing verb is the act (shot), not the reporting or judicial verb (said, arrested).
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Span

from incidentwire.extractors.dates import DateMention, find_dates
from incidentwire.extractors.lexicon import TRIGGERS

# verbs of reporting, investigation and court: a date attached to them is not the incident's
LATER_EVENTS = {
    "say", "tell", "announce", "report", "confirm", "identify", "release", "arrest", "charge", "plead",
    "sentence", "convict", "appear", "book", "hold", "attend", "gather", "mourn", "vigil", "testify",
    "file", "indict", "ask", "investigate", "search", "update", "post", "speak", "issue", "add", "continue",
    "remain", "rule", "order", "meet", "publish", "bury", "hear", "visit", "deny", "give",
}
ACT_VERBS = {"happen", "occur", "find", "respond", "call", "erupt", "break", "hit", "strike", "open"}
LEAD_SENTENCES = 8  # dates outside event sentences are considered only in the lead


def governor(doc: Doc, mention: DateMention) -> str | None:
    """Lemma of the nearest verb (or event noun) above the date expression."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    node = span.root
    for _ in range(6):
        if node.head is node:
            return node.lemma_.lower() if node.pos_ in ("VERB", "AUX") else None
        node = node.head
        lemma = node.lemma_.lower()
        if node.pos_ in ("VERB", "AUX") or lemma in TRIGGERS:
            return lemma
    return None


def _score(doc: Doc, mention: DateMention, in_event_sentence: bool, order: int) -> float:
    lemma = governor(doc, mention)
    score = 1.0 if in_event_sentence else 0.0
    if lemma in TRIGGERS or lemma in ACT_VERBS:
        score += 2.0
    elif lemma in LATER_EVENTS:
        score -= 2.5
    if mention.precision == "day":
        score += 1.0
    return score - 0.05 * order


def choose_main_date(doc: Doc, event_sentences: list[Span], dateline_dates: list[DateMention] | None,
                     published: date | None, text: str) -> DateMention | None:
    """The best-attached date among event sentences and the lead; None when no candidate is
    attached to anything but later events."""
    event_starts = {s.start_char for s in event_sentences}
    candidates: list[tuple[float, DateMention]] = []
    sentences = list(doc.sents)
    considered = [s for i, s in enumerate(sentences) if i < LEAD_SENTENCES or s.start_char in event_starts]
    order = 0
    for sentence in considered:
        for mention in find_dates(text[sentence.start_char:sentence.end_char], published, offset=sentence.start_char):
            if mention.value is None or mention.precision in ("week", "month", "year"):
                continue
            candidates.append((_score(doc, mention, sentence.start_char in event_starts, order), mention))
            order += 1
    for mention in dateline_dates or []:
        candidates.append((0.5, mention))
    if not candidates:
        return None
    score, best = max(candidates, key=lambda c: c[0])
    return best if score > -1.0 else None

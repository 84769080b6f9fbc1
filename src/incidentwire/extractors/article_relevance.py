"""Does the article report a specific violent act at all, or only talk about violence?

The rules keep any cluster of event sentences strong enough; they cannot tell a report of an
attack from a president's speech about terrorism, a communiqué on a military campaign, peace
talks, an arms seizure or an interview that mentions killings in passing (on MUC-4 a third of the
articles the rules report on are of that kind). Two small linear models decide:

- `act_sentence`: is this event sentence the report of an act against someone or something
  (who did what to whom: the trigger's subject and object, its tense, the sentence's words)?
- `article_relevance`: does the article report one (its words, the wire service's section tags
  such as "[SPEECH]" or "[COMMUNIQUE]", its candidate incidents, and its best act sentences)?

When the article model finds no report, the article yields no incident. Both are shipped as JSON
(`incidentwire.learned`) and trained by `scripts/train_article_relevance.py` (the sentence model
on muc4_train; the article model on muc4_train and gva_dev, cross-validated by incident); without
them (or inside `learned.rules_only()`) the rules decide.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from spacy.attrs import IS_ALPHA, IS_STOP, LEMMA, LENGTH
from spacy.tokens import Doc, Span, Token

from incidentwire import learned
from incidentwire.nlp import ParsedDoc, sentence_ents

if TYPE_CHECKING:
    from incidentwire.extractors.incidents import Cluster, EventSentence

ARTICLE_RELEVANCE = "article_relevance"
ACT_SENTENCE = "act_sentence"
# "[SPEECH] [PRESIDENT ALFREDO CRISTIANI] [TEXT]": a short bracketed section tag near the top
_SECTION_TAG = re.compile(r"\[([A-Za-z][A-Za-z ]{1,30})\]")
_TAG_WINDOW = 400
# a wire dateline: "LIMA, 19 JAN 89", "BEIJING (PRC), 30 NOV 89" (the country is named when abroad)
_FILED_FROM = re.compile(r"\s*(?P<place>[A-Za-z][A-Za-z .'-]{1,40}?)\s*(?:\((?P<country>[A-Za-z .'-]{2,30})\))?,")
_LEAD_SENTENCES = 3
_SUBJECTS = {"nsubj", "nsubjpass", "agent", "csubj"}
_OBJECTS = {"dobj", "obj", "pobj", "attr", "oprd"}


def _content_lemmas(doc: Doc) -> list[str | None]:
    """Each token's lowercased lemma when it is a content word (alphabetic, no stop word, three
    letters or more), else None; read from the parse's arrays once per document (making a spaCy
    Token per word was most of this model's cost)."""
    table = doc.user_data.get("incidentwire_content_lemmas")
    if table is None:
        strings = doc.vocab.strings
        rows = doc.to_array([LEMMA, IS_ALPHA, IS_STOP, LENGTH]).tolist()
        table = [strings[lemma].lower() if alpha and not stop and length > 2 else None
                 for lemma, alpha, stop, length in rows]
        doc.user_data["incidentwire_content_lemmas"] = table
    return table


def _lemmas(doc: Doc, start: int = 0, end: int | None = None) -> set[str]:
    """Content lemmas of tokens start..end of the document."""
    return {w for w in _content_lemmas(doc)[start:end] if w}


def section_tags(text: str) -> set[str]:
    """Section tags of a wire report's header, lower case ("speech", "communique", "text")."""
    return {m.group(1).strip().lower() for m in _SECTION_TAG.finditer(text[:_TAG_WINDOW])
            if len(m.group(1).split()) <= 2}


def _arguments(token: Token) -> Iterable[tuple[str, Token]]:
    """("subj"|"obj", head word) of a trigger: who acted, on whom ("guerrillas killed a peasant",
    "the house was bombed", "the attack on the embassy")."""
    for child in token.children:
        if child.dep_ in _SUBJECTS:
            yield ("obj" if child.dep_ == "nsubjpass" else "subj"), child
        elif child.dep_ in _OBJECTS:
            yield "obj", child
        elif child.dep_ == "prep" and child.lower_ in ("on", "against", "of", "at"):
            yield from (("obj", g) for g in child.children if g.dep_ == "pobj")
        elif child.dep_ == "agent":
            yield from (("subj", g) for g in child.children if g.dep_ == "pobj")
    if token.dep_ in ("amod", "compound", "acl") and token.head is not token:
        yield "obj", token.head


def sentence_features(sentence: EventSentence, index: int, total: int) -> dict[str, float]:
    """What says an event sentence reports an act: its triggers and how they are said, the
    trigger's subject and object words, and the sentence's words."""
    span: Span = sentence.span
    doc = span.doc
    f: dict[str, float] = {"bias_sentence": 1.0, "position": min(1.0, index / max(1, total)),
                           "in_lead": float(index < _LEAD_SENTENCES), "weight": min(sentence.weight, 6.0) / 3.0}
    for t in sentence.triggers:
        f[f"tc={t.category}"] = f.get(f"tc={t.category}", 0.0) + t.weight / 3.0
        trigger = doc.char_span(t.start, t.end, alignment_mode="expand")
        if trigger is None:
            continue
        root = trigger.root
        lemma = root.lemma_.lower()
        f[f"t={lemma}"] = 1.0
        f[f"tag={root.tag_}"] = 1.0
        for role, word in _arguments(root):
            f[f"{role}={word.lemma_.lower()}"] = 1.0
            f[f"{role}_ent={word.ent_type_ or 'none'}"] = 1.0
            f[f"{role}_present"] = 1.0
    f.update({f"sw={w}": 1.0 for w in _lemmas(doc, span.start, span.end)})
    ents = {e.label_ for e in sentence_ents(span)}
    f.update({f"ent={e}": 1.0 for e in ents})
    f["dated"] = float(bool(sentence.dates))
    f["number"] = float(any(t.like_num for t in span))
    return f


def act_scores(sentences: Sequence[EventSentence], total: int) -> list[float] | None:
    """Probability that each event sentence reports an act, or None without the model."""
    model = learned.model(ACT_SENTENCE)
    if model is None:
        return None
    return [model.probability(sentence_features(s, s.index, total)) for s in sentences]


def article_features(parsed: ParsedDoc, clusters: Sequence[Cluster], kept: Sequence[bool],
                     acts: Sequence[float] | None = None) -> dict[str, float]:
    """What tells a report of an act from talk about violence: the article's words and tags, its
    candidate clusters (`kept`: which ones the rules keep), and its act sentences' scores."""
    sentences = list(parsed.doc.sents)
    f: dict[str, float] = {f"tag={t}": 1.0 for t in section_tags(parsed.text)}
    filed = _FILED_FROM.match(parsed.text)
    if filed:  # where the report was filed from ("LIMA", "BEIJING (PRC)", "CLANDESTINE")
        f[f"dateline={filed.group('place').strip().lower()}"] = 1.0
        f[f"dateline_country={(filed.group('country') or 'none').strip().lower()}"] = 1.0
    f.update({f"w={w}": 1.0 for w in _lemmas(parsed.doc)})
    lead_end = sentences[min(_LEAD_SENTENCES, len(sentences)) - 1].end if sentences else 0
    f.update({f"lead={w}": 1.0 for w in _lemmas(parsed.doc, 0, lead_end)})
    strengths = [sum(s.weight for s in c.sentences) for c in clusters]
    event_sentences = sum(len(c.sentences) for c in clusters)
    first = min((c.sentences[0].index for c in clusters), default=len(sentences))
    f.update({
        "candidates": math.log1p(len(clusters)),
        "kept": math.log1p(sum(kept)),
        "strongest": min(max(strengths, default=0.0), 10.0) / 5.0,
        "total_strength": math.log1p(sum(strengths)),
        "event_sentence_share": min(1.0, event_sentences / max(1, len(sentences))),
        "first_event_position": min(1.0, first / max(1, len(sentences))),
        "first_event_in_lead": float(first < _LEAD_SENTENCES),
        "article_sentences": math.log1p(len(sentences)) / 4.0,
    })
    kinds: dict[str, float] = {}
    for c in clusters:
        for s in c.sentences:
            for t in s.triggers:
                kinds[t.category] = kinds.get(t.category, 0.0) + t.weight
                f[f"t={t.text.lower()}"] = 1.0
    f.update({f"tc={k}": min(v, 9.0) / 3.0 for k, v in kinds.items()})
    if acts is not None:
        f.update(act_summary(acts))
    return f


def act_summary(acts: Sequence[float], lead: int = _LEAD_SENTENCES) -> dict[str, float]:
    """The article's act sentences in a few figures: the best, the second best, how many, the
    best of the first `lead` event sentences."""
    ranked = sorted(acts, reverse=True) + [0.0, 0.0]
    return {"act_lead_max": max(acts[:lead], default=0.0), "act_max": ranked[0], "act_second": ranked[1], "act_mean": sum(acts) / max(1, len(acts)),
            "act_count": math.log1p(sum(a >= 0.5 for a in acts)),
            "act_logit": math.log(max(1e-4, ranked[0]) / max(1e-4, 1 - ranked[0])) / 4.0}


def event_sentences_of(clusters: Sequence[Cluster]) -> list[EventSentence]:
    return sorted((s for c in clusters for s in c.sentences), key=lambda s: s.index)


def reports_incident(parsed: ParsedDoc, clusters: Sequence[Cluster], kept: Sequence[bool]) -> bool | None:
    """True/False when the shipped model decides whether the article reports an incident; None
    (the rules decide) without a model, when the rules keep nothing anyway, and in mixed-case news:
    its only mixed-case examples (gva_dev) all report an incident, so there it never learned to say
    no (it agreed with the rules on every gva_dev article) and would only cost time."""
    if not any(kept) or not parsed.was_upper:
        return None
    model = learned.model(ARTICLE_RELEVANCE)
    if model is None:
        return None
    acts = act_scores(event_sentences_of(clusters), len(list(parsed.doc.sents)))
    return model.probability(article_features(parsed, clusters, kept, acts)) >= model.threshold

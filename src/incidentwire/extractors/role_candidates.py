"""Role-filler candidates and their features: every noun phrase and named entity of an incident's
sentences (and the article's named groups and people), each described by how it is used there —
its relation to the attack word, its entity label, its head word's lexicon class — and by what
the rules made of it. `roles.py` lets one learned model per role choose among them."""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from incidentwire.extractors.lexicon import (
    KNOWN_GROUPS,
    PERPETRATOR_NOUNS,
    PERSON_NOUNS,
    SPEAKER_NOUNS,
    STATE_FORCE_NOUNS,
    TARGET_NOUNS,
    TRIGGERS,
    WEAPON_EVENTS,
    WEAPONS,
)
from incidentwire.extractors.person_names import CIVIL_TITLES, OFFICIAL_TITLES, context, name_runs
from incidentwire.extractors.role_mentions import merge_middle_names, merge_short_names, merge_surnames
from incidentwire.extractors.spans import span_text
from incidentwire.models import Incident
from incidentwire.nlp import headline_end_of

ROLES = ("perpetrators", "perpetrator_orgs", "targets", "victims", "weapons")  # as the scorer counts them
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our",
                "some", "any", "several", "other", "another", "more", "than", "at", "least", "about",
                "over", "nearly", "almost", "up", "to"}
_NAMED = ("PERSON", "ORG", "NORP", "GPE", "FAC", "LOC", "PRODUCT")
_HARM = {"kill", "murder", "massacre", "assassinate", "execute", "slay", "wound", "injure", "shoot", "hurt",
         "kidnap", "abduct", "die", "torture", "stab", "hit", "attack", "bomb", "burn", "destroy", "damage",
         "ambush", "raid", "storm", "rob", "dynamite", "blow", "fire", "target", "seize", "assault", "machinegun"}
_SAY = {"say", "tell", "report", "announce", "confirm", "add", "state", "deny", "claim", "accuse", "note"}
_CLAIM_WORDS = re.compile(r"\b(?:claim(?:ed|s|ing)? (?:responsibility|credit|authorship)|responsib(?:le|ility)|"
                          r"took (?:responsibility|credit)|carried out by|perpetrated by|blamed|attributed)\b", re.I)
_KNOWN_RE = re.compile(r"\b(?:" + "|".join(re.escape(g) for g in sorted(KNOWN_GROUPS, key=len, reverse=True)) + r")\b",
                       re.I)


_WEAPON_RE = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(WEAPONS, key=len, reverse=True)) + r")(?:e?s)?\b")


def key_of(text: str) -> str:
    """The scorer's normalisation of a role string: lowercase, accents and punctuation dropped,
    leading determiners dropped (so candidates merge exactly when the scorer sees one string)."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    words = re.sub(r"[^a-z0-9]+", " ", s).split()
    while words and (words[0] in _DETERMINERS or words[0].isdigit()):
        words.pop(0)
    return " ".join(words)


def overlaps(a: str, b: str) -> bool:
    """One key contains the other as whole words (the scorer would match both to one gold filler)."""
    return bool(a and b) and (f" {a} " in f" {b} " or f" {b} " in f" {a} ")


@dataclass
class Candidate:
    key: str
    text: str
    start: int  # the sentence of the first mention: the evidence
    end: int
    features: dict[str, float] = field(default_factory=dict)
    rule: dict[str, object] = field(default_factory=dict)  # role -> the rules' own output, if any
    label: str | None = None
    head: str = ""
    mentions: int = 0

    def add(self, name: str, value: float = 1.0) -> None:
        self.features[name] = max(self.features.get(name, 0.0), value)


def _clean_span(doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners, numbers and quantifiers, trailing punctuation."""
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].like_num or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
        end -= 1
    return start, end


def _phrase(token: Token, ents: dict[int, Span]) -> tuple[int, int]:
    """Token range of the noun phrase around a head: the named entity it belongs to (`ents`:
    token index -> entity), else its compounds, adjectives and possessives."""
    ent = ents.get(token.i)
    if ent is not None and ent.label_ in _NAMED:
        return ent.start, ent.end
    left = [t for t in token.lefts if t.dep_ in ("compound", "amod", "nmod", "poss", "nummod", "det", "quantmod")]
    start = min([token.i] + [t.left_edge.i for t in left])
    return start, token.i + 1


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _lexicon(cand: Candidate, head: Token, text: str) -> None:
    lemma, lower = _lemma(head), head.lower_
    forms = {lemma, lower, _singular(lower), lower.removesuffix("es")}
    if head.ent_type_ != "PERSON":  # a person's name says nothing about the role: no name is learned
        cand.add(f"head={_singular(lemma)}")
    if forms & PERPETRATOR_NOUNS:
        cand.add("lex=perpetrator")
    if forms & STATE_FORCE_NOUNS:
        cand.add("lex=state_force")
    if forms & PERSON_NOUNS:
        cand.add("lex=person")
    if forms & SPEAKER_NOUNS:
        cand.add("lex=speaker")
    target = next((TARGET_NOUNS[f] for f in forms if f in TARGET_NOUNS), None)
    if target:
        cand.add("lex=target")
        cand.add(f"lex=target:{target}")
    low_text = text.lower()
    found = _WEAPON_RE.search(low_text)
    weapon = WEAPONS[found.group(1)] if found else None
    if weapon:
        cand.add("lex=weapon")
        cand.add(f"lex=weapon:{weapon}")
    if any(f in WEAPON_EVENTS for f in forms):
        cand.add("lex=weapon_event")
    if _KNOWN_RE.search(text):
        cand.add("lex=known_group")
    if forms & {"man", "men", "individual", "individuals", "person", "persons", "people"} and any(
        t.lower_ in ("armed", "masked", "unidentified", "unknown", "hooded", "heavily") for t in head.lefts
    ):
        cand.add("lex=armed_men")
    trig = TRIGGERS.get(lemma)
    if trig:
        cand.add("lex=trigger_word")


def _relation(cand: Candidate, head: Token) -> None:
    """How the phrase is used: subject, object or agent of a harm verb, 'of' an attack noun, ..."""
    dep = head.dep_
    cand.add(f"dep={dep}")
    gov = head.head
    if dep in ("conj", "appos"):  # "killed a peasant and a worker": the first conjunct's role
        node = head
        while node.dep_ in ("conj", "appos") and node.head is not node:
            node = node.head
        dep, gov = node.dep_, node.head
        cand.add(f"via_{head.dep_}")
    prep = None
    if dep == "pobj":
        prep = gov.lower_
        gov = gov.head
        cand.add(f"prep={prep}")
    glemma = _lemma(gov)
    gclass = "harm" if glemma in _HARM else "say" if glemma in _SAY else "trigger" if glemma in TRIGGERS else "other"
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in gov.children)
    rel = f"{dep}:{prep or ''}:{gclass}{':pass' if passive else ''}"
    cand.add(f"rel={rel}")
    cand.add(f"gov={glemma}")
    cand.add(f"gov_dep={glemma}|{dep}|{prep or ''}")
    if gclass in ("harm", "trigger"):
        cand.add(f"rel_dep={dep}|{prep or ''}|{'pass' if passive else 'act'}")
    if gov.pos_ == "NOUN" and prep == "of":
        cand.add(f"of_noun={glemma}")
    # a speaker: subject of a saying verb, or within "spokesman X"
    if dep == "nsubj" and glemma in _SAY:
        cand.add("speaker")
    if head.i > 0 and head.doc[head.i - 1].lower_ in ("by",):
        cand.add("after_by")
    if any(c.dep_ == "nummod" or c.like_num for c in head.lefts):
        cand.add("numbered")
    if head.tag_ in ("NNS", "NNPS"):
        cand.add("plural")


def _context(cand: Candidate, doc, start: int, end: int, sentence: Span) -> None:
    """The words just around the phrase ("BY URBAN GUERRILLAS", "KILLED TWO PEASANTS", "CLAIMED
    BY THE FMLN"): a context window the parse may get wrong on upper-case wire copy."""
    words = [t for t in doc[max(sentence.start, start - 3):start] if not t.is_space]
    after = next((t for t in doc[end:min(sentence.end, end + 3)] if not t.is_space), None)
    before = words[-1] if words else None
    cand.add(f"prev={before.lemma_.lower() if before is not None and not before.is_punct else '<s>'}")
    cand.add(f"next={after.lemma_.lower() if after is not None and not after.is_punct else '</s>'}")
    if len(words) > 1 and not words[-2].is_punct and before is not None:
        cand.add(f"prev2={words[-2].lemma_.lower()}|{before.lemma_.lower()}")


def _conjoin(cand: Candidate) -> None:
    """What the phrase is crossed with how it is used ("a person word as object of a harm verb")."""
    kinds = [k[4:] for k in cand.features if k.startswith(("lex=", "ent="))]
    uses = [k[8:] for k in cand.features if k.startswith("rel_dep=")] + [
        k for k in cand.features if k in ("speaker", "after_by", "outside", "first_sentence", "rule_only",
                                                "claim_sentence")]
    for kind in kinds:
        for use in uses:
            cand.features[f"{kind}&{use}"] = 1.0


class Pool:
    """Candidates of one incident, merged by the scorer's key."""

    def __init__(self, sentences: list[Span], upper: bool, text: str):
        self.text = text  # the article as given (the parse may have restored case)
        self.by_key: dict[str, Candidate] = {}
        self.sentences = sentences
        self.upper = upper
        self.inside = {(s.start, s.end) for s in sentences}
        self.claim_sentence = False  # the sentence being read claims or attributes the attack

    def mention(self, sentence: Span, start: int, end: int, head: Token, *, inside: bool, index: int,
                first: bool) -> Candidate | None:
        doc = sentence.doc
        start, end = _clean_span(doc, start, end)
        if start >= end or end - start > 12:
            return None
        span = doc[start:end]
        key = key_of(span.text)
        if not key or len(key) < 2:
            return None
        cand = self.by_key.get(key)
        if cand is None:
            original = self.text[span.start_char:span.end_char]
            cand = self.by_key[key] = Candidate(key, original, sentence.start_char, sentence.end_char,
                                                head=_lemma(head))
        cand.mentions += 1
        if inside:
            cand.add("inside")
            if first:
                cand.add("first_sentence")
            cand.add("mentions_inside", math.log1p(cand.features.get("n_inside", 0) + 1))
            cand.features["n_inside"] = cand.features.get("n_inside", 0) + 1
        else:
            cand.add("outside")
        ent = span.root.ent_type_ if span.root.ent_iob_ != "O" else ""
        cand.add(f"ent={ent or 'none'}")
        cand.add(f"len={min(end - start, 4)}")
        cand.add(f"sent_index={min(index, 4)}")
        if head.pos_ == "PROPN":
            cand.add("propn")
        _context(cand, doc, start, end, sentence)
        if self.claim_sentence:
            cand.add("claim_sentence")
        _lexicon(cand, head, span.text)
        if inside:
            _relation(cand, head)
        else:  # "the victim was identified as ...": how a name is used outside the event sentences
            cand.add(f"out_dep={head.dep_}|{_lemma(head.head)}")
        return cand

    def rule_output(self, role: str, text: str, start: int, end: int, detail: str, value: object) -> None:
        key = key_of(text)
        if not key:
            return
        cand = self.by_key.get(key)
        if cand is None:
            cand = self.by_key[key] = Candidate(key, text, start, end, head=key.split()[-1])
            cand.add("rule_only")
        cand.add(f"rule={role}")
        cand.add(f"rule={role}:{detail}")
        cand.rule.setdefault(role, value)

    def finish(self) -> list[Candidate]:
        for cand in self.by_key.values():
            cand.features.pop("n_inside", None)
            _conjoin(cand)
            cand.add("mentions", math.log1p(cand.mentions))
            if self.upper:
                cand.add("upper_text")
            cand.add("bias_candidate")
        return list(self.by_key.values())


def candidates(doc_sentences: list[Span], sentences: list[Span], incident: Incident, upper: bool,
               text: str, people_only: bool = False) -> list[Candidate]:
    """Every noun phrase and named entity of the incident's sentences, the named entities and
    known groups of the rest of the article, and the rules' own outputs, with features.
    `people_only`: the PERSON entities only (their features are the same either way)."""
    pool = Pool(sentences, upper, text)
    names = not upper  # mixed-case news: people's names beyond the recogniser, with their cue words
    headline_end = headline_end_of(doc_sentences[0].doc) if doc_sentences else 0
    inside = {(s.start, s.end) for s in sentences}
    first = sentences[0] if sentences else None
    ents = {i: e for e in doc_sentences[0].doc.ents for i in range(e.start, e.end)} if doc_sentences else {}
    # people only: the tokens of PERSON entities are all the loop below would keep (a third of its time)
    people = sorted(i for i, e in ents.items() if e.label_ == "PERSON") if people_only else []
    for index, sentence in enumerate(doc_sentences):
        is_inside = (sentence.start, sentence.end) in inside
        is_first = first is not None and sentence.start == first.start
        pool.claim_sentence = bool(_CLAIM_WORDS.search(span_text(sentence)))
        tokens = sentence if not people_only else [
            sentence.doc[i] for i in people[bisect_left(people, sentence.start):bisect_left(people, sentence.end)]]
        for token in tokens:
            if (token.pos_ not in ("NOUN", "PROPN") or token.dep_ == "compound") and not (
                    is_inside and upper and _nominal_adjective(token)):
                continue
            named = token.ent_iob_ != "O" and token.ent_type_ in _NAMED
            if people_only and token.ent_type_ != "PERSON":
                continue
            if not is_inside and not named and not _KNOWN_RE.search(token.text) and not (
                    upper and _lemma(token) in _ACTOR_WORDS):
                continue
            if named:  # one mention per entity, at its root (or its first noun when the root is none)
                s, e = _phrase(token, ents)
                span = token.doc[s:e]
                if (_entity_head(span) if names else span.root).i != token.i:
                    continue
            s, e = _phrase(token, ents)
            cand = pool.mention(sentence, s, e, token, inside=is_inside, index=index, first=is_first)
            if names and cand is not None and token.ent_type_ == "PERSON":
                _name_features(cand, sentence.doc[s:e], sentence, headline_end)
        for s, e, _title in name_runs(sentence) if names else ():  # names the recogniser missed
            cand = pool.mention(sentence, s, e, sentence.doc[e - 1], inside=is_inside, index=index, first=is_first)
            if cand is not None:
                for k in [k for k in cand.features if k.startswith("head=")]:
                    del cand.features[k]  # a name says nothing about the role: no name is learned
                cand.add("name_run")
                _name_features(cand, sentence.doc[s:e], sentence, headline_end)
        for m in () if people_only else _KNOWN_RE.finditer(span_text(sentence)):
            span = sentence.doc.char_span(sentence.start_char + m.start(), sentence.start_char + m.end(),
                                          alignment_mode="expand")
            if span is not None and len(span):
                pool.mention(sentence, span.start, span.end, span.root, inside=is_inside, index=index,
                             first=is_first)
    for p in incident.perpetrators:
        ev = p.evidence[0] if p.evidence else None
        pool.rule_output("perpetrator_orgs" if p.type == "organization" else "perpetrators", p.name, ev.start if ev else 0, ev.end if ev else 0,
                         p.type + (":claimed" if p.claimed else ""), p)
    for t in incident.targets:
        ev = t.evidence[0] if t.evidence else None
        pool.rule_output("targets", t.text, ev.start if ev else 0, ev.end if ev else 0, t.type, t)
    for v in incident.victims:
        ev = v.evidence[0] if v.evidence else None
        pool.rule_output("victims", v.text, ev.start if ev else 0, ev.end if ev else 0, v.status, v)
    for w in incident.weapons:
        ev = w.evidence[0] if w.evidence else None
        pool.rule_output("weapons", w.text, ev.start if ev else 0, ev.end if ev else 0, w.type, w)
    if names:
        merge_middle_names(pool.by_key)
        merge_short_names(pool.by_key)
    else:
        merge_surnames(pool.by_key)
    return pool.finish()


_ACTOR_WORDS = PERPETRATOR_NOUNS | STATE_FORCE_NOUNS


def _entity_head(span: Span) -> Token:
    """The token a named entity is read at: its root, unless the parse made the root something
    other than a noun ("Demontris Toliver" with "Toliver" an adverb), then its first noun."""
    root = span.root
    if root.pos_ in ("NOUN", "PROPN") and root.dep_ != "compound":
        return root
    return next((t for t in span if t.pos_ in ("NOUN", "PROPN") and t.dep_ != "compound"), root)


def _nominal_adjective(token: Token) -> bool:
    """'THE DEAD', 'THE WOUNDED', 'THE INJURED': an adjective or participle used as a noun."""
    return (token.pos_ in ("ADJ", "VERB") and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj")
            and token.i > 0 and token.doc[token.i - 1].lower_ == "the"
            and token.lower_ in ("dead", "wounded", "injured", "victims", "missing", "kidnapped"))


def _name_features(cand: Candidate, span: Span, sentence: Span, headline_end: int) -> None:
    if all(w in OFFICIAL_TITLES or w in CIVIL_TITLES or w in PERSON_NOUNS or _singular(w) in PERSON_NOUNS
           for w in cand.key.split()):
        return  # "Sgt." or a headline's "Man" taken for a person: a title or a common noun, no name
    cand.add("name")
    for k, v in context(span, sentence, sentence.start_char < headline_end).items():
        cand.add(k, v)

"""Who did it, to whom, with what: perpetrators, targets, victims and weapons of one incident."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from incidentwire.extractors.lexicon import (
    KNOWN_GROUPS,
    PERPETRATOR_NOUNS,
    PERSON_NOUNS,
    SPEAKER_NOUNS,
    STATE_FORCE_NOUNS,
    TARGET_NOUNS,
    WEAPON_EVENTS,
    WEAPONS,
)
from incidentwire.models import Article, Perpetrator, Target, Victim, Weapon
from incidentwire.nlp import entity_at, sentence_ents

_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our",
                "some", "any", "several", "other", "another", "two", "three", "four", "five", "six"}
_KNOWN_GROUPS_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(g) for g in sorted(KNOWN_GROUPS, key=len, reverse=True)) + r")\b", re.I
)
_SUSPECT_CUES = {"arrest", "charge", "suspect", "book", "custody", "accuse", "indict", "shooter", "gunman",
                 "apprehend", "warrant", "surrender", "plead", "convict", "gunmen", "kidnapper", "killer"}
_VICTIM_CUES = {"die", "kill", "victim", "wound", "injure", "shoot", "slay", "murder", "kidnap", "abduct",
                "hospitalize", "dead", "death", "pronounce", "body"}
_ATTACK_VERBS = {"attack", "shoot", "kill", "bomb", "hit", "kidnap", "abduct", "ambush", "raid", "storm",
                 "murder", "assassinate", "fire", "target", "detonate", "burn", "torch", "rob", "carry",
                 "machinegun", "stab", "open", "blow", "destroy", "damage", "assault", "seize", "enter", "dig"}


_QUANTIFIERS = {"more", "than", "at", "least", "about", "over", "some", "nearly", "almost", "up", "to"}


def _clean(span_text: str) -> str:
    words = span_text.strip(" ,.;:\"'“”").split()
    while words and (words[0].lower() in _DETERMINERS | _QUANTIFIERS or words[0].replace(",", "").isdigit()):
        words.pop(0)
    return " ".join(words)


def _chunk(token: Token) -> tuple[int, int]:
    """The noun phrase around a head noun: compounds, adjectives and 'of'-less modifiers."""
    left = [t for t in token.lefts if t.dep_ in ("compound", "amod", "nmod", "poss", "nummod", "det")]
    start = min([token.i] + [t.left_edge.i for t in left])
    doc = token.doc
    while start < token.i and doc[start].dep_ in ("det", "nummod", "predet", "poss", "case", "punct"):
        start += 1
    return doc[start].idx, token.idx + len(token)


def _head_key(text: str) -> str:
    words = re.sub(r"[^\w\s-]", "", text.lower()).split()
    return words[-1].rstrip("s") if words else ""


def _is_speaker(token: Token) -> bool:
    """'Police said', 'spokesman Zabiullah Mujahid said': sources, not actors."""
    node = token
    for _ in range(3):
        if node.dep_ in ("nsubj",) and node.head.lemma_ in ("say", "tell", "report", "announce", "confirm", "add"):
            return True
        if node.head is node:
            break
        node = node.head
    return False


_ATTACKER_MODIFIERS = {"armed", "masked", "unidentified", "unknown", "hooded", "heavily"}


def _is_attacker_noun(token: Token) -> bool:
    """'guerrillas' (also when upper-case copy made it a proper noun), 'armed men'."""
    lower = token.lower_
    if lower in PERPETRATOR_NOUNS or lower.rstrip("s") in PERPETRATOR_NOUNS or lower.removesuffix("es") in PERPETRATOR_NOUNS:
        return True
    return lower in ("men", "man", "individuals", "individual", "persons", "people") and any(
        c.lower_ in _ATTACKER_MODIFIERS for c in token.subtree if c.i < token.i
    )


_HARM_VERBS = _ATTACK_VERBS | {"kill", "murder", "massacre", "torture", "execute", "wound", "injure", "slay"}


def _agent_of_attack(token: Token) -> bool:
    """Subject of an active attack verb, or the 'by' agent of a passive one."""
    if token.dep_ == "nsubj" and token.head.lemma_.lower() in _HARM_VERBS:
        return True
    return (token.dep_ == "pobj" and token.head.lower_ == "by" and token.head.dep_ == "agent"
            and token.head.head.lemma_.lower() in _HARM_VERBS)


_NOT_GROUPS = {"state", "congress", "government", "communique", "highway", "department", "ministry", "court",
               "assembly", "senate", "church", "embassy", "university", "agency", "press", "radio", "television"}


def _group_name(ent: Span) -> bool:
    """An organisation that can attack: not a lone nationality ("Guatemalan"), not an institution."""
    if ent.label_ == "NORP" and len(ent) == 1 and ent.text.lower() not in KNOWN_GROUPS:
        return False
    return ent.root.lemma_.lower() not in _NOT_GROUPS and ent.root.lower_ not in _NOT_GROUPS


def _acts_as_perpetrator(ent: Span) -> bool:
    """An organisation named as the attacker: "Taliban militants", "attacked by X",
    "members of X", X as subject of an attack verb."""
    for t in ent:
        head = t.head.lemma_.lower()
        if t.lemma_.lower() in PERPETRATOR_NOUNS or (t.dep_ in ("compound", "amod", "nmod") and head in PERPETRATOR_NOUNS):
            return True
        if t.dep_ == "nsubj" and head in _ATTACK_VERBS:
            return True
        if t.dep_ == "pobj" and head == "by" and t.head.head.lemma_.lower() in _ATTACK_VERBS:
            return True
        if t.dep_ == "pobj" and head == "of" and t.head.head.lemma_.lower() in ("member", "militant", "guerrilla", "fighter", "commando", "unit", "cell"):
            return True
    return False


def perpetrators(article: Article, sentences: list[Span]) -> list[Perpetrator]:
    """Organisations (known armed groups and ORG/NORP entities next to attacker nouns), attacker
    groups ("militants", "two masked men" as subjects of attack verbs) and named suspects."""
    found: dict[str, Perpetrator] = {}

    def add(name: str, kind: str, start: int, end: int, sentence: Span) -> None:
        before = article.text[max(0, start - 2):start]
        if kind == "organization" and before and before[-1] in "[(" and found:
            return  # "Farabundo Marti National Liberation Front [FMLN]": the acronym is the same group
        name = _clean(name)
        key = name.lower() if kind == "organization" else _head_key(name)
        if not name or len(name) > 80 or key in found:
            return
        found[key] = Perpetrator(name=name, type=kind, claimed=False,  # type: ignore[arg-type]
                                 evidence=[article.evidence(sentence.start_char, sentence.end_char)])

    for sentence in sentences:
        for m in _KNOWN_GROUPS_RE.finditer(sentence.text):
            s = sentence.start_char + m.start()
            mention = sentence.doc.char_span(s, s + len(m.group()), alignment_mode="expand")
            if mention is not None and (_acts_as_perpetrator(mention) or mention.root.dep_ == "nsubj"):
                add(article.text[s:s + len(m.group())], "organization", s, s + len(m.group()), sentence)
        for ent in sentence_ents(sentence):
            if ent.label_ in ("ORG", "NORP") and _acts_as_perpetrator(ent) and _group_name(ent) and (
                ent.root.lemma_.lower() not in STATE_FORCE_NOUNS and not _is_speaker(ent.root)
            ):
                add(article.text[ent.start_char:ent.end_char], "organization", ent.start_char, ent.end_char, sentence)
        for token in sentence:  # "soldiers opened fire", "killed by the army": state forces as attackers
            if token.lemma_.lower() in STATE_FORCE_NOUNS and token.pos_ in ("NOUN", "PROPN") and _agent_of_attack(token):
                start, end = _chunk(token)
                add(article.text[start:end], "state_forces", start, end, sentence)
        for token in sentence:  # "members of the FMLN" are the attackers the group sent
            if token.lemma_.lower() == "member" and token.tag_ == "NNS":
                of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
                if obj is not None and (obj.ent_type_ in ("ORG", "NORP") or _KNOWN_GROUPS_RE.search(obj.text)):
                    end = obj.right_edge.idx + len(obj.right_edge)
                    add(article.text[token.idx:end], "group", token.idx, end, sentence)
        for token in sentence:
            lemma = token.lemma_.lower()
            if token.pos_ in ("NOUN", "PROPN") and (_is_attacker_noun(token) or lemma in PERPETRATOR_NOUNS):
                if token.dep_ == "compound" or _is_speaker(token):
                    continue
                start, end = _chunk(token)
                add(article.text[start:end], "group", start, end, sentence)
            elif token.ent_type_ == "PERSON" and token.ent_iob_ == "B" and (ent := entity_at(token)) is not None:
                window = sentence.doc[max(sentence.start, ent.start - 6):min(sentence.end, ent.end + 6)]
                if {t.lemma_.lower() for t in window} & _SUSPECT_CUES and not _is_speaker(ent.root) and not (
                    ent.root.dep_ in ("nsubjpass",) and ent.root.head.lemma_.lower() in _VICTIM_CUES
                ) and ent.root.head.lemma_.lower() not in ("die",) and len(ent) >= 2 and not (
                    ent.end < len(sentence.doc) and sentence.doc[ent.end].tag_ == "POS"
                ):
                    add(ent.text, "person", ent.start_char, ent.end_char, sentence)
    return list(found.values())


def _target_type(lemma: str, text: str) -> str:
    lowered = text.lower()
    if "police" in lowered:
        return "police"
    if any(w in lowered for w in ("army", "military", "special forces", "soldier", "troop")):
        return "military"
    if any(w in lowered for w in ("intelligence", "governor", "presidential", "ministry", "government")):
        return "government"
    return TARGET_NOUNS.get(lemma, "other")


def targets(article: Article, sentences: list[Span]) -> list[Target]:
    """Physical and institutional targets named in sentences that report the attack."""
    found: dict[str, Target] = {}
    for sentence in sentences:
        for token in sentence:
            lemma = token.lemma_.lower()
            if token.pos_ not in ("NOUN", "PROPN") or lemma not in TARGET_NOUNS or token.dep_ == "compound":
                continue
            if token.head.lemma_.lower() in ("in", "at") and token.head.head.pos_ == "VERB" and lemma in (
                "home", "house", "hospital", "station", "office", "headquarters"
            ):
                continue  # "taken to a hospital", "said at the station": a setting, not a target
            start, end = _chunk(token)
            text = _clean(article.text[start:end])
            key = _head_key(text)  # one target per kind of thing: "the compound" again is the same one
            if text and key not in found and len(text) < 80:
                found[key] = Target(text=text, type=_target_type(lemma, text),  # type: ignore[arg-type]
                                    evidence=[article.evidence(sentence.start_char, sentence.end_char)])
    return list(found.values())[:6]


def victims(article: Article, sentences: list[Span]) -> list[Victim]:
    """People killed, wounded or kidnapped: named persons and described people who are the
    subject of a passive harm verb or the object of an active one."""
    found: dict[str, Victim] = {}
    harm = {"kill": "killed", "die": "killed", "slay": "killed", "murder": "killed", "execute": "killed",
            "wound": "wounded", "injure": "wounded", "shoot": "wounded", "hurt": "wounded",
            "hospitalize": "wounded", "stab": "wounded", "kidnap": "kidnapped", "abduct": "kidnapped",
            "assassinate": "killed"}
    nominal = {"killing": "killed", "murder": "killed", "assassination": "killed", "death": "killed",
               "kidnapping": "kidnapped", "abduction": "kidnapped", "shooting": "wounded"}
    for sentence in sentences:
        for token in sentence:
            if token.pos_ == "NOUN" and token.lower_ in nominal:  # "the killing of Osama bin Laden"
                for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
                    for obj in (c for c in prep.children if c.dep_ == "pobj"):
                        _add_victim(article, sentence, obj, nominal[token.lower_], found)
            status = harm.get(token.lemma_.lower())
            if status is None or token.pos_ != "VERB":
                continue
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)
            roles = ("nsubjpass",) if passive else ("dobj",) if token.lemma_.lower() != "die" else ("nsubj",)
            for child in token.children:
                if child.dep_ not in roles:
                    continue
                for person in [child, *child.conjuncts]:
                    _add_victim(article, sentence, person, status, found)
    return list(found.values())


def _add_victim(article: Article, sentence: Span, person: Token, status: str, found: dict[str, Victim]) -> None:
    lemma = person.lemma_.lower()
    if person.ent_type_ == "PERSON":
        ent = entity_at(person)
        text = ent.text if ent else person.text
    elif (lemma in PERSON_NOUNS or lemma.removesuffix("s") in PERSON_NOUNS) and lemma not in PERPETRATOR_NOUNS:
        start, end = _chunk(person)
        text = _clean(article.text[start:end])
    else:
        return
    key = text.lower()
    if not text or key in found:
        if key in found and status == "killed":
            found[key].status = "killed"
        return
    found[key] = Victim(text=text, status=status,  # type: ignore[arg-type]
                        evidence=[article.evidence(sentence.start_char, sentence.end_char)])


_WEAPON_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in sorted(WEAPONS, key=len, reverse=True)) + r")(?:e?s)?\b", re.I
)
_EVENT_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in sorted(WEAPON_EVENTS, key=len, reverse=True)) + r")(?:e?s)?\b", re.I
)


def weapons(article: Article, sentences: list[Span]) -> list[Weapon]:
    """Named weapons; an explosion or gunfire stands in for its weapon type when none is named."""
    found: dict[str, Weapon] = {}
    types: set[str] = set()
    for sentence in sentences:
        for m in _WEAPON_RE.finditer(sentence.text):
            word = m.group().lower()
            base = word if word in WEAPONS else word.rstrip("s").removesuffix("e") if word.rstrip("s") not in WEAPONS else word.rstrip("s")
            kind = WEAPONS.get(base) or WEAPONS.get(word.rstrip("s")) or "other"
            if word in ("device", "devices", "charge", "charges", "weapon", "weapons", "mine", "mines") and not re.search(
                r"explosive|bomb|incendiary|fire|automatic|heavy|land|gun", sentence.text[max(0, m.start() - 25):m.end() + 5], re.I
            ):
                continue
            if word.startswith("bat") and "baseball" not in sentence.text.lower():
                continue
            key = word.rstrip("s")
            if key not in found:
                found[key] = Weapon(text=m.group(), type=kind,  # type: ignore[arg-type]
                                    evidence=[article.evidence(sentence.start_char, sentence.end_char)])
                types.add(kind)
    for sentence in sentences:
        for m in _EVENT_RE.finditer(sentence.text):
            word = m.group().lower()
            kind = WEAPON_EVENTS.get(word) or WEAPON_EVENTS.get(word.rstrip("s")) or "other"
            if kind in types:
                continue
            types.add(kind)
            found[word] = Weapon(text=m.group(), type=kind,  # type: ignore[arg-type]
                                 evidence=[article.evidence(sentence.start_char, sentence.end_char)])
    return list(found.values())


def speakers_of(sentence: Span) -> list[str]:
    """Named people who speak for a group in this sentence ('spokesman ... Zabiullah Mujahid said')."""
    names = []
    for ent in sentence_ents(sentence):
        if ent.label_ != "PERSON":
            continue
        near = sentence.doc[max(sentence.start, ent.start - 8):ent.end + 3]
        if any(t.lemma_.lower() in SPEAKER_NOUNS for t in near) or _is_speaker(ent.root):
            names.append(ent.text)
    return names

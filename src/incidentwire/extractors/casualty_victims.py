"""Individual victims read from the parse: single people named or described as harmed ("Antonio
Mason died", "a man was shot in the leg", "shot and killed a robbery suspect", "the killing of
Osama bin Laden"), each counted once across sentences. `casualties` adds them to the figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from incidentwire.extractors.lexicon import PERPETRATOR_NOUNS, PERSON_NOUNS, STATE_FORCE_NOUNS
from incidentwire.extractors.numbers import Figure, parse_number
from incidentwire.models import Article, Count
from incidentwire.nlp import headline_end_of, sentence_ents

PEOPLE = PERSON_NOUNS | PERPETRATOR_NOUNS | STATE_FORCE_NOUNS | {
    "other", "others", "people", "persons", "civilians", "policemen", "children", "men", "women",
    "gunmen", "victims", "members", "residents", "students", "soldiers", "troops", "officers",
}

_DEATH_LEMMAS = {"kill", "die", "slay", "murder", "execute"}
_WOUND_LEMMAS = {"wound", "injure", "hurt", "hospitalize", "shoot", "stab"}
_FIRM_WOUND_LEMMAS = {"wound", "injure", "hurt", "hospitalize"}  # alive: unlike "shot", never said of the dead


@dataclass
class Tally:
    """Figures found for one casualty type, with the spans that support them."""

    figures: list[tuple[Figure, tuple[int, int]]] = field(default_factory=list)
    shot_figures: list[tuple[Figure, tuple[int, int]]] = field(default_factory=list)  # "N were shot": killed included
    individuals: dict[str, tuple[int, int]] = field(default_factory=dict)
    zero: tuple[int, int] | None = None
    firm: set[str] = field(default_factory=set)  # individuals "wounded"/"injured"/"hurt", not merely "shot"
    support: list[tuple[int, int]] = field(default_factory=list)  # antecedents ("four militants")

    def count(self, article: Article) -> Count:
        best_fig = max(self.figures, key=lambda f: (f[0].best or 0), default=None)
        individual = individual_count(self)
        if best_fig and (best_fig[0].best or 0) >= individual:
            fig, span = best_fig
            spans = [span, *(s for s in self.support if s != span)]
            return Count(min=fig.min, max=fig.max, best=fig.best, evidence=[article.evidence(*s) for s in spans])
        if individual:
            spans = sorted(set(self.individuals.values()))
            return Count(min=individual, max=None, best=individual,
                         evidence=[article.evidence(*s) for s in spans])
        if self.zero:
            return Count(min=0, max=0, best=0, evidence=[article.evidence(*self.zero)])
        return Count(min=0, max=None, best=0, evidence=[])  # described, no casualty reported



class People:
    """Identities of individual victims across an incident's sentences, so that "Destiny
    Bargman", "Bargman" and "Destiny" count as one person."""

    def __init__(self, context: list[Span] | None = None) -> None:
        self.parts: dict[str, str] = {}
        for sentence in context or []:  # full names first, so "Destiny" later maps to "Destiny Bargman"
            for ent in sentence_ents(sentence):
                if ent.label_ == "PERSON" and len(ent) > 1:
                    parts = [t.lower_ for t in ent if t.is_alpha and len(t) > 1]
                    for p in parts:
                        self.parts.setdefault(p, "name:" + " ".join(parts))

    def key(self, token: Token, sentence: Span) -> str:
        if token.ent_type_ != "PERSON" and token.pos_ != "PROPN":  # a proper noun here is a name the tagger missed
            return f"anon:{sentence.start}:{token.lemma_.lower()}"
        start, end = token.i, token.i + 1
        while start > sentence.start and token.doc[start].ent_iob_ == "I":
            start -= 1
        while end < sentence.end and token.doc[end].ent_iob_ == "I":
            end += 1
        parts = [t.lower_ for t in token.doc[start:end] if t.is_alpha and len(t) > 1]
        # a full name is its own person ("Bianca Arter" and her son "Javeer Arter" share only the surname)
        known = next((self.parts[p] for p in parts if p in self.parts), None) if len(parts) == 1 else None
        key = known or "name:" + " ".join(parts)
        for p in parts:
            self.parts.setdefault(p, key)
        return key


_NOT_PEOPLE = {"car", "vehicle", "house", "home", "window", "building", "shot", "gun", "bullet", "round",
               "incident", "shooting", "case", "investigation", "body", "it", "that", "this", "which", "what"}


def _is_single_person(token: Token) -> bool:
    """A singular noun phrase that can denote one person ("the male juvenile", "a 17-year-old")."""
    if token.tag_ in ("NNS", "NNPS") or any(c.dep_ == "nummod" for c in token.children):
        return False  # plural: the figure patterns count groups
    if token.lower_ == "old" and token.i >= 2 and token.doc[token.i - 2].lower_ == "year":
        return True
    if token.ent_type_ == "PERSON" or token.lemma_.lower() in PEOPLE or token.lower_ in ("someone", "somebody", "another"):
        return True
    if token.lower_ in ("he", "she", "him", "her") and token.tag_ == "PRP":
        return True  # "he then shot her and her son": one person each (counted per sentence, never summed with names)
    if token.pos_ == "PROPN" and any(c.dep_ == "amod" and c.lower_ == "old" for c in token.children):
        return True  # "43-year-old Bianca Arter" though the tagger calls her an organisation
    if token.pos_ == "PROPN" and any(c.dep_ == "appos" and c.like_num and c.text.isdigit() and 0 < int(c.text) < 110
                                     for c in token.children):
        return True  # "Musician Kionn Lamothe, 25, was killed", an organisation to the tagger
    if token.pos_ == "PROPN" and not token.ent_type_ and token.is_title and token.dep_ in ("nsubj", "nsubjpass"):
        return True  # "Ulmschneider died from his wounds": a surname no entity type claims
    return token.pos_ == "NOUN" and token.lemma_.lower() not in _NOT_PEOPLE and not token.ent_type_


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubjpass", "nsubj"):
            if child.tag_ == "WP" and verb.dep_ == "relcl":  # "... daughter, who was also shot"
                return verb.head
            return child
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ == "VERB":
        return _subject(verb.head)
    return None


_STAY_LEMMAS = {"remain", "stay", "recover", "be", "lie"}
_NOMINAL_DEATH = {"killing", "murder", "assassination", "death", "slaying"}


def _harm(token: Token) -> str | None:
    """'killed' / 'wounded' when the token reports a death or an injury."""
    lemma = token.lemma_.lower()
    if token.pos_ not in ("VERB", "ADJ", "NOUN"):
        return None
    if any(c.dep_ == "neg" for c in token.children) or any(c.dep_ == "neg" for c in token.head.children if token.dep_ == "acomp"):
        return None  # "the girl was not hurt"
    if _unreal(token):
        return None
    if lemma in _DEATH_LEMMAS or (token.lower_ == "dead" and token.head.lemma_ in ("pronounce", "find", "shoot", "be",
                                                                                 "lie", "leave")):
        return "killed"
    if lemma == "gun" and any(c.dep_ == "prt" and c.lower_ == "down" for c in token.children):
        return "killed"  # "gunned down"
    if token.lower_ == "condition" and any(c.lower_ in ("critical", "serious", "stable", "grave", "fair") for c in token.children):
        return "wounded"  # "remains in critical condition"
    if token.lower_ == "hospital" and token.head.lower_ == "in" and token.head.head.lemma_ in _STAY_LEMMAS:
        return "wounded"  # "her mother remains in the hospital"
    if lemma in ("hit", "strike", "graze") and any(
            c.dep_ == "agent" and any(o.lemma_.lower() in _MISSILES for o in c.children) for c in token.children):
        return "wounded"  # "a 15-year-old male was also hit by gunfire"
    if lemma in _WOUND_LEMMAS or (token.lower_ in ("wound", "wounds") and token.head.lemma_ == "suffer"):
        if any(c.lower_ in ("fatally", "mortally") for c in token.children):
            return "killed"  # "fatally shot", "mortally wounded"
        return "wounded"
    return None


_MISSILES = {"gunfire", "bullet", "round", "shot", "fire", "shrapnel", "pellet", "buckshot", "gunshot"}
_MODALS = {"could", "would", "might", "may", "should"}
_ATTEMPT_LEMMAS = {"try", "attempt", "threaten", "want", "plan", "intend", "vow"}


def _unreal(token: Token) -> bool:
    """A harm that did not happen: "could have been killed", "he tried to kill her", "attempted murder"."""
    verbs = (token, token.head) if token.dep_ == "acomp" else (token,)  # "she could've been dead"
    aux = {c.lower_.replace("’", "'") for v in verbs for c in v.children if c.dep_ in ("aux", "auxpass", "nsubj")}
    aux = {"have" if a in ("'ve", "of") else a for a in aux}  # the parser takes "’ve" for a subject
    if aux & _MODALS and "have" in aux:
        return True
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in _ATTEMPT_LEMMAS:
        return True
    return token.pos_ == "NOUN" and any(c.lower_ == "attempted" for c in token.children)


def _passive(token: Token) -> bool:
    """"were shot and killed": the second verb shares the first one's passive voice."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children):
        return True
    if token.dep_ in ("xcomp", "oprd") and token.tag_ == "VBN" and any(c.dep_ == "nsubjpass" for c in token.head.children):
        return True  # "a mother and son were found fatally shot"
    return token.dep_ == "conj" and not any(c.dep_ in ("nsubj", "dobj") for c in token.children) and \
        any(c.dep_ in ("nsubjpass", "auxpass") for c in token.head.children)


_REFLEXIVE = {"himself", "herself", "themselves", "myself", "yourself"}


def _headline_passive(token: Token) -> bool:
    """Headlines drop the auxiliary: "17-year-old boy shot in head" reads as an active verb
    without object, but the subject is the one shot."""
    if token.tag_ != "VBD" or any(c.dep_ in ("dobj", "dative", "ccomp") for c in token.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "at" for c in token.children):
        return False  # "the gunman shot at the crowd"
    return token.idx < headline_end_of(token.doc)


def add_individuals(sentence: Span, killed: Tally, wounded: Tally, people: People) -> None:
    """Single victims named or described as subjects of passive harm verbs ("Antonio Mason
    died", "a man was shot"), objects of active ones ("shot and killed a robbery suspect") and
    of nominal deaths ("the killing of Osama bin Laden", "the fatal shooting of a girl")."""
    span = (sentence.start_char, sentence.end_char)
    doc = sentence.doc
    keyed: dict[str, int] = {}
    for person, status, firm, figure in harm_events(sentence):
        if person is not None:
            key = people.key(doc[person], sentence)
            if key.startswith("anon:") and keyed.setdefault(key, person) != person \
                    and doc[keyed[key]] in doc[person].conjuncts:
                key += f":{person}"  # "a 15-year-old male and a 69-year-old male": two people
            (killed if status == "killed" else wounded).individuals.setdefault(key, span)
            if firm and status == "wounded":
                wounded.firm.add(key)
        elif figure is not None:  # "Amos shot the four men"
            target = killed.figures if status == "killed" else wounded.shot_figures if firm else wounded.figures
            target.append((figure, span))


HarmEvent = tuple[int | None, str, bool, Figure | None]  # (person's token index, status, firm | "shot" for a figure, figure)


def harm_events(sentence: Span) -> list[HarmEvent]:
    """What the parse of one sentence says about who was harmed: each single person with
    "killed"/"wounded" (firm: "wounded"/"injured", not merely "shot"), or a figure ("shot the
    four men"; firm = "shot": everyone hit). Computed once per sentence and kept on the Doc:
    the rules count one incident's sentences and the learned choice the whole article's."""
    cache = sentence.doc.user_data.setdefault("incidentwire_harm_events", {})
    if sentence.start not in cache:
        cache[sentence.start] = _harm_events(sentence)
    return cache[sentence.start]


def _harm_events(sentence: Span) -> list[HarmEvent]:
    out: list[HarmEvent] = []

    def add(person: Token, status: str, firm: bool = False) -> None:
        group = (person, *person.conjuncts)
        named = any(p.ent_type_ == "PERSON" for p in group)  # "killed Veondus Dennis and Antwan Wheeler": both names
        for p in group:  # "her son, 17-year-old Javeer Arter": the named apposition is the person
            p = next((c for c in p.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), p)
            if any(c.lower_ in ("each", "every", "all") for c in p.children):
                continue  # "each victim was shot": a group, counted by the figures
            if _is_single_person(p) or (named and p.pos_ == "PROPN"):
                out.append((p.i, status, firm, None))

    for token in sentence:
        if token.pos_ == "NOUN" and (token.lower_ in _NOMINAL_DEATH or (
            token.lower_ == "shooting" and any(c.lower_ in ("fatal", "deadly") for c in token.children)
        )):
            if _unreal(token):
                continue  # "charged with the attempted murder of his wife"
            for obj in (o for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                        for o in p.children if o.dep_ == "pobj"):
                add(obj, "killed")
            for owner in (c for c in token.children if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")):
                add(owner, "killed")  # "his friend's shooting death"
            continue
        status = _harm(token)
        if status is None:
            continue
        verb = token.head if token.pos_ in ("ADJ", "NOUN") else token
        if token.lower_ == "hospital":
            verb = token.head.head  # "remains in the hospital": the subject of "remains"
        firm = token.lemma_.lower() in _FIRM_WOUND_LEMMAS or token.lower_ in ("condition", "hospital")
        passive = _passive(token)
        if token.pos_ == "VERB" and token.lemma_.lower() != "die" and not passive and not _headline_passive(token):
            for obj in (c for c in token.children if c.dep_ == "dobj"):
                if obj.lower_ in _REFLEXIVE or any(c.lower_ in _REFLEXIVE for c in obj.conjuncts):
                    # "a boy accidentally shot himself", "shot his girlfriend and then himself": the shooter is hurt too
                    if (subject := _subject(token)) is not None:
                        add(subject, status, firm)
                    if obj.lower_ in _REFLEXIVE:
                        continue
                add(obj, status, firm)  # active: the object is the victim, the subject the shooter
                number = next((c for c in obj.children if c.dep_ == "nummod"), None)
                figure = parse_number(number.text) if number is not None else None
                if figure and figure.best:  # "Amos shot the four men"
                    out.append((None, status, token.lemma_.lower() == "shoot", figure))
            continue
        if token.dep_ == "oprd" and verb.lemma_ == "leave":  # "a shooting that left a boy dead"
            for obj in (c for c in verb.children if c.dep_ == "dobj"):
                add(obj, status, firm)
            continue
        subject = _subject(verb)
        if subject is None and verb.dep_ == "acl" and verb.tag_ == "VBN":
            subject = verb.head  # headline style: "17-year-old boy shot in head in Fresno"
        if subject is not None:  # "One of them, Ann Lee, died": the named apposition is the person
            subject = next((c for c in subject.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), subject)
            add(subject, status, firm)
    return out


def individual_count(tally: Tally) -> int:
    """Named people, or the most anonymous people one sentence mentions: the same victim is
    often described again ("a 15-year-old girl", later "the teen") without being named."""
    named = sum(1 for k in tally.individuals if k.startswith("name:"))
    per_sentence: dict[str, int] = {}
    for k in tally.individuals:
        if k.startswith("anon:"):
            sent = k.split(":")[1]
            per_sentence[sent] = per_sentence.get(sent, 0) + 1
    return max(named, max(per_sentence.values(), default=0))




def article_individuals(sentences: list[Span], context: list[Span]) -> tuple[Tally, Tally]:
    """The individual victims of `sentences` (killed, wounded; no figures): the learned choice
    also counts them over the whole article, since an incident's sentences miss e.g. "his
    stepfather was also shot" further down."""
    killed, wounded, people = Tally(), Tally(), People(context)
    for sentence in sentences:
        add_individuals(sentence, killed, wounded, people)
    drop_the_dead(sentences, killed, wounded)
    return killed, wounded


def drop_the_dead(sentences: list[Span], killed: Tally, wounded: Tally) -> None:
    """A victim shot who then died counts among the killed only."""
    for key in [key for key in wounded.individuals if key in killed.individuals]:
        del wounded.individuals[key]  # shot, then died: killed only
    death_sentences = {k.split(":")[1] for k in killed.individuals if k.startswith("anon:")}
    death_sentences |= {str(s.start) for s in sentences if any(t.lemma_.lower() in _DEATH_LEMMAS for t in s)}
    for key in [k for k in wounded.individuals if k.startswith("anon:") and k.split(":")[1] in death_sentences
                and k not in wounded.firm]:  # "killing the boy and critically wounding his father": two people
        del wounded.individuals[key]  # "3-year-old shot, killed": one victim, dead
    anonymous_dead = sum(1 for key in killed.individuals if key.startswith("anon:"))
    anonymous = [key for key in wounded.individuals if key.startswith("anon:") and key not in wounded.firm]
    for key in anonymous[:anonymous_dead]:
        del wounded.individuals[key]  # "a man was shot ... he died": the same person

"""Killed and wounded counts of one incident, from the sentences that describe it.

Two kinds of evidence: explicit figures ("killing 12", "at least 24 people were wounded",
"the death toll rose to 15") and individual victims ("Antonio Mason, 35, died at the scene",
"a man was shot in the leg"), counted once each. The highest explicit figure wins over the
individual count (a later, higher toll updates an earlier one); "all N militants were shot dead"
takes N from an earlier mention of the same group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from incidentwire.extractors.lexicon import PERPETRATOR_NOUNS, PERSON_NOUNS, STATE_FORCE_NOUNS
from incidentwire.extractors.numbers import NUMBER, Figure, parse_number
from incidentwire.models import Article, Count, Evidence
from incidentwire.nlp import sentence_ents

_PEOPLE = PERSON_NOUNS | PERPETRATOR_NOUNS | STATE_FORCE_NOUNS | {
    "other", "others", "people", "persons", "civilians", "policemen", "children", "men", "women",
    "gunmen", "victims", "members", "residents", "students", "soldiers", "troops", "officers",
}
_WORDS = r"(?:[\w'\-]+\s+){0,4}?"
_PAREN = r"(?:\s*,[^,.;]{1,60},)?"
_BE = r"(?:(?:were|was|have been|had been|has been|are|is|being|got|had|have)\s+)?(?:(?:also|reportedly|later|all|both|allegedly|fatally|critically|seriously|badly|slightly|found|pronounced|confirmed|reported)\s+)?"
_KILLED_VERB = r"(?:killed|shot dead|shot and killed|slain|murdered|dead|died|shot to death|gunned down|executed|massacred|perished|lost their lives|fatally (?:shot|wounded|injured|stabbed)|pronounced dead)"
_WOUNDED_VERB = r"(?:wounded|injured|hurt|hospitali[sz]ed|shot|(?:taken|transported|rushed) to [^.,;]{0,40}?hospitals?|treated|in (?:critical|serious|stable|fair) condition)"
KILLED = [
    re.compile(rf"{NUMBER}(?:\s+|(?=,))(?P<noun>{_WORDS}){_PAREN}\s*{_BE}{_KILLED_VERB}\b", re.I),
    re.compile(rf"\b(?:killing|killed|kills|left|leaving|claimed the lives of|massacred|murdered|slaying|slew)\s+{NUMBER}\s+(?P<noun>{_WORDS})(?:dead|people|persons|\w+)?", re.I),
    re.compile(rf"{NUMBER}\s+(?P<noun>(?:[\w'\-]+\s+){{0,2}}?)(?:dead|deaths|fatalities|bodies|corpses)\b", re.I),
    re.compile(rf"\bdeath toll\b[^.;]{{0,40}}?\b(?:to|at|of|is|was|reached|stands at)\s+{NUMBER}", re.I),
]
WOUNDED = [
    re.compile(rf"{NUMBER}(?:\s+|(?=,))(?P<noun>{_WORDS}){_PAREN}\s*{_BE}{_WOUNDED_VERB}\b", re.I),
    re.compile(rf"\b(?:wounding|wounded|injuring|injured|hurting|hurt|hitting)\s+{NUMBER}\s+(?P<noun>{_WORDS})", re.I),
    re.compile(rf"{NUMBER}\s+(?P<noun>(?:[\w'\-]+\s+){{0,2}}?)(?:wounded|injured)\b", re.I),
]
# A word each of KILLED and WOUNDED cannot match without (same order): a cheap test before the scan.
KILLED_WORDS = r"kill|shot|slain|murder|dead|died|gunned|execut|massacr|perish|lost their|fatal|pronounced"
KILLED_NEEDS = [re.compile(w, re.I) for w in (
    KILLED_WORDS, r"kill|left|leaving|claimed the lives|massacred|murdered|slaying|slew",
    r"dead|deaths|fatalities|bodies|corpses", r"death toll")]
WOUNDED_NEEDS = [re.compile(w, re.I) for w in (
    r"wound|injur|hurt|hospital|shot|treated|condition", r"wound|injur|hurt|hitting", r"wounded|injured")]
NONE_WOUNDED = re.compile(r"\b(?:no one|nobody|no other|none|no injuries|no one else|no\s+\w+\s+were)\b[^.;]{0,40}?\b(?:injur|wound|hurt|casualt)|\b(?:were|was)\s+not\s+(?:injured|hurt|wounded)\b", re.I)
NONE_KILLED = re.compile(r"\b(?:no one|nobody|no deaths|no fatalities|none)\b[^.;]{0,30}?\b(?:killed|died|dead)\b", re.I)
ALL_KILLED = re.compile(rf"\ball\s+(?:the\s+|of the\s+)?(?:(?P<num>\w+)\s+)?(?P<noun>[a-z]+)\s+(?:were|have been|had been)\s+{_KILLED_VERB}", re.I)
MULTI_SHOOTING = re.compile(r"\b(?P<n>double|triple|quadruple)\s+(?:shooting|homicide|murder)", re.I)
_MULTI = {"double": 2, "triple": 3, "quadruple": 4}

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


_AFTER_NOUN = {"inside", "in", "at", "from", "on", "near", "outside", "aboard", "who", "that", "with"}


def people_noun(noun_words: str) -> bool:
    words = noun_words.lower().split()
    if not words or words in (["of", "them"], ["of", "those"], ["of", "the", "victims"]):
        return True  # "two, including a baby, were ...", "one of them died"
    cut = next((i for i, w in enumerate(words) if w in _AFTER_NOUN), len(words))
    if 0 < cut < len(words):  # "both men inside the car were killed": the head noun comes before
        words = words[:cut]
    last = words[-1]
    return last in _PEOPLE or last.rstrip("s") in _PEOPLE or last.endswith("year-old") or last.endswith("-olds")


def _figures(patterns: list[re.Pattern[str]], sentence: Span, tally: Tally) -> None:
    text, base = sentence.text, sentence.start_char
    if AGGREGATE.search(text):
        return
    for pattern in patterns:
        for m in pattern.finditer(text):
            noun = m.groupdict().get("noun") or ""
            if not people_noun(noun):
                continue
            fig = parse_number(m.group("num"))
            if fig is None or fig.best is None or (fig.best > 1000 and "toll" not in m.group().lower()):
                continue
            num_text = m.group("num").lower()
            if num_text in ("a", "an") and not noun.strip():
                continue
            if patterns is WOUNDED and re.search(r"\b(?:fatally|mortally)\b", m.group(), re.I):
                continue  # "a toddler was fatally wounded" is a death
            inclusive = re.search(r"\bshot\s*$", m.group(), re.I) is not None
            (tally.shot_figures if inclusive else tally.figures).append((fig, (base + m.start(), base + m.end())))


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
# Sentences that sum up many incidents ("22 wounded in weekend shootings across the city"):
# their figures are not this incident's.
AGGREGATE = re.compile(r"\b(?:across the city|citywide|city-wide|this weekend|over the weekend|weekend (?:violence|shootings)|"
                       r"so far this year|this year|since (?:friday|saturday|sunday|monday|january|the start)|throughout the day|"
                       r"in shootings across|across (?:chicago|the state|the country))\b", re.I)


def _is_single_person(token: Token) -> bool:
    """A singular noun phrase that can denote one person ("the male juvenile", "a 17-year-old")."""
    if token.tag_ in ("NNS", "NNPS") or any(c.dep_ == "nummod" for c in token.children):
        return False  # plural: the figure patterns count groups
    if token.lower_ == "old" and token.i >= 2 and token.doc[token.i - 2].lower_ == "year":
        return True
    if token.ent_type_ == "PERSON" or token.lemma_.lower() in _PEOPLE or token.lower_ in ("someone", "somebody"):
        return True
    if token.lower_ in ("he", "she", "him", "her") and token.tag_ == "PRP":
        return True  # "he then shot her and her son": one person each (counted per sentence, never summed with names)
    if token.pos_ == "PROPN" and any(c.dep_ == "amod" and c.lower_ == "old" for c in token.children):
        return True  # "43-year-old Bianca Arter" though the tagger calls her an organisation
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
    if lemma in _DEATH_LEMMAS or (token.lower_ == "dead" and token.head.lemma_ in ("pronounce", "find", "shoot")):
        return "killed"
    if lemma == "gun" and any(c.dep_ == "prt" and c.lower_ == "down" for c in token.children):
        return "killed"  # "gunned down"
    if token.lower_ == "condition" and any(c.lower_ in ("critical", "serious", "stable", "grave", "fair") for c in token.children):
        return "wounded"  # "remains in critical condition"
    if token.lower_ == "hospital" and token.head.lower_ == "in" and token.head.head.lemma_ in _STAY_LEMMAS:
        return "wounded"  # "her mother remains in the hospital"
    if lemma in _WOUND_LEMMAS or (token.lower_ in ("wound", "wounds") and token.head.lemma_ == "suffer"):
        if any(c.lower_ in ("fatally", "mortally") for c in token.children):
            return "killed"  # "fatally shot", "mortally wounded"
        return "wounded"
    return None


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
    line_end = token.doc.text.find("\n")
    return 0 < line_end <= 250 and token.idx < line_end  # the headline: the article's first line


def _individuals(sentence: Span, killed: Tally, wounded: Tally, people: People) -> None:
    """Single victims named or described as subjects of passive harm verbs ("Antonio Mason
    died", "a man was shot"), objects of active ones ("shot and killed a robbery suspect") and
    of nominal deaths ("the killing of Osama bin Laden", "the fatal shooting of a girl")."""
    span = (sentence.start_char, sentence.end_char)

    def add(person: Token, status: str, firm: bool = False) -> None:
        group = (person, *person.conjuncts)
        named = any(p.ent_type_ == "PERSON" for p in group)  # "killed Veondus Dennis and Antwan Wheeler": both names
        for p in group:  # "her son, 17-year-old Javeer Arter": the named apposition is the person
            p = next((c for c in p.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), p)
            if any(c.lower_ in ("each", "every", "all") for c in p.children):
                continue  # "each victim was shot": a group, counted by the figures
            if _is_single_person(p) or (named and p.pos_ == "PROPN"):
                key = people.key(p, sentence)
                (killed if status == "killed" else wounded).individuals.setdefault(key, span)
                if firm and status == "wounded":
                    wounded.firm.add(key)

    for token in sentence:
        if token.pos_ == "NOUN" and (token.lower_ in _NOMINAL_DEATH or (
            token.lower_ == "shooting" and any(c.lower_ in ("fatal", "deadly") for c in token.children)
        )):
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
                    target = killed.figures if status == "killed" else (
                        wounded.shot_figures if token.lemma_.lower() == "shoot" else wounded.figures)
                    target.append((figure, span))
            continue
        subject = _subject(verb)
        if subject is None and verb.dep_ == "acl" and verb.tag_ == "VBN":
            subject = verb.head  # headline style: "17-year-old boy shot in head in Fresno"
        if subject is not None:  # "One of them, Ann Lee, died": the named apposition is the person
            subject = next((c for c in subject.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), subject)
            add(subject, status, firm)


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


def _all_killed(sentences: list[Span], context: list[Span], killed: Tally) -> None:
    """"All militants were shot dead" -> N from the largest "N militants" anywhere in `context`."""
    for sentence in sentences:
        for m in ALL_KILLED.finditer(sentence.text):
            noun = m.group("noun").lower()
            explicit = parse_number(m.group("num")) if m.group("num") else None
            if explicit:
                killed.figures.append((explicit, (sentence.start_char, sentence.end_char)))
                continue
            best: tuple[int, tuple[int, int]] | None = None
            for other in context:
                for n in re.finditer(rf"{NUMBER}\s+(?:[\w\-]+\s+)?{re.escape(noun)}\b", other.text, re.I):
                    fig = parse_number(n.group("num"))
                    if fig and fig.best and (best is None or fig.best > best[0]):
                        best = (fig.best, (other.start_char, other.end_char))
            if best:
                killed.figures.append((Figure(best[0], best[0], best[0]), (sentence.start_char, sentence.end_char)))
                killed.support.append(best[1])


@dataclass
class RuleCounts:
    """What the rules found for one incident: their (killed, wounded) answer and the tallies behind it."""

    killed: Count
    wounded: Count
    killed_tally: Tally
    wounded_tally: Tally


def count_casualties(article: Article, sentences: list[Span], context: list[Span] | None = None, *,
                     main: bool = True) -> tuple[Count, Count]:
    """(killed, wounded) for the incident described by `sentences`; `context` (default: the same
    sentences) is where antecedents such as "four militants" are looked up. For an article's
    `main` incident with the learned model shipped, each count is chosen among the rules'
    candidates (`casualty_choice`); otherwise (a background incident, which the model was not
    trained on, or inside `learned.rules_only()`) the rules answer alone."""
    rules = rule_counts(article, sentences, context)
    if not main:
        return rules.killed, rules.wounded
    from incidentwire.extractors import casualty_choice  # it builds on this module's rules

    chosen = casualty_choice.choose(article, sentences, context or sentences, rules)
    return chosen if chosen is not None else (rules.killed, rules.wounded)


def rule_counts(article: Article, sentences: list[Span], context: list[Span] | None = None) -> RuleCounts:
    """The rules' answer: the highest explicit figure, else the individuals counted, else 0."""
    killed, wounded, people = Tally(), Tally(), People(context or sentences)
    for sentence in sentences:
        _figures(KILLED, sentence, killed)
        _figures(WOUNDED, sentence, wounded)
        _individuals(sentence, killed, wounded, people)
        span = (sentence.start_char, sentence.end_char)
        if killed.zero is None and NONE_KILLED.search(sentence.text):
            killed.zero = span
        if wounded.zero is None and NONE_WOUNDED.search(sentence.text):
            wounded.zero = span
    _all_killed(sentences, context or sentences, killed)
    k = killed.count(article)
    if not wounded.figures and wounded.shot_figures:  # "four people were shot, one died": 3 wounded
        fig, span = max(wounded.shot_figures, key=lambda f: f[0].best or 0)
        rest = max(0, (fig.best or 0) - (k.best or 0))
        wounded.figures.append((Figure(rest, rest if fig.max is not None else None, rest), span))
    _drop_the_dead(sentences, killed, wounded)
    w = wounded.count(article)
    for sentence in sentences:  # "a triple shooting": killed + wounded = 3
        m = MULTI_SHOOTING.search(sentence.text)
        if m and not wounded.figures and k.best is not None and (w.best or 0) + k.best < _MULTI[m.group("n").lower()]:
            total = _MULTI[m.group("n").lower()]
            ev = article.evidence(sentence.start_char + m.start(), sentence.start_char + m.end())
            w = Count(min=total - k.best, max=total - k.best, best=total - k.best, evidence=[ev, *w.evidence])
            break
    return RuleCounts(k, w, killed, wounded)


def article_individuals(sentences: list[Span], context: list[Span]) -> tuple[Tally, Tally]:
    """The individual victims of `sentences` (killed, wounded; no figures): the learned choice
    also counts them over the whole article, since an incident's sentences miss e.g. "his
    stepfather was also shot" further down."""
    killed, wounded, people = Tally(), Tally(), People(context)
    for sentence in sentences:
        _individuals(sentence, killed, wounded, people)
    _drop_the_dead(sentences, killed, wounded)
    return killed, wounded


def _drop_the_dead(sentences: list[Span], killed: Tally, wounded: Tally) -> None:
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


def evidence_of(counts: tuple[Count, Count]) -> list[Evidence]:
    return [e for c in counts for e in c.evidence]

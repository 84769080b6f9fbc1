"""Group event sentences into the article's main incident and background incidents, then fill
each incident's fields. Pure function of the ParsedDoc."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pycountry
from spacy.tokens import Span, Token

from incidentwire.extractors import actors, roles
from incidentwire.extractors.article_relevance import act_scores, reports_incident
from incidentwire.extractors.casualties import count_casualties
from incidentwire.extractors.claims import find_claims, is_denial
from incidentwire.extractors.date_attachment import dates_a_death, is_statistic, violent_dates
from incidentwire.extractors.date_choice import choose_incident_date
from incidentwire.extractors.dates import DateMention, find_dates, publication_day
from incidentwire.extractors.event_date import choose_main_date
from incidentwire.extractors.incident_model import learned_category, learned_keep
from incidentwire.extractors.triggers import Trigger, find_triggers
from incidentwire.models import Article, Incident, IncidentDate, Perpetrator
from incidentwire.nlp import ParsedDoc, sentence_ents

_COUNTRY_NAMES = {c.name.lower() for c in pycountry.countries} | {
    getattr(c, "common_name", c.name).lower() for c in pycountry.countries
} | {"iran", "syria", "russia", "britain", "the united states", "us", "u.s.", "america", "bolivia",
     "venezuela", "vietnam", "south korea", "north korea", "taiwan", "laos", "tanzania", "moldova"}
_IN_COUNTRY = re.compile(r"\b(?:in|across|inside|of)\s+(?P<c>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")
_MIN_WEIGHT = 1.0  # a sentence needs triggers at least this strong to report an event
# An incident needs this much trigger weight over all its sentences: one passing "attack" in a
# commentary is not a report of an incident (chosen on muc4_dev relevance, checked on gva_dev).
MIN_INCIDENT_STRENGTH = 2.0


@dataclass
class EventSentence:
    index: int
    span: Span
    triggers: list[Trigger]
    dates: list[DateMention]
    countries: set[str] = field(default_factory=set)

    @property
    def weight(self) -> float:
        return sum(t.weight for t in self.triggers)


@dataclass
class Cluster:
    sentences: list[EventSentence]
    background: bool = False
    date: DateMention | None = None


def _countries(sentence: Span) -> set[str]:
    """Countries the sentence places something in ("in Pakistan")."""
    return {m.group("c").lower() for m in _IN_COUNTRY.finditer(sentence.text) if m.group("c").lower() in _COUNTRY_NAMES}


def _mentioned_countries(sentence: Span) -> set[str]:
    """Every country named in the sentence, however it is used."""
    return {e.text.lower() for e in sentence_ents(sentence) if e.label_ == "GPE" and e.text.lower() in _COUNTRY_NAMES}


def event_sentences(parsed: ParsedDoc) -> list[EventSentence]:
    published = publication_day(parsed.article.publication_date, parsed.article.url)
    out = []
    for index, sentence in enumerate(parsed.doc.sents):
        triggers = find_triggers(sentence)
        if sum(t.weight for t in triggers) < _MIN_WEIGHT:
            continue
        dates = find_dates(parsed.text[sentence.start_char:sentence.end_char], published,
                           offset=sentence.start_char)
        out.append(EventSentence(index, sentence, triggers, dates, _countries(sentence)))
    return out


def _is_background(s: EventSentence, dates: list[DateMention], main: DateMention | None, main_countries: set[str]) -> bool:
    """A sentence about another time (last month, in 2010) or another country. `dates`: the
    sentence's dates that date its violence (`date_attachment.violent_dates`)."""
    for d in dates:
        if d.value is None:
            continue
        if main is None:
            if d.precision in ("month", "year", "week") and d.relative:
                return True
            continue
        if not d.same_period(main, slack_days=2):
            return True
        if d.precision in ("month", "year", "week") and main.precision == "day":
            return True
    return bool(main_countries and s.countries and not (s.countries & main_countries))


def _later_death(s: EventSentence, d: DateMention, main: DateMention | None) -> bool:
    """A victim who died days after the act ("Jacob died Saturday") is still the main incident's."""
    return bool(main and main.value and d.value and 0 <= (d.value - main.value).days <= 60
                and dates_a_death(s.span, d))


@dataclass
class DateContext:
    """What the choice of the main incident's date looks at (also used by scripts/train_event_date.py)."""

    published: date | None
    event_spans: list[Span]
    event_weights: dict[int, float]
    dateline_dates: list[DateMention] | None


def date_context(parsed: ParsedDoc, sentences: list[EventSentence]) -> DateContext:
    published = publication_day(parsed.article.publication_date, parsed.article.url)
    dateline_date = None
    if parsed.dateline and parsed.dateline.date_text:
        found = find_dates(parsed.dateline.date_text, published)
        dateline_date = found[0] if found else None
    undated = [s for s in sentences if not any(d.precision in ("month", "year", "week") for d in s.dates)]
    return DateContext(published, [s.span for s in undated or sentences[:1]],
                       {s.span.start_char: s.weight for s in sentences}, [dateline_date] if dateline_date else None)


def segment(parsed: ParsedDoc) -> list[Cluster]:
    """Main incident first, then background incidents (merged when they share period and kind)."""
    sentences = event_sentences(parsed)
    if not sentences:
        return []
    lead = sentences[:2]
    context = date_context(parsed, sentences)
    # background sentences are told apart with the rules' date, as before the learned choice (the
    # learned date, which may be an evidence-free fallback, moved more sentences out than it should)
    rule_date = choose_main_date(parsed.doc, context.event_spans, context.dateline_dates, context.published,
                                 parsed.text)
    main_date = choose_incident_date(parsed, context.event_weights, context.published, rule_date)
    main_countries = set().union(*(_mentioned_countries(s.span) | s.countries for s in lead)) if lead else set()
    main = Cluster([], date=main_date)
    background: list[Cluster] = []
    for s in sentences:
        dated = [d for d in violent_dates(s.span, s.dates, s.triggers) if not _later_death(s, d, rule_date)]
        if s is sentences[0] or not _is_background(s, dated, rule_date, main_countries):
            if s is not sentences[0] and is_statistic(s.span) and _is_background(s, s.dates, rule_date, main_countries):
                continue  # a count over many acts at another time ("34 homicides in 2016"): no incident's
            main.sentences.append(s)
            continue
        when = next((d for d in dated if d.value), None)
        category = _category(s.triggers)[0]
        for cluster in background:
            if (cluster.date is None or when is None or cluster.date.same_period(when)) and (
                _category(cluster.sentences[0].triggers)[0] == category
            ):
                cluster.sentences.append(s)
                break
        else:
            background.append(Cluster([s], background=True, date=when))
    return [*split_acts(split_by_kind(main), parsed), *background]


# A sentence dominated this strongly by another kind of act than the main incident's reports a
# separate act ("... where they burned the facilities"; "the guerrillas also kidnapped ..."), as
# GTD and MUC code them: one record per kind of act.
SPLIT_WEIGHT = 2.0
# how probable an act the act-sentence model must find a sentence before it starts an incident of its own
# (chosen on muc4_train: category 0.62 -> 0.74, killed 0.41 -> 0.56, role fillers F1 0.441 -> 0.439)
SPLIT_ACT = 0.4


def split_by_kind(main: Cluster) -> list[Cluster]:
    """Split off sentences whose only specific act is of another category than the main one. A
    robbery told with a shooting is not split off: it is the motive or the setting of the same act
    ("killed during a robbery", "robbery appears to be the motive"; on gva_dev nearly every such
    split was one event told twice)."""
    main_category = _category([t for s in main.sentences for t in s.triggers])[0]
    kept: list[EventSentence] = []
    others: dict[str, Cluster] = {}
    for s in main.sentences:
        kinds = {t.category for t in s.triggers if t.category != "attack"}
        weight = sum(t.weight for t in s.triggers if t.category in kinds)
        if s is main.sentences[0] or len(kinds) != 1 or weight < SPLIT_WEIGHT or main_category in kinds or (
                kinds == {"robbery"} and main_category == "armed_assault"):
            kept.append(s)
            continue
        kind = kinds.pop()
        others.setdefault(kind, Cluster([], date=main.date)).sentences.append(s)
    main.sentences = kept
    return [main, *others.values()]


_ANAPHORIC = {"the", "this", "that", "these", "those", "its", "their", "his", "her"}
_NEW_ACT_WORDS = {"another", "also", "other", "separate", "meanwhile", "elsewhere"}


def _anaphoric(word: Token) -> bool:
    """"the mayor", "his car": someone or something already told of."""
    return any(c.dep_ in ("det", "poss") and c.lower_ in _ANAPHORIC for c in word.children) or word.pos_ == "PRON"


def _new_act(sentence: EventSentence) -> bool:
    """The sentence tells an act of its own ("guerrillas also killed a peasant", "another bomb
    exploded"), not more about one already told ("the attack", "the bomb caused minor damage",
    "the guerrillas killed two policemen")."""
    doc = sentence.span.doc
    if any(t.lower_ in _NEW_ACT_WORDS for t in sentence.span):
        return True
    for trigger in sentence.triggers:
        span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        verb = root.head if root.dep_ == "conj" else root  # "killed two and wounded a peasant": one subject
        subjects = [c for c in [*root.children, *verb.children] if c.dep_ == "nsubj"]
        if root.pos_ == "VERB" and not any(_anaphoric(c) for c in subjects) and any(
                c.dep_ in ("dobj", "nsubjpass", "obj") and not _anaphoric(c) for c in root.children):
            return True
        if root.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in root.children):
            return True
    return False


def split_acts(clusters: list[Cluster], parsed: ParsedDoc) -> list[Cluster]:
    """Split the main incident into one incident per act where the report tells several ("he also
    reported that guerrillas killed a peasant in Flores and burned a tank truck"): MUC and GTD code
    one record per act. A later sentence starts a new act when the act-sentence model (when shipped)
    finds it reports one and it tells a new act (`_new_act`); the sentences after it that tell no
    new act go with it. Without the model, nothing is split."""
    if not clusters or not clusters[0].sentences or not parsed.was_upper:
        return clusters
    main = clusters[0]
    acts = act_scores(main.sentences, len(list(parsed.doc.sents)))
    if acts is None:
        return clusters
    current = Cluster([main.sentences[0]], date=main.date)
    out = [current]
    for s, act in zip(main.sentences[1:], acts[1:], strict=True):
        if act >= SPLIT_ACT and _new_act(s):
            current = Cluster([s], date=main.date)
            out.append(current)
        else:
            current.sentences.append(s)
    return [*out, *clusters[1:]]


def _category(triggers: list[Trigger]) -> tuple[str, str | None]:
    scores: dict[str, float] = {}
    subs: dict[str, str] = {}
    for t in triggers:
        scores[t.category] = scores.get(t.category, 0.0) + t.weight
        if t.subcategory and t.category not in subs:
            subs[t.category] = t.subcategory
    if not scores:
        return "other", None
    order = ["kidnapping", "other", "arson", "remote_violence", "robbery", "bombing", "armed_clash", "armed_assault"]
    # "fighting raged when guerrillas attacked": a weak clash word does not outweigh the attack
    specific = {c: v for c, v in scores.items() if c != "attack" and (v >= 1.5 or c != "armed_clash")}
    if not specific:
        return "armed_assault", None
    best = max(specific, key=lambda c: (specific[c], -order.index(c)))
    return best, subs.get(best)


def _incident_date(article: Article, cluster: Cluster) -> IncidentDate:
    d = cluster.date
    if d is None or d.value is None:
        return IncidentDate()
    # a date no expression states (the publication day when the report writes none) has no text or evidence
    return IncidentDate(value=d.iso, precision=d.precision, text=d.text or None,  # type: ignore[arg-type]
                        evidence=[article.evidence(d.start, d.end)] if d.text and d.end <= len(article.text)
                        and d.start >= 0 and article.text[d.start:d.end] == d.text else [])


def build_incident(parsed: ParsedDoc, cluster: Cluster) -> Incident:
    article = parsed.article
    spans = [s.span for s in cluster.sentences]
    triggers = [t for s in cluster.sentences for t in s.triggers]
    category, subcategory = _category(triggers)
    chosen = learned_category(cluster, category)
    if chosen is not None and chosen != category:
        category, subcategory = chosen, next((t.subcategory for t in triggers if t.category == chosen and t.subcategory),
                                             None)
    perpetrators = actors.perpetrators(article, spans)
    all_sentences = list(parsed.doc.sents)
    killed, wounded = count_casualties(article, spans, all_sentences, main=not cluster.background)
    incident = Incident(
        id="",
        category=category,  # type: ignore[arg-type]
        subcategory=subcategory,
        date=_incident_date(article, cluster),
        perpetrators=perpetrators,
        targets=actors.targets(article, spans),
        victims=actors.victims(article, spans),
        weapons=actors.weapons(article, spans),
        killed=killed,
        wounded=wounded,
        evidence=[article.evidence(s.start_char, s.end_char) for s in spans],
        in_passing=cluster.background,
    )
    # claims are often made in sentences without an event word ("Taliban claimed responsibility")
    claim_sentences = spans if cluster.background else all_sentences
    incident.claims = find_claims(article, claim_sentences, incident.perpetrators)
    for claim in incident.claims:  # a group that claimed the attack is one of its perpetrators
        if claim.claimant and not is_denial(claim) and not any(
            claim.claimant.lower() in p.name.lower() or p.name.lower() in claim.claimant.lower()
            for p in incident.perpetrators
        ):
            incident.perpetrators.append(Perpetrator(name=claim.claimant, type="organization", claimed=True,
                                            evidence=list(claim.evidence)))
    roles.refine(parsed, spans, incident, cluster.background)  # learned choice among candidate phrases (rules without a model)
    strength = sum(s.weight for s in cluster.sentences)
    incident.confidence = round(min(0.95, 0.35 + 0.1 * strength), 2) * (0.8 if cluster.background else 1.0)
    return incident


def _headline(parsed: ParsedDoc, cluster: Cluster) -> bool:
    """A headline that reports violence ("Teen in critical condition after accidental shooting")
    makes the article a report of it, even when the body is boilerplate."""
    first = cluster.sentences[0].span
    return not cluster.background and first.start_char == 0 and parsed.headline_end > 0


def _violent_verb(cluster: Cluster) -> bool:
    for s in cluster.sentences:
        for t in s.triggers:
            span = s.span.doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is not None and span.root.pos_ == "VERB":
                return True
    return False


def candidates(parsed: ParsedDoc) -> list[tuple[Cluster, Incident, bool, bool]]:
    """Every candidate incident: (cluster, incident, kept by the rules, headline cluster)."""
    out = []
    for cluster in segment(parsed):
        incident = build_incident(parsed, cluster)
        headline = _headline(parsed, cluster)
        strong = sum(s.weight for s in cluster.sentences) >= MIN_INCIDENT_STRENGTH or headline
        casualties = (incident.killed.best or 0) + (incident.wounded.best or 0) > 0
        # a background cluster is an incident when it says enough: strong words, a toll, a victim, or
        # a target a violent verb acts on ("the murder" a meeting discussed is none; "was murdered at
        # Club 502 in 2005" and "on 16 June the ELN destroyed the oil terminal" are)
        said = bool(incident.victims) or (bool(incident.targets) and _violent_verb(cluster))
        out.append((cluster, incident, strong or casualties or (cluster.background and said), headline))
    return out


def _battle_with_casualties(cluster: Cluster, incident: Incident) -> bool:
    """MUC-4, which taught the article model, does not count fighting between armed forces; our
    users do (ACLED codes battles): a clash with casualties is reported whatever the model says."""
    return (incident.category == "armed_clash" or any(t.category == "armed_clash" for s in cluster.sentences
                                                      for t in s.triggers)) \
        and (incident.killed.best or 0) + (incident.wounded.best or 0) > 0


def extract_incidents(parsed: ParsedDoc) -> list[Incident]:
    """Incidents reported in the article: the main one first, then background ones. The
    relevance model (when shipped) decides which candidates are incidents, else the rules; the
    article model (when shipped) whether the article reports any act at all."""
    found = candidates(parsed)
    keep = learned_keep(parsed, found)
    if keep is None:
        keep = [rule_keep for _, _, rule_keep, _ in found]
    if reports_incident(parsed, [cluster for cluster, _, _, _ in found], keep) is False and not any(
            k and _battle_with_casualties(cluster, incident) for (cluster, incident, _, _), k in zip(found, keep, strict=True)):
        return []
    return [incident for (_, incident, _, _), k in zip(found, keep, strict=True) if k]

"""The incident's date as a learned choice among rule-made candidates.

Candidates are every day-precision date expression of the article (and the coarser ones, so that
"last month" can win with its honest precision), plus two evidence-free fallbacks for reports
that write no date at all: the publication day and the day before it (news convention: a report
with no date is about today or last night). Each candidate is described by named features (where
it stands, what its verb is, how far it lies from publication, how many mentions agree, what the
rules chose) and scored by the linear model `event_date` (`scripts/train_event_date.py`). Without
the model (rules only) the rules of `event_date.choose_main_date` decide, as before.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from spacy.tokens import Span

from incidentwire import learned
from incidentwire.extractors.dates import DateMention, find_dates
from incidentwire.extractors.event_date import ACT_VERBS, LATER_EVENTS, governor
from incidentwire.extractors.lexicon import TRIGGERS
from incidentwire.extractors.spans import span_text
from incidentwire.nlp import ParsedDoc

MODEL_NAME = "event_date"
_COARSE = ("week", "month", "year")
_MODIFIER = re.compile(r"^(early|late|last|this|on)\b", re.I)
_TIME_OF_DAY = re.compile(r"\b(?:a\.?m\b|p\.?m\b|night|morning|afternoon|evening|midnight|noon|dawn|o'clock)", re.I)
_AFTER_MIDNIGHT = re.compile(r"\b(?:[1-5](?::\d\d)?\s*a\.?m\b|after midnight|early (?:morning|hours))", re.I)
# words of what happens after an incident: a date in such a sentence is rarely the incident's
_AFTERMATH = re.compile(r"\b(?:court|charged|arrested|sentenced|trial|funeral|vigil|hearing|arraign\w*|plead\w*|"
                        r"indicted|jury|memorial|died|released|identified|autopsy|booked|custody)\b", re.I)
_BEFORE = re.compile(r"\b(?P<w>on|since|until|by|before|after|posted|updated|published|from|through|of|last|at|"
                     r"am|pm|a\.m|p\.m)\W*$", re.I)
_AFTER = re.compile(r"^\W{0,2}(?P<w>'s|night|morning|afternoon|evening|nights|mornings)\b", re.I)
_CLOCK = re.compile(r"\b\d{1,2}(?::\d\d)?\s*(?P<ap>[ap])\.?m\b", re.I)
_NIGHT = re.compile(r"\b(?:night|overnight|late (?:evening|hours)|midnight)\b", re.I)
_MORNING = re.compile(r"\b(?:this morning|early morning|morning)\b", re.I)
_HOLIDAY = re.compile(r"easter|christmas|new year|thanksgiving|of july|independence|halloween|valentine|mother|"
                      r"father|memorial|labor")
_WEEKEND = re.compile(r"\bweekend\b", re.I)
_UPDATE = re.compile(r"\bupdated?\b", re.I)
# "the March 16, 2014 shooting", "Sunday's triple homicide", "the Nov. 2 murder": the date names an act
_ACT_NOUN_AFTER = re.compile(r"^(?:'s|’s|,)?\s*(?:[\w'’-]+\s+){0,2}?(?:shootings?|murders?|killings?|homicides?|"
                             r"slayings?|attacks?|shootout|stabbing|robbery|deaths?|gunfire|massacre|rampage|incident)\b",
                             re.I)
# "the funeral will take place on Wednesday", "is scheduled to appear Tuesday": a day still to come
_FUTURE = re.compile(r"\b(?:will|scheduled|is set to|are set to|is due|are due|planned|visitation|services)\b", re.I)
_CAPTION = re.compile(r"\b(?:photos?|file|courtesy|getty|AP|staff photographer)\b", re.I)
# a headline about what came after the act (a sentence, a plea, a trial): the act's date is older
_FOLLOW_UP = re.compile(r"\b(?:sentenc\w*|plead\w*|pleads|guilty|convict\w*|trial|indict\w*|charged|charges|"
                        r"arraign\w*|jury|verdict|court|lawsuit|sues?|anniversary|remember\w*|bail|bond|prison|"
                        r"years? (?:ago|later))\b", re.I)
_BACKGROUND = re.compile(r"\b(?:last (?:year|month)|years? ago|months? ago|since|previous|earlier this year|"
                         r"in (?:19|20)\d\d|anniversary)\b", re.I)


@dataclass
class DateCandidate:
    """A possible incident date: a mention in the text, or a fallback (no text, no evidence)."""

    mention: DateMention
    kind: str
    features: dict[str, float] = field(default_factory=dict)

    @property
    def fallback(self) -> bool:
        return self.kind.startswith("fallback")


def _weekday_with_explicit(candidates: list[DateCandidate], text: str) -> list[DateCandidate]:
    """"Monday, May 23": the explicit date decides; the weekday is dropped (it was resolved from
    the publication date and may name another week) and the explicit one marked."""
    dropped = set()
    for a, b in zip(candidates, candidates[1:], strict=False):
        if a.kind.startswith("weekday") and b.kind.startswith("explicit") and 0 <= b.mention.start - a.mention.end <= 3 \
                and text[a.mention.end:b.mention.start].strip() in ("", ","):
            dropped.add(id(a))
            b.features["with_weekday"] = 1.0
            if b.mention.value is not None and b.mention.value.weekday() != (a.mention.value.weekday() if a.mention.value else -1):
                b.features["weekday_disagrees"] = 1.0
    return [c for c in candidates if id(c) not in dropped]


def _weekdays_as_written_dates(candidates: list[DateCandidate]) -> list[DateCandidate]:
    """ "shot in Shelby Monday night ... around 11 p.m. Monday, May 23": a bare weekday may name
    the article's explicit date of that weekday a week or two before the day the publication date
    gives it (a follow-up published the next week). Such a weekday is a candidate twice, as
    resolved and as that written date (feature "as_written_date"); the model weighs them."""
    written = {c.mention.value for c in candidates
               if c.kind.startswith("explicit") and c.mention.precision == "day" and c.mention.value is not None}
    out = []
    for c in candidates:
        out.append(c)
        value = c.mention.value
        if c.kind.startswith("weekday") and value is not None:
            earlier = [d for d in written if d.weekday() == value.weekday() and 7 <= (value - d).days <= 14]
            if len(earlier) == 1:
                out.append(DateCandidate(replace(c.mention, value=earlier[0]), c.kind,
                                         {**c.features, "as_written_date": 1.0}))
    return out


def _content_words(span: Span | None) -> set[str]:
    """Lower-case lemmas of the content words: how much a sentence shares with the headline."""
    if span is None:
        return set()
    return {t.lemma_.lower() for t in span if t.pos_ in ("NOUN", "PROPN", "VERB", "NUM") and not t.is_stop}


def _kind(mention: DateMention) -> str:
    text = mention.text.lower()
    if mention.precision in _COARSE:
        return "coarse_" + mention.precision
    if _HOLIDAY.search(text):  # a calendar day like "May 3" ("Easter Sunday" is not a bare weekday)
        return "explicit_relative" if mention.relative else "explicit_year"
    if re.search(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day", text):
        modifier = _MODIFIER.match(text)
        return "weekday_" + (modifier.group(1).lower() if modifier else "bare")
    if "yesterday" in text:
        return "yesterday"
    if "last night" in text or "overnight" in text:
        return "last_night"
    if "today" in text or "this " in text or "tonight" in text:
        return "today"
    if "ago" in text:
        return "ago"
    return "explicit_relative" if mention.relative else "explicit_year"


def _distance(mention: DateMention, published: date | None) -> str:
    if published is None or mention.value is None:
        return "unknown"
    days = (published - mention.value).days
    if days < 0:
        return "future"
    if days <= 3:
        return str(days)
    return "4_7" if days <= 7 else ("8_31" if days <= 31 else "far")


def _governor_class(lemma: str | None) -> str:
    if lemma is None:
        return "none"
    if lemma in TRIGGERS or lemma in ACT_VERBS:
        return "act"
    return "later" if lemma in LATER_EVENTS else "other"


def _mention_features(parsed: ParsedDoc, mention: DateMention, sentence: Span, index: int, kind: str,
                      event_weight: float, published: date | None, title_end: int) -> dict[str, float]:
    text = parsed.text
    lemma = governor(parsed.doc, mention)
    around = text[max(sentence.start_char, mention.start - 30):min(sentence.end_char, mention.end + 30)]
    f = {
        f"kind={kind}": 1.0,
        f"distance={_distance(mention, published)}": 1.0,
        f"governor={_governor_class(lemma)}": 1.0,
        "in_title": float(mention.start < title_end),
        "first_sentence": float(index == 0 or (index == 1 and sentence.start_char <= title_end + 2)),
        "lead": float(index < 4),
        "sentence_index": math.log1p(index),
        "event_sentence": float(event_weight >= 1.0),
        "event_weight": min(event_weight, 6.0) / 6.0,
        "time_of_day": float(bool(_TIME_OF_DAY.search(around))),
        "after_midnight": float(bool(_AFTER_MIDNIGHT.search(around))),
        "aftermath_sentence": float(bool(_AFTERMATH.search(span_text(sentence)))),
        "background_sentence": float(bool(_BACKGROUND.search(span_text(sentence)))),
        "act_noun_after": float(bool(_ACT_NOUN_AFTER.match(text[mention.end:mention.end + 40]))),
        "future_words": float(bool(_FUTURE.search(text[max(sentence.start_char, mention.start - 60):
                                                           min(sentence.end_char, mention.end + 20)]))),
        "caption": float(bool(_CAPTION.search(text[max(sentence.start_char, mention.start - 80):mention.start]))),
        "dateline": float(parsed.dateline is not None and mention.start < 400 and bool(parsed.dateline.date_text)
                          and mention.text in (parsed.dateline.date_text or "")),
    }
    if kind.startswith("weekday") and published is not None and mention.value == published:
        f["weekday_is_publication_day"] = 1.0
    before = _BEFORE.search(text[max(0, mention.start - 12):mention.start])
    after = _AFTER.match(text[mention.end:mention.end + 12])
    if before:
        f[f"word_before={before.group('w').lower().rstrip('.').replace('.', '')}"] = 1.0
    if after:
        word = after.group("w").lower()
        f["word_after=" + ("possessive" if word == "'s" else word.rstrip("s"))] = 1.0
    if lemma:
        f[f"governor_lemma={lemma}"] = 1.0
    return f


def date_candidates(parsed: ParsedDoc, event_weights: dict[int, float], published: date | None,
                    rule_choice: DateMention | None) -> list[DateCandidate]:
    """Every candidate date of the article with its features (text mentions, then fallbacks)."""
    text = parsed.text
    title_end = parsed.headline_end
    candidates: list[DateCandidate] = []
    rule_value = rule_choice.value if rule_choice is not None else None
    headline = _content_words(parsed.doc.char_span(0, title_end, alignment_mode="contract") if title_end else None)
    if not headline and parsed.article.title:
        headline = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", parsed.article.title)}
    headline_text = text[:title_end] if title_end else (parsed.article.title or "")
    follow_up = bool(_FOLLOW_UP.search(headline_text))
    for index, sentence in enumerate(parsed.doc.sents):
        weight = event_weights.get(sentence.start_char, 0.0)
        mentions = find_dates(text[sentence.start_char:sentence.end_char], published, offset=sentence.start_char)
        if not mentions:
            continue
        overlap = len(headline & _content_words(sentence)) / len(headline) if headline else 0.0
        for mention in mentions:
            if mention.value is None:
                continue
            kind = _kind(mention)
            features = _mention_features(parsed, mention, sentence, index, kind, weight, published, title_end)
            features["headline_overlap"] = overlap
            if follow_up:
                features[f"follow_up&kind={kind}"] = 1.0
                features[f"follow_up&distance={_distance(mention, published)}"] = 1.0
            candidates.append(DateCandidate(mention, kind, features))
    candidates = _weekdays_as_written_dates(_weekday_with_explicit(candidates, text))
    day_values = [c.mention.value for c in candidates if c.mention.precision == "day"]
    event_values = [c.mention.value for c in candidates
                    if c.mention.precision == "day" and c.features["event_sentence"]]
    for c in candidates:
        same = sum(v == c.mention.value for v in day_values) if c.mention.precision == "day" else 0
        c.features["agreeing_mentions"] = math.log1p(max(0, same - 1))
        c.features["agreeing_event_mentions"] = math.log1p(sum(v == c.mention.value for v in event_values))
        if rule_choice is not None and (c.mention.start, c.mention.end) == (rule_choice.start, rule_choice.end):
            c.features["rules_choice"] = 1.0
    event_days = sorted(set(event_values))
    all_days = sorted(set(day_values))
    for c in candidates:
        if c.mention.precision != "day" or c.mention.value is None:
            continue
        group = "weekday" if c.kind.startswith("weekday") else c.kind.split("_")[0]
        c.features[f"{group}&distance={_distance(c.mention, published)}"] = 1.0
        if c.mention.value in event_days:
            rank = event_days.index(c.mention.value)
            c.features["earliest_event_day"] = float(rank == 0)
            c.features["latest_event_day"] = float(rank == len(event_days) - 1 and rank > 0)
        c.features["earliest_day"] = float(c.mention.value == all_days[0])
        if event_days and c.mention.value < event_days[0]:
            c.features["before_every_event_day"] = 1.0
    first_event = next((c for c in candidates if c.mention.precision == "day" and c.features["event_sentence"]), None)
    first_day = next((c for c in candidates if c.mention.precision == "day"), None)
    for c in candidates:
        c.features["first_event_mention"] = float(c is first_event)
        c.features["first_day_mention"] = float(c is first_day)
    clocks = {m.group("ap").lower() for m in _CLOCK.finditer(text)}
    if published is not None:
        has_day = bool(day_values)
        for kind, value in (("fallback_publication", published), ("fallback_day_before", published - timedelta(days=1))):
            mention = DateMention(-1, -1, "", value, "day", True)
            features = {
                f"kind={kind}": 1.0,
                f"{kind}&no_day_mention": float(not has_day),
                f"{kind}&no_event_day_mention": float(not event_values),
                f"{kind}&mentions_agree": math.log1p(sum(v == value for v in day_values)),
                f"{kind}&rules_chose_none": float(rule_choice is None),
                f"{kind}&pm_clock": float("p" in clocks),
                f"{kind}&am_clock": float("a" in clocks),
                f"{kind}&night_word": float(bool(_NIGHT.search(text))),
                f"{kind}&morning_word": float(bool(_MORNING.search(text))),
                f"{kind}&weekend_word": float(bool(_WEEKEND.search(text))),
                f"{kind}&update_in_lead": float(bool(_UPDATE.search(text[:300]))),
                f"{kind}&short_text": float(len(text) < 800),
                f"{kind}&follow_up": float(follow_up),
            }
            candidates.append(DateCandidate(mention, kind, features))
    for c in candidates:
        if rule_value is not None and c.mention.value == rule_value and c.mention.precision == "day":
            c.features["same_day_as_rules"] = 1.0
        if parsed.was_upper:  # wire copy (MUC-4) dates its stories differently from US local news
            c.features[f"upper&kind={c.kind}"] = 1.0
            c.features[f"upper&distance={_distance(c.mention, published)}"] = 1.0
    return candidates


def choose_incident_date(parsed: ParsedDoc, event_weights: dict[int, float], published: date | None,
                         rule_choice: DateMention | None) -> DateMention | None:
    """The main incident's date: the learned model's best candidate, or `rule_choice` (the rules'
    pick, `event_date.choose_main_date`) when no model is shipped or inside `learned.rules_only()`.
    A fallback candidate comes back as a mention with no text (start -1): it gets no evidence."""
    model = learned.model(MODEL_NAME)
    if model is None:
        return rule_choice
    candidates = date_candidates(parsed, event_weights, published, rule_choice)
    if not candidates:
        return rule_choice
    return _best(candidates, [model.score(c.features) for c in candidates]).mention


def _best(candidates: list[DateCandidate], scores: list[float]) -> DateCandidate:
    """The candidate of the most probable date: the model is a softmax over candidates, and
    several mentions ("Saturday", "early Saturday") can name the same day, so their probabilities
    add up; the day's best-scored mention is its evidence."""
    top = max(scores)
    mass: dict[tuple[date | None, str | None], float] = {}
    for c, score in zip(candidates, scores, strict=True):
        key = (c.mention.value, c.mention.precision)
        mass[key] = mass.get(key, 0.0) + math.exp(score - top)
    day = max(mass, key=lambda k: mass[k])
    same_day = [(not c.fallback, score, -n) for n, (c, score) in enumerate(zip(candidates, scores, strict=True))
                if (c.mention.value, c.mention.precision) == day]
    return candidates[-max(same_day)[2]]

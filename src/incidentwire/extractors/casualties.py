"""Killed and wounded counts of one incident, from the sentences that describe it.

Two kinds of evidence: explicit figures ("killing 12", "at least 24 people were wounded",
"the death toll rose to 15") and individual victims ("Antonio Mason, 35, died at the scene",
"a man was shot in the leg"), counted once each. The highest explicit figure wins over the
individual count (a later, higher toll updates an earlier one); "all N militants were shot dead"
takes N from an earlier mention of the same group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span

from incidentwire.extractors.casualty_victims import (
    PEOPLE,
    People,
    Tally,
    add_individuals,
    drop_the_dead,
)
from incidentwire.extractors.lexicon import PERPETRATOR_NOUNS, PERSON_NOUNS
from incidentwire.extractors.numbers import NUMBER, Figure, find_numbers, number_led_matches, parse_number
from incidentwire.extractors.spans import span_text
from incidentwire.models import Article, Count, Evidence

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


_AFTER_NOUN = {"inside", "in", "at", "from", "on", "near", "outside", "aboard", "who", "that", "with"}


def people_noun(noun_words: str) -> bool:
    words = noun_words.lower().split()
    if not words or words in (["of", "them"], ["of", "those"], ["of", "the", "victims"]):
        return True  # "two, including a baby, were ...", "one of them died"
    cut = next((i for i, w in enumerate(words) if w in _AFTER_NOUN), len(words))
    if 0 < cut < len(words):  # "both men inside the car were killed": the head noun comes before
        words = words[:cut]
    last = words[-1]
    return last in PEOPLE or last.rstrip("s") in PEOPLE or last.endswith("year-old") or last.endswith("-olds")


@lru_cache(maxsize=2048)
def pattern_matches(pattern: re.Pattern[str], text: str) -> tuple[re.Match[str], ...]:
    """Every match of one of the KILLED/WOUNDED patterns in a sentence's text, found once: the rules
    read the incident's sentences and the learned choice reads them again with the article's others."""
    return tuple(_anchored(pattern, text, m) for m in number_led_matches(pattern, text))


# A figure's words that say another clause began before the next number ("three dead and seven others
# injured"), that join groups ("two men and a woman"), or that take a part of a group ("one of six").
_HARM_WORD = re.compile(r"\b(?:dead|died|killed|slain|murdered|wounded|injured|hurt|shot|hospitali[sz]ed|"
                        r"critical|serious|stable)\b", re.I)
_JOINED = re.compile(r"(?:\band|&|,|\bplus)\s*$", re.I)
_PART_OF = re.compile(r"\bof(?:\s+(?:the|those|these|them))?\s*$", re.I)
_FINITE_BE = re.compile(r"\s*(?:were|was|have|had|has|are|is|being|got)\b", re.I)
_RELATIVE = re.compile(r"\b(?:who|that|which)\b", re.I)


def _inner_number(m: re.Match[str]) -> tuple[int, str] | None:
    """Where the first number inside a match's noun words starts, and the words before it."""
    noun = m.groupdict().get("noun")
    if not noun:
        return None
    inner = find_numbers(noun)
    if not inner:
        return None
    start = m.start("noun") + inner[0][0]
    return start, m.string[m.end("num"):start]


def _anchored(pattern: re.Pattern[str], text: str, m: re.Match[str]) -> re.Match[str]:
    """The match whose number the verb is about. A pattern's lazy noun words can run over a second
    number, and then the first one is often not the verb's: "A total of three people were killed"
    (1 + 3 was read), "13 were injured and one killed", "2016 A child was shot", "one of six people who
    were wounded". Joined groups stay ("two men and a woman were shot": `joined_figures` sums them),
    as does a part of a group with its own verb ("two of the five victims were killed": two)."""
    found = _inner_number(m)
    if found is None:
        return m
    start, between = found
    if _JOINED.search(between) and not _HARM_WORD.search(between):
        return m
    # "five of six family members killed" is five; "one of the four people killed" four, "a total of three" three
    part = _PART_OF.search(between)
    own_verb = part is not None and (_FINITE_BE.match(text, m.end("noun")) or part.group().split()[-1].lower() == "of")
    if own_verb and m.group("num").lower() not in ("a", "an") and not _RELATIVE.search(m.group("noun")):
        return m
    inner = pattern.match(text, start)
    return _anchored(pattern, text, inner) if inner else m


# One person named before a figure and joined to its group: "Mother, 2 children found dead", "a man and
# his two kids were found dead", "the gunman and three others were killed".
_PERSON_BEFORE = re.compile(r"(?:\b(?:a|an|the|his|her|their|one)\s+)?(?:[\w\-]+\s+)?(?P<noun>[a-z]+)\s*(?:,|\band|&)\s*"
                            r"(?:(?:his|her|their)\s+)?$", re.I)


_ONE_PERSON = {w for w in PERSON_NOUNS | PERPETRATOR_NOUNS if not w.endswith("s")} - {
    "men", "women", "people", "children", "crew", "security", "family"}


def joined_figures(m: re.Match[str]) -> list[int]:
    """The other groups' figures a match joins to its own ("three soldiers and 2 civilians were
    killed": [2]; "Mother, 2 children found dead": [1]); none for a part of a group ("two of the
    five victims")."""
    found = _inner_number(m)
    out = []
    if found is not None and _JOINED.search(found[1]) and not _HARM_WORD.search(found[1]):
        out = [f.best for _, _, f in find_numbers(m.group("noun")) if f.best]
    at_word = m.string[max(0, m.start() - 1):m.start()] in (" ", "")
    if at_word and m.group("num").lower() not in ("a", "an", "one"):
        before = _PERSON_BEFORE.search(m.string, max(0, m.start() - 40), m.start())
        noun = before.group("noun").lower() if before else ""
        if noun in _ONE_PERSON:
            out.append(1)
    return out


def _figures(patterns: list[re.Pattern[str]], sentence: Span, tally: Tally) -> None:
    text, base = span_text(sentence), sentence.start_char
    if AGGREGATE.search(text):
        return
    for pattern in patterns:
        for m in pattern_matches(pattern, text):
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


# Sentences that sum up many incidents ("22 wounded in weekend shootings across the city"):
# their figures are not this incident's.
AGGREGATE = re.compile(r"\b(?:across the city|citywide|city-wide|this weekend|over the weekend|weekend (?:violence|shootings)|"
                       r"so far this year|this year|since (?:friday|saturday|sunday|monday|january|the start)|throughout the day|"
                       r"in shootings across|across (?:chicago|the state|the country))\b", re.I)


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
        add_individuals(sentence, killed, wounded, people)
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
    drop_the_dead(sentences, killed, wounded)
    w = wounded.count(article)
    for sentence in sentences:  # "a triple shooting": killed + wounded = 3
        m = MULTI_SHOOTING.search(sentence.text)
        if m and not wounded.figures and k.best is not None and (w.best or 0) + k.best < _MULTI[m.group("n").lower()]:
            total = _MULTI[m.group("n").lower()]
            ev = article.evidence(sentence.start_char + m.start(), sentence.start_char + m.end())
            w = Count(min=total - k.best, max=total - k.best, best=total - k.best, evidence=[ev, *w.evidence])
            break
    return RuleCounts(k, w, killed, wounded)


def evidence_of(counts: tuple[Count, Count]) -> list[Evidence]:
    return [e for c in counts for e in c.evidence]

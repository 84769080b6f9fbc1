"""The evidence the learned casualty choice weighs: every figure the rules' patterns and the extra
phrasings find in any sentence of the article, and what the parse counted (individuals, "no one
was hurt"), each a `Mention` tagged with where it stands. Split from `casualty_choice`, which turns
them into candidate values with features and picks one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span

from incidentwire.extractors.casualties import (
    AGGREGATE,
    KILLED,
    KILLED_NEEDS,
    WOUNDED,
    WOUNDED_NEEDS,
    joined_figures,
    pattern_matches,
    people_noun,
)
from incidentwire.extractors.casualty_cues import HIT, HIT_NEEDS, INCLUDING_PERP, LATER_CUE, SHOT_DEAD
from incidentwire.extractors.casualty_phrases import find_phrases
from incidentwire.extractors.casualty_victims import Tally, article_individuals, individual_count
from incidentwire.extractors.lexicon import PERPETRATOR_NOUNS, STATE_FORCE_NOUNS
from incidentwire.extractors.numbers import Figure, number_led_matches, parse_number
from incidentwire.extractors.spans import span_text
from incidentwire.models import Article
from incidentwire.nlp import headline_end

KINDS = ("killed", "wounded")


@dataclass
class Mention:
    """One piece of evidence for a value of one kind."""

    value: int
    tag: str
    span: tuple[int, int]
    figure: Figure | None = None
    flags: tuple[str, ...] = ()
    sentence: int = -1  # index among the article's sentences; -1 = none in particular
    at: int = -1  # where the number itself starts (two patterns may match one number)


@dataclass
class Context:
    """What the candidates of one incident share: the article's sentences and where they are."""

    article: Article
    sentences: list[Span]
    context: list[Span]
    incident: set[int]  # indexes (in `context`) of the incident's sentences
    headline_end: int

    _whole: tuple[Tally, Tally] | None = None
    _found: dict[str, bool] = field(default_factory=dict)

    def says(self, name: str, cue: re.Pattern[str], text: str | None = None) -> bool:
        """Whether `cue` is in the article (or `text`), searched once per incident for both kinds."""
        if name not in self._found:
            self._found[name] = bool(cue.search(self.article.text if text is None else text))
        return self._found[name]

    def whole_article(self) -> tuple[Tally, Tally]:
        """Individual victims (killed, wounded) over every sentence of the article, once."""
        if self._whole is None:
            self._whole = article_individuals(self.context, self.context)
        return self._whole

    @classmethod
    def of(cls, article: Article, sentences: list[Span], context: list[Span]) -> Context:
        starts = {s.start_char for s in sentences}
        return cls(article, sentences, context, {i for i, s in enumerate(context) if s.start_char in starts},
                   headline_end(article))


def _noun_class(noun: str) -> str:
    words = noun.lower().split()
    if not words:
        return "none"
    last = words[-1].rstrip("s")
    if last in PERPETRATOR_NOUNS or words[-1] in PERPETRATOR_NOUNS:
        return "perp"
    if last in STATE_FORCE_NOUNS or words[-1] in ("police", "policemen"):
        return "police"
    return "people"


def _qualifier(num_text: str) -> str:
    low = num_text.lower()
    if re.match(r"(?:at least|more than|over|upwards of|no fewer than)\b", low):
        return "lower"
    if re.match(r"(?:up to|as many as|at most|nearly|almost|fewer than|less than)\b", low):
        return "upper"
    if re.search(r"dozens|scores|hundreds|several|few|some|many|numerous|thousands", low):
        return "vague"
    return "exact"


# Every pattern below (HIT, the rules' KILLED and WOUNDED, casualty_phrases.PHRASES) needs one of
# these words; a sentence without any is skipped before the dozen regex scans (they were a sixth of
# extraction time).
_ANY_CASUALTY_WORD = re.compile(
    r"kill|slain|slay|slew|murder|dead|death|die[ds]|shot|shoot|gunned|execut|massacr|perish|lost their lives|"
    r"fatal|mortal|pronounced|bod(?:y|ies)|corpse|toll|wound|injur|hurt|hospital|treated|condition|hit|struck|"
    r"striking|graz|blast|victim|left|leaving|claimed the lives", re.I)


def pattern_mentions(ctx: Context) -> dict[str, list[Mention]]:
    """Every figure the rules' patterns find in any sentence of the article, tagged with where."""
    out: dict[str, list[Mention]] = {"killed": [], "wounded": []}
    for index, sentence in enumerate(ctx.context):
        text, base = span_text(sentence), sentence.start_char
        if not _ANY_CASUALTY_WORD.search(text):
            continue
        where = ("in" if index in ctx.incident else "out",)
        where += ("head",) if base < ctx.headline_end else ()
        where += ("agg",) if AGGREGATE.search(text) else ()
        lowered = text.lower()
        hits = (m for hit, needs in zip(HIT, HIT_NEEDS, strict=True) if any(w in lowered for w in needs)
                for m in number_led_matches(hit, text))
        for m in hits:
            fig = parse_number(m.group("num"))
            if fig is not None and fig.best and fig.best <= 1000:
                hit = Mention(fig.best, "hit", (base + m.start(), base + m.end()), fig, where, index)
                out["wounded"].append(hit)
                out["killed"].append(hit)
        for phrase in find_phrases(text):
            fig = Figure(phrase.value, phrase.value, phrase.value)
            out[phrase.kind].append(Mention(phrase.value, phrase.tag, (base + phrase.start, base + phrase.end), fig,
                                            where, index, base + phrase.at))
        for kind, patterns, needs in (("killed", KILLED, KILLED_NEEDS), ("wounded", WOUNDED, WOUNDED_NEEDS)):
            for number, (pattern, need) in enumerate(zip(patterns, needs, strict=True)):
                if not need.search(text):
                    continue
                for m in pattern_matches(pattern, text):
                    noun = m.groupdict().get("noun") or ""
                    if not people_noun(noun):
                        continue
                    fig = parse_number(m.group("num"))
                    if fig is None or fig.best is None or fig.best > 1000:
                        continue
                    if m.group("num").lower() in ("a", "an") and not noun.strip():
                        continue
                    if kind == "wounded" and re.search(r"\b(?:fatally|mortally)\b", m.group(), re.I):
                        continue
                    shot = kind == "wounded" and re.search(r"\bshot\s*$", m.group(), re.I) is not None
                    if shot and SHOT_DEAD.match(text, m.end()):
                        continue  # "a man was shot and killed": a death, counted among the killed
                    window = text[max(0, m.start() - 40):m.start()]
                    flags = (*where, f"noun:{_noun_class(noun)}", f"q:{_qualifier(m.group('num'))}",
                             *(("later",) if LATER_CUE.search(window + m.group()) else ()),
                             *(("incl_perp",) if INCLUDING_PERP.search(text[m.start():m.end() + 60]) else ()))
                    tag = f"{'shot' if shot else 'pat'}{number}"
                    out[kind].append(Mention(fig.best, tag, (base + m.start(), base + m.end()), fig, flags, index,
                                             base + m.start("num")))
                    others = joined_figures(m)
                    if others:  # "three soldiers and 2 civilians were killed"
                        total = fig.best + sum(others)
                        out[kind].append(Mention(total, "sum", (base + m.start(), base + m.end()),
                                                 Figure(total, total, total), where, index))
    return out


def sentence_of(ctx: Context, start: int) -> int:
    return next((i for i, s in enumerate(ctx.context) if s.start_char <= start < s.end_char), -1)


def tally_mentions(ctx: Context, kind: str, tally: Tally, patterns: list[Mention]) -> list[Mention]:
    """Figures the rules found by the parse ("shot the four men", "all militants were killed") and
    their individual count and explicit "no one was hurt"."""
    seen = {m.span for m in patterns}
    out = []
    for fig, span in tally.figures:
        if span not in seen and fig.best is not None:
            out.append(Mention(fig.best, "parse", span, fig, ("in",), sentence_of(ctx, span[0])))
    individual = individual_count(tally)
    if individual:
        named = sum(1 for k in tally.individuals if k.startswith("name:"))
        for span in sorted(set(tally.individuals.values()))[:3]:
            out.append(Mention(individual, "indiv", span, None, ("in", *(("named",) if named == individual else ())),
                               sentence_of(ctx, span[0])))
    firm = sum(1 for k in tally.individuals if k in tally.firm)
    if firm:  # people said to be wounded, injured or in hospital (alive), not merely "shot"
        span = sorted(tally.individuals[k] for k in tally.individuals if k in tally.firm)[0]
        out.append(Mention(firm, "indiv_firm", span, None, ("in",), sentence_of(ctx, span[0])))
    everyone = len(tally.individuals)
    if everyone > individual:  # "a woman died ... Gino Nicolas was also killed": people across sentences
        span = sorted(set(tally.individuals.values()))[0]
        out.append(Mention(everyone, "indiv_all", span, None, ("in",), sentence_of(ctx, span[0])))
    if tally.zero:
        out.append(Mention(0, "zero", tally.zero, Figure(0, 0, 0), ("in",), sentence_of(ctx, tally.zero[0])))
    whole = ctx.whole_article()[KINDS.index(kind)]
    if whole.individuals:  # the article's individuals: "her stepfather was also shot" further down
        spans = sorted(set(whole.individuals.values()))
        where = ("in",) if individual_count(whole) == individual else ("out",)
        out.append(Mention(individual_count(whole), "indiv_art", spans[0], None, where, sentence_of(ctx, spans[0][0])))
        if len(whole.individuals) > individual_count(whole):
            out.append(Mention(len(whole.individuals), "indiv_art_all", spans[0], None, where,
                               sentence_of(ctx, spans[0][0])))
    return out

"""Killed and wounded as learned choices among the values the rules can justify.

The rules (`casualties`) answer with the highest explicit figure, else the individuals they
count. That fails when the highest figure is somebody else's (a suspect, a weekend tally), when a
figure sits only in the headline or outside the incident's sentences, when "a triple shooting"
or "turned the gun on himself" implies a number nobody wrote, or when the text never states a
figure at all. Here every value some evidence supports becomes a candidate (each figure a pattern
finds anywhere in the article, the individuals counted, "N were shot" minus the killed, sums over
groups, the multi-shooting total, the gunman's own death, the phrases of `casualty_phrases`, 0,
and 1 when the incident has a figure, a person or a word of harm to cite), described by features
(which rules support it, where, with which qualifier and noun, how it compares with the other
figures, which words the article uses), and a linear model (`learned.model("casualties")`, trained by
scripts/train_casualties.py) picks the best-scored candidate per incident. Killed is chosen first;
wounded candidates such as "shot minus killed" use the chosen killed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from spacy.tokens import Span

from incidentwire import learned
from incidentwire.extractors.casualties import (
    AGGREGATE,
    MULTI_SHOOTING,
    RuleCounts,
)
from incidentwire.extractors.casualty_cues import (
    ACCIDENT_CUE,
    ALSO_HIT,
    DEATH_CUE,
    HOMICIDE_MULTI,
    KILLED_CUE_WORDS,
    LATER_DIED,
    MULTIPLE,
    ONE_SHOT,
    PERP_KILLED_CUE,
    SUICIDE_CUE,
    WOUND_CUE,
    WOUNDED_CUE_WORDS,
)
from incidentwire.extractors.casualty_mentions import (  # Context and pattern_mentions: train_casualties reads them here
    Context,
    Mention,
    pattern_mentions,
    sentence_of,
    tally_mentions,
)
from incidentwire.extractors.casualty_victims import Tally
from incidentwire.extractors.numbers import Figure
from incidentwire.extractors.spans import span_text
from incidentwire.models import Article, Count
from incidentwire.nlp.truecase import is_upper_case_text

MODEL = "casualties"



@dataclass
class Candidate:
    value: int
    mentions: list[Mention] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)


def _cues(ctx: Context, kind: str) -> dict[str, float]:
    """Which words the incident, its headline and the article use: an article that says "vigil"
    but no figure still reports a death."""
    cue = DEATH_CUE if kind == "killed" else WOUND_CUE
    head = ctx.article.text[:ctx.headline_end]
    inc = " ".join(t for t in map(span_text, ctx.sentences) if not AGGREGATE.search(t))  # not a many-incident summary's words
    found = {"cue_head": bool(cue.search(head)), "cue_inc": bool(cue.search(inc)),
             "cue_art": bool(cue.search(ctx.article.text)), "suicide": ctx.says("suicide", SUICIDE_CUE),
             "suicide_head": ctx.says("suicide_head", SUICIDE_CUE, head),
             "perp_killed": ctx.says("perp_killed", PERP_KILLED_CUE),
             "accident": ctx.says("accident", ACCIDENT_CUE, head + " " + inc), "multi_inc": len(cue.findall(inc)) >= 3,
             "also_hit": ctx.says("also_hit", ALSO_HIT)}
    words = {"head": set(re.findall(r"[a-z\-]+", head.lower())), "inc": set(re.findall(r"[a-z\-]+", inc.lower()))}
    for word in KILLED_CUE_WORDS if kind == "killed" else WOUNDED_CUE_WORDS:
        for where, seen in words.items():
            found[f"word:{word}@{where}"] = word in seen
    return {k: 1.0 for k, v in found.items() if v}


def _bucket(value: int) -> str:
    return "v0" if value == 0 else "v1" if value == 1 else "v2" if value == 2 else "v3_4" if value <= 4 else \
        "v5_9" if value <= 9 else "v10"


def _support(ctx: Context, kind: str, mentions: list[Mention]) -> tuple[int, int] | None:
    """The first sentence with a cue word of this kind: the evidence of a value no figure states.
    The incident's sentences first, then the article's ("Boy, 6, in critical condition" may be
    only in the headline). A bare "shot" is no such cue: "shot twice into the car" hit nobody
    (as support of 1 anywhere in the article it cost gvdb_dev wounded 0.770 -> 0.748)."""
    cues = (DEATH_CUE,) if kind == "killed" else (WOUND_CUE, ONE_SHOT)
    for s in (*ctx.sentences, *ctx.context):
        if any(cue.search(span_text(s)) for cue in cues):
            return (s.start_char, s.end_char)
    return mentions[0].span if mentions else None


def candidates(ctx: Context, kind: str, patterns: list[Mention], tally: Tally, rule: Count,
               killed: int | None = None) -> list[Candidate]:
    """The candidate values of `kind` with their features; `killed` = the chosen killed (wounded only)."""
    mentions = [*patterns, *tally_mentions(ctx, kind, tally, patterns)]
    incident_figs = [m for m in mentions if m.tag.startswith("pat") and "in" in m.flags and "agg" not in m.flags]
    by_sentence: dict[int, list[Mention]] = {}
    for m in incident_figs:
        by_sentence.setdefault(m.sentence, []).append(m)
    extra: list[Mention] = []
    for index, group in by_sentence.items():  # "3 soldiers and 2 civilians were killed"
        distinct = {m.value: m for m in group if "noun:perp" not in m.flags and "head" not in m.flags}
        if len(distinct) >= 2:
            total = sum(m.value for m in distinct.values())
            extra.append(Mention(total, "sum", group[0].span, Figure(total, total, total), ("in",), index))
    text = " ".join(map(span_text, ctx.sentences))
    if kind == "killed":
        # GVA counts a gunman who kills himself (or whom police kill) among the dead; the individuals
        # counted may include one the police killed already, not one who turned the gun on himself
        suicide, by_police = ctx.says("suicide", SUICIDE_CUE), ctx.says("perp_killed", PERP_KILLED_CUE)
        for m in incident_figs + [m for m in mentions if m.tag.startswith("indiv") and suicide]:
            if (suicide or by_police) and "noun:perp" not in m.flags:  # "one suspect was shot and killed": himself
                extra.append(Mention(m.value + 1, "plus_self", m.span, None, ("in",), m.sentence))
        if suicide or by_police:  # the same from any other figure of the article ("killing three before ...")
            done = {m.value for m in incident_figs} | {m.value for m in mentions if m.tag.startswith("indiv") and suicide}
            for m in mentions:
                if m.value not in done and m.value and "agg" not in m.flags and not m.tag.startswith("zero"):
                    done.add(m.value)
                    extra.append(Mention(m.value + 1, "plus_self2", m.span, None, m.flags[:1] or ("in",), m.sentence))
        for s in ctx.sentences:
            if h := HOMICIDE_MULTI.search(span_text(s)):
                extra.append(Mention(MULTIPLE[h.group("n").lower()], "multi", (s.start_char + h.start(), s.start_char + h.end()),
                                     None, ("in",), sentence_of(ctx, s.start_char)))
    elif killed is not None:
        for m in [m for m in mentions if (m.tag.startswith("shot") or m.tag.endswith("shot") or m.tag == "hit")
                  and "in" in m.flags]:
            extra.append(Mention(max(0, m.value - killed), "shot_minus", m.span, None, m.flags, m.sentence))
        if ctx.says("later_died", LATER_DIED):  # "five were wounded ... two of the wounded later died": 3
            for m in [m for m in mentions if m.tag.startswith("pat") and "in" in m.flags and m.value > killed]:
                extra.append(Mention(m.value - killed, "minus_died", m.span, None, m.flags, m.sentence))
        for s in ctx.sentences:
            if h := MULTI_SHOOTING.search(span_text(s)):
                extra.append(Mention(max(0, MULTIPLE[h.group("n").lower()] - killed), "multi",
                                     (s.start_char + h.start(), s.start_char + h.end()), None, ("in",), -1))
    mentions += extra
    # a value only a many-incident summary states ("22 wounded in weekend shootings") is nobody's count here
    values = {m.value for m in mentions if "agg" not in m.flags} | {0, 1} | ({rule.best} if rule.best is not None else set())
    if 1 not in {m.value for m in mentions} and rule.best != 1 and _support(ctx, kind, []) is None:
        values.discard(1)  # no figure, no person and no word of this kind in the incident: nothing to cite for 1
    cues = _cues(ctx, kind)
    fig_values = sorted({m.value for m in incident_figs})
    supported = sorted({m.value for m in mentions if "agg" not in m.flags}, reverse=True)
    out = []
    n_sent = max(1, len(ctx.context))
    for value in sorted(values):
        support = [m for m in mentions if m.value == value]
        f: dict[str, float] = {_bucket(value): 1.0}  # buckets, not log(value): a large stated toll is no less likely
        size = _bucket(min(value, 2))
        for m in support:
            f[f"src:{m.tag}"] = 1.0
            f[f"src:{m.tag}&{size}"] = 1.0
            f[f"src:{m.tag}:{m.flags[0] if m.flags else 'in'}"] = 1.0
            for flag in m.flags[1:]:
                f[f"flag:{flag}"] = 1.0
            if m.tag.startswith(("pat", "shot")):
                f[f"{m.tag}:{'in' if 'in' in m.flags else 'out'}"] = 1.0
        if support:
            first = min((m.sentence for m in support if m.sentence >= 0), default=n_sent)
            f["first_pos"] = first / n_sent
            f["lead"] = float(first <= 2)
            f["n_mentions"] = math.log1p(len(support))
        else:
            f["unsupported"] = 1.0
            if fig_values:  # no evidence for this value, while the incident's sentences state figures
                f["unsupported&figs"] = 1.0
        if value in supported[:2]:  # the largest or second largest value any evidence supports
            f[f"rank{supported.index(value)}"] = 1.0
        if any(m.tag.startswith("plus_self") for m in support):
            if fig_values and value - 1 == fig_values[-1]:
                f["plus_self&base_max"] = 1.0
            if any("incl_perp" in m.flags for m in mentions if m.value == value - 1):
                f["plus_self&incl_perp"] = 1.0
        if any("in" in m.flags for m in support):
            f["in_incident"] = 1.0
        elif support:
            f["out_only"] = 1.0
        if rule.best == value:
            f["rule"] = 1.0
            f[f"rule&{size}"] = 1.0
        if fig_values:
            f["is_max_fig"] = float(value == fig_values[-1])
            f["is_min_fig"] = float(value == fig_values[0])
            f["above_max_fig"] = float(value > fig_values[-1])
        else:
            f["no_figs"] = 1.0
        if killed is not None:
            f["eq_killed"] = float(value == killed)
            f[f"killed_{_bucket(killed)}"] = 1.0
        for cue in cues:
            f[f"{cue}&{_bucket(min(value, 2))}"] = 1.0
        if not text:
            f["empty"] = 1.0
        out.append(Candidate(value, support, {f"{kind[0]}|{k}": v for k, v in _conjoin(f).items()}))
    return out


_BUCKETS = ("v0", "v1", "v2", "v3_4", "v5_9", "v10")


def _conjoin(f: dict[str, float]) -> dict[str, float]:
    """Pairs of the rules that support a value, each rule with the value's size, and how many
    rules agree: "indiv" and "pat0" together, or "indiv" for a value of 3, weigh differently
    than each alone (cross-validated killed +0.004, wounded +0.005)."""
    sources = sorted(k for k in f if k.startswith("src:") and k.count(":") == 1 and "&" not in k)
    out = dict(f)
    out[f"nsrc{min(len(sources), 4)}"] = 1.0
    for i, a in enumerate(sources):
        for b in sources[i + 1:]:
            out[f"{a}*{b}"] = 1.0
        for bucket in (b for b in _BUCKETS if b in f):
            out[f"{a}*{bucket}"] = 1.0
    return out


def _count(ctx: Context, kind: str, chosen: Candidate, rule: Count) -> Count:
    """The chosen value with its evidence: the rules' own Count when they agree, else the spans
    of the mentions that support the value (the first figure's min/max when one states it)."""
    if rule.best == chosen.value:
        return rule
    ordered = sorted(chosen.mentions, key=lambda m: ("in" not in m.flags, m.figure is None, m.span))
    fig = next((m.figure for m in ordered if m.figure is not None), None)
    spans = list(dict.fromkeys(m.span for m in ordered))[:3]
    if not spans and (cue := _support(ctx, kind, [])) is not None:
        spans = [cue]
    evidence = [ctx.article.evidence(*s) for s in spans]
    if fig is not None:
        return Count(min=fig.min, max=fig.max, best=chosen.value, evidence=evidence)
    if chosen.value == 0:
        return Count(min=0, max=None, best=0, evidence=evidence)
    return Count(min=chosen.value, max=None, best=chosen.value, evidence=evidence)


def best(model: learned.LinearModel, cands: list[Candidate]) -> Candidate:
    return max(cands, key=lambda c: (model.score(c.features), -c.value))


def choose(article: Article, sentences: list[Span], context: list[Span], rules: RuleCounts) -> tuple[Count, Count] | None:
    """(killed, wounded) chosen by the learned model; None when no model applies (rules only)."""
    model = learned.model(MODEL)
    if model is None or not sentences or is_upper_case_text(article.text):
        return None  # the model learned from mixed-case news only: upper-case wires (MUC-4) keep the rules
    ctx = Context.of(article, sentences, context)
    found = pattern_mentions(ctx)
    k = best(model, candidates(ctx, "killed", found["killed"], rules.killed_tally, rules.killed))
    killed = _count(ctx, "killed", k, rules.killed)
    w = best(model, candidates(ctx, "wounded", found["wounded"], rules.wounded_tally, rules.wounded, k.value))
    return killed, _count(ctx, "wounded", w, rules.wounded)

"""Casualty phrasings the rules' patterns miss, as extra candidate values for `casualty_choice`.

Found by error analysis on gva_dev (counts whose right value was no candidate at all):
two groups in one clause ("two teenage girls and two men were shot"), a number whose noun is
followed by a parenthesis ("Seven people, including the shooter, were killed"), "four shot, two
fatally", "the deaths of six people", "two of the wounded later died", "injuries to five other
people", two people named by their nouns and no number ("Father, daughter found dead", "the
shooting deaths of a woman and her daughter") and verbs of being hit that the rules do not read
as wounding ("were struck", "were grazed", "were blasted").
They only add candidates (the learned choice weighs them by tag); the rules' own answer, used
when no model is shipped, is unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from incidentwire.extractors.casualties import _BE, _KILLED_VERB, _WOUNDED_VERB, KILLED_WORDS, people_noun
from incidentwire.extractors.casualty_cues import ONE_PERSON
from incidentwire.extractors.numbers import NUMBER, number_led_matches, parse_number

_NOUN = r"(?:[\w'\-]+\s+){0,3}?"
_SECOND = NUMBER.replace("?P<num>", "?P<num2>")
_HIT_VERB = r"(?:struck|hit|grazed|blasted|shot)"


def _group_sum(verb: str) -> re.Pattern[str]:
    """'two teenage girls and two men were shot': both groups, summed."""
    return re.compile(rf"{NUMBER}\s+(?P<noun>{_NOUN}[\w'\-]+),?\s+and\s+{_SECOND}\s+(?P<noun2>{_NOUN}[\w'\-]+)\s+"
                      rf"{_BE}{verb}\b", re.I)


def _one_and_others(verb: str) -> re.Pattern[str]:
    """'a 3-month-old baby and four other people were shot': the one plus the others."""
    return re.compile(rf"\b(?:a|an|one)\s+(?P<noun>{_NOUN}[\w'\-]+),?\s+and\s+{NUMBER}\s+other\s+(?P<noun2>[\w'\-]+)\s+"
                      rf"{_BE}{verb}\b", re.I)


# "a woman and her 4-year-old daughter", "Father, daughter": one person and another, no number written
_ONE = rf"(?:(?:a|an|his|her|their|the)\s+)?(?:(?!and\b|or\b)[\w'.\-]+\s+){{0,3}}?{ONE_PERSON}"
_PAIR = rf"(?<!,\s)(?<!,)\b{_ONE},?\s+(?:and\s+)?{_ONE}"
_DEATHS_OF = r"deaths|killings|murders|slayings|fatal shootings"

_WOUND_VERB = r"(?:wounded|injured|hurt|hospitali[sz]ed|(?:taken|transported|rushed) to [^.,;]{0,40}?hospitals?)"

#: (kind, tag, pattern); tag "...shot" = everyone hit, the dead included
PHRASES: list[tuple[str, str, re.Pattern[str]]] = [
    ("killed", "sum2", _group_sum(_KILLED_VERB)),
    ("wounded", "sum2", _group_sum(_WOUND_VERB)),
    ("killed", "one_and_others", _one_and_others(_KILLED_VERB)),
    ("wounded", "one_and_others", _one_and_others(_WOUND_VERB)),
    ("wounded", "one_and_othersshot", _one_and_others(_HIT_VERB)),
    ("wounded", "sum2shot", _group_sum(_HIT_VERB)),
    ("killed", "paren", re.compile(rf"{NUMBER}\s+(?P<noun>{_NOUN}[\w'\-]+),[^,.;]{{1,80}},\s*{_BE}{_KILLED_VERB}\b", re.I)),
    ("wounded", "paren", re.compile(rf"{NUMBER}\s+(?P<noun>{_NOUN}[\w'\-]+),[^,.;]{{1,80}},\s*{_BE}{_WOUNDED_VERB}\b",
                                    re.I)),
    ("killed", "fatally", re.compile(rf",\s+{NUMBER}\s+(?:of them\s+)?(?:fatally|mortally)\b", re.I)),
    ("killed", "death_of", re.compile(rf"\b(?:deaths?|killings?|murders?|slayings?)\s+of\s+{NUMBER}\s+(?P<noun>{_NOUN}[\w'\-]+)",
                                      re.I)),
    ("killed", "of_wounded", re.compile(rf"{NUMBER}\s+of\s+(?:the|those)\s+(?:wounded|injured|victims|people shot)\s+"
                                        rf"{_BE}(?:later\s+|since\s+|subsequently\s+)?{_KILLED_VERB}\b", re.I)),
    ("wounded", "injuries_to", re.compile(rf"\binjur(?:ies|ing)\s+(?:to\s+)?{NUMBER}\s+(?P<noun>{_NOUN}[\w'\-]+)", re.I)),
    # "three men ... received life-threatening injuries", "three others with gunshot wounds"
    ("wounded", "suffered", re.compile(rf"{NUMBER}\s+(?P<noun>{_NOUN}[\w'\-]+)\s+(?:(?:between|ranging|aged|ages)\b[^,.;]{{0,40}}?\s+)?"
                                       r"(?:have |had |also |each )?(?:received|sustained|suffered)\s+(?:[\w\-]+\s+){0,3}?"
                                       r"(?:injuries|wounds)\b", re.I)),
    ("wounded", "with_wounds", re.compile(rf"{NUMBER}\s+(?P<noun>(?:[\w'\-]+\s+){{0,2}}?[\w'\-]+)\s+with\s+(?:[\w\-]+\s+){{0,3}}?"
                                          r"(?:injuries|wounds)\b", re.I)),
    # "gunfire struck Milner and three others": everyone hit, the one named plus the others
    ("wounded", "and_othersshot", re.compile(rf"\b(?:struck|hit|shot|wounded|injured|wounding|injuring|striking)\s+"
                                             rf"(?-i:[A-Z][a-z]+)(?:\s+(?-i:[A-Z][a-z]+))?,?\s+and\s+{NUMBER}\s+"
                                             r"(?P<noun>others|other people|other men|other women|more)\b", re.I)),
    # "Three people were killed and another critically injured", "killing two and wounding another"
    ("wounded", "another", re.compile(r"\b(?:and|,)\s+(?P<num>another|one other)\b(?:\s+(?P<noun>person|man|woman|boy|girl|"
                                      r"teen|teenager|victim|officer|child))?(?:\s+(?:was|were|is))?(?:\s+(?:also|critically|"
                                      r"seriously|severely|badly|slightly))*\s+(?:injured|wounded|hurt|hospitali[sz]ed)\b|"
                                      r"\b(?:wounding|injuring|wounded|injured|hurting)\s+(?P<num2>another|one other)\b"
                                      r"(?:\s+(?P<noun2>person|man|woman|boy|girl|teen|teenager|victim|officer|child))?",
                                      re.I)),
    # "Father, daughter found dead", "the shooting deaths of a woman and her daughter": two, unnumbered
    ("killed", "pair", re.compile(rf"{_PAIR}\s+{_BE}{_KILLED_VERB}\b", re.I)),
    ("killed", "pair_of", re.compile(rf"\b(?:{_DEATHS_OF})\s+of\s+{_PAIR}\b"
                                     r"(?!,|\s+and\b)", re.I)),
    ("wounded", "struckshot", re.compile(rf"{NUMBER}\s+(?P<noun>{_NOUN}[\w'\-]+)\s+{_BE}(?:struck|grazed|blasted|hit)\b"
                                         r"(?!\s+(?:and killed|by a car|by a vehicle))", re.I)),
]


@dataclass(frozen=True)
class Phrase:
    kind: str
    tag: str
    value: int
    start: int  # of the whole phrase, relative to the text given
    end: int
    at: int  # where the (first) number starts


# A word each pattern cannot match without, by tag: a cheap test that spares the long scans (the
# patterns with a NUMBER and lazy noun groups were a noticeable share of extraction time).
_NEEDS = {tag: re.compile(words, re.I) for tag, words in {
    "sum2": rf"{KILLED_WORDS}|wound|injur|hurt|hospital", "sum2shot": r"struck|hit|graz|blast|shot",
    "paren": rf"{KILLED_WORDS}|wound|injur|hurt|hospital|shot|taken to|treated|condition",
    "fatally": r"fatally|mortally", "death_of": r"death|killing|murder|slaying", "of_wounded": r"wounded|injured|victims|shot",
    "injuries_to": r"injur", "struckshot": r"struck|graz|blast|hit", "suffered": r"injuries|wounds",
    "with_wounds": r"injuries|wounds", "pair": KILLED_WORDS, "pair_of": _DEATHS_OF,
    "another": r"another|one other", "one_and_others": r" other ", "one_and_othersshot": r" other ", "and_othersshot": r"others|other people|other men|other women|more"}.items()}


def find_phrases(text: str) -> list[Phrase]:
    """Every extra casualty phrase in one sentence's `text`."""
    out = []
    present: dict[str, bool] = {}  # each needed word is looked for once, not once per pattern
    for kind, tag, pattern in PHRASES:
        if tag not in present:
            present[tag] = _NEEDS[tag].search(text) is not None
        if not present[tag]:
            continue
        for m in number_led_matches(pattern, text):
            groups = m.groupdict()
            if any(groups.get(n) is not None and not people_noun(groups[n]) for n in ("noun", "noun2")):
                continue
            if tag == "another":  # one more person, a word no number parser reads
                out.append(Phrase(kind, tag, 1, m.start(), m.end(), m.start("num" if groups["num"] else "num2")))
                continue
            if tag.startswith("pair"):
                out.append(Phrase(kind, tag, 2, m.start(), m.end(), m.start()))
                continue
            numbers = [parse_number(groups[n]) for n in ("num", "num2") if groups.get(n)]
            if any(f is None or f.best is None or f.best > 1000 for f in numbers):
                continue
            if groups["num"].lower() in ("a", "an") and not groups.get("num2"):
                continue
            plus_one = tag in ("and_othersshot", "one_and_others", "one_and_othersshot")  # the one named besides the others
            value = sum(f.best for f in numbers if f is not None and f.best is not None) + plus_one
            out.append(Phrase(kind, tag, value, m.start(), m.end(), m.start("num")))
    return out

"""Number phrases as casualty figures: "at least 24" -> (24, None, 24), "dozens" -> (24, None, 24).

Hand-written: the phrases are short and closed-class; no library maps "a family of five" or
"more than a dozen" to a low/best/high triple.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

UNITS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "both": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "dozen": 12,
    "a dozen": 12, "couple": 2, "a couple": 2, "a couple of": 2, "pair": 2, "a pair of": 2,
}
VAGUE = {  # (min, best): a vague quantity still has a floor
    "dozens": (24, 24), "dozens of": (24, 24), "scores": (40, 40), "scores of": (40, 40),
    "hundreds": (200, 200), "hundreds of": (200, 200), "several": (3, 3), "a few": (2, 3),
    "few": (2, 3), "some": (2, 3), "many": (5, 5), "numerous": (5, 5), "thousands": (2000, 2000),
    "thousands of": (2000, 2000),
}
LOWER = ("at least", "more than", "over", "upwards of", "no fewer than", "at minimum")
UPPER = ("up to", "as many as", "at most", "no more than", "nearly", "almost", "fewer than", "less than")
APPROX = ("about", "around", "approximately", "some", "roughly", "an estimated", "estimated")

_WORDS = sorted(set(UNITS) | set(VAGUE), key=len, reverse=True)
_NUMBER_WORD = "|".join(re.escape(w) for w in _WORDS)
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](?:one|two|three|four|five|six|seven|eight|nine)"
_QUALIFIER = "|".join(re.escape(q) for q in sorted(LOWER + UPPER + APPROX, key=len, reverse=True))

# A day of the month is no count: "ON 9 MARCH ... MURDERED THREE PEASANTS", "on March 9 gunmen killed".
_MONTH = (r"(?:january|february|march|april|june|july|august|september|october|november|december|"  # not "may": "three may"
          r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|may(?=,?\s+\d))\.?")
# (a look-behind must have one width: one for the three-letter endings, one for the four-letter ones)
_NOT_A_DAY_AFTER = (r"(?<!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\s)"
                    r"(?<!(?:uary|arch|pril|june|july|gust|mber|ober|sept|ept\.|jan\.|feb\.|mar\.|apr\.|aug\.|sep\.|oct\.|nov\.|dec\.)\s)")

#: a number phrase, usable inside larger patterns (named group `num`)
NUMBER = (
    rf"\b{_NOT_A_DAY_AFTER}(?P<num>(?:(?:{_QUALIFIER})\s+)?"
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_TENS}|{_NUMBER_WORD}))(?![\w-])(?!\s+{_MONTH}(?![a-z]))"
)
_NUMBER_RE = re.compile(NUMBER, re.IGNORECASE)

# The first word of every phrase NUMBER matches (qualifiers included): a match starts at such a
# word or at a digit, nowhere else.
_FIRST_WORDS = frozenset(phrase.split()[0] for phrase in (*_WORDS, *LOWER, *UPPER, *APPROX, "twenty", "thirty", "forty",
                                                           "fifty", "sixty", "seventy", "eighty", "ninety"))
_WORD_RUN = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def number_starts(text: str) -> tuple[int, ...]:
    """Every position in `text` where a NUMBER match may start (a superset of the real starts)."""
    return tuple(m.start() for m in _WORD_RUN.finditer(text)
                 if m.group()[0].isdecimal() or m.group().lower() in _FIRST_WORDS)


def number_led_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of `pattern.finditer(text)` for a pattern that begins with NUMBER, found by trying
    the pattern only where a number may start.

    Hand-written because Python's re has no such prefilter: it tries NUMBER's long alternation (and
    its look-behinds) at every word boundary, which cost about 1 s per 500 news articles, a sixth of
    the learned choices' time. A pattern that does not begin with NUMBER is scanned as usual.
    """
    if not pattern.pattern.startswith(NUMBER):
        yield from pattern.finditer(text)
        return
    end = 0
    for start in number_starts(text):
        if start < end:
            continue  # finditer's matches do not overlap
        match = pattern.match(text, start)  # look-behinds and \b still see the text before `start`
        if match:
            yield match
            end = match.end()


@dataclass(frozen=True)
class Figure:
    min: int | None
    max: int | None
    best: int | None


def parse_number(phrase: str) -> Figure | None:
    """A number phrase -> Figure; None when it is not a number."""
    text = " ".join(phrase.lower().replace("-", " ").split())
    qualifier = next((q for q in sorted(LOWER + UPPER + APPROX, key=len, reverse=True)
                      if text.startswith(q + " ")), None)
    core = text[len(qualifier) + 1:] if qualifier else text
    value: int | None
    if core in VAGUE:
        low, best = VAGUE[core]
        return Figure(low, None, best)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", core):
        value = int(core.replace(",", ""))
    elif core in UNITS:
        value = UNITS[core]
    elif " " in core and all(part in UNITS for part in core.split()):
        value = sum(UNITS[part] for part in core.split())  # "twenty four"
    else:
        return None
    if value > 100_000:
        return None  # a year, a street number or a sum of money, not a casualty figure
    if qualifier in LOWER:
        return Figure(value + (1 if qualifier in ("more than", "over", "upwards of") else 0), None, value)
    if qualifier in UPPER:
        return Figure(None, value, value)
    return Figure(value, value, value)


def find_numbers(text: str) -> list[tuple[int, int, Figure]]:
    """Every number phrase in `text` as (start, end, Figure)."""
    out = []
    for match in _NUMBER_RE.finditer(text):
        figure = parse_number(match.group("num"))
        if figure is not None:
            out.append((match.start("num"), match.end("num"), figure))
    return out

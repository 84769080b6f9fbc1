"""Which US states the article's words name, wherever they stand: "Tennessee Bureau of
Investigation", "a Tennessee highway", "Manchester, IL", "Hattiesburg, MS" in a station's name.
Place mentions only count the states the model tagged as places; local news names its state in
organisation names and bylines far more often, and that is what tells Bristol, Tenn. from Bristol,
England and Kansas City, Kan. from Kansas City, Mo. A regular expression over the state names
(pycountry) and the AP/postal abbreviations (names.py) is all it takes, linear in the text."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import pycountry

from incidentwire.geocode.gazetteer import CITY, Candidate
from incidentwire.geocode.names import EXTRA_COUNTRY_NAMES, us_state_code
from incidentwire.geocode.recognize import Mention

# "Kansas City", "Washington County", "Virginia Beach", "Indiana Avenue": a place named after
# the state, not the state.
_NOT_THE_STATE = (r"(?![\s-]+(?:City|County|Counties|Beach|Avenue|Ave|Street|St|Road|Rd|Boulevard|Blvd|"
                  r"Heights|Springs|Township|Twp|Park|Hills|Lake|River|Falls)\b)")
_ABBREVIATION = re.compile(r"(?<=,)\s*([A-Z][a-z]{1,4}\.|[A-Z]\.\s?[A-Z]\.|[A-Z]{2}\b)")
MAX_CHARS = 200_000  # a longer text is only read this far (the state context is in its first pages)


@lru_cache(maxsize=1)
def _state_names() -> tuple[re.Pattern[str], dict[str, str]]:
    codes = {s.name: s.code.split("-")[1] for s in pycountry.subdivisions.get(country_code="US")
             if s.type in ("State", "District")}
    # Bare "Washington" is mostly the capital (or the government) in US news: only "Washington
    # state" and the abbreviations count for the state.
    del codes["Washington"]
    codes["Washington state"] = codes["Washington State"] = "WA"
    codes["Washington, D.C."] = "DC"
    names = "|".join(re.escape(n) for n in sorted(codes, key=len, reverse=True))
    return re.compile(rf"\b({names})(?!\w){_NOT_THE_STATE}"), codes


def state_mentions(text: str) -> list[tuple[int, int, str]]:
    """[(start, end, "US.XX")] for every state the text names by name ("Georgia", not "Georgia
    Avenue") or by abbreviation after a comma ("Athens, Ga.", "Manchester, IL")."""
    text = text[:MAX_CHARS]
    pattern, codes = _state_names()
    out = [(m.start(1), m.end(1), "US." + codes[m.group(1)]) for m in pattern.finditer(text)]
    for m in _ABBREVIATION.finditer(text):
        code = us_state_code(m.group(1))
        if code and not any(s < m.end(1) and m.start(1) < e for s, e, _ in out):
            out.append((m.start(1), m.end(1), "US." + code))
    return out


def state_shares(states: list[tuple[int, int, str]], start: int, end: int) -> dict[str, float]:
    """Share of each state among the article's state mentions, leaving out those inside
    [start, end): "Georgia" must not vouch for its own reading as the state."""
    counts = Counter(code for s, e, code in states if e <= start or s >= end)
    total = sum(counts.values())
    return {code: n / total for code, n in counts.items()} if total else {}


def state_name_shares(text: str) -> dict[str, float]:
    """Share of the text's state mentions by state name as GeoNames writes admin1 ("Missouri")."""
    _, codes = _state_names()
    names = {f"US.{code}": name for name, code in codes.items() if "," not in name and "state" not in name}
    names["US.WA"], names["US.DC"] = "Washington", "District of Columbia"
    return {names[code]: share for code, share in state_shares(state_mentions(text), 0, 0).items()}


# Words of American local news that name no place: "sheriff's deputies", "Cook County" (Irish
# news writes "County Cork" and "Cork County Council"), "3:15 p.m.", "Interstate 95", "911", "the
# district attorney" (not dollars: Canadian news writes them too).
# A lone "Syracuse", "Rome" or "Beebe" in such a story is the American town. Each family counts
# once; the share of US_WORD_FAMILIES found is a resolver feature (learned weight, resolve.py).
_US_WORDS = tuple(re.compile(p) for p in (
    r"\b[Ss]heriff(?:['’]s|s)?\b|\b[Dd]eputies\b",
    r"\b[A-Z][a-z]+ County\b(?! Council| Board)",
    r"\b\d{1,2}(?::\d\d)? ?[ap]\.m\.",
    r"\bInterstate \d|\bI-\d{1,3}\b|\bU\.S\. (?:Highway|Route) \d",
    r"\b911\b",
    r"\b(?:[Dd]istrict|[Ss]tate|[Cc]ounty) [Aa]ttorney\b|\b[Hh]ighway [Pp]atrol\b|\b[Ss]tate [Pp]olice\b",
    r"\b[Pp]olice [Dd]epartment\b",
))
US_WORD_FAMILIES = 3  # this many families make the share 1


def us_word_share(text: str) -> float:
    """How American the article's vocabulary is, 0..1 (see _US_WORDS)."""
    text = text[:MAX_CHARS]
    found = sum(1 for pattern in _US_WORDS if pattern.search(text))
    return min(1.0, found / US_WORD_FAMILIES)


FALLBACK_MIN_SHARE = 0.6  # the article's words name this state at least this much of the time ...
FALLBACK_MIN_MENTIONS = 2  # ... at least this often ...
FALLBACK_MAX_POPULATION = 20_000  # ... and the namesake picked elsewhere is a town this small


def fallback_state(m: Mention, chosen: Candidate, states: list[tuple[int, int, str]]) -> str | None:
    """The US state ("US.IL") to report instead of `chosen` when the article places the town in
    a state where the gazetteer knows no town of that name: "MANCHESTER, IL" with only Manchester,
    Iowa in the gazetteer, or a village of a Tennessee story that only has namesakes in Ohio. The
    issue's honest fallback: the state at admin1 precision, never a made-up (or namesake) town.
    A state written after the name also overrules a namesake abroad ("PINETOWN, N.C." is not
    Pinetown, South Africa)."""
    if chosen.level != CITY or (chosen.country_code != "US" and not m.state_code):
        return None
    if m.state_code:
        wanted = m.state_code
    else:
        counts = Counter(code for s, e, code in states if e <= m.start or s >= m.end)
        if not counts or chosen.population >= FALLBACK_MAX_POPULATION:
            return None
        wanted, n = counts.most_common(1)[0]
        if n < FALLBACK_MIN_MENTIONS or n / sum(counts.values()) < FALLBACK_MIN_SHARE:
            return None
        if counts[chosen.admin1_code or ""] or sum(c.level == CITY for c in m.candidates) < 2:
            return None  # its own state is named too, or the only town of that name: a real mention
    if any(c.admin1_code == wanted for c in m.candidates):
        return None
    return wanted


@lru_cache(maxsize=256)
def _country_pattern(code: str) -> re.Pattern[str] | None:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    names = {country.name, *(getattr(country, a) for a in ("common_name", "official_name") if hasattr(country, a)),
             *EXTRA_COUNTRY_NAMES.get(code, ())}
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?!\w)")


def country_named(text: str, code: str) -> bool:
    """Does the text name the country by a name news uses ("Italy", "United Kingdom", "Britain")?"""
    pattern = _country_pattern(code)
    return pattern is not None and pattern.search(text) is not None

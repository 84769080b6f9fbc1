"""Streets, roads and highways named in the text ("Shamrock Street", "North Cooper Street",
"40th Avenue South", "Interstate 395", "County Road 43", "U.S. Highway 12").

They are place mentions a reader sees (local news names the street of nearly every crash,
fire and arrest), but no bundled gazetteer has streets: they are reported as places without
coordinates, feature `STREET_FEATURE`, and never become an incident's location. spaCy tags them
as FAC, ORG, PERSON ("Jay Lane") or nothing, so they are found by their shape: a run of
capitalised words ending in a street word, or a road type and a number. A regular expression
is all it takes (linear in the text); a name followed by another capitalised word ("Wall Street
Journal", "Highway Patrol") is an organisation, not the street.
"""

from __future__ import annotations

import re

from incidentwire.geocode.recognize import Mention

STREET_FEATURE = "R.ST"  # GeoNames class R (roads), code ST (street)

_SUFFIX = (r"Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Boulevard|Blvd\.?|Drive|Dr\.(?=\s*[,;)]|\s+[a-z])|Lane|Ln\.?|"
           r"Parkway|Pkwy\.?|Highway|Hwy\.?|Terrace|Circle|Trail|Pike|Expressway|Freeway|Turnpike|Crescent")
_WORD = r"(?:[A-Z][A-Za-z'’-]*|St\.|Mt\.|Ft\.|\d+(?:st|nd|rd|th))"  # no other word ends in "." (a sentence end)
_DAYS = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
         r"July|August|September|October|November|December)\b")  # "on Elm Street Tuesday"
# Up to four name words before the street word; the suffix must not be followed by a name word.
_NAMED = re.compile(rf"(?<![\w.’'-])((?:{_WORD}\s+){{1,4}})(?:{_SUFFIX})"
                    rf"(?:\s+(?:North|South|East|West|NE|NW|SE|SW|N|S|E|W)\b)?(?![\w’'-])(?!\s+(?!{_DAYS})[A-Z][a-z])")
_NUMBERED = re.compile(r"(?<![\w.-])(?:(?:U\.S\.|US|State|County|Farm to Market|Farm-to-Market|FM|Old)\s+)?"
                       r"(?:Highway|Hwy\.?|Interstate|Route|Road|Rte\.?|Loop|Spur)\s+\d{1,4}[A-Z]?\b"
                       r"(?:\s+(?:North|South|East|West|[NSEW])\b)?|(?<![\w-])I-\d{1,3}\b")
# Words that open the run without naming the street ("On Main Street", "The Weir Road"), and
# first words that make it an event or a body ("Food Drive", "Highway Patrol" is handled above).
_LEAD_WORDS = frozenset("the on at in along of off near from to and or but a an by between onto down up past "
                        "across into where while when after before police officers".split())
_NOT_STREETS = frozenset("food blood toy toys book coat clothing fund donation membership canned test "
                         "recruitment registration voter charity".split())
MAX_WORDS = 6


def street_spans(text: str) -> list[tuple[int, int]]:
    """[(start, end)] of the street and road names in `text`, in order, not overlapping."""
    spans: list[tuple[int, int]] = []
    for m in _NUMBERED.finditer(text):
        spans.append((m.start(), m.end()))
    for m in _NAMED.finditer(text):
        start, end = m.start(), m.end()
        words = list(re.finditer(r"\S+", m.group(1)))
        skip = 0
        while skip < len(words) and words[skip].group().lower().rstrip(".,") in _LEAD_WORDS:
            skip += 1
        owner = [i for i, w in enumerate(words) if w.group().endswith(("'s", "’s", "'", "’"))]
        if owner:  # "Rock Hill's Main Street": the street is Main Street, the town is its own mention
            skip = max(skip, owner[-1] + 1)
        if skip == len(words):
            continue  # "the Road", "On Street": no name left
        start += words[skip].start()
        if words[-1].group().lower() in _NOT_STREETS or len(words) - skip > MAX_WORDS:
            continue
        if not any(s < end and start < e for s, e in spans):
            spans.append((start, end))
    spans.sort()
    return spans


def with_streets(mentions: list[Mention], text: str) -> list[Mention]:
    """`mentions` plus the streets of `text` (source "street", no lookup keys). A street beats a
    guess made from a name inside it ("Dublin" of "Dublin Road", a FAC "Mount Pleasant Road"),
    a place the model tagged or the dateline beats a street that overlaps it."""
    firm = ("ent", "dateline", "quarter")
    streets = [Mention(s, e, text[s:e], (), "street") for s, e in street_spans(text)
               if not any(m.start < e and s < m.end for m in mentions if m.source in firm)]
    kept = [m for m in mentions
            if m.source in firm or not any(s.start < m.end and m.start < s.end for s in streets)]
    return kept + streets

"""Where an article's headline, publisher name and datelines are, from the text alone.

Scraped news often starts with the headline, sometimes glued to the body without a line break
("... in Rogers ParkA 24-year-old man ..."), and the headline often ends with the publisher
("... - WBTV Charlotte", "| abc13.com"). A place in the publisher's name is where the station is,
not where the shooting was: it is only a last resort. Datelines ("MILWAUKEE —", "FORT SMITH,
Ark. -", "INDIANAPOLIS (December 3, 2015) –") may follow the glued headline or open a later
paragraph after page clutter, where the nlp stage (which looks at line starts) does not see them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from incidentwire.nlp import ParsedDoc
from incidentwire.nlp import title_end as article_title_end

DATELINE_SCAN_CHARS = 1500  # datelines further down are quotes of other stories, not this one's
# An upper-case place, an optional ", State", an optional "(KTVI)" / "(December 3, 2015)", a dash.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'\-]*(?: [A-Z][A-Z.'\-]*){0,3})"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.]{1,15}(?: [A-Z][A-Za-z.]{1,15})?))?"
    r"\s*(?:\([^)\n]{1,40}\))?\s*(?:--|-|—|–)"
)
_LEAD = re.compile(r"[.\s]*")
_SEPARATOR = re.compile(r"\s+(?:\||-|–|—)\s+|\s*\|\s*")
NOT_DATELINE = frozenset({"UPDATE", "UPDATED", "BREAKING", "WATCH", "VIDEO", "PHOTOS", "EXCLUSIVE",
                          "LIVE", "NEWS", "RELATED", "ADVERTISEMENT", "NEW", "CLOSE", "AP"})


@dataclass(frozen=True)
class DatelineSpan:
    start: int
    end: int
    place: str
    region: str | None


def title_end(parsed: ParsedDoc) -> int:
    """Length of the headline at the start of the text (0 when the text does not start with it)."""
    return article_title_end(parsed.article)


def site_span(parsed: ParsedDoc) -> tuple[int, int] | None:
    """The publisher part of the headline ("WBTV Charlotte" in "Man shot ... - | WBTV
    Charlotte"): everything after the first " | " or " - " of a headline that has one."""
    end = title_end(parsed)
    if not end:
        return None
    m = _SEPARATOR.search(parsed.article.text, 0, end)
    return (m.end(), end) if m and m.end() < end else None


def datelines(parsed: ParsedDoc) -> list[DatelineSpan]:
    """Datelines in text order: the nlp stage's, then upper-case ones right after the headline
    or at the start of a paragraph in the first DATELINE_SCAN_CHARS characters."""
    text = parsed.article.text
    out: list[DatelineSpan] = []
    dl = parsed.dateline
    if dl is not None:
        out.append(DatelineSpan(dl.place_start, dl.place_end, dl.place, dl.region))
    starts = {title_end(parsed)} | {m.end() for m in re.finditer(r"\n\s*", text[:DATELINE_SCAN_CHARS])}
    starts.discard(0)
    for pos in sorted(starts):
        pos = _LEAD.match(text, pos).end()  # "Headline. HARWINTON —": the headline's full stop
        m = _DATELINE.match(text, pos, min(len(text), pos + 120))
        if not m:
            continue
        place = m.group("place").rstrip(" .-'")
        words = place.replace(".", " ").split()
        if not words or len(place) < 3 or not any(len(w) > 2 for w in words) or place.upper() != place:
            continue
        if words[0] in NOT_DATELINE or (len(words) == 1 and len(place) <= 4 and not m.group("region")):
            continue  # "UPDATE -", "NYPD -": not a place
        if any(s.start == pos for s in out):
            continue
        out.append(DatelineSpan(pos, pos + len(place), place, m.group("region")))
    return out

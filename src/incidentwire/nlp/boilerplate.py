"""Page furniture that is not the article: blanked before parsing, offsets kept.

Scraped news pages carry lists of other stories. The worst are video playlists ("2:05 Video
shows three males vandalizing Gardner-Edgerton High School Pause", "1:15 Garmin mourns after
employees are shot in Olathe attack"): every line is a headline of some other shooting, with
its own town, weekday and toll, and on a page whose article body did not survive the scrape
they outnumber the story's own headline (63 gva_dev pages; their incidents' dates, towns and
wounded were right about half as often as elsewhere). trafilatura drops such lists from HTML;
text handed over as text (JSON lines, CSV, plain text) still has them, so they are found here
by their shape and replaced with spaces of the same length: nothing is parsed there, and every
offset still points into the text as given.

Hand-written: no library recognises boilerplate in plain text without its HTML.
"""

from __future__ import annotations

import re

# "2:05 Video shows ...": a clip's duration, then its title, on a line of its own. Not a
# clock time ("10:52 p.m.: Authorities said ..." in a live blog).
_PLAYLIST_LINE = re.compile(r"^[ \t]*\d{1,2}:\d\d[ \t]+(?!(?:a\.?m|p\.?m)\b)[^\n]{3,160}$", re.M | re.I)
MIN_PLAYLIST_LINES = 3  # one or two such lines may be the story's own timeline


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each playlist line, when the page has at least MIN_PLAYLIST_LINES."""
    spans = [(m.start(), m.end()) for m in _PLAYLIST_LINE.finditer(text)]
    return spans if len(spans) >= MIN_PLAYLIST_LINES else []


def blank_furniture(text: str) -> str:
    """The text with its furniture replaced by spaces (same length, same line breaks)."""
    spans = furniture_spans(text)
    if not spans:
        return text
    parts, last = [], 0
    for start, end in spans:
        parts += [text[last:start], " " * (end - start)]
        last = end
    parts.append(text[last:])
    return "".join(parts)

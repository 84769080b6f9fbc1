"""Page furniture that is not the article: blanked before parsing, offsets kept.

Scraped news pages carry lists of other stories. The worst are video playlists ("2:05 Video
shows three males vandalizing Gardner-Edgerton High School Pause", "1:15 Garmin mourns after
employees are shot in Olathe attack"): every line is a headline of some other shooting, with
its own town, weekday and toll, and on a page whose article body did not survive the scrape
they outnumber the story's own headline (63 gva_dev pages; their incidents' dates, towns and
wounded were right about half as often as elsewhere). trafilatura drops such lists from HTML;
text handed over as text (JSON lines, CSV, plain text) still has them, so they are found here
by their shape and replaced with spaces of the same length: nothing is parsed there, and every
offset still points into the text as given. Monitored broadcasts and wire copy (FBIS, as in
MUC-4) carry a transcriber's notes ("[TEXT]", "[BEGIN RECORDING]", "[WORDS INDISTINCT]"), blanked
the same way; where a note opens a passage the parser is told a sentence starts after it
(`note_boundaries`, read by `nlp.parse`), so the blank does not join a wire's header to its lead.

Hand-written: no library recognises boilerplate in plain text without its HTML.
"""

from __future__ import annotations

import re

# "2:05 Video shows ...": a clip's duration, then its title, on a line of its own. Not a
# clock time ("10:52 p.m.: Authorities said ..." in a live blog).
_PLAYLIST_LINE = re.compile(r"^[ \t]*\d{1,2}:\d\d[ \t]+(?!(?:a\.?m|p\.?m)\b)[^\n]{3,160}$", re.M | re.I)
MIN_PLAYLIST_LINES = 3  # one or two such lines may be the story's own timeline


# A transcriber's notes in monitored broadcasts and wire copy (FBIS, as in MUC-4). They were read as
# words of the first sentence ("[TEXT] TODAY THE EXTRADITABLES ...") and of a speaker's ("[WORDS
# INDISTINCT]"). A bracketed name ("[CRISTIANI]", a speaker) or gloss ("[FARABUNDO MARTI NATIONAL
# LIBERATION FRONT]", "[0530 GMT]") is the article's and stays. The notes in the first group open a
# passage (a sentence starts after them); the others stand inside a sentence.
_OPENING_NOTES = (r"TEXT|REPORT|CONTINUED|BEGIN RECORDING|END RECORDING|PASSAGE OMITTED|COMMUNIQUE|SPEECH|EXCERPTS?|"
                  r"STATEMENT|COMMENTARY|ARTICLE|EDITORIAL(?: REPORT)?|DUPLICATE|ANNOUNCER|MODERATOR|"
                  r"UNIDENTIFIED (?:SPEAKER|REPORTER)|REPORTER|SIGNED|DATED|APPLAUSE")
_INNER_NOTES = (r"(?:WORDS?|PASSAGE|QUESTION|NAME|LINE) INDISTINCT|(?:SENTENCE )?AS HEARD|AS RECEIVED|"
                r"NOT FURTHER IDENTIFIED|EXPANSION UNKNOWN|CORRECTS HIMSELF")
_NOTE = re.compile(rf"\[(?:(?P<opening>{_OPENING_NOTES})|{_INNER_NOTES})\]")


def note_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each transcriber's note."""
    if "[" not in text:
        return []
    return [(m.start(), m.end()) for m in _NOTE.finditer(text)]


def note_boundaries(text: str) -> list[int]:
    """Where a sentence starts: after each note that opens a passage ("-- [TEXT] URBAN GUERRILLAS
    TODAY MURDERED ...": "URBAN GUERRILLAS" is the subject, not an apposition of the header)."""
    if "[" not in text:
        return []
    return [m.end() for m in _NOTE.finditer(text) if m.group("opening")]


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each playlist line (when the page has at least MIN_PLAYLIST_LINES) and of
    each transcriber's note."""
    spans = [(m.start(), m.end()) for m in _PLAYLIST_LINE.finditer(text)]
    spans = spans if len(spans) >= MIN_PLAYLIST_LINES else []
    notes = note_spans(text)
    return sorted(spans + notes) if notes else spans


def blank_furniture(text: str) -> str:
    """The text with its furniture replaced by spaces (same length, same line breaks)."""
    spans = furniture_spans(text)
    if not spans:
        return text
    parts, last = [], 0
    for start, end in spans:
        start = max(start, last)  # a note inside a playlist line is blanked with it
        if end <= start:
            continue
        parts += [text[last:start], " " * (end - start)]
        last = end
    parts.append(text[last:])
    return "".join(parts)

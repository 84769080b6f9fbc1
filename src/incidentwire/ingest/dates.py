"""Publication dates to YYYY-MM-DD: the cheap exact parsers first, `dateparser` for the rest."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# dateparser alone would accept "yesterday" (today's date) or an epoch number; a publication date
# must be absolute and name a day, month and year, or we would invent one.
_DATEPARSER_SETTINGS = {"PARSERS": ["custom-formats", "absolute-time"],
                        "REQUIRE_PARTS": ["day", "month", "year"]}
_MAX_LEN = 80  # longer strings are not dates, and dateparser gets slow on them


@lru_cache(maxsize=4096)
def normalise_date(value: str) -> str | None:
    """'2013-06-25T08:30:00+04:30', 'June 25, 2013', RFC 2822 ... -> '2013-06-25'; None if not a day.

    The date is the one written (the publisher's local day), never converted to UTC.
    """
    text = value.strip()
    if not text or len(text) > _MAX_LEN or not any(c.isdigit() for c in text):
        return None
    if _ISO_DAY.fullmatch(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    for parse in (datetime.fromisoformat, parsedate_to_datetime):
        try:
            return parse(text).date().isoformat()
        except (ValueError, TypeError, IndexError, OverflowError):
            pass
    return _dateparser(text)


def _dateparser(text: str) -> str | None:
    import dateparser  # slow to import; most inputs never get here

    try:
        parsed = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd strings; "not a date" is the answer
        return None
    return parsed.date().isoformat() if parsed else None

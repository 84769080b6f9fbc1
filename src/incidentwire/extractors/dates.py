"""Date expressions, resolved against the publication date with an honest precision.

Candidates are found with patterns (fast, and they see upper-case wire copy too); absolute
dates are parsed with `dateparser`; relative ones ("early Tuesday", "last month", "2 days ago")
are resolved here because they need the news convention of looking *back* from the
publication date, which dateparser does not apply to bare weekdays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import dateparser
from dateutil.easter import easter  # python-dateutil: a dependency of dateparser

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d|'?\d\d)"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_NUMWORD = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)"

# "of 1915 Birch St.", "in 2000 North Main Street": a house number, not a year
_STREET_SUFFIX = (r"(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Ln|Lane|Way|Ct|Court|Pl|Place|Pkwy|"
                  r"Parkway|Hwy|Highway|Ter|Terrace|Cir|Circle|Trl|Trail|Sq|Square)\b")
_NOT_A_STREET = rf"(?-i:(?!\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'.-]*\s+){{0,3}}{_STREET_SUFFIX}))"

# "the 19 April Movement (M-19)", "April 6 Youth Movement": a group's name, not a date
_NOT_A_NAME = r"(?![a-z])(?!\s+(?:movement|brigade|front|command)\b)"

# "On Oct. 23, 40-year-old Demetrius Moore died": an age or a count after the date, not its year
_NOT_AN_AGE = r"(?!-|\s+(?:years?|people|persons|men|women|children)\b)"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("month_day", re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY})\b(?:,?\s+(?P<y>{_YEAR})\b{_NOT_AN_AGE})?{_NOT_A_NAME}", re.I)),
    ("day_month", re.compile(rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR})\b{_NOT_AN_AGE})?{_NOT_A_NAME}", re.I)),
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("numeric", re.compile(r"\b(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>(?:19|20)?\d\d)\b")),
    ("holiday", re.compile(r"\b(?:(?P<pre>on|during|over|since)\s+)?(?P<h>new years?'?s?'? (?:eve|day)|"
                           r"christmas(?: eve| day| night| morning)?|(?:fourth|4th) of july|independence day|"
                           r"thanksgiving(?: day| night| eve)?|easter(?: sunday| morning| night| day)?|"
                           r"halloween(?: night)?|valentine'?s day|mother'?s day|father'?s day|memorial day|labor day)"
                           r"(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?(?!\s+(?:weekend|holiday|tree|present|gift|party|parade|"
                           r"season|break|card|light|decoration|dinner|shopping|day))", re.I)),
    ("weekday", re.compile(rf"\b(?:(?P<mod>last|this|on|early|late)\s+)?(?P<w>{_WEEKDAY})\b", re.I)),
    ("today", re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening)|earlier today)\b", re.I)),
    ("yesterday", re.compile(r"\b(?:yesterday|last night|overnight)\b", re.I)),
    ("ago", re.compile(rf"\b(?P<n>{_NUMWORD})\s+(?P<u>day|week|month|year)s?\s+ago\b", re.I)),
    ("last_period", re.compile(r"\b(?P<mod>last|past|previous|earlier this|this)\s+(?P<u>week|month|year)\b", re.I)),
    ("month_year", re.compile(rf"\b(?:in\s+)?(?P<m>{_MONTH})\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("month", re.compile(rf"\b(?P<pre>in|last|this|early|late|mid-?)\s+(?P<m>{_MONTH})\b(?!\s+{_DAY})", re.I)),
    ("year", re.compile(r"\b(?P<pre>in|since|during|of)\s+(?P<y>(?:19|20)\d\d)\b" + _NOT_A_STREET, re.I)),
]
_NUMWORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
             "seven": 7, "eight": 8, "nine": 9, "ten": 10}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: date | None  # first day of the period for week/month/year precision
    precision: str | None  # "day" | "week" | "month" | "year"
    relative: bool  # resolved against the publication date

    @property
    def iso(self) -> str | None:
        return self.value.isoformat() if self.value else None

    def same_period(self, other: DateMention, slack_days: int = 1) -> bool:
        """Could both mentions name the same event time?"""
        if self.value is None or other.value is None:
            return True
        if self.precision == other.precision == "day":
            return abs((self.value - other.value).days) <= slack_days
        coarse = {"day": 0, "week": 1, "month": 2, "year": 3}
        level = max(coarse.get(self.precision or "day", 0), coarse.get(other.precision or "day", 0))
        a, b = self.value, other.value
        if level == 1:
            return abs((a - b).days) <= 7
        if level == 2:
            return (a.year, a.month) == (b.year, b.month)
        return a.year == b.year


def _month(text: str) -> int | None:
    return MONTHS.get(text.rstrip(".").lower()[:3])


def _year(text: str | None, published: date | None) -> int | None:
    if not text:
        return None
    y = int(text.lstrip("'"))
    if y < 100:
        century = (published.year // 100 * 100) if published else 1900
        y += century if century + y <= (published.year if published else 2100) + 1 else century - 100
    return y


def _closest_past(month: int, day: int, published: date | None) -> date | None:
    """A month-day with no year: the latest such date not after publication (plus a day)."""
    if published is None:
        return None
    for year in (published.year, published.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= published + timedelta(days=1):
            return candidate
    return None


@lru_cache(maxsize=4096)
def _dateparse(text: str) -> date | None:
    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True,
                                                                 "REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date() if parsed else None


def _holiday(name: str, year: int) -> date:
    """The day of a US holiday in `year` (Easter from dateutil; the others are fixed or the n-th weekday)."""
    name = re.sub(r"^(?:on|during) ", "", name.lower())
    if name.startswith("new year"):
        return date(year - 1, 12, 31) if name.endswith("eve") else date(year, 1, 1)
    if name.startswith("christmas"):
        return date(year, 12, 24) if name.endswith("eve") else date(year, 12, 25)
    if "july" in name or name.startswith("independence"):
        return date(year, 7, 4)
    if name.startswith("halloween"):
        return date(year, 10, 31)
    if name.startswith("valentine"):
        return date(year, 2, 14)
    if name.startswith("easter"):
        return easter(year)
    month, weekday, nth, shift = {"thanksgiving": (11, 3, 4, 0), "mother": (5, 6, 2, 0), "father": (6, 6, 3, 0),
                                  "memorial": (5, 0, -1, 0), "labor": (9, 0, 1, 0)}[re.match(r"[a-z]+", name)[0]]
    if name.endswith("eve"):
        shift = -1
    if nth < 0:  # the last such weekday of the month
        last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7) + timedelta(days=shift)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1) + shift)


def _period_back(published: date, unit: str, n: int) -> tuple[date, str]:
    """The day, week, month or year `n` units before publication: (first day, precision)."""
    if unit == "day":
        return published - timedelta(days=n), "day"
    if unit == "week":
        d = published - timedelta(weeks=n)
        return d - timedelta(days=d.weekday()), "week"
    if unit == "month":
        y, mo = divmod(published.year * 12 + published.month - 1 - n, 12)
        return date(y, mo + 1, 1), "month"
    return date(published.year - n, 1, 1), "year"


def _resolve(kind: str, m: re.Match[str], published: date | None) -> tuple[date | None, str | None, bool]:
    g = m.groupdict()
    if kind in ("month_day", "day_month", "iso", "numeric"):
        month_text = g["m"].rstrip(".").lower()
        month = int(month_text) if month_text.isdigit() else _month(month_text)
        day = int(re.sub(r"\D", "", g["d"]))
        year = _year(g.get("y"), published)
        if month is None:
            return None, None, False
        if year is None:
            value = _closest_past(month, day, published)
            return value, ("day" if value else None), True
        try:
            return date(year, month, day), "day", False
        except ValueError:
            return _dateparse(m.group()), "day", False
    if kind == "holiday":
        name = g["h"]
        if name.lower() in ("christmas", "easter", "thanksgiving") and not g.get("pre"):
            return None, None, True  # "Christmas presents", "Easter egg": the word, not the day
        if g.get("y"):  # "New Year's Eve 2016" is the eve that ends 2016
            year = int(g["y"]) + (1 if name.lower().startswith("new year") and name.lower().endswith("eve") else 0)
            return _holiday(name, year), "day", False
        if published is None:
            return None, None, True
        days = [_holiday(name, y) for y in (published.year + 1, published.year, published.year - 1)]
        return next(d for d in days if d <= published + timedelta(days=1)), "day", True
    if published is None:
        if kind == "month_year":
            month = _month(g["m"])
            return date(int(g["y"]), month, 1), "month", False
        if kind == "year":
            return date(int(g["y"]), 1, 1), "year", False
        return None, None, True
    if kind == "weekday":
        target = WEEKDAYS.index(g["w"].lower())
        back = (published.weekday() - target) % 7
        if (g.get("mod") or "").lower() == "last" and back == 0:
            back = 7
        if (g.get("mod") or "").lower() == "early" and back == 6:
            back = -1  # "early Sunday" in a story dated Saturday: updated after midnight, not a week ago
        return published - timedelta(days=back), "day", True
    if kind == "today":
        return published, "day", True
    if kind == "yesterday":
        if m.group().lower() == "overnight":  # "an overnight shooting" in the morning's story: after midnight, today
            return published, "day", True     # (gva_dev: the publication day 6 times, the day before 3)
        return published - timedelta(days=1), "day", True
    if kind == "ago":
        n = int(g["n"]) if g["n"].isdigit() else _NUMWORDS[g["n"].lower()]
        return (*_period_back(published, g["u"].lower(), n), True)
    if kind == "last_period":
        shift = 0 if g["mod"].lower() in ("this", "earlier this") else 1
        return (*_period_back(published, g["u"].lower(), shift), True)
    if kind == "month_year":
        month = _month(g["m"])
        return date(int(g["y"]), month, 1), "month", False
    if kind == "month":
        month = _month(g["m"])
        year = published.year if month <= published.month else published.year - 1
        if (g.get("pre") or "").lower() == "last" and month >= published.month:
            year = published.year - 1
        return date(year, month, 1), "month", True
    if kind == "year":
        return date(int(g["y"]), 1, 1), "year", False
    return None, None, False


_MAY_VERB = re.compile(r"\bmay\s+(?:be|have|not|also|still|never|face|help|take|get|go|come|need|want)\b", re.I)


def find_dates(text: str, published: date | None, *, offset: int = 0) -> list[DateMention]:
    """Every date expression in `text`, resolved; non-overlapping, in text order. Offsets are
    shifted by `offset` (pass the sentence start to get article offsets)."""
    return list(_find_dates(text, published, offset))


@lru_cache(maxsize=1024)
def _find_dates(text: str, published: date | None, offset: int) -> tuple[DateMention, ...]:
    """Cached because the incident segmenter, the rules' date and the learned date choice all read
    the same sentences; mentions are frozen, so sharing them is safe."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if "may" in m.group().lower() and _MAY_VERB.match(text, m.start("m") if "m" in m.groupdict() and m.group("m") else s):
                continue  # the modal verb "may", not the month
            value, precision, relative = _resolve(kind, m, published)
            if value is None and precision is None and kind not in ("weekday", "today", "yesterday"):
                continue
            taken.append((s, e))
            found.append(DateMention(s + offset, e + offset, m.group(), value, precision, relative))
    return tuple(sorted(found, key=lambda d: d.start))


def parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


_URL_DATE = re.compile(r"(?<!\d)(?P<y>20[0-3]\d|19[89]\d)(?P<sep>[/-]?)(?P<m>0[1-9]|1[0-2])(?P=sep)(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")
_URL_DATE_WORD = re.compile(rf"/(?P<y>20[0-3]\d|19[89]\d)/(?P<m>{_MONTH})/(?P<d>0?[1-9]|[12]\d|3[01])/", re.I)


def date_from_url(url: str | None) -> date | None:
    """The day a news URL carries in its path ("/2016/01/27/", "/20150803/", "/2016/jan/26/"),
    which is the publication day on most news sites."""
    if not url:
        return None
    path = url.split("://", 1)[-1].partition("/")[2].split("?", 1)[0]
    if path.startswith("web/") and "/http" in path:  # an archive.org copy: the date of the original's URL
        path = path.split("/http", 1)[1].split("://", 1)[-1].partition("/")[2]
    for pattern in (_URL_DATE_WORD, _URL_DATE):
        m = pattern.search(path)
        if m:
            month = int(m["m"]) if m["m"].isdigit() else _month(m["m"])
            try:
                return date(int(m["y"]), month or 0, int(m["d"]))
            except ValueError:
                continue
    return None


def publication_day(publication_date: str | None, url: str | None) -> date | None:
    """The date relative expressions are read from: the publication date, else the date in the URL.
    When the URL's date (or the day an archive copied the page) is the earlier one, it wins: a site
    puts the day of first publication in the URL, while the publication date a feed or archive
    reports is often that of a later update or of the copy, and "Saturday" was written in the week
    the story first ran."""
    published, in_url = parse_iso(publication_date), date_from_url(url)
    if published is None or (in_url is not None and in_url < published):
        return in_url
    archived = archived_on(url)
    if archived is not None and archived < published:
        return archived  # a page archived on that day was published by then: the later date is not its own
    return published


_ARCHIVED = re.compile(r"web\.archive\.org/web/(?P<y>19[89]\d|20[0-3]\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])\d*")


def archived_on(url: str | None) -> date | None:
    """The day the Internet Archive copied the page (its URL's timestamp): the page existed then."""
    m = _ARCHIVED.search(url or "")
    return date(int(m["y"]), int(m["m"]), int(m["d"])) if m else None

"""Places an article's URL names: the outlet's home in its host ("detroitnews.com",
"chicago.suntimes.com", "fox7austin.com", "kentucky.com") and the story's place in its path
("/houston/", "/gainesville-police-searching-for-shooter"). Local news often gives no state in
the text; its URL says which Gainesville. Matched generically against the gazetteer (no outlet
table): a host label is read as its substrings (a host has no spaces: "mysanantonio" holds
"san antonio"), and only a big city, a state or a country counts there, since short substrings
of brand names are village names; path words are read as written, in runs of one to three.

A URL is not part of the article text, so nothing found here has offsets into it: callers use
it as evidence for which state a town is in, or as a last resort with honest precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from incidentwire.geocode.gazetteer import ADMIN1, CITY, COUNTRY, Candidate, GazetteerLike
from incidentwire.geocode.names import is_vague

_ARCHIVE = re.compile(r"^.*?://web\.archive\.org/web/[^/]*/", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# host labels that are never a place: the usual prefixes and top-level domains
_HOST_NOISE = frozenset({"www", "m", "mobile", "amp", "com", "org", "net", "edu", "gov", "us", "co", "uk", "tv",
                         "news", "info", "biz", "html", "php", "blogs", "blog", "web", "archive"})
HOST_MIN_CHARS = 5  # shorter substrings of a brand ("wsav", "kfor") are too often a village
HOST_MIN_POPULATION = 100_000  # a city in a host must be this big (a newspaper's home town)
PATH_MAX_WORDS = 3
MAX_URL_CHARS = 400
# An American broadcaster's host: a call sign ("wvtm13.com", "kltv.com", "wmbfnews.com": K or W
# and two or three letters, a channel number, "tv" or "news") or a network and channel ("fox43",
# "abc7chicago", "nbc12"). No other country's stations are named so.
_US_STATION = re.compile(r"^(?:[kw][a-z]{2,3}\d{0,2}(?:tv|news|dt)?|(?:fox|abc|nbc|cbs|cw)\d{1,2}[a-z]*)$")


@dataclass(frozen=True)
class UrlPlace:
    """A place the URL names: `word` as the URL writes it, `where` "host" or "path"."""

    word: str
    where: str
    candidates: tuple[Candidate, ...]


def strip_url(url: str | None) -> tuple[str, list[str]]:
    """(host, path segments) of the original URL (a web.archive.org wrapper removed)."""
    if not url:
        return "", []
    url = _SCHEME.sub("", _ARCHIVE.sub("", url.strip()[:MAX_URL_CHARS]))
    host, _, rest = url.partition("/")
    host = host.split(":")[0].lower()
    path = re.split(r"[?#]", rest)[0]
    return host, [s for s in path.split("/") if s]


def host_keys(host: str) -> dict[str, str]:
    """{gazetteer key: the label it came from} for every substring of a host label, with at most
    one space put in ("sanantonio" -> "san antonio")."""
    out: dict[str, str] = {}
    for label in host.split("."):
        if label in _HOST_NOISE:
            continue
        for part in re.split(r"[^a-z]+", label):
            for i in range(len(part)):
                for j in range(i + HOST_MIN_CHARS, len(part) + 1):
                    s = part[i:j]
                    out.setdefault(s, part)
                    for k in range(2, len(s) - 1):
                        out.setdefault(f"{s[:k]} {s[k:]}", part)
    return out


def path_keys(segments: list[str]) -> dict[str, str]:
    """{gazetteer key: words as written} for runs of one to three words of each path segment."""
    out: dict[str, str] = {}
    for seg in segments:
        words = [w for w in re.split(r"[^a-z]+", seg.lower()) if w]
        for n in range(1, PATH_MAX_WORDS + 1):
            for i in range(len(words) - n + 1):
                run = words[i:i + n]
                if any(len(w) > 2 for w in run):
                    out.setdefault(" ".join(run), "-".join(run))
    return out


def _big(c: Candidate) -> bool:
    return c.level in (COUNTRY, ADMIN1) or (c.level == CITY and c.population >= HOST_MIN_POPULATION)


def url_places(url: str | None, gazetteer: GazetteerLike) -> list[UrlPlace]:
    """The places the URL names, host first. Host substrings inside a longer match are dropped
    ("antonio" inside "san antonio")."""
    host, segments = strip_url(url)
    if not host:
        return []
    hk, pk = host_keys(host), path_keys(segments)
    found = gazetteer.lookup_many(list(hk) + list(pk))
    out: list[UrlPlace] = []
    host_hits = sorted(((k, [c for c in found.get(k, []) if c.kind == 0 and _big(c)]) for k in hk),
                       key=lambda kv: -len(kv[0]))
    # a label that is itself a town's name is that town, however small, not a bigger town
    # inside it: "bradenton.com" is Bradenton's paper, not Denton's
    towns = {part for part in set(hk.values()) if any(c.kind == 0 and c.level == CITY for c in found.get(part, []))}
    taken: list[str] = []
    for k, cands in host_hits:
        flat = k.replace(" ", "")
        if any(flat != town and flat in town for town in towns):
            continue
        if cands and not any(flat in t for t in taken):
            taken.append(flat)
            out.append(UrlPlace(word=flat, where="host", candidates=tuple(cands)))
    path_hits = [(k, written, [c for c in found.get(k, []) if c.kind == 0]) for k, written in pk.items()]
    matched = [written for _, written, cands in path_hits if cands]
    for k, written, cands in path_hits:
        # "kansas" inside "kansas-city", "north" or "side" alone: not a place of this story
        if cands and not is_vague(k) and not any(written != w and f"-{written}-" in f"-{w}-" for w in matched):
            out.append(UrlPlace(word=written, where="path", candidates=tuple(cands)))
    return out


def american_station(url: str | None) -> bool:
    """Is the URL's host an American radio or television station's?"""
    host, _ = strip_url(url)
    labels = [label for label in host.split(".") if label not in _HOST_NOISE]
    return bool(labels) and host.endswith(".com") and _US_STATION.match(labels[0]) is not None


def url_states(places: list[UrlPlace]) -> list[str]:
    """The admin1 codes ("US.KY") the URL names: states by name, and the states of the big
    cities of its host, in order, without repeats."""
    out: list[str] = []
    for up in places:
        for c in up.candidates:
            if c.admin1_code and (c.level == ADMIN1 or (up.where == "host" and c.level == CITY)) \
                    and c.admin1_code not in out:
                out.append(c.admin1_code)
                break
    return out


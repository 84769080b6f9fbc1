"""A report condensed to what linking compares, small enough to store beside it.

A "report" is one incident as one article tells it (the extractor's output). Linking never
re-reads article text: the signature keeps the dates, place, counts, names and the distinctive
words of the report's own sentences, and it is stored as JSON so candidates can be scored
straight from the database.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from typing import Any

# Capitalised words that say nothing about *which* incident a report tells. Why hand-written:
# no library ships "words that are capitalised in crime news but not names"; a stop list of
# function words (spaCy's) is added to it below.
_COMMON = """
police department officer officers sheriff deputy deputies county city state news chief
detective detectives sergeant lieutenant captain spokesman spokeswoman authorities investigators
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
street avenue road drive boulevard lane north south east west northeast northwest southeast
southwest mr mrs ms dr hospital medical center university school church man woman men women
people family families according update updated copyright associated press reuters staff
report reports reported breaking video photo photos click read more share facebook twitter
""".split()

_WORD = re.compile(r"[A-Z][A-Za-z'’\-]{2,}|\d{3,5}")
MAX_TERMS = 40
# "a 7-year-old", "16 years old", "Boy, 15, shot": two reports giving different ages are rarely one incident.
_AGE = re.compile(r"\b(\d{1,2})[- ]years?[- ]old\b"
                  r"|\b(?:boy|girl|man|woman|teen|teenager|child|toddler|son|daughter)s?,? (?:aged? )?(\d{1,2})\b",
                  re.IGNORECASE)
# The same in a headline, where babies' ages in months count too: "6-month-old" (0) is not "girl, 3".
_TITLE_AGE = re.compile(r"\b(\d{1,2})[- ](year|month|week|day)s?[- ]old\b"
                        r"|\b(?:boy|girl|man|woman|teen|teenager|child|toddler|son|daughter|baby|infant)s?,? "
                        r"(?:aged? )?(\d{1,2})\b", re.IGNORECASE)
_TITLE_WORD = re.compile(r"[a-z0-9][a-z0-9'’\-]+")


@cache
def _stop_words() -> frozenset[str]:
    """Loaded on first use: importing spaCy takes a second that `count` or `why` need not pay."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(_COMMON) | frozenset(STOP_WORDS)




@dataclass(frozen=True)
class Signature:
    category: str
    day: int | None  # date.toordinal() of the incident date (first day of its period)
    span_days: int  # length of the date's period: 1 (day), 7, 31, 366; 0 when undated
    published: int | None  # publication day (ordinal), when the article has one
    place: str | None  # normalised place name
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    precision: str | None  # location precision
    killed: int | None  # only figures a sentence supports
    wounded: int | None
    names: tuple[str, ...] = ()  # tokens of named victims and perpetrators
    terms: tuple[str, ...] = ()  # distinctive words of the report's sentences and title
    rank: int = 0  # 0 for the article's main incident, then background incidents
    title_words: tuple[str, ...] = ()  # the headline's content words, any case (main incident only)
    ages: tuple[int, ...] = ()  # people's ages the report's sentences and headline give ("a 7-year-old")
    title_ages: tuple[int, ...] = ()  # the ages the headline gives (main incident only; under a year is 0)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Signature:
        return cls(**{**data, "names": tuple(data.get("names", ())), "terms": tuple(data.get("terms", ())),
                      "title_words": tuple(data.get("title_words", ())), "ages": tuple(data.get("ages", ())),
                      "title_ages": tuple(data.get("title_ages", ()))})

    @property
    def keys(self) -> tuple[str, ...]:
        """The words a report is indexed by for linking: names and distinctive words."""
        return tuple(sorted(set(self.names) | set(self.terms)))


_SPAN = {"day": 1, "week": 7, "month": 31, "year": 366}


def _ordinal(value: str | None) -> int | None:
    try:
        return date.fromisoformat(value).toordinal() if value else None
    except ValueError:
        return None


def _count(count: dict[str, Any]) -> int | None:
    return count.get("best") if count.get("evidence") else None


def _name_tokens(names: list[str]) -> tuple[str, ...]:
    tokens = {t.lower() for n in names for t in re.findall(r"[A-Za-z][A-Za-z'’\-]{2,}", n)}
    return tuple(sorted(tokens - _stop_words()))


def _terms(texts: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    stop = _stop_words()
    for text in texts:
        for m in _WORD.finditer(text):
            word = m.group().lower().strip("'’-")
            if word not in stop and len(seen) < MAX_TERMS:
                seen[word] = None
    return tuple(sorted(seen))


def _title_words(title: str | None) -> tuple[str, ...]:
    """Headlines of one incident share lowercase words the capitalised terms miss ("cookout",
    "dice game", "7-year-old"): two reports are compared on them too (`features.title_similarity`)."""
    words = {w.strip("'’-") for w in _TITLE_WORD.findall((title or "").lower())}
    return tuple(sorted(w for w in words if len(w) > 2 and w not in _stop_words()))


def _ages(texts: list[str]) -> tuple[int, ...]:
    return tuple(sorted({int(a or b) for text in texts for a, b in _AGE.findall(text)}))


def _title_ages(title: str | None) -> tuple[int, ...]:
    """A headline's ages: the victim the story is about ("Girl, 5, killed", "6-month-old shot"), where
    the body's ages may be anyone's (other victims, suspects, earlier cases)."""
    ages = {(int(m.group(1)) if m.group(2).lower() == "year" else 0) if m.group(1) else int(m.group(3))
            for m in _TITLE_AGE.finditer(title or "")}
    return tuple(sorted(ages))


def _is_name(text: str) -> bool:
    """A named person ("Antonio Mason"), not a description ("a 23-year-old man")."""
    words = text.split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def signature(record: dict[str, Any], *, rank: int = 0, published: str | None = None,
              title: str | None = None) -> Signature:
    """The signature of one report: `record` is the SPEC Incident JSON the extractor produced."""
    when, where = record.get("date") or {}, record.get("location") or {}
    names = [v["text"] for v in record.get("victims", []) if _is_name(v["text"])]
    names += [p["name"] for p in record.get("perpetrators", []) if p.get("type") == "person" and _is_name(p["name"])]
    texts = [e["text"] for e in record.get("evidence", [])] + ([title] if title and rank == 0 else [])
    place = (where.get("name") or "").strip().lower() or None
    return Signature(
        category=record.get("category") or "other",
        day=_ordinal(when.get("value")), span_days=_SPAN.get(when.get("precision") or "", 0),
        published=_ordinal(published), place=place, admin1=where.get("admin1"),
        country=where.get("country_code"), lat=where.get("lat"), lon=where.get("lon"),
        precision=where.get("precision"), killed=_count(record.get("killed") or {}),
        wounded=_count(record.get("wounded") or {}), names=_name_tokens(names),
        terms=_terms(texts), rank=rank, title_words=_title_words(title) if rank == 0 else (), ages=_ages(texts),
        title_ages=_title_ages(title) if rank == 0 else (),
    )


__all__ = ["Signature", "signature"]

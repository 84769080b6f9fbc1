"""The filters every page and API list shares, checked once: a bad value is a 422 with a message.

Filtering runs in the database on the indexed columns of `incidents` (plus a substring search of
the source articles' text), so a store of 100,000 incidents answers in milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from fastapi import HTTPException, Query
from sqlalchemy import Select, func, select

from incidentwire.models import CATEGORIES
from incidentwire.store.schema import ArticleRow, IncidentRow, IncidentSourceRow
from incidentwire.store.store import reported_as_main

SORTS = {"date": IncidentRow.date_value, "category": IncidentRow.category, "country": IncidentRow.country_code,
         "killed": IncidentRow.killed_best, "wounded": IncidentRow.wounded_best, "id": IncidentRow.id,
         "place": IncidentRow.admin1, "perpetrators": IncidentRow.perpetrators}


def invalid(message: str) -> HTTPException:
    return HTTPException(status_code=422, detail=message)


@dataclass(frozen=True)
class Filters:
    since: str | None = None
    until: str | None = None
    category: str | None = None
    country: str | None = None
    perpetrator: str | None = None
    q: str | None = None  # text search over the source articles' text
    with_passing: bool = False  # also incidents every source mentions only in passing

    def where(self, query: Select[Any]) -> Select[Any]:
        """`query` (over IncidentRow) restricted to the incidents these filters keep."""
        if self.since:
            query = query.where(IncidentRow.date_value >= self.since)
        if self.until:
            query = query.where(IncidentRow.date_value <= self.until)
        if self.category:
            query = query.where(IncidentRow.category == self.category)
        if self.country:
            query = query.where(IncidentRow.country_code == self.country)
        if self.perpetrator:
            query = query.where(func.lower(IncidentRow.perpetrators).contains(self.perpetrator.lower(),
                                                                                autoescape=True))
        if self.q:
            matching = (select(IncidentSourceRow.incident_id)
                        .join(ArticleRow, ArticleRow.id == IncidentSourceRow.article_id)
                        .where(func.lower(ArticleRow.text).contains(self.q.lower(), autoescape=True)))
            query = query.where(IncidentRow.id.in_(matching))
        if not self.with_passing:
            query = query.where(reported_as_main())
        return query

    def params(self) -> dict[str, str]:
        """The filters as query parameters (for links that keep them)."""
        return {k: "true" if v is True else v for k, v in asdict(self).items() if v}

    @property
    def active(self) -> bool:
        return bool(self.params())


def _day(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise invalid(f"{name}: expected a date YYYY-MM-DD, got {value!r}")


def filters(
    since: str | None = Query(None, description="Incidents on or after this day (YYYY-MM-DD)."),
    until: str | None = Query(None, description="Incidents on or before this day (YYYY-MM-DD)."),
    category: str | None = Query(None, description=f"One of: {', '.join(CATEGORIES)}."),
    country: str | None = Query(None, description="Two-letter ISO country code."),
    perpetrator: str | None = Query(None, max_length=200, description="Part of a perpetrator's name."),
    q: str | None = Query(None, max_length=200, description="Words that appear in a source article."),
    with_passing: bool = Query(False, description="Also the incidents every source mentions only in passing "
                                                  "(left out by default: told with few details, linked less surely)."),
) -> Filters:
    """FastAPI dependency: the query parameters as checked `Filters` (empty strings mean unset)."""
    since, until = _day(since, "since"), _day(until, "until")
    if since and until and since > until:
        raise invalid(f"since {since} is after until {until}")
    if category and category not in CATEGORIES:
        raise invalid(f"category: {category!r} is not one of {', '.join(CATEGORIES)}")
    if country and not re.fullmatch(r"[A-Za-z]{2}", country):
        raise invalid(f"country: expected a two-letter ISO code such as AF, got {country!r}")
    return Filters(since=since, until=until, category=category or None,
                   country=country.upper() if country else None,
                   perpetrator=(perpetrator or "").strip() or None, q=(q or "").strip() or None,
                   with_passing=with_passing)


def sort_order(sort: str) -> list[Any]:
    """ORDER BY for `sort` ("date", "-killed", ...): nulls last, then id, so pages are stable."""
    descending = sort.startswith("-")
    column = SORTS.get(sort.lstrip("-"))
    if column is None:
        raise invalid(f"sort: {sort!r} is not one of {', '.join(SORTS)} (prefix - for descending)")
    key = column.desc() if descending else column.asc()
    return [column.is_(None), key, IncidentRow.id]

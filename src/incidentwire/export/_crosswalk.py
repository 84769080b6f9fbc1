"""What ACLED-, GTD- and UCDP-like exports share: date spans, place precision codes, source lists.

docs/EXPORTS.md is the column crosswalk; keep the two in step.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from incidentwire.models import Incident, StoredIncident

JOIN = "; "


def date_span(incident: Incident) -> tuple[str | None, str | None]:
    """First and last day the incident's date allows (week/month/year precision: the whole period)."""
    value, precision = incident.date.value, incident.date.precision
    if not value:
        return None, None
    start = date.fromisoformat(value)
    if precision == "week":
        end = start + timedelta(days=6)
    elif precision == "month":
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    elif precision == "year":
        end = start.replace(month=12, day=31)
    else:
        end = start
    return start.isoformat(), end.isoformat()


def sources(incident: Incident, what: str = "url") -> str:
    """The incident's sources (a StoredIncident's), each as its URL, title or article id."""
    refs = incident.sources if isinstance(incident, StoredIncident) else []
    out = []
    for ref in refs:
        shown = {"url": ref.url, "title": ref.title, "date": ref.publication_date}.get(what)
        out.append(shown or ref.article_id)
    return JOIN.join(out)


def names(items: list[str]) -> tuple[str, str]:
    """(first, the rest joined): ACLED's actor1 / assoc_actor_1 and the like."""
    return (items[0] if items else ""), JOIN.join(items[1:])

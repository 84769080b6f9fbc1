"""UCDP-GED-like CSV: UCDP's column names, date span and precision codes, low/best/high deaths."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from incidentwire.export._crosswalk import JOIN, date_span, sources
from incidentwire.models import StoredIncident

NAME = "ucdp"
HELP = "UCDP-GED-like CSV (type_of_violence, side_a, date_start, best, low, high, ...)"

COLUMNS = ["id", "year", "type_of_violence", "side_a", "side_b", "source_article", "source_headline",
           "source_date", "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
           "country", "date_start", "date_end", "date_prec", "deaths_civilians", "deaths_unknown", "best", "high",
           "low"]

DATE_PRECISION = {"day": 1, "week": 3, "month": 4, "year": 5}
WHERE_PRECISION = {"exact": 1, "city": 2, "admin2": 3, "admin1": 4, "country": 6}


def type_of_violence(incident: StoredIncident) -> int:
    """1 state-based, 2 non-state, 3 one-sided: a clash involving state forces, another clash, an attack."""
    if incident.category == "armed_clash":
        return 1 if any(p.type == "state_forces" for p in incident.perpetrators) else 2
    return 3


def row(incident: StoredIncident) -> dict[str, Any]:
    start, end = date_span(incident)
    loc = incident.location
    killed = incident.killed
    civilians = any(t.type == "civilians" for t in incident.targets)
    side_b = "Civilians" if type_of_violence(incident) == 3 and civilians else \
        JOIN.join(dict.fromkeys(t.text for t in incident.targets))
    point = f"POINT ({loc.lon} {loc.lat})" if loc.lat is not None and loc.lon is not None else ""
    return {
        "id": incident.id, "year": start[:4] if start else None, "type_of_violence": type_of_violence(incident),
        "side_a": JOIN.join(p.name for p in incident.perpetrators), "side_b": side_b,
        "source_article": sources(incident, "url"), "source_headline": sources(incident, "title"),
        "source_date": sources(incident, "date"), "where_prec": WHERE_PRECISION.get(loc.precision or ""),
        "where_coordinates": ", ".join(x for x in (loc.name, loc.admin1, loc.country) if x),
        "adm_1": loc.admin1, "adm_2": loc.admin2, "latitude": loc.lat, "longitude": loc.lon, "geom_wkt": point,
        "country": loc.country, "date_start": start, "date_end": end,
        "date_prec": DATE_PRECISION.get(incident.date.precision or ""),
        "deaths_civilians": killed.best if civilians else None, "deaths_unknown": None if civilians else killed.best,
        "best": killed.best, "high": killed.max if killed.max is not None else killed.best,
        "low": killed.min if killed.min is not None else killed.best,
    }


def write_incidents(incidents: Iterable[StoredIncident], out: TextIO) -> None:
    sheet = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    sheet.writeheader()
    for incident in incidents:
        sheet.writerow(row(incident))

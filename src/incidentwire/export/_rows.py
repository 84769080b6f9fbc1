"""Flat views of an incident shared by the csv and table formats."""

from __future__ import annotations

from typing import Any

from incidentwire.models import Count, Incident

JOIN = "; "

INCIDENT_COLUMNS = [
    "incident_id", "date", "date_precision", "category", "subcategory", "location", "admin1",
    "country_code", "lat", "lon", "location_precision", "perpetrators", "targets", "victims", "weapons",
    "killed", "killed_min", "killed_max", "wounded", "wounded_min", "wounded_max", "summary", "confidence",
]


def incident_row(incident: Incident) -> dict[str, Any]:
    """One spreadsheet row: lists joined by "; ", counts as best/min/max."""
    loc = incident.location
    return {
        "incident_id": incident.id, "date": incident.date.value, "date_precision": incident.date.precision,
        "category": incident.category, "subcategory": incident.subcategory, "location": loc.name,
        "admin1": loc.admin1, "country_code": loc.country_code, "lat": loc.lat, "lon": loc.lon,
        "location_precision": loc.precision,
        "perpetrators": JOIN.join(p.name for p in incident.perpetrators),
        "targets": JOIN.join(t.text for t in incident.targets),
        "victims": JOIN.join(v.text for v in incident.victims),
        "weapons": JOIN.join(w.text for w in incident.weapons),
        "killed": incident.killed.best, "killed_min": incident.killed.min, "killed_max": incident.killed.max,
        "wounded": incident.wounded.best, "wounded_min": incident.wounded.min,
        "wounded_max": incident.wounded.max, "summary": incident.summary, "confidence": incident.confidence,
    }


def place(incident: Incident) -> str:
    loc = incident.location
    parts = [p for p in (loc.name, loc.admin1 if loc.admin1 != loc.name else None, loc.country_code) if p]
    return ", ".join(parts) or "?"


def count(c: Count) -> str:
    """'3', 'at least 24' as '24+', a range as '3-5', unknown as '?'."""
    if c.min is not None and c.max is not None and c.min != c.max:
        return f"{c.min}-{c.max}"
    if c.best is not None:
        return f"{c.best}+" if c.max is None and c.min == c.best else str(c.best)
    return f"{c.min}+" if c.min else "?"

"""ACLED-like CSV: ACLED's column names and event types, one row per incident (docs/EXPORTS.md)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from incidentwire.export._crosswalk import names, sources
from incidentwire.models import StoredIncident

NAME = "acled"
HELP = "ACLED-like CSV (event_date, event_type, actor1, fatalities, ...)"

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "civilian_targeting", "iso",
           "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "source", "notes",
           "fatalities", "injuries"]

EVENT_TYPES = {  # our category -> (ACLED event type, default sub-event type)
    "armed_clash": ("Battles", "Armed clash"),
    "armed_assault": ("Violence against civilians", "Attack"),
    "kidnapping": ("Violence against civilians", "Abduction/forced disappearance"),
    "bombing": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "remote_violence": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "arson": ("Strategic developments", "Looting/property destruction"),
    "robbery": ("Strategic developments", "Looting/property destruction"),
    "other": ("", ""),
}
SUB_EVENTS = {"suicide_bombing": "Suicide bomb", "airstrike": "Air/drone strike",
              "shelling": "Shelling/artillery/missile attack", "vehicle_bombing": "Remote explosive/landmine/IED"}
TIME_PRECISION = {"day": 1, "week": 2, "month": 2, "year": 3}
GEO_PRECISION = {"exact": 1, "city": 1, "admin2": 2, "admin1": 3, "country": 3}


def row(incident: StoredIncident) -> dict[str, Any]:
    event_type, sub_event = EVENT_TYPES[incident.category]
    sub_event = SUB_EVENTS.get(incident.subcategory or "", sub_event)
    loc = incident.location
    actor1, assoc1 = names([p.name for p in incident.perpetrators])
    civilians = [t for t in incident.targets if t.type == "civilians"]
    targets = [f"Civilians ({loc.country or loc.country_code or '?'})" if t.type == "civilians" else t.text
               for t in incident.targets]
    actor2, assoc2 = names(list(dict.fromkeys(targets)))
    return {
        "event_id_cnty": incident.id, "event_date": incident.date.value,
        "year": incident.date.value[:4] if incident.date.value else None,
        "time_precision": TIME_PRECISION.get(incident.date.precision or ""),
        "disorder_type": "Political violence" if event_type else "", "event_type": event_type,
        "sub_event_type": sub_event, "actor1": actor1, "assoc_actor_1": assoc1, "actor2": actor2,
        "assoc_actor_2": assoc2, "civilian_targeting": "Civilian targeting" if civilians else "",
        "iso": loc.country_code, "country": loc.country, "admin1": loc.admin1, "admin2": loc.admin2,
        "location": loc.name, "latitude": loc.lat, "longitude": loc.lon,
        "geo_precision": GEO_PRECISION.get(loc.precision or ""), "source": sources(incident, "title"),
        "notes": incident.summary, "fatalities": incident.killed.best, "injuries": incident.wounded.best,
    }


def write_incidents(incidents: Iterable[StoredIncident], out: TextIO) -> None:
    sheet = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    sheet.writeheader()
    for incident in incidents:
        sheet.writerow(row(incident))


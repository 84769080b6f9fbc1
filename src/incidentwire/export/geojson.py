"""GeoJSON FeatureCollection: one Point per located incident (unlocated ones have null geometry),
properties the spreadsheet row plus the sources. Streams."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from incidentwire.export._rows import JOIN, incident_row
from incidentwire.models import StoredIncident

NAME = "geojson"
HELP = "a GeoJSON FeatureCollection of points (for QGIS, kepler.gl, Leaflet)"


def feature(incident: StoredIncident) -> dict[str, Any]:
    loc = incident.location
    geometry = ({"type": "Point", "coordinates": [loc.lon, loc.lat]}
                if loc.lat is not None and loc.lon is not None else None)
    properties = {**incident_row(incident), "sources": JOIN.join(s.article_id for s in incident.sources),
                  "source_urls": JOIN.join(s.url or "" for s in incident.sources)}
    return {"type": "Feature", "id": incident.id, "geometry": geometry, "properties": properties}


def write_incidents(incidents: Iterable[StoredIncident], out: TextIO) -> None:
    out.write('{"type": "FeatureCollection", "features": [')
    for n, incident in enumerate(incidents):
        out.write(("\n" if n == 0 else ",\n") + json.dumps(feature(incident), ensure_ascii=False))
    out.write("\n]}\n")

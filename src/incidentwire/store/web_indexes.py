"""Covering indexes for the web app's reads (map grid, bounds, timeline, paging by date).

SQLite otherwise scans whole incident rows, JSON records included, for every map view: with these,
the map of 100,000 incidents reads a compact index instead (docs/PERFORMANCE.md). Created by the
web app on start (`ensure`), idempotently, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from sqlalchemy import Engine, Index

from incidentwire.store.schema import IncidentRow

MAP = Index("ix_incidents_web_map", IncidentRow.lat, IncidentRow.lon, IncidentRow.category, IncidentRow.killed_best,
            IncidentRow.wounded_best, IncidentRow.date_value, IncidentRow.country_code, IncidentRow.id)
BY_DAY = Index("ix_incidents_web_day", IncidentRow.date_value, IncidentRow.id)


def ensure(engine: Engine) -> None:
    for index in (MAP, BY_DAY):
        index.create(engine, checkfirst=True)

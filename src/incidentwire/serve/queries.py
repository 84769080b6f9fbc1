"""Read-side queries of the web app: pages of incidents, the timeline, map clusters.

Everything is computed in the database (GROUP BY for the timeline and the map grid), so the
browser gets at most a few hundred map features and one page of rows, whatever the store holds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, cast, func, select, tuple_

from incidentwire.models import StoredIncident
from incidentwire.serve.filters import Filters, sort_order
from incidentwire.store import Store
from incidentwire.store.corrections import Corrections
from incidentwire.store.schema import IncidentRow
from incidentwire.store.store import _stored  # the store's own row -> record conversion

CELL_PIXELS = 48  # a map cluster covers about this many screen pixels square
MEMBERS_SHOWN = 8  # clusters this small list their incidents in the popup


@dataclass
class Page:
    incidents: list[StoredIncident]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def page_of(store: Store, corrections: Corrections, f: Filters, *, sort: str = "date", page: int = 1,
            per_page: int = 50) -> Page:
    order = sort_order(sort)
    with store._read() as s:
        total = s.scalar(f.where(select(func.count()).select_from(IncidentRow))) or 0
        # Sort and page over the ids alone, then load those rows: sorting whole rows (with their
        # JSON records) made a deep page of 100,000 incidents take seconds.
        ids = list(s.scalars(f.where(select(IncidentRow.id)).order_by(*order)
                             .offset((page - 1) * per_page).limit(per_page)))
        by_id = {row.id: row for row in s.scalars(select(IncidentRow).where(IncidentRow.id.in_(ids)))}
        found = _stored(s, [by_id[i] for i in ids if i in by_id])
    return Page(corrections.apply(found), total, page, per_page)


def all_of(store: Store, corrections: Corrections, f: Filters, *, sort: str = "date",
           limit: int | None = None) -> list[StoredIncident]:
    """Every matching incident (exports), corrected, in `sort` order."""
    with store._read() as s:
        q = f.where(select(IncidentRow)).order_by(*sort_order(sort))
        if limit:
            q = q.limit(limit)
        found = _stored(s, list(s.scalars(q)))
    return corrections.apply(found)


def bounds(store: Store, f: Filters) -> list[float] | None:
    """[south, west, north, east] of the matching located incidents: the map's first view."""
    with store._read() as s:
        q = f.where(select(func.min(IncidentRow.lat), func.min(IncidentRow.lon), func.max(IncidentRow.lat),
                           func.max(IncidentRow.lon)).where(IncidentRow.lat.is_not(None), IncidentRow.lon.is_not(None)))
        box = s.execute(q).one()
    return None if box[0] is None else [float(x) for x in box]


def timeline(store: Store, f: Filters) -> list[dict[str, Any]]:
    """Incidents per month (per year when the span passes 20 years), oldest first, gaps filled."""
    with store._read() as s:
        month = func.substr(IncidentRow.date_value, 1, 7)
        rows = s.execute(f.where(select(month, func.count()).where(IncidentRow.date_value.is_not(None)))
                         .group_by(month).order_by(month)).all()
    counts = {m: n for m, n in rows if m and len(m) == 7}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    years = int(last[:4]) - int(first[:4]) + 1
    if years > 20:
        per_year: dict[str, int] = {}
        for m, n in counts.items():
            per_year[m[:4]] = per_year.get(m[:4], 0) + n
        return [{"label": str(y), "count": per_year.get(str(y), 0),
                 "since": f"{y}-01-01", "until": f"{y}-12-31"}
                for y in range(int(first[:4]), int(last[:4]) + 1)]
    out = []
    y, m = int(first[:4]), int(first[5:])
    while f"{y:04d}-{m:02d}" <= last:
        key = f"{y:04d}-{m:02d}"
        out.append({"label": key, "count": counts.get(key, 0), "since": f"{key}-01", "until": f"{key}-31"})
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def clusters(store: Store, f: Filters, *, zoom: int, bbox: tuple[float, float, float, float] | None) -> dict[str, Any]:
    """Map features for one view: grid cells of about CELL_PIXELS, each with its count, centre,
    casualties and dominant category; cells of a few incidents list them (for the popup)."""
    cell = 360 / (256 * 2 ** zoom) * CELL_PIXELS  # degrees per cell at this zoom
    sqlite = store.engine.dialect.name == "sqlite"

    def index(column: Any, offset: float) -> Any:  # floor((x + offset) / cell), portably
        scaled = (column + offset) / cell
        return cast(scaled, Integer) if sqlite else func.floor(scaled)  # x + offset >= 0: cast floors

    located = f.where(select(IncidentRow).where(IncidentRow.lat.is_not(None), IncidentRow.lon.is_not(None)))
    if bbox:
        west, south, east, north = bbox
        located = located.where(IncidentRow.lat.between(south, north))
        if west <= east:
            located = located.where(IncidentRow.lon.between(west, east))
    sub = located.subquery()
    sgx, sgy = index(sub.c.lon, 180.0), index(sub.c.lat, 90.0)
    grouped = (select(sgx.label("gx"), sgy.label("gy"), func.count().label("n"), func.avg(sub.c.lat),
                      func.avg(sub.c.lon), func.sum(func.coalesce(sub.c.killed_best, 0)),
                      func.sum(func.coalesce(sub.c.wounded_best, 0)), func.min(sub.c.category),
                      func.max(sub.c.category))
               .group_by(sgx, sgy))
    with store._read() as s:
        cells = s.execute(grouped).all()
        small = [(x, y) for x, y, n, *_ in cells if n <= MEMBERS_SHOWN]
        members: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for start in range(0, len(small), 400):
            q = (select(sgx, sgy, sub.c.id, sub.c.category, sub.c.date_value, sub.c.killed_best,
                        sub.c.wounded_best, sub.c.admin1, sub.c.country_code)
                 .where(tuple_(sgx, sgy).in_(small[start:start + 400])).order_by(sub.c.date_value, sub.c.id))
            for x, y, *fields in s.execute(q):
                members.setdefault((int(x), int(y)), []).append(dict(zip(
                    ("id", "category", "date", "killed", "wounded", "admin1", "country_code"), fields, strict=True)))
    features = []
    total = 0
    for x, y, n, lat, lon, killed, wounded, low, high in cells:
        total += n
        features.append({"count": n, "lat": round(lat, 5), "lon": round(lon, 5), "killed": int(killed or 0),
                         "wounded": int(wounded or 0), "category": low if low == high else "mixed",
                         "incidents": members.get((int(x), int(y)), [])})
    features.sort(key=lambda c: -c["count"])
    return {"zoom": zoom, "total": total, "clusters": features}


def incidents_of_article(store: Store, corrections: Corrections, article_id: str) -> list[StoredIncident]:
    """The incidents an article is a source of, corrected, in order of their evidence."""
    from incidentwire.store.schema import IncidentSourceRow

    with store._read() as s:
        ids = select(IncidentSourceRow.incident_id).where(IncidentSourceRow.article_id == article_id)
        found = _stored(s, list(s.scalars(select(IncidentRow).where(IncidentRow.id.in_(ids)))))
    found.sort(key=lambda i: min((e.start for e in i.evidence if e.article_id == article_id), default=0))
    return corrections.apply(found)

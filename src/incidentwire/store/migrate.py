"""Bring a database written by an older incidentwire up to the current schema, in place.

Hand-written rather than Alembic: there is one step so far, a column on two tables, and a store
must upgrade itself when opened (a laptop user has no migration tool to run). Each step checks
what is already there, so a step interrupted half-way is finished the next time.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, inspect, text

from incidentwire.store.schema import SchemaInfoRow


def _columns(conn: Connection, table: str) -> set[str]:
    return {c["name"] for c in inspect(conn).get_columns(table)}


def _to_3(conn: Connection) -> None:
    """Schema 3: whether a report (and an incident) is only mentioned in passing. Before, the
    article's first incident was its main one and every later one a passing mention."""
    false = "0" if conn.dialect.name == "sqlite" else "false"
    if "in_passing" not in _columns(conn, "reports"):
        conn.execute(text(f"ALTER TABLE reports ADD COLUMN in_passing BOOLEAN NOT NULL DEFAULT {false}"))
    conn.execute(text("UPDATE reports SET in_passing = (rank > 0)"))
    if "in_passing" not in _columns(conn, "incidents"):
        conn.execute(text(f"ALTER TABLE incidents ADD COLUMN in_passing BOOLEAN NOT NULL DEFAULT {false}"))
    conn.execute(text("UPDATE incidents SET in_passing = NOT EXISTS (SELECT 1 FROM reports "
                      "WHERE reports.incident_id = incidents.id AND reports.rank = 0)"))
    if "ix_incidents_in_passing" not in {i["name"] for i in inspect(conn).get_indexes("incidents")}:
        conn.execute(text("CREATE INDEX ix_incidents_in_passing ON incidents (in_passing)"))


STEPS: dict[int, Callable[[Connection], None]] = {2: _to_3}  # from version -> the step to the next


def upgrade(conn: Connection, version: int, target: int) -> bool:
    """Run the steps from `version` to `target` in the caller's transaction; False when there is
    no path (a database from before schema 2, or from a newer incidentwire)."""
    if version > target or any(v not in STEPS for v in range(version, target)):
        return False
    for v in range(version, target):
        STEPS[v](conn)
        conn.execute(SchemaInfoRow.__table__.insert().values(version=v + 1))
    return True

"""A PostgreSQL schema of its own for one test, dropped afterwards (INCIDENTWIRE_TEST_PG_URL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

PG_URL = os.environ.get("INCIDENTWIRE_TEST_PG_URL")
SKIP_REASON = "set INCIDENTWIRE_TEST_PG_URL to a PostgreSQL URL to run"


@contextmanager
def pg_schema_url(prefix: str) -> Iterator[str]:
    """YIELDS a database URL whose search path is a new schema; the schema is dropped after."""
    assert PG_URL, SKIP_REASON
    schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"create schema {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"drop schema {schema} cascade"))
        admin.dispose()

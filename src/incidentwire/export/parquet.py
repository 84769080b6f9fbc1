"""Apache Parquet (pyarrow): the spreadsheet columns, typed, plus the full SPEC record as JSON text,
for pandas, DuckDB, R arrow. Binary: written to the byte stream under the text stream it is given."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from incidentwire.export._rows import INCIDENT_COLUMNS, JOIN, incident_row
from incidentwire.models import StoredIncident

NAME = "parquet"
HELP = "Apache Parquet, typed columns plus the full record as JSON (binary: needs a file)"

TYPES = {"lat": pa.float64(), "lon": pa.float64(), "confidence": pa.float64(),
         **{c: pa.int64() for c in ("killed", "killed_min", "killed_max", "wounded", "wounded_min", "wounded_max")}}
SCHEMA = pa.schema([(c, TYPES.get(c, pa.string())) for c in INCIDENT_COLUMNS]
                   + [("sources", pa.string()), ("source_urls", pa.string()), ("record", pa.string())])


def write_incidents(incidents: Iterable[StoredIncident], out: TextIO) -> None:
    binary = getattr(out, "buffer", None)
    if binary is None:
        raise ValueError("parquet is binary: write it to a file")
    rows = [{**incident_row(i), "sources": JOIN.join(s.article_id for s in i.sources),
             "source_urls": JOIN.join(s.url or "" for s in i.sources),
             "record": json.dumps(i.to_json(), ensure_ascii=False)} for i in incidents]
    out.flush()
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), binary)
    binary.flush()

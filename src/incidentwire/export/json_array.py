"""One JSON array of the jsonl objects, for tools that want a single document. Streams."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from incidentwire.models import ArticleResult, StoredIncident

NAME = "json"
HELP = "one JSON array of the jsonl objects"


def _write(items: Iterable[dict[str, Any]], out: TextIO) -> None:
    out.write("[")
    for n, item in enumerate(items):
        out.write(("\n" if n == 0 else ",\n") + json.dumps(item, ensure_ascii=False))
    out.write("\n]\n")


def write_results(results: Iterable[ArticleResult], out: TextIO) -> None:
    _write((r.to_json() for r in results), out)


def write_incidents(incidents: Iterable[StoredIncident], out: TextIO) -> None:
    _write((i.to_json() for i in incidents), out)

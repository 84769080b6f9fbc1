"""JSON Lines: the SPEC.md contract. One `extract` line per input article (skipped ones too, with
no incidents), or one stored incident (SPEC shape plus `sources`) per line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from incidentwire.models import ArticleResult, StoredIncident

NAME = "jsonl"
HELP = "one JSON object a line (the SPEC.md contract)"


def write_results(results: Iterable[ArticleResult], out: TextIO) -> None:
    for result in results:
        out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")


def write_incidents(incidents: Iterable[StoredIncident], out: TextIO) -> None:
    for incident in incidents:
        out.write(json.dumps(incident.to_json(), ensure_ascii=False) + "\n")

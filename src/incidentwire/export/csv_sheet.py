"""CSV, one row per incident: the spreadsheet view (lists joined by "; ")."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from incidentwire.export._rows import INCIDENT_COLUMNS, JOIN, incident_row
from incidentwire.models import ArticleResult, StoredIncident

NAME = "csv"
HELP = "one row per incident, for spreadsheets"


def write_results(results: Iterable[ArticleResult], out: TextIO) -> None:
    sheet = csv.DictWriter(out, ["article_id", *INCIDENT_COLUMNS], lineterminator="\n")
    sheet.writeheader()
    for result in results:
        for incident in result.incidents:
            sheet.writerow({"article_id": result.article.id, **incident_row(incident)})


def write_incidents(incidents: Iterable[StoredIncident], out: TextIO) -> None:
    sheet = csv.DictWriter(out, [*INCIDENT_COLUMNS, "sources", "source_urls"], lineterminator="\n")
    sheet.writeheader()
    for incident in incidents:
        sheet.writerow({**incident_row(incident),
                        "sources": JOIN.join(s.article_id for s in incident.sources),
                        "source_urls": JOIN.join(s.url or "" for s in incident.sources)})

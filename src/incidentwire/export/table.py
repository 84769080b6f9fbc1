"""A rich table for people reading a terminal: one row per incident, the essentials only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from rich.console import Console
from rich.table import Table

from incidentwire.export._rows import count, place
from incidentwire.models import ArticleResult, Incident, StoredIncident

NAME = "table"
HELP = "a readable table (the default on a terminal)"


def _table(last: str) -> Table:
    table = Table(show_lines=False, header_style="bold")
    for name in ("Date", "Place", "Category", "Perpetrator"):
        table.add_column(name)
    table.add_column("Killed/wounded", justify="right")
    table.add_column(last, overflow="fold")
    return table


def _cells(incident: Incident) -> list[str]:
    category = incident.category + (f" ({incident.subcategory})" if incident.subcategory else "")
    return [incident.date.value or "?", place(incident), category,
            ", ".join(p.name for p in incident.perpetrators) or "?",
            f"{count(incident.killed)} / {count(incident.wounded)}"]


def _print(table: Table, out: TextIO) -> None:
    console = Console(file=out, width=None if out.isatty() else 160, soft_wrap=False)
    console.print(table)


def write_results(results: Iterable[ArticleResult], out: TextIO) -> None:
    table = _table("Article")
    articles = skipped = 0
    for result in results:
        articles += 1
        skipped += bool(result.skipped)
        for incident in result.incidents:
            table.add_row(*_cells(incident), result.article.title or result.article.id)
    table.caption = f"{table.row_count} incidents in {articles} articles ({skipped} skipped)"
    _print(table, out)


def write_incidents(incidents: Iterable[StoredIncident], out: TextIO) -> None:
    table = _table("Sources")
    for incident in incidents:
        sources = "\n".join(s.title or s.url or s.article_id for s in incident.sources)
        table.add_row(*_cells(incident), sources)
    table.caption = f"{table.row_count} incidents"
    _print(table, out)

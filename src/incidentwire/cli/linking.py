"""Commands over linked incidents: `show` what each source said, `why` reports were merged,
correct the linker with `merge` and `split`, and `count` incidents and casualties."""

from __future__ import annotations

import getpass
import json
import os
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from incidentwire.cli.common import (
    WITH_PASSING_HELP,
    Db,
    app,
    check_category,
    check_country,
    check_day,
    err,
    escape,
    fail,
    plural,
)
from incidentwire.link.reconcile import said_by
from incidentwire.models import CATEGORIES

if TYPE_CHECKING:
    from incidentwire.store import Store

IncidentId = Annotated[str, typer.Argument(help="An incident id (as listed by `incidentwire incidents`).",
                                           metavar="ID", show_default=False)]
User = Annotated[str | None, typer.Option(
    "--user", help="Who decides (stored with the decision) [default: $INCIDENTWIRE_USER, else your login].")]


def _user(value: str | None) -> str:
    return value or os.environ.get("INCIDENTWIRE_USER") or getpass.getuser()


def _open(db: str | None) -> Store:
    """The store, or a one-line error. (Imported lazily: `--help` stays fast.)"""
    from incidentwire.store import Store, StoreError

    try:
        return Store(db)
    except StoreError as error:
        fail(str(error))


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


@app.command()
def show(incident_id: IncidentId, db: Db = None,
         as_json: Annotated[bool, typer.Option("--json", help="The record plus `said_by`, as JSON.")] = False) -> None:
    """Print an incident field by field, with what each of its sources said."""
    from incidentwire.store import StoreError

    store = _open(db)
    try:
        with store:
            incident = store.get_incident(incident_id)
            if incident is None:
                fail(f"no incident {incident_id!r} in {store.name}")
            reports = store.reports(incident.id)
    except StoreError as error:
        fail(str(error))
    said = said_by(reports)
    if as_json:
        record = incident.to_json()
        record["said_by"] = {f: [{"article_id": a, "value": v} for a, v in values] for f, values in said.items()}
        typer.echo(json.dumps(record, indent=2, ensure_ascii=False))
        return
    out = _console()
    out.print(f"[bold]{incident.id}[/]  {escape(incident.summary or '')}")
    table = Table(show_lines=True)
    for column in ("field", "record", "sources said"):
        table.add_column(column, overflow="fold")
    record = incident.to_json()
    for field in ("category", "date", "location", "killed", "wounded", "perpetrators", "victims", "targets",
                  "weapons", "claims"):
        table.add_row(field, escape(_value(field, record[field])),
                      escape("\n".join(f"{a}: {v}" for a, v in said.get(field, [])) or "-"))
    out.print(table)
    for conflict in incident.conflicts:
        values = ", ".join(f"{v.value} ({v.article_id})" for v in conflict.values)
        out.print(f"[yellow]conflict[/] on {conflict.field}: {escape(values)}")
    out.print(f"{plural(len(incident.sources), 'source')}:")
    for source in incident.sources:
        passing = "  [dim](in passing)[/]" if source.in_passing else ""
        out.print(f"  {escape(source.article_id)}  {escape(source.publication_date or '')}  "
                  f"{escape(source.title or source.url or '')}{passing}")


def _value(field: str, value: object) -> str:
    if field == "date" and isinstance(value, dict):
        return f"{value['value']} ({value['precision']})" if value.get("value") else "-"
    if field == "location" and isinstance(value, dict):
        parts = [value.get("name"), value.get("admin1"), value.get("country_code")]
        return ", ".join(p for p in parts if p) + f" ({value['precision']})" if value.get("name") else "-"
    if field in ("killed", "wounded") and isinstance(value, dict):
        low, high = value.get("min"), value.get("max")
        extra = f" (min {low}, max {high})" if low is not None and high is not None and low != high else ""
        return f"{value.get('best')}{extra}"
    if isinstance(value, list):
        return "; ".join(str(v.get("name") or v.get("text")) for v in value) or "-"
    return str(value)


@app.command()
def why(incident_id: IncidentId, db: Db = None,
        features: Annotated[int, typer.Option(min=0, help="Show this many features per link.")] = 5) -> None:
    """Explain an incident's merges: which features matched, each link's score, the threshold."""
    from incidentwire.store import StoreError

    store = _open(db)
    try:
        with store:
            current = store.resolve_id(incident_id)
            explanation = store.explain(current) if current else None
    except StoreError as error:
        fail(str(error))
    if explanation is None:
        fail(f"no incident {incident_id!r} in {store.name}")
    out = _console()
    articles = sorted({a for _, a in explanation.reports})
    out.print(f"[bold]{explanation.incident_id}[/]: {plural(len(explanation.reports), 'report')} from "
              f"{plural(len(articles), 'article')}; links at probability >= {explanation.threshold}, groups "
              f"joined when their mean link score >= {explanation.cohesion}")
    if len(explanation.reports) == 1 and not explanation.links:
        out.print("a single report: nothing was merged into it (no stored report scored above the threshold)")
    for link in explanation.links:
        if link.score is None:
            head = "[green]merged by an analyst[/]"
        elif link.used:
            head = f"[green]linked[/] score {link.score:.3f}"
        else:
            head = f"[yellow]scored {link.score:.3f} but kept apart[/] (same article or too weak to its group)"
        out.print(f"{head}: {escape(link.article_a)} ({link.report_a}) ~ {escape(link.article_b)} ({link.report_b})")
        for c in link.contributions[:features]:
            out.print(f"    {c.feature:15s} = {c.value:6.3f}  x {c.weight:+.3f}  = {c.points:+.3f}")
    for d in explanation.decisions:
        state = "" if d.active else " (overridden)"
        out.print(f"{d.at:%Y-%m-%d %H:%M} {escape(d.user)}: {d.kind} {d.incident_id} {escape(d.other)}{state}")
    for article in explanation.pinned:
        out.print(f"article {escape(article)} was split off by an analyst: it takes no automatic link")


@app.command()
def merge(incident_id: IncidentId,
          other: Annotated[str, typer.Argument(help="The incident to merge into it.", metavar="ID2",
                                               show_default=False)],
          db: Db = None, user: User = None) -> None:
    """Merge two incidents (an analyst's decision: stored, and kept over the automatic linker)."""
    from incidentwire.store import DecisionError, StoreError

    store = _open(db)
    try:
        with store:
            merged = store.merge(incident_id, other, user=_user(user))
    except (StoreError, DecisionError) as error:
        fail(str(error))
    err.print(f"merged {escape(incident_id)} and {escape(other)} into {merged}")
    typer.echo(merged)


@app.command()
def split(incident_id: IncidentId,
          article: Annotated[str, typer.Option("--article", "-a", metavar="ARTICLE_ID",
                                               help="The source article to take out.")],
          db: Db = None, user: User = None) -> None:
    """Take an article out of an incident, for good (an analyst's decision).

    The article's reports become incidents of their own and take no automatic link from then on."""
    from incidentwire.store import DecisionError, StoreError

    store = _open(db)
    try:
        with store:
            ids = store.split(incident_id, article, user=_user(user))
    except (StoreError, DecisionError) as error:
        fail(str(error))
    err.print(f"split {escape(article)} out of {escape(incident_id)}: now {', '.join(ids)}")
    typer.echo("\n".join(ids))


@app.command()
def count(
    db: Db = None,
    category: Annotated[str | None, typer.Option(callback=check_category, metavar="CATEGORY",
                                                 help=f"One of: {', '.join(CATEGORIES)}.")] = None,
    country: Annotated[str | None, typer.Option(callback=check_country, metavar="CC",
                                                help="Two-letter ISO country code.")] = None,
    admin1: Annotated[str | None, typer.Option(metavar="NAME", help="Part of the state/province name.")] = None,
    place: Annotated[str | None, typer.Option(metavar="NAME", help="Part of the place name.")] = None,
    since: Annotated[str | None, typer.Option(callback=check_day, metavar="YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(callback=check_day, metavar="YYYY-MM-DD")] = None,
    killed: Annotated[bool, typer.Option("--killed", help="Print the number of people killed.")] = False,
    wounded: Annotated[bool, typer.Option("--wounded", help="Print the number of people wounded.")] = False,
    with_passing: Annotated[bool, typer.Option("--with-passing/--main-only", help=WITH_PASSING_HELP)] = False,
) -> None:
    """How many incidents (or how many killed or wounded) in the deduplicated records.

    Prints the number alone on stdout (so scripts can read it) and a sentence on stderr."""
    from incidentwire.store import StoreError

    if killed and wounded:
        fail("choose one of --killed and --wounded")
    if since and until and since > until:
        fail(f"--since {since} is after --until {until}")
    store = _open(db)
    try:
        with store:
            tally = store.count(since=since, until=until, country=country, category=category,
                                admin1=admin1, place=place, with_passing=with_passing)
    except StoreError as error:
        fail(str(error))
    number = tally.killed if killed else tally.wounded if wounded else tally.incidents
    what = "killed" if killed else "wounded" if wounded else None
    err.print(f"{number} {what} in {plural(tally.incidents, 'incident')}" if what
              else plural(tally.incidents, "incident"))
    typer.echo(number)

"""Commands over the database: `ingest` articles into it, list its `incidents`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

import typer

from incidentwire import export
from incidentwire.cli.common import (
    EXIT_INPUT,
    WITH_PASSING_HELP,
    Countries,
    Db,
    MaxChars,
    Output,
    Paths,
    Published,
    Reading,
    app,
    check_category,
    check_country,
    check_day,
    default_format,
    describe_skipped,
    err,
    fail,
    format_checker,
    make_pipeline,
    opened,
    plural,
    progress_bar,
)
from incidentwire.models import CATEGORIES, Article, ArticleResult


@app.command()
def ingest(
    paths: Paths,
    db: Db = None,
    published: Published = None,
    max_chars: MaxChars = 1_000_000,
    country: Countries = None,
) -> None:
    """Extract incidents from articles into the database, one transaction per article.

    Articles already stored with the same text are skipped before any NLP, so re-running an
    interrupted ingest resumes where it stopped; a syndicated copy (same text, other id) becomes a
    second source of the first copy's incidents."""
    from incidentwire.store import Store, StoreError
    from incidentwire.store import ingest as run_ingest

    reading = Reading(paths, published, max_chars)
    try:
        store = Store(db)
        store.check_writable()
    except StoreError as error:
        fail(str(error))
    pipeline = _LazyPipeline(country)
    try:
        with store, progress_bar(reading.estimate(), "ingesting") as tick:
            summary = run_ingest(store, reading.articles(), pipeline, progress=lambda article: tick())
            counts = store.counts()
    except StoreError as error:
        reading.report()
        fail(str(error))
    except KeyboardInterrupt:
        err.print("interrupted: every article saved so far is kept; run the same command to resume")
        raise typer.Exit(130) from None
    problems = reading.report()
    err.print(f"{plural(reading.read, 'article')} read: {summary.new} new, {summary.unchanged} unchanged, "
              f"{summary.updated} updated, {summary.duplicates} duplicates, {describe_skipped(summary.skipped)}; "
              f"{plural(problems, 'read problem')}; {plural(summary.incidents, 'incident')} stored "
              f"(database: {plural(counts.articles, 'article')}, {plural(counts.incidents, 'incident')})",
              highlight=False)
    if reading.nothing_read():
        raise typer.Exit(EXIT_INPUT)


class _LazyPipeline:
    """Loads the models only if some article is new: a re-run over stored articles stays fast."""

    def __init__(self, countries: list[str] | None):
        self.countries = countries
        self._pipeline: Any = None

    def run(self, articles: list[Article]) -> Iterable[ArticleResult]:
        if not articles:
            return []
        if self._pipeline is None:
            self._pipeline = make_pipeline(self.countries)
        return self._pipeline.run(articles)


@app.command()
def incidents(
    db: Db = None,
    since: Annotated[str | None, typer.Option(callback=check_day, metavar="YYYY-MM-DD",
                                              help="Incidents on or after this day.")] = None,
    until: Annotated[str | None, typer.Option(callback=check_day, metavar="YYYY-MM-DD",
                                              help="Incidents on or before this day.")] = None,
    country: Annotated[str | None, typer.Option(callback=check_country, metavar="CC",
                                                help="Two-letter ISO country code.")] = None,
    category: Annotated[str | None, typer.Option(callback=check_category, metavar="CATEGORY",
                                                 help=f"One of: {', '.join(CATEGORIES)}.")] = None,
    perpetrator: Annotated[str | None, typer.Option(
        metavar="TEXT", help="Part of a perpetrator's name (any case).")] = None,
    admin1: Annotated[str | None, typer.Option(metavar="NAME", help="Part of the state/province name.")] = None,
    place: Annotated[str | None, typer.Option(metavar="NAME", help="Part of the place name.")] = None,
    with_passing: Annotated[bool, typer.Option("--with-passing/--main-only", help=WITH_PASSING_HELP)] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many.")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", callback=format_checker("incidents"),
        help=f"{export.describe('incidents')}. [default: table on a terminal, else jsonl]")] = None,
    output: Output = None,
) -> None:
    """List stored incidents with their sources, oldest first (undated last)."""
    from incidentwire.store import Store, StoreError

    if since and until and since > until:
        fail(f"--since {since} is after --until {until}")
    try:
        with Store(db) as store:
            found = store.incidents(since=since, until=until, country=country, category=category,
                                    perpetrator=perpetrator, admin1=admin1, place=place, with_passing=with_passing,
                                    limit=limit)
    except StoreError as error:
        fail(str(error))
    with opened(output) as out:
        export.writer(default_format(fmt), "incidents")(found, out)

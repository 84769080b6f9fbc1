"""`serve` the web app and API over a database; `export` stored incidents (corrections applied)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from incidentwire import export as formats
from incidentwire.cli.common import (
    WITH_PASSING_HELP,
    Db,
    Output,
    app,
    check_category,
    check_country,
    check_day,
    err,
    fail,
    opened,
)
from incidentwire.models import CATEGORIES

EXPORTS = [name for name in formats.formats("incidents") if name != "table"]


@app.command()
def serve(
    db: Db = None,
    host: Annotated[str, typer.Option(help="Interface to listen on. Beyond 127.0.0.1, reads need the token "
                                           "too unless --open-reads.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    open_reads: Annotated[bool | None, typer.Option(
        "--open-reads/--token-for-reads",
        help="Let anyone who can reach the server read. [default: only on 127.0.0.1]")] = None,
) -> None:
    """Start the web app (map, timeline, table, incident and article pages) and the HTTP API (/api).

    Writes (POST /api/articles, corrections) need a token: $INCIDENTWIRE_TOKEN, or one generated
    and printed now. Analysts sign in once in the browser with it and their name."""
    import uvicorn

    from incidentwire.serve import create_app
    from incidentwire.serve.auth import TOKEN_ENV, is_loopback, token_from_env
    from incidentwire.store import Store, StoreError

    try:
        store = Store(db)
        store.counts()
    except StoreError as error:
        fail(str(error))
    token, generated = token_from_env()
    reads_open = is_loopback(host) if open_reads is None else open_reads
    application = create_app(store, token=token, open_reads=reads_open)
    shown = f"[{host}]" if ":" in host else host
    err.print(f"incidentwire on http://{shown}:{port}/  (database: {store.name})")
    if generated:
        err.print(f"write token (set {TOKEN_ENV} to choose your own): {token}")
    else:
        err.print(f"write token: ${TOKEN_ENV}")
    err.print("reads: open to anyone who can connect" if reads_open else "reads: need the token as well")
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command("export")
def export_incidents(
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(EXPORTS)} "
                                                            "(crosswalk in docs/EXPORTS.md).")] = "csv",
    db: Db = None,
    since: Annotated[str | None, typer.Option(callback=check_day, metavar="YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(callback=check_day, metavar="YYYY-MM-DD")] = None,
    country: Annotated[str | None, typer.Option(callback=check_country, metavar="CC")] = None,
    category: Annotated[str | None, typer.Option(callback=check_category, metavar="CATEGORY",
                                                 help=f"One of: {', '.join(CATEGORIES)}.")] = None,
    perpetrator: Annotated[str | None, typer.Option(metavar="TEXT")] = None,
    text: Annotated[str | None, typer.Option("--text", metavar="WORDS",
                                             help="Only incidents whose source articles contain this.")] = None,
    with_passing: Annotated[bool, typer.Option("--with-passing/--main-only", help=WITH_PASSING_HELP)] = False,
    output: Output = None,
) -> None:
    """Export stored incidents, with analysts' corrections applied, in a format other tools read."""
    from incidentwire.serve import queries
    from incidentwire.serve.filters import Filters
    from incidentwire.store import Store, StoreError
    from incidentwire.store.corrections import Corrections

    if fmt not in EXPORTS:
        fail(f"unknown format {fmt!r} (choose from: {', '.join(EXPORTS)})")
    if fmt == "parquet" and output is None and sys.stdout.isatty():
        fail("parquet is binary: give --output FILE or redirect standard output")
    if since and until and since > until:
        fail(f"--since {since} is after --until {until}")
    f = Filters(since=since, until=until, category=category, country=country, perpetrator=perpetrator, q=text,
                with_passing=with_passing)
    try:
        with Store(db) as store:
            found = queries.all_of(store, Corrections(store), f)
    except StoreError as error:
        fail(str(error))
    with opened(output) as out:
        formats.writer(fmt, "incidents")(found, out)
    err.print(f"{len(found)} incidents exported as {fmt}")

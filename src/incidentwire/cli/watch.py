"""`incidentwire watch` (feeds and pages from FEEDS.toml, polled) and `incidentwire fetch` (single pages)."""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from incidentwire.cli.common import Countries, Db, app, describe_skipped, err, escape, fail, plural
from incidentwire.cli.store import _LazyPipeline  # the models load only if something new arrives

if TYPE_CHECKING:
    from incidentwire.store import Store
    from incidentwire.watch import PollReport

EXIT_FAILED = 1  # every source failed (watch --once), or a page could not be fetched (fetch)
SHOWN_ERRORS = 10


@app.command()
def watch(
    feeds: Annotated[Path | None, typer.Argument(
        metavar="FEEDS.toml", show_default=False,
        help="The feeds and pages to watch, and politeness settings (see README, 'Watching feeds').")] = None,
    db: Db = None,
    interval: Annotated[str | None, typer.Option(
        metavar="DURATION", help="Time between polls, e.g. 30s, 15m, 1h [default: FEEDS.toml's, else 15m].")] = None,
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit (for cron).")] = False,
    status: Annotated[bool, typer.Option("--status", help="Show each source's record and exit.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --status: one JSON object per source.")] = False,
    country: Countries = None,
) -> None:
    """Poll RSS/Atom feeds and pages, and ingest every new article as it appears.

    Each article is fetched once (conditional GET, canonical URLs; syndicated copies are caught
    by their text), and a restart resumes where the last run stopped. Sites are read politely:
    robots.txt, a per-host delay and concurrency limit, a timeout and a size cap; a failing
    source is reported and backed off without holding up the others."""
    from incidentwire.store import Store, StoreError
    from incidentwire.watch import ConfigError, Watcher, load_config, parse_interval

    if status:
        try:
            with Store(db) as store:
                _print_status(store, as_json)
        except StoreError as error:
            fail(str(error))
        return
    if feeds is None:
        fail("give a FEEDS.toml to watch (or --status)")
    try:
        config = load_config(feeds)
        if interval is not None:
            config.interval = parse_interval(interval)
    except (ConfigError, ValueError) as error:
        fail(str(error))
    try:
        store = Store(db)
        store.check_writable()
    except StoreError as error:
        fail(str(error))
    stop = threading.Event()
    try:
        with _ctrl_c_remembered() as interrupted, store, \
                Watcher(store, _LazyPipeline(country), config.politeness, interval=config.interval) as watcher:
            while True:
                started = time.monotonic()
                report = watcher.poll(config.sources)
                _print_report(report)
                if once:
                    if report.checked and len(report.failed_sources) == report.checked:
                        raise typer.Exit(EXIT_FAILED)
                    return
                if interrupted.is_set():
                    raise KeyboardInterrupt  # a Ctrl-C some library code swallowed during the poll
                wait = max(0.0, config.interval - (time.monotonic() - started))
                err.print(f"next poll in {wait:.0f} s (Ctrl-C to stop)")
                stop.wait(wait)
    except StoreError as error:
        fail(str(error))
    except KeyboardInterrupt:
        err.print("stopped: every article stored so far is kept; the next run resumes from here")
        raise typer.Exit(130) from None


@contextmanager
def _ctrl_c_remembered() -> Iterator[threading.Event]:
    """An Event that Ctrl-C sets while still raising KeyboardInterrupt at once. Code that catches
    every exception could swallow that one interrupt and leave `watch` polling for ever (a test saw
    it once); the loop checks the Event after each poll as well."""
    interrupted = threading.Event()

    def on_ctrl_c(signum: int, frame: object) -> None:
        interrupted.set()
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():  # only the main thread has handlers
        yield interrupted
        return
    previous = signal.signal(signal.SIGINT, on_ctrl_c)
    try:
        yield interrupted
    finally:
        signal.signal(signal.SIGINT, previous)


@app.command()
def fetch(
    urls: Annotated[list[str], typer.Argument(metavar="URL...", show_default=False,
                                              help="Article pages (http or https).")],
    db: Db = None,
    country: Countries = None,
) -> None:
    """Fetch article pages and ingest them (same politeness and memory as `watch`)."""
    from incidentwire.store import Store, StoreError
    from incidentwire.watch import Source, Watcher

    bad = [u for u in urls if not u.lower().startswith(("http://", "https://"))]
    if bad:
        fail(f"not an http(s) URL: {bad[0]}")
    try:
        store = Store(db)
        store.check_writable()
    except StoreError as error:
        fail(str(error))
    try:
        with store, Watcher(store, _LazyPipeline(country)) as watcher:
            report = watcher.poll([Source(url=u, kind="page") for u in dict.fromkeys(urls)], force=True)
    except StoreError as error:
        fail(str(error))
    except KeyboardInterrupt:
        err.print("interrupted: every article stored so far is kept")
        raise typer.Exit(130) from None
    _print_report(report)
    if report.failed_sources:
        raise typer.Exit(EXIT_FAILED)


def _print_report(report: PollReport) -> None:
    done = report.ingested
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    err.print(f"{stamp}: {plural(report.checked, 'source')} checked ({report.not_modified} not modified, "
              f"{len(report.failed_sources)} failed, {len(report.backed_off)} backed off); "
              f"{plural(report.new_items, 'new item')}; {plural(report.fetched, 'page')} fetched: "
              f"{done.new} new, {done.updated} updated, {done.unchanged} unchanged, {done.duplicates} duplicates, "
              f"{describe_skipped(done.skipped)}; {plural(done.incidents, 'incident')} stored", highlight=False)
    for url, message in report.failed_sources:
        err.print(f"[red]error:[/] {escape(url)}: {escape(message)}")
    for url, until in report.backed_off:
        err.print(f"[yellow]backed off:[/] {escape(url)} until {until:%Y-%m-%d %H:%M} UTC")
    for url, message in report.item_errors[:SHOWN_ERRORS]:
        err.print(f"[yellow]warning:[/] {escape(url)}: {escape(message)}")
    if len(report.item_errors) > SHOWN_ERRORS:
        err.print(f"[yellow]warning:[/] {len(report.item_errors) - SHOWN_ERRORS} more pages could not be read")
    for message in report.warnings:
        err.print(f"[yellow]warning:[/] {escape(message)}")


def _print_status(store: Store, as_json: bool) -> None:
    from dataclasses import asdict

    from rich.console import Console
    from rich.table import Table

    from incidentwire.watch import WatchState

    rows = WatchState(store).status()
    if as_json:
        for row in rows:
            typer.echo(json.dumps(asdict(row), default=lambda d: d.isoformat(timespec="seconds")))
        return
    if not rows:
        err.print("no sources watched yet in this database")
        return
    table = Table(title="Watched sources", title_justify="left")
    for column in ("source", "kind", "last success", "last error", "articles", "incidents", "pending", "failed"):
        table.add_column(column, overflow="fold", justify="right" if column in
                         ("articles", "incidents", "pending", "failed") else "left")
    for row in rows:
        error = "-"
        if row.last_error:
            error = f"{_when(row.last_error_at)}: {row.last_error}"
            if row.failures:
                error += f" ({plural(row.failures, 'failure')} in a row"
                error += f", next try after {_when(row.backoff_until)})" if row.backoff_until else ")"
        name = f"{row.name}\n{row.url}" if row.name else row.url
        table.add_row(escape(name), row.kind, _when(row.last_success), escape(error), str(row.articles),
                      str(row.incidents), str(row.pending), str(row.failed))
    Console(width=160).print(table)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"

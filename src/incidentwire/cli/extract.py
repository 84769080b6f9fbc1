"""`incidentwire extract`: articles in, one result per article out, no database."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from typing import Annotated

import typer

from incidentwire import export
from incidentwire.cli.common import (
    BATCH,
    EXIT_INPUT,
    Countries,
    MaxChars,
    Output,
    Paths,
    Published,
    Reading,
    Tick,
    app,
    default_format,
    describe_skipped,
    err,
    format_checker,
    make_pipeline,
    opened,
    plural,
    progress_bar,
)
from incidentwire.models import ArticleResult


@app.command()
def extract(
    paths: Paths,
    published: Published = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", callback=format_checker("results"),
        help=f"{export.describe('results')}. [default: table on a terminal, else jsonl]")] = None,
    output: Output = None,
    max_chars: MaxChars = 1_000_000,
    country: Countries = None,
) -> None:
    """Extract incidents from articles and write one record per article (no database)."""
    from incidentwire.store.loader import batched

    reading = Reading(paths, published, max_chars)
    write = export.writer(default_format(fmt), "results")
    pipeline = make_pipeline(country)
    skipped: Counter[str] = Counter()
    incidents = 0

    def results(tick: Tick) -> Iterator[ArticleResult]:
        nonlocal incidents
        for batch in batched(reading.articles(), BATCH):
            for result in pipeline.run(batch):
                incidents += len(result.incidents)
                if result.skipped:
                    skipped[result.skipped] += 1
                tick()
                yield result

    with progress_bar(reading.estimate(), "extracting") as tick, opened(output) as out:
        try:
            write(results(tick), out)
            out.flush()
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (`| head`): stop quietly
            raise typer.Exit(0) from None
    problems = reading.report()
    err.print(f"{plural(reading.read, 'article')} read, {plural(incidents, 'incident')} found, "
              f"{describe_skipped(skipped)}, {plural(problems, 'read problem')}", highlight=False)
    if reading.nothing_read():
        raise typer.Exit(EXIT_INPUT)

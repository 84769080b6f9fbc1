"""Stage 1, ingest: user inputs (files, directories, JSONL/JSON/CSV exports, stdin) to Articles.

    problems: list[ReadProblem] = []
    for article in read_articles(["dir/", "x.jsonl", "-"], options=ReadOptions(), problems=problems):
        ...

Bad input never raises: each problem becomes a `ReadProblem` (error: something was not read;
warning: read, but changed or skipped on purpose) and everything else is still read. Articles are
yielded lazily, in input order, so a 1 GB JSON Lines file streams.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from incidentwire.ingest.dates import normalise_date
from incidentwire.ingest.paths import read_path
from incidentwire.ingest.problems import ReadOptions, ReadProblem, Report
from incidentwire.ingest.records import Context
from incidentwire.models import Article

__all__ = ["ReadOptions", "ReadProblem", "normalise_date", "read_articles"]

PUBLISHED_OPTION = "--published"


def read_articles(paths: Iterable[str | os.PathLike[str]] | str, *, options: ReadOptions | None = None,
                  problems: list[ReadProblem] | None = None) -> Iterator[Article]:
    """Articles from every path (`-` is stdin), in order; the first of each id wins.

    Problems are appended to `problems` as reading reaches them (so after the iterator is
    exhausted the list is complete); with `problems=None` they only go to the log.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]  # a lone path, not an iterable of one-character paths
    options = options or ReadOptions()
    report = Report(problems if problems is not None else [])
    ctx = Context(options=options, report=report, published=_published(options, report))
    seen: dict[str, str] = {}
    for arg in paths:
        for article, path, line in read_path(os.fspath(arg), ctx):
            where = path if line is None else f"{path}:{line}"
            if article.id in seen:
                report.warning(path, line, f"duplicate id {article.id!r} (first at {seen[article.id]}); "
                                           "skipped", article.id)
                continue
            seen[article.id] = where
            yield article


def _published(options: ReadOptions, report: Report) -> str | None:
    if options.published is None:
        return None
    value = normalise_date(options.published)
    if value is None:
        report.error(PUBLISHED_OPTION, None, f"{options.published!r} is not a date (use YYYY-MM-DD); ignored")
    return value

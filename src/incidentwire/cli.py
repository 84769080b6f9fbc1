"""The `incidentwire` command: a thin layer over the library (ingest -> pipeline -> export/store).

Results go to stdout (or --output); progress, problems and the one-line summary go to stderr, so
`incidentwire extract a.jsonl > out.jsonl` gives clean JSON Lines. User mistakes (bad paths, bad
options, an unusable database) end with a one-line message and a non-zero exit, not a traceback.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn, TextIO

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from incidentwire import export
from incidentwire.models import CATEGORIES, Article, ArticleResult

app = typer.Typer(
    help="News reports of violent incidents -> deduplicated, geocoded, sourced incident records.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one message, one line

EXIT_INPUT = 2  # inputs missing or unreadable, bad options, unusable database
PROGRESS_FROM = 5  # show a progress bar from this many articles on
BATCH = 32  # articles per pipeline call, so output streams and memory stays bounded


def fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def escape(text: str) -> str:
    from rich.markup import escape as _escape

    return _escape(text)


# --- option validation ----------------------------------------------------------------------------

def _day(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise typer.BadParameter(f"expected a date YYYY-MM-DD, got {value!r}")


def _country(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[A-Za-z]{2}", value):
        raise typer.BadParameter(f"expected a two-letter ISO country code such as AF, got {value!r}")
    return value.upper() if value else None


def _countries(values: list[str] | None) -> list[str]:
    return [c for c in map(_country, values or []) if c]


def _category(value: str | None) -> str | None:
    if value is not None and value not in CATEGORIES:
        raise typer.BadParameter(f"unknown category {value!r}; valid: {', '.join(CATEGORIES)}")
    return value


def _format_checker(kind: export.Kind) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        if value is not None and value not in export.formats(kind):
            raise typer.BadParameter(f"unknown format {value!r}; valid: {', '.join(export.formats(kind))}")
        return value
    return check


Paths = Annotated[list[str], typer.Argument(
    help="Article files or folders (text, JSONL, CSV, HTML, feeds); '-' reads standard input.",
    show_default=False, metavar="PATH...")]
Published = Annotated[str | None, typer.Option(
    "--published", callback=_day, metavar="YYYY-MM-DD",
    help="Publication date for articles that carry none (relative dates are resolved against it).")]
MaxChars = Annotated[int, typer.Option("--max-chars", min=1, help="Cut longer articles (with a warning).")]
Countries = Annotated[list[str] | None, typer.Option(
    "--country", callback=_countries, metavar="CC",
    help="Prefer places in this country (ISO code; repeatable), e.g. --country AF.")]
Db = Annotated[str | None, typer.Option(
    "--db", metavar="URL",
    help="SQLAlchemy database URL or SQLite file [default: $INCIDENTWIRE_DB, else ./incidentwire.db].")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")]


# --- reading --------------------------------------------------------------------------------------

class Reading:
    """Reads articles from the user's paths, keeping what went wrong to report at the end."""

    def __init__(self, paths: list[str], published: str | None, max_chars: int):
        from incidentwire.ingest import ReadOptions

        self.missing = [p for p in paths if p != "-" and not Path(p).exists()]
        self.paths = [p for p in paths if p not in self.missing]
        self.options = ReadOptions(published=published, max_chars=max_chars)
        self.problems: list[Any] = []
        self.read = 0

    def articles(self) -> Iterator[Article]:
        from incidentwire.ingest import read_articles

        if not self.paths:
            return
        try:
            for article in read_articles(self.paths, options=self.options, problems=self.problems):
                self.read += 1
                yield article
        except OSError as error:
            self.problems.append(f"{getattr(error, 'filename', None) or 'input'}: {error.strerror or error}")

    def estimate(self) -> int | None:
        """A cheap article count for the progress bar; None when reading standard input."""
        if "-" in self.paths:
            return None
        total = 0
        for path in map(Path, self.paths):
            files = [f for f in path.rglob("*") if f.is_file()] if path.is_dir() else [path]
            total += sum(_count_in(f) for f in files)
        return total

    def report(self) -> int:
        """Print every problem on stderr; RETURNS how many there were."""
        for path in self.missing:
            err.print(f"[red]error:[/] {escape(path)}: no such file or directory")
        for problem in self.problems:
            level = getattr(problem, "level", "error")
            colour = "yellow" if level == "warning" else "red"
            err.print(f"[{colour}]{level}:[/] {escape(str(problem))}")
        return len(self.missing) + len(self.problems)

    def nothing_read(self) -> bool:
        """Inputs missing or unreadable entirely (so the command failed)."""
        return self.read == 0 and bool(self.missing or self.problems or not self.paths)


def _count_in(path: Path) -> int:
    if path.suffix.lower() in (".jsonl", ".ndjson", ".csv", ".tsv"):
        try:
            with path.open("rb") as fh:
                lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
        except OSError:
            return 0
        return max(lines - (path.suffix.lower() in (".csv", ".tsv")), 1)
    return 1


Tick = Callable[..., None]


@contextmanager
def progress_bar(total: int | None, what: str) -> Iterator[Tick]:
    """A progress bar on stderr (terminals only, and only when there are more than a few).

    YIELDS tick(total=None): one more article done (and, when known, the true total)."""
    show = err.is_terminal and (total is None or total >= PROGRESS_FROM)
    columns = [SpinnerColumn(), TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=True, disable=not show) as bar:
        task = bar.add_task(what, total=total)

        def tick(total: int | None = None) -> None:
            bar.advance(task)
            done, known = bar.tasks[0].completed, bar.tasks[0].total
            if total is not None or (known is not None and done > known):
                bar.update(task, total=total or done)  # the estimate was low
        yield tick


@contextmanager
def opened(output: Path | None) -> Iterator[TextIO]:
    if output is None:
        yield sys.stdout
        return
    try:
        fh = output.open("w", encoding="utf-8", newline="")
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror or error}")
    with fh:
        yield fh


def _default_format(fmt: str | None) -> str:
    return fmt or ("table" if sys.stdout.isatty() else "jsonl")


def _pipeline(countries: list[str] | None) -> Any:
    from incidentwire.pipeline import Pipeline

    return Pipeline(countries=countries or ())


def _skipped(counter: Counter[str]) -> str:
    total = sum(counter.values())
    details = ", ".join(f"{n} {reason}" for reason, n in counter.most_common())
    return f"{total} skipped" + (f" ({details})" if details else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- commands -------------------------------------------------------------------------------------

@app.command()
def extract(
    paths: Paths,
    published: Published = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", callback=_format_checker("results"),
        help=f"{export.describe('results')}. [default: table on a terminal, else jsonl]")] = None,
    output: Output = None,
    max_chars: MaxChars = 1_000_000,
    country: Countries = None,
) -> None:
    """Extract incidents from articles and write one record per article (no database)."""
    from incidentwire.store.loader import batched

    reading = Reading(paths, published, max_chars)
    write = export.writer(_default_format(fmt), "results")
    pipeline = _pipeline(country)
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
    err.print(f"{_plural(reading.read, 'article')} read, {_plural(incidents, 'incident')} found, "
              f"{_skipped(skipped)}, {_plural(problems, 'read problem')}", highlight=False)
    if reading.nothing_read():
        raise typer.Exit(EXIT_INPUT)


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
    err.print(f"{_plural(reading.read, 'article')} read: {summary.new} new, {summary.unchanged} unchanged, "
              f"{summary.updated} updated, {summary.duplicates} duplicates, {_skipped(summary.skipped)}; "
              f"{_plural(problems, 'read problem')}; {_plural(summary.incidents, 'incident')} stored "
              f"(database: {_plural(counts.articles, 'article')}, {_plural(counts.incidents, 'incident')})",
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
            self._pipeline = _pipeline(self.countries)
        return self._pipeline.run(articles)


@app.command()
def incidents(
    db: Db = None,
    since: Annotated[str | None, typer.Option(callback=_day, metavar="YYYY-MM-DD",
                                              help="Incidents on or after this day.")] = None,
    until: Annotated[str | None, typer.Option(callback=_day, metavar="YYYY-MM-DD",
                                              help="Incidents on or before this day.")] = None,
    country: Annotated[str | None, typer.Option(callback=_country, metavar="CC",
                                                help="Two-letter ISO country code.")] = None,
    category: Annotated[str | None, typer.Option(callback=_category, metavar="CATEGORY",
                                                 help=f"One of: {', '.join(CATEGORIES)}.")] = None,
    perpetrator: Annotated[str | None, typer.Option(
        metavar="TEXT", help="Part of a perpetrator's name (any case).")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many.")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", callback=_format_checker("incidents"),
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
                                    perpetrator=perpetrator, limit=limit)
    except StoreError as error:
        fail(str(error))
    with opened(output) as out:
        export.writer(_default_format(fmt), "incidents")(found, out)


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold articles in the SPEC.md evaluation schema (JSONL).",
                                         show_default=False, metavar="GOLD.jsonl")],
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N gold articles.")] = None,
    predictions: Annotated[Path | None, typer.Option(
        help="Also write the predictions (extract JSONL) here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Run the pipeline on a gold file and print the shared scorer's report."""
    from incidentwire.evaluate import evaluate_file

    if not gold.is_file():
        fail(f"{gold}: no such file")
    with progress_bar(None, "evaluating") as tick:
        try:
            result = evaluate_file(gold, limit=limit, predictions_out=predictions,
                                   progress=lambda done, total: tick(total))
        except (ValueError, OSError) as error:
            fail(str(error))
    if as_json:
        figures = {k: v for k, v in result.items() if k not in ("predictions", "table")}
        typer.echo(json.dumps(figures, indent=2, ensure_ascii=False, default=str))
    else:
        typer.echo(result["table"])


def main() -> None:
    app(prog_name="incidentwire")


if __name__ == "__main__":
    main()

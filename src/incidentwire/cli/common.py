"""What every command shares: the Typer app, option types and checks, reading articles, progress.

The `incidentwire` command is a thin layer over the library (ingest -> pipeline -> export/store).

Results go to stdout (or --output); progress, problems and the one-line summary go to stderr, so
`incidentwire extract a.jsonl > out.jsonl` gives clean JSON Lines. User mistakes (bad paths, bad
options, an unusable database) end with a one-line message and a non-zero exit, not a traceback.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
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
from incidentwire.models import CATEGORIES, Article

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

def check_day(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise typer.BadParameter(f"expected a date YYYY-MM-DD, got {value!r}")


def check_country(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[A-Za-z]{2}", value):
        raise typer.BadParameter(f"expected a two-letter ISO country code such as AF, got {value!r}")
    return value.upper() if value else None


def check_countries(values: list[str] | None) -> list[str]:
    return [c for c in map(check_country, values or []) if c]


def check_category(value: str | None) -> str | None:
    if value is not None and value not in CATEGORIES:
        raise typer.BadParameter(f"unknown category {value!r}; valid: {', '.join(CATEGORIES)}")
    return value


def format_checker(kind: export.Kind) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        if value is not None and value not in export.formats(kind):
            raise typer.BadParameter(f"unknown format {value!r}; valid: {', '.join(export.formats(kind))}")
        return value
    return check


Paths = Annotated[list[str], typer.Argument(
    help="Article files or folders (text, JSONL, CSV, HTML, feeds); '-' reads standard input.",
    show_default=False, metavar="PATH...")]
Published = Annotated[str | None, typer.Option(
    "--published", callback=check_day, metavar="YYYY-MM-DD",
    help="Publication date for articles that carry none (relative dates are resolved against it).")]
MaxChars = Annotated[int, typer.Option("--max-chars", min=1, help="Cut longer articles (with a warning).")]
Countries = Annotated[list[str] | None, typer.Option(
    "--country", callback=check_countries, metavar="CC",
    help="Prefer places in this country (ISO code; repeatable), e.g. --country AF.")]
Db = Annotated[str | None, typer.Option(
    "--db", metavar="URL",
    help="SQLAlchemy database URL or SQLite file [default: $INCIDENTWIRE_DB, else ./incidentwire.db].")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")]
WITH_PASSING_HELP = ("Also the incidents every source mentions only in passing (\"a similar shooting last "
                     "year\"): told with few details and linked less surely, they are left out by default.")


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


def default_format(fmt: str | None) -> str:
    return fmt or ("table" if sys.stdout.isatty() else "jsonl")


def make_pipeline(countries: list[str] | None) -> Any:
    from incidentwire.pipeline import Pipeline

    return Pipeline(countries=countries or ())


def describe_skipped(counter: Counter[str]) -> str:
    total = sum(counter.values())
    details = ", ".join(f"{n} {reason}" for reason, n in counter.most_common())
    return f"{total} skipped" + (f" ({details})" if details else "")


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"

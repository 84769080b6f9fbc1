"""`incidentwire places` (every place mention of each article, resolved) and
`incidentwire gazetteer import` (a GeoNames dump into the user's gazetteer)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.table import Table

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
    describe_skipped,
    err,
    fail,
    opened,
    plural,
    progress_bar,
)
from incidentwire.models import Article, Place

PLACE_FORMATS = ("jsonl", "table")


def _check_format(value: str | None) -> str | None:
    if value is not None and value not in PLACE_FORMATS:
        raise typer.BadParameter(f"unknown format {value!r}; valid: {', '.join(PLACE_FORMATS)}")
    return value


def place_json(place: Place) -> dict:
    """A Place as written by `places`: the SPEC Place plus admin2, confidence and the feature's
    class and code split out ("P.PPL" -> "P", "PPL")."""
    out = place.to_json()
    feature_class, _, feature_code = (place.feature or "").partition(".")
    out["feature_class"], out["feature_code"] = feature_class or None, feature_code or None
    return out


def _write_jsonl(rows: Iterable[tuple[Article, list[Place]]], out: TextIO) -> None:
    for article, places in rows:
        line = {"article": article.reference(), "places": [place_json(p) for p in places]}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")


def _write_table(rows: Iterable[tuple[Article, list[Place]]], out: TextIO) -> None:
    table = Table(header_style="bold")
    for column in ("Article", "Mention", "Span", "Place", "Feature", "Admin1", "Country", "Lat, lon", "Conf."):
        table.add_column(column, overflow="fold")
    articles = 0
    for article, places in rows:
        articles += 1
        for p in places:
            where = f"{p.lat:.4f}, {p.lon:.4f}" if p.lat is not None and p.lon is not None else "?"
            table.add_row(article.id, p.text, f"{p.start}-{p.end}", p.name or "(not in gazetteer)",
                          p.feature or "", p.admin1 or "", p.country_code or "", where,
                          f"{p.confidence:.2f}" if p.confidence is not None else "")
    table.caption = f"{table.row_count} place mentions in {articles} articles"
    Console(file=out, width=None if out.isatty() else 200, soft_wrap=False).print(table)


@app.command()
def places(
    paths: Paths,
    published: Published = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", callback=_check_format,
        help="jsonl: one line per article with its places; table: one row per mention. "
             "[default: table on a terminal, else jsonl]")] = None,
    output: Output = None,
    max_chars: MaxChars = 1_000_000,
    country: Countries = None,
) -> None:
    """List every place mention of each article with its span, the GeoNames place it resolves to
    (name, id, feature, admin1, admin2, country, coordinates) and a confidence."""
    from incidentwire.geocode import Geocoder
    from incidentwire.nlp import default_pipeline
    from incidentwire.pipeline import skip_reason
    from incidentwire.store.loader import batched

    reading = Reading(paths, published, max_chars)
    nlp, geocoder = default_pipeline(), Geocoder(countries=country or ())
    skipped: Counter[str] = Counter()
    mentions = 0

    def rows(tick: Tick) -> Iterator[tuple[Article, list[Place]]]:
        nonlocal mentions
        for batch in batched(reading.articles(), BATCH):
            usable = []
            for article in batch:
                reason = skip_reason(article)
                if reason is not None:
                    skipped[reason] += 1
                usable.append(article if reason is None else None)
            parsed = iter(nlp.parse_many([a for a in usable if a is not None]))
            for article, original in zip(usable, batch, strict=True):
                found = geocoder.places(next(parsed)) if article is not None else []
                mentions += len(found)
                tick()
                yield original, found

    write = _write_table if (fmt or ("table" if sys.stdout.isatty() else "jsonl")) == "table" else _write_jsonl
    with progress_bar(reading.estimate(), "finding places") as tick, opened(output) as out:
        try:
            write(rows(tick), out)
            out.flush()
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None
    problems = reading.report()
    err.print(f"{plural(reading.read, 'article')} read, {plural(mentions, 'place mention')}, "
              f"{describe_skipped(skipped)}, {plural(problems, 'read problem')}", highlight=False)
    if reading.nothing_read():
        raise typer.Exit(EXIT_INPUT)


gazetteer_app = typer.Typer(help="Manage the offline gazetteer (GeoNames) the place resolver uses.",
                            no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("import")
def gazetteer_import(
    dump: Annotated[Path, typer.Argument(
        help="A GeoNames dump: allCountries.zip, a country file (AF.zip / AF.txt) or cities*.zip.",
        show_default=False)],
    alternate_names: Annotated[Path | None, typer.Option(
        "--alternate-names", help="alternateNamesV2.zip/.txt (or a country's) to add more names.")] = None,
) -> None:
    """Load a GeoNames dump you downloaded into your gazetteer, in one transaction: a malformed
    or truncated file changes nothing. Rebuilding the index (`python -m incidentwire.geocode
    --force`) drops what was imported."""
    from incidentwire.geocode.build import build, index_path
    from incidentwire.geocode.geonames_import import DumpError, import_dump

    index = build(index_path())
    with err.status(f"importing {dump.name}"):
        try:
            summary = import_dump(index, dump, alternate_names)
        except DumpError as error:
            fail(f"{error}; nothing was imported")
        except OSError as error:
            fail(f"{getattr(error, 'filename', None) or dump}: {error.strerror or error}; nothing was imported")
    err.print(f"imported {plural(summary.places, 'place')} and {plural(summary.names, 'name')} into {index}"
              + (f" ({summary.skipped} roads/undersea features left out)" if summary.skipped else ""))

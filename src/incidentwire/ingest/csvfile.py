"""CSV and TSV exports: a header naming at least `text`, then one article a row."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from typing import BinaryIO

from incidentwire.ingest.decode import text_lines
from incidentwire.ingest.records import FIELDS, Context, article_from_record
from incidentwire.models import Article

Located = tuple[Article, int | None]


def _raise_field_limit() -> None:
    """News texts are far longer than csv's default 128 KiB field limit; max_chars bounds them."""
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:  # C long is 32 bits on some platforms
            limit //= 2


def read_csv(stream: BinaryIO, sample: bytes, *, path: str, ctx: Context,
             delimiter: str = ",") -> Iterator[Located]:
    """Articles, one a row, streamed; a malformed row is reported with the line it starts on."""
    _raise_field_limit()
    lines = (line for _, line in text_lines(stream, sample, path, ctx.report))
    reader = csv.reader(lines, delimiter=delimiter)  # type: ignore[arg-type]
    header: list[str] | None = None
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            ctx.report.error(path, start, f"malformed CSV: {e}")
            continue
        if not row:
            continue
        if header is None:
            header = _header(row)
            if "text" not in header:
                ctx.report.error(path, start, "the header has no 'text' column (columns: "
                                              f"{', '.join(row)[:200]}); the file is not read")
                return
            continue
        if len(row) != len(header):
            ctx.report.error(path, start, f"row has {len(row)} fields; the header has {len(header)}")
            continue
        record = {key: (value if key not in FIELDS or value.strip() else None)
                  for key, value in zip(header, row, strict=True)}
        if article := article_from_record(record, path=path, line=start, ctx=ctx):
            yield article, start


def _header(row: list[str]) -> list[str]:
    """Column names, with the known ones matched case-insensitively ("Text" is `text`)."""
    names = [name.strip() for name in row]
    return [name.lower() if name.lower() in FIELDS else name for name in names]

"""JSON Lines (streamed, one record a line) and JSON (an array of records, or one record)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from incidentwire.ingest.decode import TooLong, decode, text_lines
from incidentwire.ingest.records import Context, article_from_record, describe
from incidentwire.ingest.text import EMPTY
from incidentwire.models import Article

Located = tuple[Article, int | None]
_SPACE = re.compile(r"[ \t\n\r]*")


def line_limit(max_chars: int) -> int:
    """Longest line worth parsing: a text at the limit, fully \\uXXXX-escaped, plus other fields."""
    return max(8 * max_chars, 1 << 20)


def read_jsonl(stream: BinaryIO, sample: bytes, *, path: str, ctx: Context) -> Iterator[Located]:
    """Articles, one a line, streamed; a bad line is reported and the next one read."""
    limit = line_limit(ctx.max_chars)
    for lineno, line in text_lines(stream, sample, path, ctx.report, limit):
        if isinstance(line, TooLong):
            ctx.report.error(path, lineno, f"line is {line.size:,} bytes, too long for an article of at most "
                                           f"{ctx.max_chars:,} characters (raise it with --max-chars)")
            continue
        if not line.strip():
            continue
        obj = _loads(line, path, lineno, ctx)
        if obj is not None and (article := _record(obj, path, lineno, ctx)):
            yield article, lineno


def read_json(data: bytes, *, path: str, ctx: Context) -> Iterator[Located]:
    """Records of a JSON array (or a single object), each reported with the line it starts on.

    Elements are decoded one at a time with `raw_decode` (rather than `json.loads` on the whole
    file) so that the records before a syntax error are still read and each has a line number.
    """
    text, note = decode(data)
    if note:
        ctx.report.warning(path, None, note)
    decoder = json.JSONDecoder()
    lines = _LineCounter(text)
    pos = _skip(text, 0)
    if pos == len(text):
        ctx.report.warning(path, None, EMPTY)
        return
    if text[pos] not in "[{":
        ctx.report.error(path, lines.at(pos), "expected a JSON array of objects, or one object")
        return
    array = text[pos] == "["
    if array:
        pos = _skip(text, pos + 1)
    while pos < len(text) and not (array and text[pos] == "]"):
        lineno = lines.at(pos)
        try:
            obj, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as e:
            ctx.report.error(path, lines.at(e.pos), f"invalid JSON: {e.msg} (column {e.colno}); "
                                                    "the rest of the file is not read")
            return
        except (ValueError, RecursionError) as e:
            ctx.report.error(path, lineno, f"invalid JSON: {e}; the rest of the file is not read")
            return
        if article := _record(obj, path, lineno, ctx):
            yield article, lineno
        pos = _skip(text, end)
        if not array:
            break
        if pos < len(text) and text[pos] == ",":
            pos = _skip(text, pos + 1)
        elif pos < len(text) and text[pos] != "]":
            ctx.report.error(path, lines.at(pos), "invalid JSON: expected ',' or ']'; "
                                                  "the rest of the file is not read")
            return
    if array and pos == len(text):
        ctx.report.error(path, lines.at(pos), "invalid JSON: the array is not closed with ']'")
        return
    if _skip(text, pos + array) < len(text):
        ctx.report.warning(path, lines.at(pos + array), "extra data after the JSON value; ignored")


def _loads(line: str, path: str, lineno: int, ctx: Context) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as e:
        ctx.report.error(path, lineno, f"invalid JSON: {e.msg} (column {e.colno})")
    except (ValueError, RecursionError) as e:  # over-long integers, absurd nesting
        ctx.report.error(path, lineno, f"invalid JSON: {e}")
    return None


def _record(obj: Any, path: str, lineno: int, ctx: Context) -> Article | None:
    if not isinstance(obj, dict):
        ctx.report.error(path, lineno, f"expected a JSON object, got {describe(obj)}")
        return None
    return article_from_record(obj, path=path, line=lineno, ctx=ctx)


def _skip(text: str, pos: int) -> int:
    return _SPACE.match(text, pos).end()  # type: ignore[union-attr]


class _LineCounter:
    """Line numbers of increasing offsets, counting each newline once (not O(n^2))."""

    def __init__(self, text: str):
        self._text = text
        self._pos = 0
        self._line = 1

    def at(self, pos: int) -> int:
        if pos < self._pos:
            return self._text.count("\n", 0, pos) + 1
        self._line += self._text.count("\n", self._pos, pos)
        self._pos = pos
        return self._line

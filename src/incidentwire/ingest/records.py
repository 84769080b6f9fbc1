"""One record (a JSON object or a CSV row) to an Article: the field rules every format shares."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from incidentwire.ingest.dates import normalise_date
from incidentwire.ingest.problems import ReadOptions, Report
from incidentwire.models import Article

FIELDS = ("id", "text", "title", "publication_date", "url", "source")
GOLD_KEYS = frozenset({"incidents", "toponyms"})  # evaluation annotations: never pipeline input
NO_TEXT = "record has no 'text'"
EMPTY_TEXT = "record has empty 'text'"
RAW_DATE_KEY = "publication_date_raw"  # where an unparseable date is kept, so nothing is lost


@dataclass
class Context:
    """Options resolved once per `read_articles` call, plus where problems go."""

    options: ReadOptions
    report: Report
    published: str | None = None  # options.published, normalised

    @property
    def max_chars(self) -> int:
        return self.options.max_chars


def content_id(text: str) -> str:
    """A stable id for a record without one: the same text always gets the same id."""
    return "sha-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def too_long(article_id: str, chars: int, limit: int) -> str:
    return f"article {article_id} is {chars:,} characters; the limit is {limit:,} (raise it with --max-chars)"


def article_from_record(record: Mapping[str, Any], *, path: str, line: int | None,
                        ctx: Context) -> Article | None:
    """The Article a record describes, or None after reporting why it cannot be one."""
    report = ctx.report
    text = record.get("text")
    if "text" not in record:
        report.error(path, line, NO_TEXT, _plain_id(record.get("id")))
        return None
    if text is None or (isinstance(text, str) and not text.strip()):
        report.error(path, line, EMPTY_TEXT, _plain_id(record.get("id")))
        return None
    if not isinstance(text, str):
        report.error(path, line, f"'text' is {describe(text)}, not a string", _plain_id(record.get("id")))
        return None
    article_id = _plain_id(record.get("id"))
    metadata = {k: v for k, v in record.items() if k not in FIELDS and k not in GOLD_KEYS}
    if article_id is None:
        raw_id = record.get("id")
        if raw_id is not None and not (isinstance(raw_id, str) and not raw_id.strip()):
            report.warning(path, line, f"'id' is {describe(record['id'])}; using a content hash instead")
            metadata["id"] = record["id"]
        article_id = content_id(text)
    if len(text) > ctx.max_chars:
        report.error(path, line, too_long(article_id, len(text), ctx.max_chars), article_id)
        return None
    strings = {}
    for key in ("title", "url", "source"):
        strings[key] = _string(record.get(key), key, path, line, article_id, ctx, metadata)
    published = _date(record, path, line, article_id, ctx, metadata)
    return Article(id=article_id, text=text, publication_date=published, metadata=metadata, **strings)


def _plain_id(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _string(value: Any, key: str, path: str, line: int | None, article_id: str, ctx: Context,
            metadata: dict[str, Any]) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    ctx.report.warning(path, line, f"'{key}' is {describe(value)}, not a string; kept in metadata",
                       article_id)
    metadata[key] = value
    return None


def _date(record: Mapping[str, Any], path: str, line: int | None, article_id: str, ctx: Context,
          metadata: dict[str, Any]) -> str | None:
    raw = record.get("publication_date")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ctx.published
    value = normalise_date(raw) if isinstance(raw, str) else None
    if value is None:
        shown = raw if len(str(raw)) <= 60 else str(raw)[:57] + "..."
        ctx.report.warning(path, line, f"publication_date {shown!r} is not a date; set to null "
                                       f"(kept as metadata['{RAW_DATE_KEY}'])", article_id)
        metadata[RAW_DATE_KEY] = raw
    return value


def describe(value: Any) -> str:
    """"an object", "an array", ... for messages about JSON values."""
    names = {dict: "an object", list: "an array", bool: "a boolean", int: "a number", float: "a number",
             str: "a string", type(None): "null"}
    return names.get(type(value), type(value).__name__)

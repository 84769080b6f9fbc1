"""WARC files of saved pages (`.warc`, `.warc.gz`): every HTML response record is one article.

warcio reads the records (plain or gzipped, WARC 1.0/1.1 and ARC); each HTML page goes through
the same trafilatura reader as `.html` files, with its target URL as id. Other records (requests,
metadata, images, errors) are not articles and are only counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from incidentwire.ingest.html import MAX_PAGE_BYTES, NO_TEXT, html_article, page_id
from incidentwire.ingest.records import Context, too_long
from incidentwire.models import Article

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(stream: BinaryIO, *, path: str, ctx: Context) -> Iterator[tuple[Article, int | None]]:
    """Articles from the HTML responses of a WARC stream, in file order (`line` is None)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if not _starts_like_an_archive(stream):
        ctx.report.error(path, None, "not a readable WARC file: it does not start with a WARC or ARC record")
        return
    other = 0
    try:
        for number, record in enumerate(ArchiveIterator(stream), start=1):
            if record.rec_type not in ("response", "resource"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or f"{path}#record-{number}"
            if not _is_html_page(record):
                other += 1
                continue
            data = record.content_stream().read(MAX_PAGE_BYTES + 1)
            where = f"{path} ({url})"
            if len(data) > MAX_PAGE_BYTES:
                ctx.report.error(where, None, f"page is over {MAX_PAGE_BYTES:,} bytes; skipped")
                continue
            article = html_article(data, article_id=page_id(url), url=url, published=ctx.published,
                                   metadata={"path": path, "warc_date": record.rec_headers.get_header("WARC-Date")})
            if article is None:
                ctx.report.warning(where, None, NO_TEXT)
            elif len(article.text) > ctx.max_chars:
                ctx.report.error(where, None, too_long(article.id, len(article.text), ctx.max_chars), article.id)
            else:
                yield article, None
    except ArchiveLoadFailed as error:
        ctx.report.error(path, None, f"not a readable WARC file: {str(error).splitlines()[0]}")
    if other:
        ctx.report.warning(path, None, f"{other} non-HTML or unsuccessful response records skipped")


def _starts_like_an_archive(stream: BinaryIO) -> bool:
    """warcio takes any text line for an ARC header; a real archive starts with 'WARC/' (or
    'filedesc://' for ARC), gzipped or not."""
    import zlib

    head = stream.read(4096)
    stream.seek(0)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.startswith((b"WARC/", b"filedesc://"))


def _is_html_page(record: object) -> bool:
    http = getattr(record, "http_headers", None)
    if http is not None:
        status = http.get_statuscode()
        content_type = http.get_header("Content-Type") or ""
        if status and not status.startswith("2"):
            return False
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
    return content_type.split(";")[0].strip().lower() in HTML_TYPES

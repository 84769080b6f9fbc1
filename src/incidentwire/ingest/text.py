"""Plain text: the whole file (or stdin) is one article, kept exactly as written."""

from __future__ import annotations

from typing import BinaryIO

from incidentwire.ingest.decode import decode, looks_binary
from incidentwire.ingest.records import Context, too_long
from incidentwire.models import Article

EMPTY = "empty file"
BINARY = "binary file, skipped"
_EXACT_BYTES = 64 << 20


def read_text(stream: BinaryIO, *, path: str, article_id: str, ctx: Context) -> Article | None:
    """The article in `stream`, or None after reporting why there is none.

    Reads at most 4 bytes per allowed character (no encoding needs more) or 64 MiB, whichever is
    more, so a huge file is refused without being loaded; up to there the exact size is reported.
    """
    byte_limit = max(4 * ctx.max_chars + 4, _EXACT_BYTES)
    data = stream.read(byte_limit + 1)
    if len(data) > byte_limit:
        ctx.report.error(path, None, f"article {article_id} is over {ctx.max_chars:,} characters "
                                     f"(more than {byte_limit:,} bytes); the limit is {ctx.max_chars:,} "
                                     "(raise it with --max-chars)", article_id)
        return None
    return text_article(data, path=path, article_id=article_id, ctx=ctx)


def text_article(data: bytes, *, path: str, article_id: str, ctx: Context) -> Article | None:
    if not data.strip():
        ctx.report.warning(path, None, EMPTY, article_id)
        return None
    if looks_binary(data[:8192]):
        ctx.report.warning(path, None, BINARY, article_id)
        return None
    text, note = decode(data)
    if not text.strip():
        ctx.report.warning(path, None, EMPTY, article_id)
        return None
    if note:
        ctx.report.warning(path, None, note, article_id)
    if len(text) > ctx.max_chars:
        ctx.report.error(path, None, too_long(article_id, len(text), ctx.max_chars), article_id)
        return None
    return Article(id=article_id, text=text, publication_date=ctx.published, metadata={"path": path})

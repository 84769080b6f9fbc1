"""Arguments to readers: files by extension, directories walked in sorted order, `-` for stdin."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from incidentwire.ingest.csvfile import read_csv
from incidentwire.ingest.decode import SAMPLE_BYTES, looks_binary, replay
from incidentwire.ingest.html import MAX_PAGE_BYTES, read_html
from incidentwire.ingest.jsonl import read_json, read_jsonl
from incidentwire.ingest.records import Context
from incidentwire.ingest.text import BINARY, EMPTY, read_text
from incidentwire.ingest.warc import read_warc
from incidentwire.models import Article

# (article, path as shown to the user, line or None)
Located = tuple[Article, str, int | None]

STDIN = "-"
STDIN_PATH = "<stdin>"
STDIN_ID = "stdin"
FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv",
           ".html": "html", ".htm": "html", ".xhtml": "html"}
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
UNSUPPORTED = {".xml": "XML", ".rss": "RSS feed", ".atom": "Atom feed"}
FEED_HINT = "; list feeds in a FEEDS.toml for `incidentwire watch`"
NOT_FOUND = "no such file or directory"
NO_FILES = "no files in directory"
NO_ARTICLES = "no articles found"


def read_path(arg: str, ctx: Context) -> Iterator[Located]:
    """Every article under one command-line argument, in order."""
    if arg == STDIN:
        yield from _counted(STDIN_PATH, _read_stdin(ctx), ctx)
        return
    path = Path(arg)
    if path.is_dir():
        files = walk(path)
        if not files:
            ctx.report.warning(arg, None, NO_FILES)
        for rel in files:
            shown = os.path.join(arg, *rel.parts)
            yield from _counted(shown, _read_file(Path(shown), shown, str(rel.with_suffix("")), ctx), ctx)
    elif path.exists():
        yield from _counted(arg, _read_file(path, arg, path.stem, ctx), ctx)
    else:
        ctx.report.error(arg, None, NOT_FOUND)


def walk(root: Path) -> list[PurePosixPath]:
    """Non-hidden files under `root`, relative to it, sorted by path (directories by name, too)."""
    found: list[PurePosixPath] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel = PurePosixPath(Path(dirpath).relative_to(root).as_posix())
        found.extend(rel / name for name in filenames if not name.startswith("."))
    return sorted(found, key=lambda p: p.parts)


def _counted(shown: str, located: Iterator[tuple[Article, int | None]], ctx: Context) -> Iterator[Located]:
    """Tag articles with their path; say so when an input gave neither articles nor problems."""
    before = len(ctx.report)
    count = 0
    for article, line in located:
        count += 1
        yield article, shown, line
    if count == 0 and len(ctx.report) == before:
        ctx.report.warning(shown, None, NO_ARTICLES)


def _read_file(path: Path, shown: str, text_id: str, ctx: Context) -> Iterator[tuple[Article, int | None]]:
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        ctx.report.error(shown, None, f"{UNSUPPORTED[suffix]} input is not read directly{FEED_HINT}")
        return
    try:
        if path.name.lower().endswith(WARC_SUFFIXES):  # binary (often gzipped): no text sniffing
            with open(path, "rb") as f:
                yield from read_warc(f, path=shown, ctx=ctx)
            return
        with open(path, "rb") as f:
            # peek, then replay: works for pipes (`<(...)`) too, which cannot seek
            sample = f.read(SAMPLE_BYTES)
            if not sample:
                ctx.report.warning(shown, None, EMPTY)
                return
            if looks_binary(sample):
                ctx.report.warning(shown, None, BINARY)
                return
            stream = replay(sample, f)
            fmt = FORMATS.get(suffix, "text")
            if fmt == "jsonl":
                yield from read_jsonl(stream, sample, path=shown, ctx=ctx)
            elif fmt == "json":
                yield from read_json(stream.read(), path=shown, ctx=ctx)
            elif fmt == "html":
                if article := read_html(stream.read(MAX_PAGE_BYTES + 1), path=shown, article_id=text_id, ctx=ctx):
                    yield article, None
            elif fmt in ("csv", "tsv"):
                delimiter = "," if fmt == "csv" else "\t"
                yield from read_csv(stream, sample, path=shown, ctx=ctx, delimiter=delimiter)
            elif article := read_text(stream, path=shown, article_id=text_id, ctx=ctx):
                yield article, None
    except OSError as e:
        ctx.report.error(shown, None, f"cannot read: {e.strerror or e}")


def _read_stdin(ctx: Context) -> Iterator[tuple[Article, int | None]]:
    """JSON Lines if the input starts with `{`, otherwise one plain-text article."""
    stream = _binary(ctx.options.stdin_stream())
    sample = b""
    read1 = getattr(stream, "read1", stream.read)
    while len(sample) < SAMPLE_BYTES and (chunk := read1(SAMPLE_BYTES)):
        sample += chunk
    if not sample:
        ctx.report.warning(STDIN_PATH, None, EMPTY)
        return
    replayed = replay(sample, stream)
    if sample.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{"):
        yield from read_jsonl(replayed, sample, path=STDIN_PATH, ctx=ctx)
    elif article := read_text(replayed, path=STDIN_PATH, article_id=STDIN_ID, ctx=ctx):
        yield article, None


def _binary(stream: object) -> BinaryIO:
    """A byte stream for stdin whether the caller gave bytes (the default) or text (e.g. StringIO)."""
    if isinstance(stream, io.TextIOBase):
        if hasattr(stream, "buffer"):
            return stream.buffer  # type: ignore[no-any-return]
        return replay(b"", _EncodedText(stream))
    return stream  # type: ignore[return-value]


class _EncodedText:
    """Minimal `read` over a text stream, UTF-8 encoded (surrogates kept, so nothing is lost)."""

    def __init__(self, text: io.TextIOBase):
        self._text = text

    def read(self, size: int = -1) -> bytes:
        return self._text.read(max(1, size // 4) if size > 0 else size).encode("utf-8", "surrogatepass")

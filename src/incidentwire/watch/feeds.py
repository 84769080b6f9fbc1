"""RSS and Atom feeds to the list of article links they announce (feedparser does the parsing)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from incidentwire.ingest.dates import normalise_date


class FeedError(ValueError):
    """The bytes are not a feed with items (malformed XML, an HTML page, an empty document)."""


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD, when the feed gives a date


@dataclass
class ParsedFeed:
    items: list[FeedItem]
    warning: str | None = None  # the feed was broken but items could be recovered


def parse_feed(content: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Items in feed order, links made absolute against `url`. RAISES FeedError."""
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(content, response_headers=headers)
    problem = _problem(parsed)
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = entry.get("link") or _link_in(entry)
        if not link:
            continue
        link = urljoin(url, link.strip())
        if not link.startswith(("http://", "https://")) or link in seen:
            continue
        seen.add(link)
        raw_date = entry.get("published") or entry.get("updated")
        items.append(FeedItem(url=link, title=(entry.get("title") or "").strip() or None,
                              published=normalise_date(raw_date) if isinstance(raw_date, str) else None))
    if problem and not items:
        raise FeedError(f"not a readable feed: {problem}")
    if not parsed.get("version") and not items:
        raise FeedError("not an RSS or Atom feed (no items found)")
    return ParsedFeed(items, f"malformed feed, {len(items)} items recovered: {problem}" if problem else None)


# a wrong declared encoding or a server's odd Content-Type that feedparser worked around
_HARMLESS = frozenset({"CharacterEncodingOverride", "NonXMLContentType"})


def _problem(parsed: object) -> str | None:
    if not getattr(parsed, "bozo", False) and not (isinstance(parsed, dict) and parsed.get("bozo")):
        return None
    error = parsed.get("bozo_exception") if isinstance(parsed, dict) else None
    if error is None or type(error).__name__ in _HARMLESS:
        return None
    return str(getattr(error, "getMessage", lambda: error)()) or type(error).__name__


def _link_in(entry: dict) -> str | None:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    guid = entry.get("id")
    return guid if isinstance(guid, str) and guid.startswith(("http://", "https://")) else None

"""HTML pages to Articles: the main text and metadata (title, date, author, site) by trafilatura.

Navigation, adverts, related links and comments around the story are left out, so the article
text (which all evidence offsets point into) is the story as trafilatura extracted it. The same
function reads saved `.html` files, WARC records and pages the watcher fetches.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from incidentwire.ingest.dates import normalise_date
from incidentwire.ingest.records import Context, too_long
from incidentwire.models import Article

log = logging.getLogger("incidentwire.ingest")

NO_TEXT = "no article text found in the page"
MAX_PAGE_BYTES = 64 << 20  # one saved page; bigger files are refused without being loaded whole
MAX_ID_CHARS = 400  # article ids are stored in 512 characters; longer URLs get a hashed id
# Query parameters that only say how a reader arrived: the same article under any of them.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ocid",
                             "cmpid", "ref", "ref_src", "smid", "rss", "at_medium", "at_campaign"})


@dataclass
class PageText:
    """What trafilatura found in a page (None when it found no article text)."""

    text: str
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD
    author: str | None = None
    sitename: str | None = None
    url: str | None = None  # the page's own canonical URL, when it names one


def canonical_url(url: str) -> str:
    """One spelling per page: lower-case scheme and host, no default port, no fragment, no
    tracking parameters (utm_*, fbclid, ...), the other parameters sorted.

    Hand-written over urllib.parse because courlan's normaliser either keeps fragments and
    click ids or (strict) drops every parameter, and article ids on news sites live in some."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    if parts.username or parts.password:
        host = f"{parts.username or ''}{':' + parts.password if parts.password else ''}@{host}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(sorted(query)), ""))


def page_id(url: str) -> str:
    """The article id of a web page: its canonical URL (hashed when very long)."""
    canonical = canonical_url(url)
    if len(canonical) <= MAX_ID_CHARS:
        return canonical
    return "url-" + hashlib.sha256(canonical.encode()).hexdigest()[:32]


def page_text(html: bytes | str, *, url: str | None = None) -> PageText | None:
    """The main text of a page and its metadata, or None when the page has no article text."""
    import trafilatura  # slow to import; only HTML input needs it

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except Exception as error:  # trafilatura/lxml raise assorted errors on broken markup
        log.debug("trafilatura failed on %s: %s", url, error)
        return None
    if doc is None:
        return None
    found: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (found.get("text") or "").strip()
    if not text:
        return None
    title = _clean(found.get("title"))
    if title and text.startswith(title + "\n"):
        text = text[len(title) + 1:].lstrip()  # the headline is the title, as in every other input format
    raw_date = found.get("date")
    return PageText(text=text, title=title,
                    date=normalise_date(raw_date) if isinstance(raw_date, str) else None,
                    author=_clean(found.get("author")), sitename=_clean(found.get("sitename")),
                    url=_clean(found.get("url")))


def html_article(html: bytes | str, *, article_id: str, url: str | None = None, published: str | None = None,
                 metadata: dict[str, Any] | None = None) -> Article | None:
    """An Article from a page: trafilatura's text and metadata. `published` is used when the page
    names no date of its own; `url` is where the page was found (the page's own canonical link
    is kept in metadata). RETURNS None when the page has no article text."""
    page = page_text(html, url=url)
    if page is None:
        return None
    meta: dict[str, Any] = dict(metadata or {})
    for key in ("author", "sitename"):
        if getattr(page, key):
            meta[key] = getattr(page, key)
    if page.url and page.url != url:
        meta["canonical_url"] = page.url
    return Article(id=article_id, text=page.text, title=page.title, publication_date=page.date or published,
                   url=url or page.url, source=page.sitename, metadata=meta)


def read_html(data: bytes, *, path: str, article_id: str, ctx: Context, url: str | None = None) -> Article | None:
    """The article of a saved page (`data`: at most MAX_PAGE_BYTES + 1 bytes of it), or None
    after reporting why there is none."""
    if len(data) > MAX_PAGE_BYTES:
        ctx.report.error(path, None, f"page is over {MAX_PAGE_BYTES:,} bytes; skipped", article_id)
        return None
    article = html_article(data, article_id=article_id, url=url, published=ctx.published,
                           metadata={"path": path})
    if article is None:
        ctx.report.warning(path, None, NO_TEXT, article_id)
        return None
    if len(article.text) > ctx.max_chars:
        ctx.report.error(path, None, too_long(article_id, len(article.text), ctx.max_chars), article_id)
        return None
    return article


def _clean(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None

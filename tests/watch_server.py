"""A real HTTP server on 127.0.0.1 for the watcher's tests: routes set (and changed) by the test.

Not a mock: the watcher talks HTTP over a socket to this server exactly as it would to a site.
Each route can answer with a status, headers, an ETag (then If-None-Match gets a 304), a delay,
a redirect, or a large body streamed without a Content-Length. Every request is recorded.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_DELAY = 10.0  # a slow route never holds a test (or the server) longer than this


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    delay: float = 0.0
    redirect: str | None = None
    stream_bytes: int = 0  # send this many bytes (no Content-Length) instead of `body`
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    started: float
    ended: float = 0.0


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, body: bytes | str = b"", **kwargs: object) -> str:
        """Serve `body` at `path`; RETURNS its URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]


def _handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 (the http.server API)
            request = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
            with server._lock:
                server.requests.append(request)
                server.in_flight += 1
                server.max_in_flight = max(server.max_in_flight, server.in_flight)
            try:
                self._answer(server.routes.get(self.path))
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (size cap, timeout): that is the point of some tests
            finally:
                request.ended = time.monotonic()
                with server._lock:
                    server.in_flight -= 1

        def _answer(self, route: Route | None) -> None:
            if route is None:
                self.send_error(404)
                return
            if route.delay:
                time.sleep(min(route.delay, MAX_DELAY))
            if route.redirect:
                self.send_response(302)
                self.send_header("Location", route.redirect)
                self.end_headers()
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            for key, value in route.headers.items():
                self.send_header(key, value)
            if route.stream_bytes:
                self.end_headers()  # HTTP/1.0, no length: the body ends when the connection closes
                chunk = b"<p>" + b"x" * 65_530 + b"</p>"
                sent = 0
                while sent < route.stream_bytes:
                    self.wfile.write(chunk)
                    sent += len(chunk)
                return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

    return Handler


@contextmanager
def serving() -> Iterator[LocalServer]:
    server = LocalServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


# --- content --------------------------------------------------------------------------------------

def article_page(title: str, paragraphs: list[str], *, published: str | None = None, site: str = "Example News",
                 canonical: str | None = None) -> str:
    """A news page as sites write them: navigation, an advert and related links around the story."""
    head = f"<title>{html.escape(title)} | {site}</title><meta property=\"og:site_name\" content=\"{site}\">"
    if published:
        head += f"<meta property=\"article:published_time\" content=\"{published}\">"
    if canonical:
        head += f"<link rel=\"canonical\" href=\"{canonical}\">"
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!doctype html><html><head><meta charset="utf-8">{head}</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="advert" id="ad-top"><p>ADVERTISEMENT: Cheap flights to Dubai this week only, book now and save forty
percent on every ticket with our exclusive travel partner offer.</p></div>
<main><article><h1>{html.escape(title)}</h1>
{body}
</article></main>
<aside class="related"><h2>Most read</h2><ul><li><a href="/m1">Markets rally as oil prices fall</a></li>
<li><a href="/m2">Late goal wins the cup final for the home side</a></li></ul></aside>
<footer><p>Copyright 2024 {site}. All rights reserved. Terms of use. Privacy policy.</p></footer>
</body></html>"""


def rss(items: list[tuple[str, str, str | None]], title: str = "Example feed") -> str:
    """RSS 2.0 with (title, link, RFC 822 date or None) items."""
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link><guid>{html.escape(link)}</guid>"
        + (f"<pubDate>{d}</pubDate>" if d else "") + "</item>" for t, link, d in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://127.0.0.1/</link><description>test</description>{entries}</channel></rss>")


def atom(items: list[tuple[str, str, str | None]], title: str = "Example Atom feed") -> str:
    """Atom 1.0 with (title, link, ISO date or None) items."""
    stamp = datetime(2024, 1, 1, tzinfo=UTC).isoformat()
    entries = "".join(
        f"<entry><title>{html.escape(t)}</title><link rel=\"alternate\" href=\"{html.escape(link)}\"/>"
        f"<id>{html.escape(link)}</id><updated>{d or stamp}</updated></entry>" for t, link, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
            f"<id>urn:test</id><updated>{stamp}</updated>{entries}</feed>")


def rfc822(day: str) -> str:
    return format_datetime(datetime.fromisoformat(day).replace(hour=8, tzinfo=UTC))

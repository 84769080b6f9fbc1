"""Polite HTTP for the watcher: httpx with per-host pacing, robots.txt, limits and retries.

- A clear User-Agent; robots.txt obeyed (urllib.robotparser), its Crawl-delay too (up to a minute).
- Per host: at most `host_concurrency` requests in flight, starts at least `host_delay` apart.
- A whole request (redirects, body) must finish within `timeout` seconds and `max_bytes` bytes.
- Timeouts, connection errors, 429 and 5xx are retried `retries` times with doubling back-off
  (Retry-After honoured up to a minute); other failures are final.
Conditional GET: pass the ETag/Last-Modified of the last fetch and a 304 comes back as `not_modified`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from incidentwire import __version__

DEFAULT_USER_AGENT = f"incidentwire/{__version__} (news incident monitor; python-httpx)"
ROBOTS_AGENT = "incidentwire"  # the token robots.txt rules name
TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_CRAWL_DELAY = 60.0
ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_TTL = 24 * 3600.0  # a long-running watcher reads each site's robots.txt again after a day


@dataclass
class Politeness:
    """How the watcher treats the sites it reads (FEEDS.toml [politeness])."""

    user_agent: str = DEFAULT_USER_AGENT
    host_delay: float = 1.0
    host_concurrency: int = 2
    timeout: float = 30.0
    max_bytes: int = 10_000_000
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    robots: bool = True
    max_redirects: int = 5


@dataclass
class Fetched:
    url: str  # where the content finally came from (after redirects)
    content: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


class FetchError(Exception):
    """A request that failed; `transient` ones may work later (and were already retried)."""

    def __init__(self, url: str, message: str, *, transient: bool, retry_after: float | None = None):
        super().__init__(message)
        self.url = url
        self.transient = transient
        self.retry_after = retry_after


class HostGate:
    """Per-host pacing: a semaphore for concurrency and a schedule of request start times."""

    def __init__(self, delay: float, concurrency: int):
        self.delay = delay
        self.concurrency = concurrency
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next_start: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, delay: float) -> None:
        with self._lock:
            self._delays[host] = max(self.delay, min(delay, MAX_CRAWL_DELAY))

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            sem = self._slots.setdefault(host, threading.Semaphore(self.concurrency))
        with sem:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start.get(host, 0.0))
                self._next_start[host] = start + self._delays.get(host, self.delay)
            if start > now:
                time.sleep(start - now)
            yield


class PoliteClient:
    """One httpx client shared by the watcher's threads."""

    def __init__(self, politeness: Politeness | None = None):
        self.politeness = p = politeness or Politeness()
        self.gate = HostGate(p.host_delay, p.host_concurrency)
        self.client = httpx.Client(headers={"User-Agent": p.user_agent}, follow_redirects=True,
                                   max_redirects=p.max_redirects, timeout=httpx.Timeout(p.timeout))
        self._robots: dict[str, tuple[float, RobotFileParser | bool]] = {}
        self._robots_lock = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """The content at `url`, retrying transient failures. RAISES FetchError."""
        self._check_robots(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._once(url, headers, self.politeness.max_bytes)
            except FetchError as error:
                if not error.transient or attempt >= self.politeness.retries:
                    raise
                wait = self.politeness.backoff * 2 ** attempt
                if error.retry_after is not None:
                    wait = max(wait, min(error.retry_after, MAX_CRAWL_DELAY))
                time.sleep(wait)
                attempt += 1

    def _once(self, url: str, headers: dict[str, str], max_bytes: int) -> Fetched:
        host = urlsplit(url).netloc.lower()
        try:
            with self.gate.slot(host):
                deadline = time.monotonic() + self.politeness.timeout  # waiting for our turn does not count
                with self.client.stream("GET", url, headers=headers) as response:
                    return _read(url, response, max_bytes, deadline)
        except httpx.TooManyRedirects:
            raise FetchError(url, f"redirect loop or more than {self.politeness.max_redirects} redirects",
                             transient=False) from None
        except httpx.TimeoutException:
            raise FetchError(url, f"timed out after {self.politeness.timeout:g} s", transient=True) from None
        except httpx.TransportError as error:
            raise FetchError(url, f"connection failed: {error or type(error).__name__}", transient=True) from None
        except httpx.InvalidURL as error:
            raise FetchError(url, f"invalid URL: {error}", transient=False) from None

    def _check_robots(self, url: str) -> None:
        if not self.politeness.robots:
            return
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        with self._robots_lock:
            origin_lock = self._origin_locks.setdefault(origin, threading.Lock())
        with origin_lock:  # one robots.txt request per site, however many threads start at once
            loaded, rules = self._robots.get(origin, (0.0, None))
            if rules is None or time.monotonic() - loaded > ROBOTS_TTL:
                rules = self._load_robots(origin, parts.netloc.lower())
                self._robots[origin] = (time.monotonic(), rules)
        if rules is False or (isinstance(rules, RobotFileParser) and not rules.can_fetch(ROBOTS_AGENT, url)):
            raise FetchError(url, "disallowed by robots.txt", transient=False)

    def _load_robots(self, origin: str, host: str) -> RobotFileParser | bool:
        """RFC 9309: a robots.txt that is missing (4xx) allows everything; one that cannot be
        reached (5xx, network) forbids everything for now."""
        try:
            fetched = self._once(f"{origin}/robots.txt", {}, ROBOTS_MAX_BYTES)
        except FetchError as error:
            if error.transient:
                raise FetchError(origin, f"robots.txt unreachable ({error}); not fetching from {host} for now",
                                 transient=True) from None
            return True  # 4xx, too big, redirect loop: treated as no robots.txt
        parser = RobotFileParser()
        parser.parse(fetched.content.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(ROBOTS_AGENT)
        if delay:
            self.gate.set_delay(host, float(delay))
        return parser


def _read(url: str, response: httpx.Response, max_bytes: int, deadline: float) -> Fetched:
    final = str(response.url)
    if response.status_code == 304:
        return Fetched(url=final, not_modified=True, etag=response.headers.get("ETag"),
                       last_modified=response.headers.get("Last-Modified"))
    if response.status_code in TRANSIENT_STATUS:
        raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip(), transient=True,
                         retry_after=_retry_after(response.headers.get("Retry-After")))
    if response.status_code >= 400:
        raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip(), transient=False)
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(url, f"too large: {int(declared):,} bytes (the limit is {max_bytes:,})", transient=False)
    body = bytearray()
    for chunk in response.iter_bytes():  # decompressed: a gzip bomb hits the cap too
        body += chunk
        if len(body) > max_bytes:
            raise FetchError(url, f"too large: over {max_bytes:,} bytes (the limit)", transient=False)
        if time.monotonic() > deadline:
            raise FetchError(url, "timed out while reading the body", transient=True)
    return Fetched(url=final, content=bytes(body), content_type=response.headers.get("Content-Type", ""),
                   etag=response.headers.get("ETag"), last_modified=response.headers.get("Last-Modified"))


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None

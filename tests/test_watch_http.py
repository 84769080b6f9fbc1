"""The polite HTTP client against a real local server: limits, failures, robots.txt, pacing."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from incidentwire.watch.http import FetchError, PoliteClient, Politeness
from watch_server import LocalServer, serving


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serving() as s:
        yield s


def client(**overrides: object) -> PoliteClient:
    settings = {"host_delay": 0.0, "backoff": 0.05, "timeout": 5.0, **overrides}
    return PoliteClient(Politeness(**settings))  # type: ignore[arg-type]


def test_sends_a_clear_user_agent_and_reads_robots_txt_first(server: LocalServer) -> None:
    url = server.route("/a", "<p>hello</p>")
    with client() as c:
        assert c.get(url).content == b"<p>hello</p>"
    assert [r.path for r in server.requests] == ["/robots.txt", "/a"]
    assert server.requests[1].headers["user-agent"].startswith("incidentwire/")


def test_robots_txt_disallow_is_obeyed(server: LocalServer) -> None:
    server.route("/robots.txt", "User-agent: incidentwire\nDisallow: /private/\n", content_type="text/plain")
    allowed = server.route("/news/1", "<p>ok</p>")
    private = server.route("/private/1", "<p>secret</p>")
    with client() as c:
        assert c.get(allowed).content == b"<p>ok</p>"
        with pytest.raises(FetchError, match="robots.txt") as info:
            c.get(private)
    assert not info.value.transient
    assert server.hits("/private/1") == []


def test_conditional_get_gives_not_modified(server: LocalServer) -> None:
    url = server.route("/feed", "<rss/>", etag='"v1"')
    with client() as c:
        first = c.get(url)
        again = c.get(url, etag=first.etag)
    assert first.etag == '"v1"' and not first.not_modified
    assert again.not_modified and again.content == b""
    assert server.hits("/feed")[1].headers["if-none-match"] == '"v1"'


def test_server_error_is_retried_then_reported_as_transient(server: LocalServer) -> None:
    url = server.route("/down", "oops", status=500)
    with client(retries=2) as c, pytest.raises(FetchError, match="HTTP 500") as info:
        c.get(url)
    assert info.value.transient
    assert len(server.hits("/down")) == 3  # the first try and two retries


def test_not_found_is_final_and_not_retried(server: LocalServer) -> None:
    with client(retries=2) as c, pytest.raises(FetchError, match="HTTP 404") as info:
        c.get(server.url("/missing"))
    assert not info.value.transient
    assert len(server.hits("/missing")) == 1


def test_timeout(server: LocalServer) -> None:
    url = server.route("/slow", "<p>late</p>", delay=3.0)
    with client(timeout=0.4, retries=1) as c, pytest.raises(FetchError, match="timed out") as info:
        c.get(url)
    assert info.value.transient
    assert len(server.hits("/slow")) == 2


def test_redirect_loop_is_stopped(server: LocalServer) -> None:
    server.route("/a", redirect=server.url("/b"))
    server.route("/b", redirect=server.url("/a"))
    with client() as c, pytest.raises(FetchError, match="redirect loop") as info:
        c.get(server.url("/a"))
    assert not info.value.transient
    assert len(server.requests) <= 1 + 6  # robots.txt, then at most max_redirects + 1 hops


def test_redirect_is_followed_to_the_final_url(server: LocalServer) -> None:
    server.route("/old", redirect=server.url("/new"))
    server.route("/new", "<p>moved</p>")
    with client() as c:
        fetched = c.get(server.url("/old"))
    assert fetched.url == server.url("/new") and fetched.content == b"<p>moved</p>"


def test_50_mb_page_is_cut_off_at_the_size_cap(server: LocalServer) -> None:
    url = server.route("/huge", stream_bytes=50_000_000)  # no Content-Length: the cap must hold while reading
    with client(max_bytes=1_000_000) as c, pytest.raises(FetchError, match="too large") as info:
        c.get(url)
    assert not info.value.transient


def test_declared_size_over_the_cap_is_refused_before_reading(server: LocalServer) -> None:
    url = server.route("/big", b"x" * 2_000_000)
    with client(max_bytes=1_000_000) as c, pytest.raises(FetchError, match="too large: 2,000,000 bytes"):
        c.get(url)


def test_per_host_delay_spaces_requests(server: LocalServer) -> None:
    urls = [server.route(f"/p{i}", "<p>x</p>") for i in range(4)]
    with client(host_delay=0.25, host_concurrency=4) as c, ThreadPoolExecutor(4) as pool:
        list(pool.map(c.get, urls))
    starts = sorted(r.started for r in server.requests)
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert len(starts) == 5 and min(gaps) >= 0.2  # robots.txt and four pages, one at a time apart


def test_per_host_concurrency_limit(server: LocalServer) -> None:
    urls = [server.route(f"/p{i}", "<p>x</p>", delay=0.3) for i in range(6)]
    with client(host_concurrency=2) as c, ThreadPoolExecutor(6) as pool:
        list(pool.map(c.get, urls))
    assert server.max_in_flight == 2


def test_crawl_delay_from_robots_txt_is_honoured(server: LocalServer) -> None:
    server.route("/robots.txt", "User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    urls = [server.route(f"/p{i}", "<p>x</p>") for i in range(3)]
    with client() as c:
        for url in urls:
            c.get(url)
    starts = [r.started for r in server.requests[1:]]
    assert min(b - a for a, b in zip(starts, starts[1:], strict=False)) >= 0.9


def test_waiting_for_a_turn_at_a_busy_host_does_not_count_as_timeout(server: LocalServer) -> None:
    urls = [server.route(f"/p{i}", "<p>x</p>") for i in range(5)]
    with client(host_delay=0.3, host_concurrency=1, timeout=0.5, retries=0) as c, ThreadPoolExecutor(5) as pool:
        assert [f.content for f in pool.map(c.get, urls)] == [b"<p>x</p>"] * 5  # the last waits ~1.5 s

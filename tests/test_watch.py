"""The watcher end to end against a real local HTTP server: feeds in, articles and incidents stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from incidentwire.pipeline import Pipeline
from incidentwire.store import Store
from incidentwire.store.schema import ArticleRow
from incidentwire.watch import NoExtraction, Politeness, Source, Watcher, WatchState
from watch_server import LocalServer, article_page, atom, rfc822, rss, serving

STORY = ["Gunmen attacked a police checkpoint in the town of Ghazni on Monday, killing four officers "
         "and wounding two others, the provincial governor said.",
         "The Taliban claimed responsibility for the attack in a statement to reporters."]
POLITE_AND_FAST = Politeness(host_delay=0.0, backoff=0.05, timeout=2.0, retries=1, max_bytes=2_000_000)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serving() as s:
        yield s


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'watch.db'}") as s:
        yield s


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def watcher(store: Store, runner: object = None, **politeness: object) -> Watcher:
    settings = Politeness(**{**POLITE_AND_FAST.__dict__, **politeness})
    return Watcher(store, runner or NoExtraction(), settings, interval=60)  # type: ignore[arg-type]


def stories(n: int) -> list[list[str]]:
    return [[f"Story {i}: a bomb exploded near a market in the city of Herat on Sunday, killing {i + 2} people.",
             f"Police said {i + 1} suspects were arrested after the blast, the {i}th this year."] for i in range(n)]


def stored(store: Store) -> list[ArticleRow]:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    with Session(store.engine) as s:
        return list(s.scalars(select(ArticleRow).order_by(ArticleRow.id)))


def test_rss_items_are_fetched_and_only_the_article_text_is_stored(server: LocalServer, store: Store) -> None:
    links = [server.route(f"/news/{i}.html", article_page(f"Headline {i}", p, published=f"2024-03-0{i + 1}"))
             for i, p in enumerate(stories(2))]
    feed = server.route("/rss.xml", rss([(f"Headline {i}", u, rfc822("2024-03-01")) for i, u in enumerate(links)]),
                        content_type="application/rss+xml")
    with watcher(store) as w:
        report = w.poll([Source(feed, "feed")])
    assert (report.new_items, report.fetched, report.ingested.new) == (2, 2, 2)
    assert report.warnings == [] and report.failed_sources == [] and report.item_errors == []
    rows = stored(store)
    assert [r.url for r in rows] == links
    assert [r.title for r in rows] == ["Headline 0", "Headline 1"]
    assert [r.publication_date for r in rows] == ["2024-03-01", "2024-03-02"]
    assert rows[0].source == "Example News"
    assert rows[0].text == "\n".join(stories(2)[0])  # no navigation, advert, related links or footer
    for noise in ("ADVERTISEMENT", "Most read", "Copyright", "Business", "Headline"):
        assert noise not in rows[0].text


def test_atom_feed_and_relative_links(server: LocalServer, store: Store) -> None:
    server.route("/a/1", article_page("One", stories(1)[0]))
    feed = server.route("/atom.xml", atom([("One", "/a/1", None)]), content_type="application/atom+xml")
    with watcher(store) as w:
        report = w.poll([Source(feed, "feed")])
    assert report.ingested.new == 1
    assert [r.url for r in stored(store)] == [server.url("/a/1")]


def test_feed_that_changes_between_polls_fetches_only_the_new_item(server: LocalServer, store: Store) -> None:
    first, second = (server.route(f"/n/{i}", article_page(f"T{i}", p)) for i, p in enumerate(stories(2)))
    feed = server.route("/rss", rss([("T0", first, None)]))
    with watcher(store) as w:
        assert w.poll([Source(feed, "feed")]).ingested.new == 1
        server.route("/rss", rss([("T1", second, None), ("T0", first + "?utm_source=rss", None)]))
        report = w.poll([Source(feed, "feed")])
    assert (report.new_items, report.ingested.new) == (1, 1)
    assert len(server.hits("/n/0")) == 1 and len(server.hits("/n/1")) == 1  # each article fetched once
    assert len(stored(store)) == 2


def test_unchanged_feed_answers_304_and_nothing_is_fetched(server: LocalServer, store: Store) -> None:
    link = server.route("/n/1", article_page("T", stories(1)[0]))
    feed = server.route("/rss", rss([("T", link, None)]), etag='"feed-v1"')
    with watcher(store) as w:
        w.poll([Source(feed, "feed")])
        report = w.poll([Source(feed, "feed")])
    assert report.not_modified == 1 and report.fetched == 0
    assert server.hits("/rss")[1].headers.get("if-none-match") == '"feed-v1"'
    assert len(server.hits("/n/1")) == 1


def test_failing_and_malformed_feeds_are_reported_and_backed_off_others_go_on(server: LocalServer,
                                                                               store: Store) -> None:
    link = server.route("/n/1", article_page("T", stories(1)[0]))
    good = server.route("/good.xml", rss([("T", link, None)]))
    broken = server.route("/broken.xml", "<rss><channel><item><title>unclosed & <<< garbage",
                          content_type="application/rss+xml")
    down = server.route("/down.xml", "error", status=500)
    sources = [Source(broken, "feed"), Source(down, "feed"), Source(good, "feed")]
    with watcher(store) as w:
        report = w.poll(sources)
        assert report.ingested.new == 1
        assert {url for url, _ in report.failed_sources} == {broken, down}
        assert "HTTP 500" in dict(report.failed_sources)[down]
        assert "not a readable feed" in dict(report.failed_sources)[broken]
        again = w.poll(sources)  # the failing feeds wait for their back-off; the good one is polled
    assert {url for url, _ in again.backed_off} == {broken, down}
    assert len(server.hits("/down.xml")) == 2  # one try and one retry, in the first poll only
    status = {s.url: s for s in WatchState(store).status()}
    assert status[down].failures == 1 and "HTTP 500" in (status[down].last_error or "")
    assert status[good].last_success is not None and status[good].articles == 1


def test_bad_item_pages_are_reported_and_the_rest_ingested(server: LocalServer, store: Store) -> None:
    good = server.route("/good", article_page("Good", stories(1)[0]))
    slow = server.route("/slow", article_page("Slow", stories(2)[1]), delay=4.0)
    server.route("/loop1", redirect=server.url("/loop2"))
    server.route("/loop2", redirect=server.url("/loop1"))
    huge = server.route("/huge", stream_bytes=50_000_000)
    pdf = server.route("/doc.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    links = [slow, server.url("/loop1"), huge, server.url("/gone"), pdf, good]
    feed = server.route("/rss", rss([(u, u, None) for u in links]))
    with watcher(store, timeout=0.5) as w:
        report = w.poll([Source(feed, "feed")])
    assert report.ingested.new == 1 and [r.url for r in stored(store)] == [good]
    errors = dict(report.item_errors)
    assert "timed out" in errors[slow] and "redirect loop" in errors[server.url("/loop1")]
    assert "too large" in errors[huge] and "HTTP 404" in errors[server.url("/gone")]
    assert "not an HTML page" in errors[pdf]
    [status] = WatchState(store).status()
    assert (status.articles, status.failed) == (1, 5)
    assert [i.url for i in WatchState(store).pending([status_id(feed)])] == [slow]  # only the timeout is retried


def status_id(url: str) -> str:
    from incidentwire.ingest.html import page_id

    return page_id(url)


def test_same_article_under_two_urls_is_one_set_of_incidents(server: LocalServer, store: Store,
                                                             pipeline: Pipeline) -> None:
    page = article_page("Checkpoint attack", STORY, published="2024-05-06")
    one = server.route("/world/checkpoint-attack", page)
    two = server.route("/syndicated/partner-copy-123", page)
    feed = server.route("/rss", rss([("a", one, None), ("b", two, None)]))
    with watcher(store, pipeline) as w:
        report = w.poll([Source(feed, "feed")])
    assert (report.ingested.new, report.ingested.duplicates) == (1, 1)
    incidents = store.incidents()
    assert incidents, "the story reports an attack"
    assert len(incidents) == len({i.id for i in incidents})
    for incident in incidents:
        assert sorted(s.url for s in incident.sources) == sorted([one, two])
    [status] = WatchState(store).status()
    assert status.articles == 2 and status.incidents == len(incidents)


def test_watched_page_is_read_again_only_when_it_changed(server: LocalServer, store: Store) -> None:
    url = server.route("/live", article_page("Live", stories(1)[0]), etag='"v1"')
    with watcher(store) as w:
        assert w.poll([Source(url, "page")]).ingested.new == 1
        assert w.poll([Source(url, "page")]).not_modified == 1
        server.route("/live", article_page("Live", stories(2)[1]), etag='"v2"')
        assert w.poll([Source(url, "page")]).ingested.updated == 1
    [row] = stored(store)
    assert row.text == "\n".join(stories(2)[1])


def test_a_new_watcher_resumes_pending_items(server: LocalServer, store: Store) -> None:
    links = [server.route(f"/n/{i}", article_page(f"T{i}", p)) for i, p in enumerate(stories(3))]
    feed = server.route("/rss", rss([(u, u, None) for u in links]))
    state = WatchState(store)
    state.source(status_id(feed), feed, "feed", None)
    state.add_items(status_id(feed), [(status_id(u), u, None, None) for u in links])  # found, then "killed"
    server.route("/rss", "gone", status=404)
    with watcher(store) as w:
        report = w.poll([Source(feed, "feed")])
    assert report.ingested.new == 3 and len(report.failed_sources) == 1

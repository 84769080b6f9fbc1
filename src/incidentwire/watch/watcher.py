"""One poll of the watched sources: fetch feeds, find new items, fetch their pages, ingest them.

    feeds ──(conditional GET)──▶ new items (pending, in the database)
    pending items + pages ──(polite GET, threads)──▶ trafilatura ──▶ store.ingest (pipeline) ──▶ done

Fetching and HTML reading run in a small thread pool; the NLP and every database write run in
the calling thread, one transaction per article, so a kill at any moment loses nothing committed
and the next poll resumes from the pending items.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any

from incidentwire.ingest.html import canonical_url, html_article, page_id
from incidentwire.models import Article, ArticleResult
from incidentwire.store import IngestSummary, Store, ingest
from incidentwire.store.loader import Runner
from incidentwire.watch.config import Source
from incidentwire.watch.feeds import FeedError, parse_feed
from incidentwire.watch.http import Fetched, FetchError, PoliteClient, Politeness
from incidentwire.watch.state import DONE, FAILED, SKIPPED, ItemOutcome, WatchItemRow, WatchState, aware, now

BATCH = 32  # articles per pipeline call (as `ingest`)
HTML_TYPES = ("text/html", "application/xhtml+xml", "")  # "" = not declared: look inside
MAX_CHARS = 1_000_000


@dataclass
class PollReport:
    """What one poll did; also what `watch` prints."""

    checked: int = 0
    not_modified: int = 0
    new_items: int = 0
    fetched: int = 0
    failed_sources: list[tuple[str, str]] = field(default_factory=list)  # (url, error)
    backed_off: list[tuple[str, datetime]] = field(default_factory=list)  # (url, until)
    item_errors: list[tuple[str, str]] = field(default_factory=list)  # (url, error)
    warnings: list[str] = field(default_factory=list)
    ingested: IngestSummary = field(default_factory=IngestSummary)


@dataclass
class _Outcome:
    item: WatchItemRow
    article: Article | None = None
    fetched: Fetched | None = None
    error: str | None = None
    transient: bool = False


class NoExtraction:
    """A runner that stores articles without NLP (for measuring the fetch side alone)."""

    def run(self, articles: Iterable[Article]) -> Iterable[ArticleResult]:
        return [ArticleResult(article=a) for a in articles]


class Watcher:
    """Polls sources into a Store. `pipeline` is anything with `run(articles) -> results`."""

    def __init__(self, store: Store, pipeline: Runner, politeness: Politeness | None = None, *,
                 interval: float = 900.0, workers: int = 4, max_chars: int = MAX_CHARS,
                 on_article: Callable[[Article], None] | None = None):
        self.store = store
        self.pipeline = pipeline
        self.state = WatchState(store)
        self.client = PoliteClient(politeness)
        self.interval = interval
        self.workers = workers
        self.max_chars = max_chars
        self.on_article = on_article or (lambda article: None)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def poll(self, sources: list[Source], *, force: bool = False) -> PollReport:
        """Check every source that is not backed off (all of them with `force`) and ingest what is new."""
        report = PollReport()
        due: list[Source] = []
        validators: dict[str, tuple[str | None, str | None]] = {}
        for source in sources:
            row = self.state.source(page_id(source.url), source.url, source.kind, source.name)
            until = aware(row.backoff_until)
            if not force and until is not None and until > now():
                report.backed_off.append((source.url, until))
            else:
                due.append(source)
                validators[source.url] = (row.etag, row.last_modified)
        feeds = [s for s in due if s.kind == "feed"]
        pages = [s for s in due if s.kind == "page"]
        report.checked += len(pages)
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            fetches = pool.map(lambda s: self._fetch_feed(s.url, *validators[s.url]), feeds)
            for source, result in zip(feeds, fetches, strict=True):
                self._record_feed(source, result, report)
            page_items = [self.state.ensure_item(page_id(s.url), s.url, page_id(s.url)) for s in pages]
            items = page_items + self.state.pending([page_id(s.url) for s in feeds])
            self._ingest(pool, items, {page_id(s.url) for s in pages}, report)
        return report

    # --- feeds -----------------------------------------------------------------------------------

    def _fetch_feed(self, url: str, etag: str | None, last_modified: str | None) -> Fetched | FetchError:
        """Runs in a worker thread (no database)."""
        try:
            return self.client.get(url, etag=etag, last_modified=last_modified)
        except FetchError as error:
            return error

    def _record_feed(self, source: Source, result: Fetched | FetchError, report: PollReport) -> None:
        source_id = page_id(source.url)
        report.checked += 1
        if isinstance(result, FetchError):
            self._source_failed(source, str(result), report)
            return
        if result.not_modified:
            report.not_modified += 1
            self.state.source_ok(source_id, result.etag, result.last_modified)
            return
        try:
            parsed = parse_feed(result.content, result.url, result.content_type)
        except FeedError as error:
            self._source_failed(source, str(error), report)
            return
        if parsed.warning:
            report.warnings.append(f"{source.url}: {parsed.warning}")
        report.new_items += self.state.add_items(
            source_id, ((page_id(i.url), i.url, i.title, i.published) for i in parsed.items))
        self.state.source_ok(source_id, result.etag, result.last_modified)

    def _source_failed(self, source: Source, error: str, report: PollReport) -> None:
        until = self.state.source_failed(page_id(source.url), error, self.interval)
        report.failed_sources.append((source.url, f"{error} (next try after {until:%Y-%m-%d %H:%M} UTC)"))

    # --- article pages ---------------------------------------------------------------------------

    def _ingest(self, pool: ThreadPoolExecutor, items: list[WatchItemRow], page_sources: set[str],
                report: PollReport) -> None:
        """Fetch items in batches (the next batch downloads while this one is in the pipeline);
        each batch's item states are written once its articles are stored."""
        for outcomes in _prefetched(pool, self._fetch_item, items, BATCH):
            finished: list[ItemOutcome] = []
            waiting: dict[str, list[_Outcome]] = {}
            for outcome in outcomes:
                if outcome.article is not None:
                    waiting.setdefault(outcome.article.id, []).append(outcome)
                else:
                    finished.append(self._settle(outcome, page_sources, report))

            def saved(article: Article, waiting: dict[str, list[_Outcome]] = waiting,
                      finished: list[ItemOutcome] = finished) -> None:
                for outcome in waiting.pop(article.id, []):
                    fetched = outcome.fetched
                    finished.append(ItemOutcome(outcome.item.id, DONE, article.id, fetched and fetched.etag,
                                                fetched and fetched.last_modified))
                self.on_article(article)

            if waiting:
                report.fetched += sum(len(v) for v in waiting.values())
                articles = [group[0].article for group in waiting.values() if group[0].article is not None]
                _add(report.ingested, ingest(self.store, articles, self.pipeline, progress=saved))
            self.state.finish(finished)
            for outcome in finished:
                if outcome.status == DONE and outcome.item_id in page_sources:
                    self.state.source_ok(outcome.item_id, None, None)

    def _settle(self, outcome: _Outcome, page_sources: set[str], report: PollReport) -> ItemOutcome:
        """An item without an article to store: an error or a 304."""
        item, is_page = outcome.item, outcome.item.source_id in page_sources
        if outcome.error is None:  # 304: the page is as it was
            report.not_modified += 1
            if is_page:
                self.state.source_ok(item.source_id, None, None)
            return ItemOutcome(item.id, DONE, item.article_id, item.etag, item.last_modified)
        if is_page:
            self._source_failed(Source(item.url, "page"), outcome.error, report)
        else:
            report.item_errors.append((item.url, outcome.error))
        return ItemOutcome(item.id, FAILED if outcome.transient else SKIPPED, error=outcome.error)

    def _fetch_item(self, item: WatchItemRow) -> _Outcome:
        """Runs in a worker thread: download the page and extract its article (no database)."""
        try:
            fetched = self.client.get(item.url, etag=item.etag if item.status != "pending" else None,
                                      last_modified=item.last_modified if item.status != "pending" else None)
        except FetchError as error:
            return _Outcome(item, error=str(error), transient=error.transient)
        if fetched.not_modified:
            return _Outcome(item, fetched=fetched)
        kind = fetched.content_type.split(";")[0].strip().lower()
        if kind not in HTML_TYPES or (not kind and fetched.content.lstrip()[:1] != b"<"):
            return _Outcome(item, fetched=fetched, error=f"not an HTML page ({kind})")
        final = canonical_url(fetched.url)
        meta: dict[str, Any] = {"fetched_at": now().isoformat(timespec="seconds")}
        if canonical_url(item.url) != final:
            meta["found_at"] = item.url
        article = html_article(fetched.content, article_id=page_id(final), url=final, published=item.published,
                               metadata=meta)
        if article is None:
            return _Outcome(item, fetched=fetched, error="no article text found in the page")
        if len(article.text) > self.max_chars:
            return _Outcome(item, fetched=fetched,
                            error=f"article is {len(article.text):,} characters; the limit is {self.max_chars:,}")
        if article.title is None and item.title:
            article.title = item.title
        return _Outcome(item, article=article, fetched=fetched)


def _prefetched(pool: ThreadPoolExecutor, fetch: Callable[[WatchItemRow], _Outcome], items: list[WatchItemRow],
                size: int) -> Iterator[list[_Outcome]]:
    """Outcomes in item order, batch by batch, with the next batch already submitted."""
    it = iter(items)
    current: list[Future[_Outcome]] = [pool.submit(fetch, i) for i in islice(it, size)]
    while current:
        following = [pool.submit(fetch, i) for i in islice(it, size)]
        yield [f.result() for f in current]
        current = following


def _add(total: IngestSummary, part: IngestSummary) -> None:
    total.new += part.new
    total.unchanged += part.unchanged
    total.updated += part.updated
    total.duplicates += part.duplicates
    total.skipped.update(part.skipped)
    total.incidents += part.incidents

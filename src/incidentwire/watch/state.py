"""What the watcher remembers between polls and across restarts, in the incident database.

- `watch_sources`: each feed or page watched: conditional-GET validators, last success, last
  error, consecutive failures and the back-off they earned.
- `watch_items`: each article page found (by canonical URL): pending until its article is stored,
  then done (never fetched again), or failed/skipped with the reason.

The tables share the store's metadata (`store.schema.Base`), so they live beside the articles and
a restart after a crash resumes from the pending items. An item is marked done only after its
article's transaction committed; a crash between the two re-fetches it, and the store sees the
same id and text and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import DateTime, Integer, String, Text, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from incidentwire.store import Store, StoreError
from incidentwire.store.schema import Base, IncidentSourceRow

PENDING, DONE, FAILED, SKIPPED = "pending", "done", "failed", "skipped"
MAX_ITEM_ATTEMPTS = 3  # polls in which a transient item failure is retried
MAX_BACKOFF = timedelta(hours=24)


class WatchSourceRow(Base):
    __tablename__ = "watch_sources"

    id: Mapped[str] = mapped_column(String(512), primary_key=True)  # page_id(url)
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(8))  # feed | page
    name: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_checked: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_success: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(Integer, default=0)  # consecutive
    backoff_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WatchItemRow(Base):
    __tablename__ = "watch_items"

    id: Mapped[str] = mapped_column(String(512), primary_key=True)  # page_id(url)
    url: Mapped[str] = mapped_column(Text)
    source_id: Mapped[str] = mapped_column(String(512), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32))
    article_id: Mapped[str | None] = mapped_column(String(512), index=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_fetched: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


TABLES = [WatchSourceRow.__table__, WatchItemRow.__table__]


@dataclass(frozen=True)
class ItemOutcome:
    item_id: str
    status: str  # DONE, FAILED (transient: tried again next poll) or SKIPPED
    article_id: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class SourceStatus:
    url: str
    kind: str
    name: str | None
    last_success: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    failures: int
    backoff_until: datetime | None
    articles: int
    incidents: int
    pending: int
    failed: int


def now() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: they were stored in UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


@contextmanager
def _guard(store: Store, action: str) -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()
        raise StoreError(f"{action} database {store.name}: {reason[0] if reason else type(error).__name__}") from None


class WatchState:
    """The watcher's tables in the store's database (created there if missing)."""

    def __init__(self, store: Store):
        self.store = store
        with _guard(store, "cannot open"):
            Base.metadata.create_all(store.engine, tables=TABLES)
        self._session = sessionmaker(store.engine, expire_on_commit=False)

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with _guard(self.store, "cannot write to"), self._session() as session, session.begin():
            yield session

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with _guard(self.store, "cannot read"), self._session() as session:
            yield session

    # --- sources ---------------------------------------------------------------------------------

    def source(self, source_id: str, url: str, kind: str, name: str | None) -> WatchSourceRow:
        """The source's row, created (or its url, kind and name updated) as listed."""
        with self._write() as s:
            row = s.get(WatchSourceRow, source_id)
            if row is None:
                row = WatchSourceRow(id=source_id, failures=0)
                s.add(row)
            row.url, row.kind, row.name = url, kind, name
            return row

    def source_ok(self, source_id: str, etag: str | None, last_modified: str | None) -> None:
        with self._write() as s:
            row = s.get_one(WatchSourceRow, source_id)
            row.last_checked = row.last_success = now()
            row.etag, row.last_modified = etag, last_modified
            row.failures, row.backoff_until = 0, None

    def source_failed(self, source_id: str, error: str, interval: float) -> datetime:
        """Record the failure; RETURNS when to try again: one interval after the first failure,
        doubling with each further one, at most a day."""
        with self._write() as s:
            row = s.get_one(WatchSourceRow, source_id)
            row.failures = (row.failures or 0) + 1
            row.last_checked = row.last_error_at = now()
            row.last_error = error
            wait = min(timedelta(seconds=interval) * 2 ** min(row.failures - 1, 20), MAX_BACKOFF)
            row.backoff_until = row.last_error_at + wait
            return row.backoff_until

    # --- items -----------------------------------------------------------------------------------

    def add_items(self, source_id: str, items: Iterable[tuple[str, str, str | None, str | None]]) -> int:
        """Record newly found items (id, url, title, published) as pending, in one transaction.
        RETURNS how many were new."""
        new = 0
        with self._write() as s:
            for item_id, url, title, published in items:
                if s.get(WatchItemRow, item_id) is None:
                    s.add(WatchItemRow(id=item_id, url=url, source_id=source_id, status=PENDING, title=title,
                                       published=published, attempts=0, first_seen=now()))
                    s.flush()
                    new += 1
        return new

    def ensure_item(self, item_id: str, url: str, source_id: str) -> WatchItemRow:
        """A page source's own item (fetched every poll, with its validators)."""
        with self._write() as s:
            row = s.get(WatchItemRow, item_id)
            if row is None:
                row = WatchItemRow(id=item_id, url=url, source_id=source_id, status=PENDING, attempts=0,
                                   first_seen=now())
                s.add(row)
            return row

    def pending(self, source_ids: list[str]) -> list[WatchItemRow]:
        """Items still to fetch for these sources, oldest first (resumes a killed run)."""
        with self._read() as s:
            q = (select(WatchItemRow)
                 .where(WatchItemRow.source_id.in_(source_ids),
                        (WatchItemRow.status == PENDING)
                        | ((WatchItemRow.status == FAILED) & (WatchItemRow.attempts < MAX_ITEM_ATTEMPTS)))
                 .order_by(WatchItemRow.first_seen, WatchItemRow.id))
            return list(s.scalars(q))

    def item(self, item_id: str) -> WatchItemRow | None:
        with self._read() as s:
            return s.get(WatchItemRow, item_id)

    def finish(self, outcomes: Iterable[ItemOutcome]) -> None:
        """Record what happened to a batch of items, in one transaction (a commit per item would
        double the disk syncs of an ingest). Only called after the batch's articles committed."""
        with self._write() as s:
            for outcome in outcomes:
                row = s.get_one(WatchItemRow, outcome.item_id)
                row.status, row.error = outcome.status, outcome.error
                if outcome.status == DONE:
                    row.article_id = outcome.article_id  # a failure keeps the article an earlier fetch stored
                row.attempts = (row.attempts or 0) + 1
                row.last_fetched = now()
                if outcome.etag or outcome.last_modified:
                    row.etag, row.last_modified = outcome.etag, outcome.last_modified

    # --- status ----------------------------------------------------------------------------------

    def status(self) -> list[SourceStatus]:
        """Every source ever watched, with what it brought: articles stored, incidents they report."""
        with self._read() as s:
            counts: dict[tuple[str, str], int] = {
                (source_id, status): n for source_id, status, n in s.execute(
                    select(WatchItemRow.source_id, WatchItemRow.status, func.count())
                    .group_by(WatchItemRow.source_id, WatchItemRow.status))}
            incidents = dict(s.execute(
                select(WatchItemRow.source_id, func.count(func.distinct(IncidentSourceRow.incident_id)))
                .join(IncidentSourceRow, IncidentSourceRow.article_id == WatchItemRow.article_id)
                .where(WatchItemRow.status == DONE).group_by(WatchItemRow.source_id)).all())
            rows = list(s.scalars(select(WatchSourceRow).order_by(WatchSourceRow.kind, WatchSourceRow.url)))
        return [SourceStatus(url=r.url, kind=r.kind, name=r.name, last_success=aware(r.last_success),
                             last_error=r.last_error, last_error_at=aware(r.last_error_at), failures=r.failures or 0,
                             backoff_until=aware(r.backoff_until), articles=counts.get((r.id, DONE), 0),
                             incidents=incidents.get(r.id, 0), pending=counts.get((r.id, PENDING), 0),
                             failed=counts.get((r.id, FAILED), 0) + counts.get((r.id, SKIPPED), 0))
                for r in rows]

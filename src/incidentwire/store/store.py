"""`Store`: the one API the CLI and the web app use to keep articles and incidents.

Every `save` is one transaction (the article, its incidents and their sources), so a process
killed mid-ingest loses nothing already committed and never leaves half an article behind.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, NamedTuple

from sqlalchemy import ColumnElement, Engine, Select, case, create_engine, func, insert, inspect, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from incidentwire.link.reconcile import Report
from incidentwire.models import Article, ArticleResult, Incident, StoredIncident
from incidentwire.store import decisions
from incidentwire.store.decisions import Explanation
from incidentwire.store.linking import add_reports, detach_article, link_copy
from incidentwire.store.migrate import upgrade
from incidentwire.store.schema import (
    SCHEMA_VERSION,
    ArticleRow,
    Base,
    IncidentRow,
    IncidentSourceRow,
    ReportRow,
    SchemaInfoRow,
)

DEFAULT_URL = "sqlite:///incidentwire.db"
ENV_VAR = "INCIDENTWIRE_DB"

Status = Literal["new", "updated", "unchanged", "duplicate"]


class StoreError(Exception):
    """The database cannot be used (bad URL, unreachable, read-only...): a one-line message."""


class Counts(NamedTuple):
    articles: int
    incidents: int


class Tally(NamedTuple):
    incidents: int
    killed: int
    wounded: int


@dataclass(frozen=True)
class Saved:
    """What `Store.save` did with one article."""

    status: Status
    incidents: int = 0  # incidents this article now sources
    duplicate_of: str | None = None


def default_url() -> str:
    """`$INCIDENTWIRE_DB`, else a SQLite file `incidentwire.db` in the current directory."""
    return os.environ.get(ENV_VAR) or DEFAULT_URL


def parse_url(url: str) -> URL:
    """A SQLAlchemy URL; a bare file path (no "://") means a SQLite file, for convenience."""
    if "://" not in url:
        url = f"sqlite:///{url}"
    try:
        return make_url(url)
    except (ArgumentError, ValueError) as err:
        shown = re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)  # never print a password
        raise StoreError(f"not a valid database URL: {shown!r} ({err})".replace(url, shown)) from None


def _reason(err: BaseException) -> str:
    orig = getattr(err, "orig", None) or err
    lines = [line.strip() for line in str(orig).splitlines() if line.strip()]
    return lines[0] if lines else type(orig).__name__


class Store:
    """Articles, incidents and their sources in any SQLAlchemy database (SQLite by default)."""

    def __init__(self, url: str | None = None, *, link: Callable[[Session, str, str], list[str]] = link_copy):
        raw = url or default_url()
        self.url = parse_url(raw)
        self.name = raw if self.url.password is None else self.url.render_as_string(hide_password=True)
        self.link = link
        self.engine = self._engine()
        with self._guard("cannot open"):
            self._check_schema()
            Base.metadata.create_all(self.engine)
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    def _check_schema(self) -> None:
        """Upgrade a database written by an older incidentwire (`migrate`), or refuse it clearly."""
        tables = inspect(self.engine).get_table_names()
        if "incidents" in tables and "reports" not in tables:
            raise StoreError(f"database {self.name} was written by an older incidentwire (schema 1, no "
                             f"cross-article linking); ingest the articles again into a new database")
        if "schema_info" in tables:
            with self.engine.begin() as conn:
                version = conn.scalar(select(func.max(SchemaInfoRow.version)))
                if version is not None and version != SCHEMA_VERSION and not upgrade(conn, version, SCHEMA_VERSION):
                    raise StoreError(f"database {self.name} has schema version {version}, this incidentwire "
                                     f"reads version {SCHEMA_VERSION}")
        Base.metadata.create_all(self.engine)
        with self.engine.begin() as conn:
            if conn.scalar(select(func.count()).select_from(SchemaInfoRow)) == 0:
                conn.execute(insert(SchemaInfoRow).values(version=SCHEMA_VERSION))

    def _engine(self) -> Engine:
        connect_args: dict[str, Any] = {}
        backend = self.url.get_backend_name()
        if backend == "postgresql":
            connect_args["connect_timeout"] = 10
        elif backend == "sqlite":
            connect_args["timeout"] = 30  # wait for another writer rather than fail at once
        try:
            return create_engine(self.url, connect_args=connect_args)
        except NoSuchModuleError:
            raise StoreError(f"unknown database kind {self.url.drivername!r} in {self.name}") from None
        except ImportError as err:
            hint = " (pip install 'incidentwire[pg]')" if backend == "postgresql" else ""
            raise StoreError(f"the driver for {self.name} is not installed: {err.name}{hint}") from None

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as err:
            hint = ""
            if self.url.get_backend_name() == "sqlite" and "unable to open" in str(err):
                hint = " (does its directory exist, and is it writable?)"
            raise StoreError(f"{action} database {self.name}: {_reason(err)}{hint}") from None

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._guard("cannot read"), self._session() as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self._guard("cannot write to"), self._session() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_writable(self) -> None:
        """Fail now, with a clear message, rather than after the first article's NLP."""
        with self._guard("cannot write to"), self.engine.connect() as conn, conn.begin() as tx:
            conn.execute(insert(ArticleRow), [_probe_row()])
            tx.rollback()

    # --- reading -------------------------------------------------------------------------------

    def known(self, article: Article) -> bool:
        """True when this id is stored with this very text: re-ingesting it changes nothing."""
        with self._read() as s:
            stored = s.scalar(select(ArticleRow.content_hash).where(ArticleRow.id == article.id))
        return stored == article.content_hash

    def copy_of(self, article: Article) -> str | None:
        """The id of the stored first copy of this text under another id, if any."""
        with self._read() as s:
            first = _first_copy(s, article.id, article.content_hash)
            return first.id if first else None

    def counts(self) -> Counts:
        with self._read() as s:
            return Counts(s.scalar(select(func.count()).select_from(ArticleRow)) or 0,
                          s.scalar(select(func.count()).select_from(IncidentRow)) or 0)

    def get_incident(self, incident_id: str) -> StoredIncident | None:
        """The incident with this id; an id that was merged into another incident (a report's
        own id) gives the incident it now belongs to."""
        with self._read() as s:
            row = s.get(IncidentRow, self._current_id(s, incident_id))
            return _stored(s, [row])[0] if row else None

    def resolve_id(self, incident_id: str) -> str | None:
        """The current id of an incident known by an older id (ids follow merges), or None."""
        with self._read() as s:
            current = self._current_id(s, incident_id)
            return current if s.get(IncidentRow, current) is not None else None

    @staticmethod
    def _current_id(s: Session, incident_id: str) -> str:
        if s.get(IncidentRow, incident_id) is not None:
            return incident_id
        report = s.get(ReportRow, incident_id)
        return report.incident_id if report is not None else incident_id

    def incidents(self, *, since: str | None = None, until: str | None = None,
                  country: str | None = None, category: str | None = None,
                  perpetrator: str | None = None, admin1: str | None = None, place: str | None = None,
                  with_passing: bool = False, limit: int | None = None) -> list[StoredIncident]:
        """Stored incidents, by date (undated last). `since`/`until` are inclusive YYYY-MM-DD;
        `perpetrator`, `admin1` and `place` match any part of the name, ignoring case; incidents
        that every source mentions only in passing are left out unless `with_passing`."""
        q = _filtered(select(IncidentRow), since=since, until=until, country=country, category=category,
                      perpetrator=perpetrator, admin1=admin1, place=place, with_passing=with_passing)
        q = q.order_by(case((IncidentRow.date_value.is_(None), 1), else_=0), IncidentRow.date_value,
                       IncidentRow.id)
        if limit is not None:
            q = q.limit(limit)
        with self._read() as s:
            return _stored(s, list(s.scalars(q)))

    def count(self, *, since: str | None = None, until: str | None = None, country: str | None = None,
              category: str | None = None, perpetrator: str | None = None, admin1: str | None = None,
              place: str | None = None, with_passing: bool = False) -> Tally:
        """How many deduplicated incidents match, and how many people they killed and wounded
        (each incident's reconciled best figure)."""
        q = _filtered(select(func.count(), func.sum(IncidentRow.killed_best), func.sum(IncidentRow.wounded_best)),
                      since=since, until=until, country=country, category=category, perpetrator=perpetrator,
                      admin1=admin1, place=place, with_passing=with_passing)
        with self._read() as s:
            n, killed, wounded = s.execute(q).one()
        return Tally(n or 0, killed or 0, wounded or 0)

    # --- linking: explanations and analysts' corrections ------------------------------------------

    def explain(self, incident_id: str) -> Explanation | None:
        """Why the incident's reports were linked (features, scores, threshold) and who decided what."""
        with self._read() as s:
            return decisions.explain(s, self._current_id(s, incident_id))

    def reports(self, incident_id: str) -> list[Report]:
        """What each source said: the incident as every one of its articles told it."""
        with self._read() as s:
            return decisions.reports(s, self._current_id(s, incident_id))

    def merge(self, keep_id: str, other_id: str, *, user: str) -> str:
        """Merge two incidents (stored as an analyst's decision). RETURNS the merged incident's id."""
        with self._write() as s:
            return decisions.merge(s, self._current_id(s, keep_id), self._current_id(s, other_id), user)

    def split(self, incident_id: str, article_id: str, *, user: str) -> list[str]:
        """Take an article out of an incident, for good. RETURNS the article's incident id(s)."""
        with self._write() as s:
            return decisions.split(s, self._current_id(s, incident_id), article_id, user)

    # --- writing -------------------------------------------------------------------------------

    def save(self, result: ArticleResult) -> Saved:
        """Store one article and its incidents in one transaction.

        Same id and text: nothing changes ("unchanged"). Same id, new text: its incidents are
        replaced ("updated"). Text already stored under another id (a syndicated copy): the
        result's incidents are ignored and the article becomes a source of the first copy's
        incidents ("duplicate")."""
        article = result.article
        digest = article.content_hash
        with self._write() as s:
            row = s.get(ArticleRow, article.id)
            if row is not None and row.content_hash == digest:
                return Saved("unchanged")
            status: Status = "new"
            if row is None:
                row = ArticleRow(id=article.id)
                s.add(row)
            else:
                status = "updated"
                detach_article(s, row)
            _fill(row, article)
            first = _first_copy(s, article.id, digest)
            if first is not None:
                row.duplicate_of, row.skipped, row.places = first.id, first.skipped, first.places
                s.flush()
                linked = self.link(s, article.id, first.id)
                return Saved("duplicate" if status == "new" else status, len(linked), first.id)
            row.duplicate_of, row.skipped = None, result.skipped
            row.places = [p.to_json() for p in result.places]
            s.flush()
            joined = add_reports(s, row, [i.to_json() for i in _unique_ids(result.incidents)])
            return Saved(status, len(joined))


# --- helpers over a session -----------------------------------------------------------------------

def reported_as_main() -> ColumnElement[bool]:
    """SQL condition on IncidentRow: some article reports it, not every source only in passing
    (the default of `incidents`, `count` and the web pages)."""
    return IncidentRow.in_passing.is_(False)


def _filtered(q: Select[Any], *, since: str | None, until: str | None, country: str | None,
              category: str | None, perpetrator: str | None, admin1: str | None, place: str | None,
              with_passing: bool = False) -> Select[Any]:
    if not with_passing:
        q = q.where(reported_as_main())
    if since:
        q = q.where(IncidentRow.date_value >= since)
    if until:
        q = q.where(IncidentRow.date_value <= until)
    if country:
        q = q.where(IncidentRow.country_code == country.upper())
    if category:
        q = q.where(IncidentRow.category == category)
    for column, value in ((IncidentRow.perpetrators, perpetrator), (IncidentRow.admin1, admin1),
                          (IncidentRow.place, place)):
        if value:
            q = q.where(func.lower(column).contains(value.lower(), autoescape=True))
    return q


def _probe_row() -> dict[str, Any]:
    return {"id": "__incidentwire_write_probe__", "content_hash": "", "text": "", "meta": {}, "places": [],
            "ingested_at": datetime.now(UTC)}


def _fill(row: ArticleRow, article: Article) -> None:
    row.content_hash = article.content_hash
    row.title, row.publication_date = article.title, article.publication_date
    row.url, row.source, row.meta = article.url, article.source, dict(article.metadata)
    row.text = article.text
    row.ingested_at = datetime.now(UTC)


def _first_copy(s: Session, article_id: str, digest: str) -> ArticleRow | None:
    q = (select(ArticleRow)
         .where(ArticleRow.content_hash == digest, ArticleRow.id != article_id,
                ArticleRow.duplicate_of.is_(None))
         .order_by(ArticleRow.ingested_at, ArticleRow.id).limit(1))
    return s.scalars(q).first()


def _unique_ids(incidents: list[Incident]) -> list[Incident]:
    """Two incidents of one article anchored on the same sentence get the same id from
    `link.assign_ids`; keep both, the later ones with a deterministic suffix."""
    seen: dict[str, int] = {}
    for incident in incidents:
        n = seen.get(incident.id, 0)
        seen[incident.id] = n + 1
        if n:
            incident.id = f"{incident.id}-{n + 1}"
    return incidents


def _stored(s: Session, rows: list[IncidentRow]) -> list[StoredIncident]:
    """Incident rows -> SPEC records plus their sources (owner first, then by date)."""
    sources: dict[str, list[tuple[Any, ...]]] = {row.id: [] for row in rows}
    passing: dict[tuple[str, str], bool] = {}  # (incident, article) -> the article mentions it only in passing
    ids = list(sources)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        q = (select(IncidentSourceRow.incident_id, ArticleRow.id, ArticleRow.url, ArticleRow.title,
                    ArticleRow.publication_date, ArticleRow.duplicate_of)
             .join(ArticleRow, ArticleRow.id == IncidentSourceRow.article_id)
             .where(IncidentSourceRow.incident_id.in_(chunk)))
        for incident_id, *ref in s.execute(q):
            sources[incident_id].append(tuple(ref))
        q = (select(ReportRow.incident_id, ReportRow.article_id, ReportRow.in_passing)
             .where(ReportRow.incident_id.in_(chunk)))
        passing.update({(incident_id, article_id): flag for incident_id, article_id, flag in s.execute(q)})
    out = []
    for row in rows:
        refs = sorted(sources[row.id], key=lambda r: (r[0] != row.article_id, r[3] or "", r[0]))
        # a syndicated copy has no reports of its own: it tells the incident as its first copy does
        out.append(StoredIncident.model_validate({
            **row.record, "id": row.id, "in_passing": row.in_passing,
            "sources": [{"article_id": a, "url": u, "title": t, "publication_date": d,
                         "in_passing": passing.get((row.id, copy_of or a), False)}
                        for a, u, t, d, copy_of in refs],
            "conflicts": row.conflicts or []}))
    return out

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

from sqlalchemy import Engine, case, create_engine, delete, func, insert, select, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from incidentwire.link import incident_id as make_incident_id
from incidentwire.models import Article, ArticleResult, Incident, StoredIncident
from incidentwire.store.linking import link_copy
from incidentwire.store.schema import ArticleRow, Base, IncidentRow, IncidentSourceRow

DEFAULT_URL = "sqlite:///incidentwire.db"
ENV_VAR = "INCIDENTWIRE_DB"

Status = Literal["new", "updated", "unchanged", "duplicate"]


class StoreError(Exception):
    """The database cannot be used (bad URL, unreachable, read-only...): a one-line message."""


class Counts(NamedTuple):
    articles: int
    incidents: int


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
            Base.metadata.create_all(self.engine)
        self._session = sessionmaker(self.engine, expire_on_commit=False)

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
        with self._read() as s:
            row = s.get(IncidentRow, incident_id)
            return _stored(s, [row])[0] if row else None

    def incidents(self, *, since: str | None = None, until: str | None = None,
                  country: str | None = None, category: str | None = None,
                  perpetrator: str | None = None, limit: int | None = None) -> list[StoredIncident]:
        """Stored incidents, by date (undated last). `since`/`until` are inclusive YYYY-MM-DD;
        `perpetrator` matches any part of a perpetrator name, ignoring case."""
        q = select(IncidentRow)
        if since:
            q = q.where(IncidentRow.date_value >= since)
        if until:
            q = q.where(IncidentRow.date_value <= until)
        if country:
            q = q.where(IncidentRow.country_code == country.upper())
        if category:
            q = q.where(IncidentRow.category == category)
        if perpetrator:
            q = q.where(func.lower(IncidentRow.perpetrators).contains(perpetrator.lower(), autoescape=True))
        q = q.order_by(case((IncidentRow.date_value.is_(None), 1), else_=0), IncidentRow.date_value,
                       IncidentRow.id)
        if limit is not None:
            q = q.limit(limit)
        with self._read() as s:
            return _stored(s, list(s.scalars(q)))

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
                _detach(s, row)
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
            for incident in _unique_ids(result.incidents):
                s.add(_incident_row(incident, article.id))
            s.flush()
            for incident in result.incidents:
                s.add(IncidentSourceRow(incident_id=incident.id, article_id=article.id))
            return Saved(status, len(result.incidents))


# --- helpers over a session -----------------------------------------------------------------------

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


def _incident_row(incident: Incident, owner: str) -> IncidentRow:
    record = incident.to_json()
    return IncidentRow(id=incident.id, article_id=owner, **_columns(record))


def _columns(record: dict[str, Any]) -> dict[str, Any]:
    """The indexed copies of a record's fields."""
    loc = record["location"]
    return {"record": record, "category": record["category"], "date_value": record["date"]["value"],
            "country_code": loc["country_code"], "admin1": loc["admin1"], "lat": loc["lat"],
            "lon": loc["lon"], "killed_best": record["killed"]["best"],
            "wounded_best": record["wounded"]["best"],
            "perpetrators": "; ".join(p["name"] for p in record["perpetrators"])}


def _detach(s: Session, row: ArticleRow) -> None:
    """Before an article's text is replaced: it stops sourcing anything. The incidents it owned
    go with it, unless syndicated copies still report them: then the first copy owns them."""
    s.execute(delete(IncidentSourceRow).where(IncidentSourceRow.article_id == row.id))
    copies = list(s.scalars(select(ArticleRow).where(ArticleRow.duplicate_of == row.id)
                            .order_by(ArticleRow.ingested_at, ArticleRow.id)))
    heir = copies[0] if copies else None
    if heir is not None:
        heir.duplicate_of = None
        for other in copies[1:]:
            other.duplicate_of = heir.id
    owned = list(s.scalars(select(IncidentRow).where(IncidentRow.article_id == row.id)))
    for inc in owned:
        if heir is None:
            s.execute(delete(IncidentSourceRow).where(IncidentSourceRow.incident_id == inc.id))
            s.delete(inc)
        else:
            _rehome(s, inc, row.id, heir.id)
    s.flush()


def _rehome(s: Session, inc: IncidentRow, old: str, new: str) -> None:
    """Give an incident to another article with the same text: the id it would have had if
    that article had been extracted, evidence pointing into it."""
    record = _replace_article_id(inc.record, old, new)
    anchor = min((e["start"] for e in record.get("evidence", [])), default=0)
    new_id = make_incident_id(new, anchor)
    record["id"] = new_id
    s.add(IncidentRow(id=new_id, article_id=new, **_columns(record)))
    s.flush()
    s.execute(update(IncidentSourceRow).where(IncidentSourceRow.incident_id == inc.id)
              .values(incident_id=new_id))
    s.delete(inc)


def _replace_article_id(value: Any, old: str, new: str) -> Any:
    if isinstance(value, dict):
        out = {k: _replace_article_id(v, old, new) for k, v in value.items()}
        if out.get("article_id") == old:
            out["article_id"] = new
        return out
    if isinstance(value, list):
        return [_replace_article_id(v, old, new) for v in value]
    return value


def _stored(s: Session, rows: list[IncidentRow]) -> list[StoredIncident]:
    """Incident rows -> SPEC records plus their sources (owner first, then by date)."""
    sources: dict[str, list[tuple[Any, ...]]] = {row.id: [] for row in rows}
    ids = list(sources)
    for start in range(0, len(ids), 500):
        q = (select(IncidentSourceRow.incident_id, ArticleRow.id, ArticleRow.url, ArticleRow.title,
                    ArticleRow.publication_date)
             .join(ArticleRow, ArticleRow.id == IncidentSourceRow.article_id)
             .where(IncidentSourceRow.incident_id.in_(ids[start:start + 500])))
        for incident_id, *ref in s.execute(q):
            sources[incident_id].append(tuple(ref))
    out = []
    for row in rows:
        refs = sorted(sources[row.id], key=lambda r: (r[0] != row.article_id, r[3] or "", r[0]))
        out.append(StoredIncident.model_validate({
            **row.record, "id": row.id,
            "sources": [{"article_id": a, "url": u, "title": t, "publication_date": d}
                        for a, u, t, d in refs]}))
    return out

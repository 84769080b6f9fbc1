"""The database schema, portable types only (SQLite and PostgreSQL alike).

- `articles`: every article ever ingested, byte-for-byte text, its content hash (to spot
  re-ingestion and syndicated copies), its resolved places, and why it was skipped, if it was.
- `reports`: one incident as one article tells it (the extractor's record, kept unchanged), its
  linking signature, and the incident it belongs to.
- `report_words`: each report's index words, to find reports that share names and rare words.
- `links`: pairs of reports the link model scored above its threshold (with the features, for
  `why`), and analysts' merges (score NULL).
- `decisions`: analysts' merges and splits, with user and time; they win over the linker.
- `incidents`: one row per real-world incident, reconciled from its reports; `record` is the
  SPEC.md Incident JSON, the other columns are copies of a few of its fields, indexed for
  filtering. `article_id` is the article of its lead report.
- `incident_sources`: which articles report which incident (its reports' articles and their
  syndicated copies).
- `corrections`: analysts' field edits (`corrections.py`), applied whenever an incident is written.
- `schema_info`: the schema version, so an older database is refused with a clear message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(512), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    publication_date: Mapped[str | None] = mapped_column(String(32))
    url: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    text: Mapped[str] = mapped_column(Text)
    places: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    skipped: Mapped[str | None] = mapped_column(String(200))  # reason, when not processed
    duplicate_of: Mapped[str | None] = mapped_column(String(512), index=True)  # first copy of the same text
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IncidentRow(Base):
    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    category: Mapped[str] = mapped_column(String(32), index=True)
    date_value: Mapped[str | None] = mapped_column(String(10), index=True)  # YYYY-MM-DD
    country_code: Mapped[str | None] = mapped_column(String(8), index=True)
    admin1: Mapped[str | None] = mapped_column(String(200), index=True)
    place: Mapped[str | None] = mapped_column(String(200))  # location name
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    killed_best: Mapped[int | None] = mapped_column(Integer)
    wounded_best: Mapped[int | None] = mapped_column(Integer)
    perpetrators: Mapped[str] = mapped_column(Text, default="")  # names joined by "; "
    conflicts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    in_passing: Mapped[bool] = mapped_column(Boolean, default=False, index=True)  # every source only in passing


class IncidentSourceRow(Base):
    __tablename__ = "incident_sources"

    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), primary_key=True, index=True)


class ReportRow(Base):
    __tablename__ = "reports"
    # The date/place blocking query is answered from this index alone; rows are read only for hits.
    __table_args__ = (Index("ix_reports_block", "key_day", "lat", "lon", "admin1"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    incident_id: Mapped[str] = mapped_column(String(64), index=True)
    rank: Mapped[int] = mapped_column(Integer, default=0)  # 0: the article's main incident
    in_passing: Mapped[bool] = mapped_column(Boolean, default=False)  # a background incident of the article
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    signature: Mapped[dict[str, Any]] = mapped_column(JSON)
    key_day: Mapped[int | None] = mapped_column(Integer)  # blocking: date window (ix_reports_block)
    country_code: Mapped[str | None] = mapped_column(String(8))
    admin1: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)


class ReportWordRow(Base):
    """The index words of each report (`link.blocking.index_words`): the second blocking key."""

    __tablename__ = "report_words"

    word: Mapped[str] = mapped_column(String(100), primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id"), primary_key=True, index=True)


class LinkRow(Base):
    __tablename__ = "links"

    a: Mapped[str] = mapped_column(String(64), primary_key=True)  # a < b
    b: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    score: Mapped[float | None] = mapped_column(Float)  # None: an analyst's merge
    features: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DecisionRow(Base):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # "merge" | "split"
    incident_id: Mapped[str] = mapped_column(String(64))  # as it was when decided
    other: Mapped[str] = mapped_column(String(512))  # merged incident id, or split-off article id
    report_a: Mapped[str | None] = mapped_column(String(64))  # merge: the two reports linked
    report_b: Mapped[str | None] = mapped_column(String(64))
    article_id: Mapped[str | None] = mapped_column(String(512), index=True)  # split: the article pinned
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    user: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CorrectionRow(Base):
    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(String(64), index=True)  # no FK: survives re-extraction
    field: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JSON)
    previous: Mapped[Any] = mapped_column(JSON)
    user: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SchemaInfoRow(Base):
    __tablename__ = "schema_info"

    version: Mapped[int] = mapped_column(Integer, primary_key=True)


SCHEMA_VERSION = 3  # 3: reports and incidents say whether they are only mentioned in passing

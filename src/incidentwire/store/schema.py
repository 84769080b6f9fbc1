"""The database schema: three tables, portable types only (SQLite and PostgreSQL alike).

- `articles`: every article ever ingested, byte-for-byte text, its content hash (to spot
  re-ingestion and syndicated copies), its resolved places, and why it was skipped, if it was.
- `incidents`: one row per incident; `record` is the full SPEC.md Incident JSON (the source of
  truth), the other columns are copies of a few of its fields, indexed for filtering.
  `article_id` is the article whose extraction produced the record (its "owner").
- `incident_sources`: which articles report which incident (the owner, plus syndicated copies
  and, later, whatever `incidentwire.link` matches across articles).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text
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
    duplicate_of: Mapped[str | None] = mapped_column(String(512))  # first copy of the same text
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
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    killed_best: Mapped[int | None] = mapped_column(Integer)
    wounded_best: Mapped[int | None] = mapped_column(Integer)
    perpetrators: Mapped[str] = mapped_column(Text, default="")  # names joined by "; "


class IncidentSourceRow(Base):
    __tablename__ = "incident_sources"

    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), primary_key=True, index=True)

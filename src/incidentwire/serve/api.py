"""The HTTP API under /api: incidents (filtered, paged, in any export format), articles, ingest,
corrections, and the map and timeline data the pages draw. OpenAPI at /api/openapi.json."""

from __future__ import annotations

import io
import math
from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from incidentwire import export
from incidentwire.ingest.problems import ReadOptions, Report
from incidentwire.ingest.records import Context as ReadContext
from incidentwire.ingest.records import article_from_record
from incidentwire.serve import queries
from incidentwire.serve.app import Context
from incidentwire.serve.filters import Filters, filters, invalid
from incidentwire.store import ingest
from incidentwire.store.corrections import EDITABLE, CorrectionError
from incidentwire.store.schema import ArticleRow


def ctx(request: Request) -> Context:
    return request.app.state.ctx  # type: ignore[no-any-return]


def readable(request: Request) -> Context:
    c = ctx(request)
    c.auth.require_read(request)
    return c


def writable(request: Request) -> Context:
    c = ctx(request)
    c.auth.require_write(request)
    return c


router = APIRouter(prefix="/api", tags=["api"])

MEDIA = {"csv": "text/csv", "acled": "text/csv", "gtd": "text/csv", "ucdp": "text/csv",
         "geojson": "application/geo+json", "jsonl": "application/x-ndjson",
         "parquet": "application/vnd.apache.parquet", "table": "text/plain"}
FILE_FORMATS = [name for name in export.formats("incidents") if name != "json"]


@router.get("/incidents", summary="List incidents (filters, sort, pages; json, csv, geojson and the exports)")
def list_incidents(
    f: Filters = Depends(filters), c: Context = Depends(readable),
    sort: str = Query("date", description="date, category, country, killed, wounded, place, perpetrators, id; "
                                          "prefix - for descending"),
    page: int = Query(1, ge=1, le=1_000_000), per_page: int | None = Query(None, ge=1, le=1000,
                                                            description="Default 50 for json, all for files."),
    format: str = Query("json", description=f"json or one of: {', '.join(FILE_FORMATS)}"),
) -> Any:
    if format == "json":
        found = queries.page_of(c.store, c.corrections, f, sort=sort, page=page, per_page=per_page or 50)
        return {"total": found.total, "page": found.page, "per_page": found.per_page, "pages": found.pages,
                "filters": f.params(), "incidents": [i.to_json() for i in found.incidents]}
    if format not in FILE_FORMATS:
        raise invalid(f"format: {format!r} is not one of json, {', '.join(FILE_FORMATS)}")
    if per_page:
        incidents = queries.page_of(c.store, c.corrections, f, sort=sort, page=page, per_page=per_page).incidents
    else:
        incidents = queries.all_of(c.store, c.corrections, f, sort=sort)
    return Response(render(format, incidents), media_type=MEDIA.get(format, "application/octet-stream"),
                    headers={"Content-Disposition": f'attachment; filename="incidents.{extension(format)}"'})


def extension(fmt: str) -> str:
    return {"acled": "acled.csv", "gtd": "gtd.csv", "ucdp": "ucdp.csv", "table": "txt"}.get(fmt, fmt)


def render(fmt: str, incidents: list[Any]) -> bytes:
    """One export format's output as bytes (parquet is binary; the text formats are UTF-8)."""
    raw = io.BytesIO()
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    export.writer(fmt, "incidents")(incidents, text)
    text.flush()
    data = raw.getvalue()
    text.detach()
    return data


@router.get("/incidents/{incident_id}", summary="One incident, corrected, with its corrections")
def get_incident(incident_id: str, c: Context = Depends(readable)) -> dict[str, Any]:
    incident = c.corrections.get(incident_id)
    if incident is None:
        raise _not_found("incident", incident_id)
    return {**incident.to_json(), "corrections": [_correction_json(x) for x in c.corrections.history(incident_id)]}


@router.get("/articles/{article_id:path}", summary="One article: its text, places and incidents")
def get_article(article_id: str, c: Context = Depends(readable)) -> dict[str, Any]:
    with c.store._read() as s:
        row = s.get(ArticleRow, article_id)
        if row is None:
            raise _not_found("article", article_id)
        article = {"id": row.id, "title": row.title, "publication_date": row.publication_date, "url": row.url,
                   "source": row.source, "text": row.text, "metadata": row.meta, "places": row.places,
                   "skipped": row.skipped, "duplicate_of": row.duplicate_of}
    incidents = queries.incidents_of_article(c.store, c.corrections, article_id)
    return {"article": article, "incidents": [i.to_json() for i in incidents]}


class ArticleIn(BaseModel):
    """An article in the SPEC input shape (other keys are kept as metadata)."""

    model_config = {"extra": "allow"}
    id: str | None = None
    text: str = Field(description="The article text, as published.")
    title: str | None = None
    publication_date: str | None = Field(None, description="YYYY-MM-DD (other date forms are parsed).")
    url: str | None = None
    source: str | None = None


@router.post("/articles", summary="Ingest articles (one object or a list); needs the write token")
def post_articles(articles: ArticleIn | list[ArticleIn] = Body(...), c: Context = Depends(writable)) -> Any:
    items = articles if isinstance(articles, list) else [articles]
    if not items:
        raise invalid("no articles in the request body")
    if len(items) > 1000:
        raise invalid("at most 1000 articles per request")
    report = Report()
    read = ReadContext(options=ReadOptions(), report=report)
    parsed = []
    for n, item in enumerate(items, 1):
        article = article_from_record(item.model_dump(exclude_none=True), path="request", line=n, ctx=read)
        if article is not None:
            parsed.append(article)
    errors = [p for p in report.problems if p.level == "error"]
    if errors:
        raise invalid("; ".join(f"article {p.line}: {p.message}" for p in errors))
    summary = ingest(c.store, parsed, c.pipeline())
    c.corrections.reapply()
    out = []
    for article in parsed:
        with c.store._read() as s:
            row = s.get(ArticleRow, article.id)
            skipped = row.skipped if row else None
        ids = [i.id for i in queries.incidents_of_article(c.store, c.corrections, article.id)]
        out.append({"id": article.id, "skipped": skipped, "incidents": ids})
    return {"new": summary.new, "unchanged": summary.unchanged, "updated": summary.updated,
            "duplicates": summary.duplicates, "skipped": sum(summary.skipped.values()), "articles": out,
            "warnings": [str(p) for p in report.problems if p.level == "warning"]}


class CorrectionIn(BaseModel):
    field: Literal[tuple(EDITABLE)]  # type: ignore[valid-type]
    value: str | None = Field(None, description="The new value as text; lists are separated by ';'.")
    user: str | None = Field(None, description="Who corrects (default: the signed-in user).")
    note: str | None = None


@router.post("/incidents/{incident_id}/corrections", summary="Correct one field; needs the write token")
def post_correction(incident_id: str, body: CorrectionIn, request: Request,
                    c: Context = Depends(writable)) -> dict[str, Any]:
    user = body.user or c.auth.user(request) or ""
    try:
        made = c.corrections.add(incident_id, body.field, body.value, user=user, note=body.note)
    except CorrectionError as err:
        raise invalid(str(err)) from None
    return _correction_json(made)


@router.get("/map", summary="Map clusters for one view (server-side clustering)")
def map_clusters(f: Filters = Depends(filters), c: Context = Depends(readable),
                 zoom: int = Query(2, ge=0, le=20),
                 bbox: str | None = Query(None, description="west,south,east,north in degrees")) -> Any:
    return queries.clusters(c.store, f, zoom=zoom, bbox=parse_bbox(bbox))


@router.get("/timeline", summary="Incidents per month (per year for long spans)")
def timeline(f: Filters = Depends(filters), c: Context = Depends(readable)) -> Any:
    return queries.timeline(c.store, f)


def parse_bbox(bbox: str | None) -> tuple[float, float, float, float] | None:
    if not bbox:
        return None
    try:
        west, south, east, north = (float(x) for x in bbox.split(","))
    except ValueError:
        raise invalid(f"bbox: expected west,south,east,north in degrees, got {bbox!r}") from None
    if not all(math.isfinite(x) for x in (west, south, east, north)):
        raise invalid("bbox: degrees must be finite numbers")
    if not (-90 <= south <= north <= 90):
        raise invalid("bbox: need -90 <= south <= north <= 90")
    if east - west >= 360:
        return -180.0, south, 180.0, north
    return ((west + 180) % 360) - 180, south, ((east + 180) % 360) - 180, north  # west > east: crosses 180°


def _not_found(kind: str, key: str) -> Exception:
    from fastapi import HTTPException

    return HTTPException(404, f"no {kind} {key!r}")


def _correction_json(x: Any) -> dict[str, Any]:
    return {"id": x.id, "incident_id": x.incident_id, "field": x.field, "value": x.value, "previous": x.previous,
            "user": x.user, "note": x.note, "at": x.at.isoformat()}

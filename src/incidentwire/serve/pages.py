"""The HTML pages: map + timeline, table, incident (fields with their evidence), article, sign-in."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from incidentwire.export._rows import count, place
from incidentwire.models import CATEGORIES, StoredIncident
from incidentwire.serve import queries
from incidentwire.serve.api import readable, writable
from incidentwire.serve.app import Context
from incidentwire.serve.auth import TOKEN_COOKIE, USER_COOKIE
from incidentwire.serve.filters import SORTS, Filters, filters
from incidentwire.serve.highlight import evidence_spans, runs
from incidentwire.store.corrections import EDITABLE, CorrectionError, get_path
from incidentwire.store.schema import ArticleRow

router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, **values: Any) -> Response:
    c: Context = request.app.state.ctx
    values.setdefault("signed_in", c.auth.signed_in(request))
    values.setdefault("user", c.auth.user(request))
    values.setdefault("categories", CATEGORIES)
    return request.app.state.templates.TemplateResponse(request, name, values)  # type: ignore[no-any-return]


def link(path: str, f: Filters, **extra: Any) -> str:
    params = {**f.params(), **{k: v for k, v in extra.items() if v not in (None, "")}}
    return path + ("?" + urlencode(params) if params else "")


@router.get("/")
def map_page(request: Request, f: Filters = Depends(filters), c: Context = Depends(readable)) -> Response:
    found = queries.page_of(c.store, c.corrections, f, sort="date", per_page=25)
    bars = queries.timeline(c.store, f)
    return render(request, "map.html", f=f, page=found, bars=bars, bounds=queries.bounds(c.store, f),
                  peak=max((b["count"] for b in bars), default=0),
                  link=link, count=count, place=place, sort="date")


@router.get("/incidents")
def table_page(request: Request, f: Filters = Depends(filters), c: Context = Depends(readable),
               sort: str = Query("date"), page: int = Query(1, ge=1, le=1_000_000),
               per_page: int = Query(50, ge=1, le=500)) -> Response:
    found = queries.page_of(c.store, c.corrections, f, sort=sort, page=page, per_page=per_page)
    return render(request, "table.html", f=f, page=found, sort=sort, sorts=list(SORTS), link=link, count=count,
                  place=place)


def field_rows(incident: StoredIncident) -> list[dict[str, Any]]:
    """Every field of the record, as (label, shown value, evidence spans, editable field key)."""
    rows: list[dict[str, Any]] = []

    def add(label: str, value: Any, evidence: list[Any], key: str | None = None) -> None:
        rows.append({"label": label, "value": "" if value is None else str(value), "evidence": evidence,
                     "key": key})

    i = incident
    add("Category", i.category, [], "category")
    add("Subcategory", i.subcategory, [], "subcategory")
    add("Date", " ".join(x for x in (i.date.value, f"({i.date.precision})" if i.date.precision else None,
                                      f"“{i.date.text}”" if i.date.text else None) if x), i.date.evidence,
        "date.value")
    loc = i.location
    coords = f"{loc.lat:.4f}, {loc.lon:.4f}" if loc.lat is not None and loc.lon is not None else None
    add("Location", "; ".join(x for x in (place(i), loc.country, coords, loc.precision) if x), loc.evidence,
        "location.name")
    for p in i.perpetrators:
        add("Perpetrator", f"{p.name} ({p.type}{', claimed' if p.claimed else ''})", p.evidence, "perpetrators")
    if not i.perpetrators:
        add("Perpetrator", None, [], "perpetrators")
    for t in i.targets:
        add("Target", f"{t.text} ({t.type})", t.evidence)
    for v in i.victims:
        add("Victim", f"{v.text} ({v.status})", v.evidence)
    for w in i.weapons:
        add("Weapon", f"{w.text} ({w.type})", w.evidence)
    add("Killed", _count_text(i.killed), i.killed.evidence, "killed.best")
    add("Wounded", _count_text(i.wounded), i.wounded.evidence, "wounded.best")
    add("Summary", i.summary, [], "summary")
    add("Confidence", f"{i.confidence:.2f}", [])
    return rows


def _count_text(c: Any) -> str:
    def shown(n: int | None) -> str:
        return "?" if n is None else str(n)

    return f"{count(c)} (min {shown(c.min)}, max {shown(c.max)}, best {shown(c.best)})"


@router.get("/incidents/{incident_id}")
def incident_page(request: Request, incident_id: str, c: Context = Depends(readable),
                  error: str | None = None) -> Response:
    incident = c.corrections.get(incident_id)
    if incident is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    articles = []
    with c.store._read() as s:
        for ref in incident.sources:
            row = s.get(ArticleRow, ref.article_id)
            if row is not None:
                spans = evidence_spans(incident, row.id)
                articles.append({"row": row, "runs": runs(row.text, spans), "marked": bool(spans)})
    history = c.corrections.history(incident_id)
    record = incident.to_json()
    current = {field: get_path(record, field) for field in EDITABLE}
    current["perpetrators"] = "; ".join(current["perpetrators"])
    anchors = {item["row"].id: f"ev{n}" for n, item in enumerate(articles)}  # evidence quote -> its mark
    explanation = c.store.explain(incident.id)
    return render(request, "incident.html", incident=incident, rows=field_rows(incident), articles=articles,
                  anchors=anchors, decisions=explanation.decisions if explanation else [],
                  history=history, editable=list(EDITABLE), current=current, error=error, count=count,
                  place=place)


@router.post("/incidents/{incident_id}/corrections")
def correct(request: Request, incident_id: str, field: str = Form(...), value: str = Form(""),
            note: str = Form(""), c: Context = Depends(writable)) -> Response:
    try:
        c.corrections.add(incident_id, field, value, user=c.auth.user(request) or "", note=note or None)
    except CorrectionError as err:
        return RedirectResponse(f"/incidents/{incident_id}?{urlencode({'error': str(err)})}#correct",
                                status_code=303)
    return RedirectResponse(f"/incidents/{incident_id}#history", status_code=303)


@router.get("/articles/{article_id:path}")
def article_page(request: Request, article_id: str, c: Context = Depends(readable)) -> Response:
    with c.store._read() as s:
        row = s.get(ArticleRow, article_id)
        if row is None:
            raise HTTPException(404, f"no article {article_id!r}")
    incidents = queries.incidents_of_article(c.store, c.corrections, article_id)
    spans = [span for i in incidents for span in evidence_spans(i, article_id)]
    return render(request, "article.html", article=row, incidents=incidents, runs=runs(row.text, spans),
                  count=count, place=place)


@router.get("/login")
def login_page(request: Request, next: str = "/", error: str | None = None) -> Response:
    return render(request, "login.html", next=_local(next), error=error)


@router.post("/login")
def login(request: Request, token: str = Form(...), user: str = Form(...), next: str = Form("/")) -> Response:
    c: Context = request.app.state.ctx
    user = user.strip()[:200]
    if not c.auth.valid(token.strip()) or not user:
        error = "wrong token" if user else "give your name: corrections are signed with it"
        return RedirectResponse(f"/login?{urlencode({'next': _local(next), 'error': error})}", status_code=303)
    response = RedirectResponse(_local(next), status_code=303)
    for key, value in ((TOKEN_COOKIE, token.strip()), (USER_COOKIE, user)):
        response.set_cookie(key, value, httponly=True, samesite="strict", max_age=30 * 86400)
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(TOKEN_COOKIE)
    response.delete_cookie(USER_COOKIE)
    return response


@router.get("/api/docs")
def api_docs(request: Request) -> Response:
    """The OpenAPI description as a plain page (Swagger UI would need a CDN)."""
    schema = request.app.openapi()
    return render(request, "docs.html", schema=schema)


def _local(target: str) -> str:
    """Only same-site paths: /login?next=https://evil.example must not redirect away."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"

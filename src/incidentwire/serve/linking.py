"""Merge and split incidents from the web app and the API: thin wrappers over `Store.merge` and
`Store.split`, which store each as an analyst's decision (user and time) that later linking keeps."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from incidentwire.serve.api import writable
from incidentwire.serve.app import Context
from incidentwire.serve.filters import invalid
from incidentwire.store import DecisionError

api = APIRouter(prefix="/api", tags=["api"])
pages = APIRouter(include_in_schema=False)


def merge(c: Context, incident_id: str, other_id: str, user: str) -> str:
    """RETURNS the merged incident's id; HTTP 422 with the store's message when it cannot be done."""
    if not user.strip():
        raise invalid("a merge needs the name of the analyst who makes it")
    try:
        merged = c.store.merge(incident_id, other_id.strip(), user=user.strip())
    except DecisionError as err:
        raise invalid(str(err)) from None
    c.corrections.reapply()
    return merged


def split(c: Context, incident_id: str, article_id: str, user: str) -> tuple[list[str], str | None]:
    """RETURNS (the split-off article's incident ids, the id of what remains of the incident)."""
    if not user.strip():
        raise invalid("a split needs the name of the analyst who makes it")
    remaining = [r.id for r in c.store.reports(incident_id) if r.article_id != article_id]
    try:
        parts = c.store.split(incident_id, article_id, user=user.strip())
    except DecisionError as err:
        raise invalid(str(err)) from None
    c.corrections.reapply()
    rest = next((c.store.resolve_id(r) for r in remaining if c.store.resolve_id(r)), None)
    return parts, rest


class MergeIn(BaseModel):
    other: str = Field(description="The incident to merge into this one.")
    user: str | None = Field(None, description="Who decides (default: the signed-in user).")


class SplitIn(BaseModel):
    article_id: str = Field(description="The source article to take out of the incident.")
    user: str | None = None


@api.post("/incidents/{incident_id}/merge", summary="Merge another incident into this one; needs the write token")
def api_merge(incident_id: str, body: MergeIn, request: Request, c: Context = Depends(writable)) -> dict[str, Any]:
    merged = merge(c, incident_id, body.other, body.user or c.auth.user(request) or "")
    return {"incident": merged}


@api.post("/incidents/{incident_id}/split", summary="Take a source article out of an incident; needs the token")
def api_split(incident_id: str, body: SplitIn, request: Request, c: Context = Depends(writable)) -> dict[str, Any]:
    parts, rest = split(c, incident_id, body.article_id, body.user or c.auth.user(request) or "")
    return {"split_off": parts, "remaining": rest}


@pages.post("/incidents/{incident_id}/merge")
def page_merge(request: Request, incident_id: str, other: str = Form(...), c: Context = Depends(writable)) -> Response:
    merged = merge(c, incident_id, other, c.auth.user(request) or "")
    return RedirectResponse(f"/incidents/{merged}#linking", status_code=303)


@pages.post("/incidents/{incident_id}/split")
def page_split(request: Request, incident_id: str, article_id: str = Form(...),
               c: Context = Depends(writable)) -> Response:
    parts, rest = split(c, incident_id, article_id, c.auth.user(request) or "")
    return RedirectResponse(f"/incidents/{rest or parts[0]}#linking", status_code=303)

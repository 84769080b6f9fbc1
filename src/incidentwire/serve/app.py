"""The FastAPI application: HTML pages for analysts and a JSON API under /api, over one Store.

Article text is untrusted. Pages print it only through Jinja's autoescaping, links from articles
are kept only when they are http(s), and a Content-Security-Policy forbids inline scripts, so
even markup that slipped through could not run. Every asset is served from the package (no CDN).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from incidentwire.serve.auth import Auth
from incidentwire.store import Store, StoreError
from incidentwire.store.corrections import Corrections

HERE = Path(__file__).parent
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


@dataclass
class Context:
    """What every request handler needs, built once per app."""

    store: Store
    corrections: Corrections
    auth: Auth
    make_pipeline: Callable[[], Any]
    _pipeline: Any = None
    _lock: Lock = field(default_factory=Lock)

    def pipeline(self) -> Any:
        """The NLP pipeline, loaded on the first POSTed article (reads never pay for it)."""
        with self._lock:
            if self._pipeline is None:
                self._pipeline = self.make_pipeline()
            return self._pipeline


def _default_pipeline() -> Any:
    from incidentwire.pipeline import Pipeline

    return Pipeline()


def safe_url(url: str | None) -> str | None:
    """`url` if it is an http(s) link, else None: a `javascript:` link from an article is shown as text."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def create_app(store: Store, *, token: str, open_reads: bool = True,
               make_pipeline: Callable[[], Any] = _default_pipeline) -> FastAPI:
    from incidentwire.serve import api, linking, pages

    app = FastAPI(title="incidentwire", version="0.1.0", docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Incidents extracted from news reports, each value with its evidence.")
    from incidentwire.store import web_indexes

    with store._guard("cannot index"):
        web_indexes.ensure(store.engine)
    corrections = Corrections(store)
    corrections.reapply()  # linking may have rewritten incident rows since the corrections were made
    app.state.ctx = Context(store, corrections, Auth(token, open_reads=open_reads), make_pipeline)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["safe_url"] = safe_url
    app.state.templates = templates
    app.add_middleware(GZipMiddleware, minimum_size=2000)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if wants_html(request):
            if exc.status_code == 401 and request.method == "GET":
                target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
                return RedirectResponse(f"/login?next={target}", status_code=303)
            return templates.TemplateResponse(request, "error.html", {"status": exc.status_code,
                                                                      "message": exc.detail},
                                              status_code=exc.status_code)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        message = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}"
                            for e in exc.errors())
        if wants_html(request):
            return templates.TemplateResponse(request, "error.html", {"status": 422, "message": message},
                                              status_code=422)
        return JSONResponse({"detail": message}, status_code=422)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api.router)
    app.include_router(linking.api)
    app.include_router(linking.pages)
    app.include_router(pages.router)
    return app

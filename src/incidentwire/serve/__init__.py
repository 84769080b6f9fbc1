"""Stage serve: the web app and HTTP API for analysts (`incidentwire serve`).

    app = create_app(Store(url), token="...", open_reads=True)   # a FastAPI app; run with uvicorn

Pages: map + timeline (`/`), table (`/incidents`), incident (`/incidents/ID`), article
(`/articles/ID`); API under `/api` (see `/api/docs`). Corrections are in `store.corrections`.
"""

from incidentwire.serve.app import create_app

__all__ = ["create_app"]

"""What the web app's tests share: a demo database built by the real pipeline, and a live server.

The demo database holds the two bundled seed articles plus a hostile article (script tags, an
onerror image, javascript: links) whose text must only ever be shown as text.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from incidentwire.models import Article
from incidentwire.serve import create_app
from incidentwire.store import Store, ingest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "demo" / "corpus"
TOKEN = "test-token-123"
XSS_ID = "hostile-article"
XSS_URL = "javascript:window.__xss='url'"
XSS_TEXT = (
    "HERAT, March 3 (Reuters) - Gunmen shot dead three police officers at a checkpoint in Herat on "
    "Sunday, police said. <script>window.__xss = 'script'; alert('xss')</script> Witnesses said "
    "<img src=x onerror=\"window.__xss = 'img'\"> two attackers fled on a motorbike. "
    "<a href=\"javascript:window.__xss='link'\">More details</a> were not immediately available."
)

_pipeline: Any = None


def pipeline() -> Any:
    """The real pipeline, loaded once per test session (spaCy and the gazetteer take seconds)."""
    global _pipeline
    if _pipeline is None:
        from incidentwire.pipeline import Pipeline

        _pipeline = Pipeline()
    return _pipeline


def demo_articles() -> list[Article]:
    return [
        Article(id="kabul-2013-06-25", text=(CORPUS / "kabul-2013-06-25.txt").read_text(encoding="utf-8"),
                title="Taliban attack Kabul presidential palace", publication_date="2013-06-25",
                url="https://example.org/kabul"),
        Article(id="kandahar-2011-05-07", text=(CORPUS / "kandahar-2011-05-07.txt").read_text(encoding="utf-8"),
                title="Taliban attack government buildings in Kandahar", publication_date="2011-05-07"),
        Article(id=XSS_ID, text=XSS_TEXT, title="<script>window.__xss='title'</script> Police killed",
                publication_date="2014-03-03", url=XSS_URL),
    ]


def build_demo_db(path: Path) -> str:
    url = f"sqlite:///{path}"
    with Store(url) as store:
        ingest(store, demo_articles(), pipeline())
    return url


def copy_db(template: Path, target: Path) -> str:
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(db_url: str, *, open_reads: bool = True) -> Iterator[str]:
    """A real uvicorn server on a free port over `db_url`; yields its base URL."""
    store = Store(db_url)
    app = create_app(store, token=TOKEN, open_reads=open_reads, make_pipeline=pipeline)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        store.close()

"""incidentwire: news reports of violent incidents -> sourced, geocoded incident records.

The front door is one function::

    from incidentwire import extract
    incidents = extract(text, published="2013-06-25")

Every other entry point (CLI, HTTP, batch, cluster) goes through `incidentwire.pipeline`.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "extract"]


def extract(text: str, *, published: str | None = None, article_id: str = "article",
            title: str | None = None, url: str | None = None):
    """Incidents reported in one news text. RETURNS list[Incident] (see `incidentwire.models`)."""
    from incidentwire.pipeline import extract as _extract

    return _extract(text, published=published, article_id=article_id, title=title, url=url)

"""Stable incident ids within one article.

Each incident gets an id derived from the article id and the position of its first evidence
sentence, so re-running the pipeline on the same article gives the same ids.
"""

from __future__ import annotations

import hashlib

from incidentwire.models import Article, Incident


def incident_id(article_id: str, anchor: int) -> str:
    """Stable id: the same article and the same anchoring sentence give the same id."""
    digest = hashlib.sha1(f"{article_id}\x00{anchor}".encode()).hexdigest()[:12]
    return f"inc-{digest}"


def assign_ids(article: Article, incidents: list[Incident]) -> list[Incident]:
    """Ids from the first evidence offset; a second incident anchored on the same sentence
    (two kinds of act in one sentence) gets the next free anchor, so ids never collide."""
    taken: set[str] = set()
    for incident in incidents:
        anchor = min((e.start for e in incident.evidence), default=0)
        while incident_id(article.id, anchor) in taken:
            anchor += 1
        incident.id = incident_id(article.id, anchor)
        taken.add(incident.id)
    return incidents

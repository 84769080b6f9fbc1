"""The store's cross-article linking hook, in its first, trivial form.

A syndicated copy (the same text under another id or URL) reports exactly what its first copy
reports, so it becomes one more source of the first copy's incidents and is not extracted again.
Real linking (the same incident told by different reports) will live in `incidentwire.link` and
replace `link_copy` by a function of the same signature.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from incidentwire.store.schema import IncidentSourceRow


def link_copy(session: Session, article_id: str, first_id: str) -> list[str]:
    """Make `article_id` a source of every incident `first_id` is a source of.

    RETURNS the ids of the incidents the article now sources."""
    incident_ids = session.scalars(
        select(IncidentSourceRow.incident_id).where(IncidentSourceRow.article_id == first_id)
    ).all()
    have = set(session.scalars(
        select(IncidentSourceRow.incident_id).where(IncidentSourceRow.article_id == article_id)
    ).all())
    for incident_id in incident_ids:
        if incident_id not in have:
            session.add(IncidentSourceRow(incident_id=incident_id, article_id=article_id))
    return list(incident_ids)

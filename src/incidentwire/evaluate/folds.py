"""The one split every learned part uses for cross-validation on gva_dev: by gold incident, never
by article, so two reports of one shooting are always in the same fold."""

from __future__ import annotations

import hashlib
from typing import Any

FOLDS = 5


def fold_of_incident(incident_id: str, folds: int = FOLDS) -> int:
    """A fixed fold per incident (a salted hash: the unsalted one is skewed on GVA's ids)."""
    return int(hashlib.sha1(f"linker-fold:{incident_id}".encode()).hexdigest(), 16) % folds


def fold_of_article(gold_row: dict[str, Any], folds: int = FOLDS) -> int:
    """The fold of an article: that of its (smallest) gold incident id, else of its own id."""
    ids = sorted(str(g["incident_id"]) for g in gold_row.get("incidents") or [] if g.get("incident_id"))
    return fold_of_incident(ids[0] if ids else str(gold_row["id"]), folds)

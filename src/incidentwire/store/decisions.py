"""Analysts' corrections to linking, and the explanations they act on.

A merge is stored as a manual link between the two incidents' lead reports; a split pins the
article: its reports take no automatic link from then on (re-ingesting it, or ingesting new
reports of the same event, never undoes it). Both are rows of `decisions`, with user and time,
and both win over the automatic linker because `link.cluster_reports` takes manual links first
and skips automatic ones of pinned articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from incidentwire.link import load_model
from incidentwire.link.model import Contribution
from incidentwire.link.reconcile import Report
from incidentwire.store.linking import as_reports, component, recluster
from incidentwire.store.schema import ArticleRow, DecisionRow, LinkRow, ReportRow


class DecisionError(ValueError):
    """The correction cannot be made (unknown incident, article not a source...): a message."""


@dataclass(frozen=True)
class LinkReason:
    report_a: str
    article_a: str
    report_b: str
    article_b: str
    score: float | None  # None: an analyst's merge
    used: bool  # False: above the threshold, but the groups were kept apart (same article, cohesion)
    contributions: list[Contribution] = field(default_factory=list)


@dataclass(frozen=True)
class Decision:
    kind: str
    incident_id: str
    other: str
    user: str
    at: datetime
    active: bool


@dataclass(frozen=True)
class Explanation:
    incident_id: str
    threshold: float
    cohesion: float
    reports: list[tuple[str, str]]  # (report id, article id)
    links: list[LinkReason]
    decisions: list[Decision]
    pinned: list[str]  # articles split off by an analyst


def _reports_of(s: Session, incident_id: str) -> list[ReportRow]:
    return list(s.scalars(select(ReportRow).where(ReportRow.incident_id == incident_id).order_by(ReportRow.id)))


def _require(s: Session, incident_id: str) -> list[ReportRow]:
    rows = _reports_of(s, incident_id)
    if not rows:
        raise DecisionError(f"no incident {incident_id!r} in the database")
    return rows


def merge(s: Session, keep_id: str, other_id: str, user: str) -> str:
    """RETURNS the id of the merged incident."""
    if keep_id == other_id:
        raise DecisionError("an incident cannot be merged with itself")
    a, b = _require(s, keep_id)[0].id, _require(s, other_id)[0].id
    pinned = {r.article_id for r in _reports_of(s, keep_id) + _reports_of(s, other_id)}
    # An explicit merge overrides an earlier split of these articles.
    s.execute(update(DecisionRow).where(DecisionRow.kind == "split", DecisionRow.article_id.in_(sorted(pinned)),
                                        DecisionRow.active.is_(True)).values(active=False))
    lo, hi = sorted((a, b))
    s.merge(LinkRow(a=lo, b=hi, score=None, features={}))
    s.add(DecisionRow(kind="merge", incident_id=keep_id, other=other_id, report_a=lo, report_b=hi,
                      user=user, at=datetime.now(UTC)))
    s.flush()
    return recluster(s, {a, b})[a]


def split(s: Session, incident_id: str, article_id: str, user: str) -> list[str]:
    """Take `article_id`'s reports out of the incident. RETURNS the incident ids they now have."""
    rows = _require(s, incident_id)
    mine = [r for r in rows if r.article_id == article_id]
    if not mine:
        sources = ", ".join(sorted({r.article_id for r in rows}))
        raise DecisionError(f"article {article_id!r} is not a source of {incident_id} (its sources: {sources})")
    if len(mine) == len(rows):
        raise DecisionError(f"article {article_id!r} is the only source of {incident_id}: nothing to split")
    ids = {r.id for r in mine}
    # Undo earlier manual merges that tied these reports in; the split is the later decision.
    s.execute(delete(LinkRow).where(LinkRow.score.is_(None), or_(LinkRow.a.in_(ids), LinkRow.b.in_(ids))))
    staying = min(r.id for r in rows if r.id not in ids)
    # report_a/report_b: one report on each side, so both resulting incidents show the decision.
    s.add(DecisionRow(kind="split", incident_id=incident_id, other=article_id, article_id=article_id,
                      report_a=staying, report_b=min(ids), user=user, at=datetime.now(UTC)))
    s.flush()
    mapping = recluster(s, {r.id for r in rows})
    return sorted({mapping[i] for i in ids})


def explain(s: Session, incident_id: str) -> Explanation | None:
    rows = _reports_of(s, incident_id)
    if not rows:
        return None
    model = load_model()
    ids = {r.id for r in rows}
    articles = {r.id: r.article_id for r in rows}
    linked = component(s, ids)
    links = []
    for link in s.scalars(select(LinkRow).where(LinkRow.a.in_(sorted(linked))).order_by(LinkRow.a, LinkRow.b)):
        if link.a not in ids and link.b not in ids:
            continue
        inside = link.a in ids and link.b in ids
        other = {link.a, link.b} - ids
        other_article = {r: a for r, a in s.execute(select(ReportRow.id, ReportRow.article_id)
                                                      .where(ReportRow.id.in_(sorted(other))))}
        contributions = model.explain(link.features) if link.score is not None else []
        links.append(LinkReason(link.a, articles.get(link.a) or other_article.get(link.a, "?"),
                                link.b, articles.get(link.b) or other_article.get(link.b, "?"),
                                link.score, inside, contributions))
    sources = sorted(set(articles.values()))
    decisions = [Decision(d.kind, d.incident_id, d.other, d.user, d.at, d.active) for d in s.scalars(
        select(DecisionRow).where(or_(DecisionRow.report_a.in_(sorted(ids)), DecisionRow.report_b.in_(sorted(ids)),
                                      DecisionRow.article_id.in_(sources), DecisionRow.incident_id == incident_id,
                                      DecisionRow.other == incident_id)).order_by(DecisionRow.at, DecisionRow.id))]
    pinned = sorted(set(s.scalars(select(DecisionRow.article_id).where(
        DecisionRow.kind == "split", DecisionRow.active.is_(True), DecisionRow.article_id.in_(sources)))))
    return Explanation(incident_id, model.threshold, model.cohesion, [(r.id, r.article_id) for r in rows],
                       links, decisions, pinned)


def reports(s: Session, incident_id: str) -> list[Report]:
    rows = _reports_of(s, incident_id)
    published = dict(s.execute(select(ArticleRow.id, ArticleRow.publication_date)
                               .where(ArticleRow.id.in_(sorted({r.article_id for r in rows})))).all())
    return as_reports(rows, published)


__all__ = ["Decision", "DecisionError", "Explanation", "LinkReason", "explain", "merge", "reports", "split"]


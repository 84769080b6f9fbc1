"""Cross-article linking inside the store: candidates from the database, decisions from `link`.

Each new report is scored against the stored reports of the same days and area (blocking on the
indexed `key_day` and coordinates, so the work per article does not grow with the store); pairs
above the model's threshold become `links`. The incidents touched are then rebuilt from the
whole linked component — a pure function of the reports, links and analysts' decisions, which is
why ingest order does not matter.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, delete, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from incidentwire.link import Signature, cluster_reports, load_model, pair_features, reconcile, signature
from incidentwire.link.blocking import BLOCK_DAYS, BLOCK_KM, index_words, key_day, may_match
from incidentwire.link.cluster import Link
from incidentwire.link.ids import incident_id as make_incident_id
from incidentwire.link.reconcile import Report, mentioned_in_passing
from incidentwire.store.schema import (
    ArticleRow,
    DecisionRow,
    IncidentRow,
    IncidentSourceRow,
    LinkRow,
    ReportRow,
    ReportWordRow,
)

CHUNK = 500  # ids per IN (...) query
MAX_POSTINGS = 200  # a word on more stored reports than this is not used to find candidates


def add_reports(s: Session, article: ArticleRow, records: list[dict[str, Any]]) -> list[str]:
    """Store an article's incidents as reports, link them, rebuild the incidents they join.

    RETURNS the ids of the incidents the article's reports now belong to."""
    model = load_model()
    rows = []
    for rank, record in enumerate(records):
        sig = signature(record, rank=rank, published=article.publication_date, title=article.title)
        loc = record.get("location") or {}
        row = ReportRow(id=record["id"], article_id=article.id, incident_id=record["id"], rank=rank,
                        in_passing=mentioned_in_passing(record, rank), record=record, signature=sig.to_json(),
                        key_day=key_day(sig),
                        country_code=loc.get("country_code"), admin1=loc.get("admin1"),
                        lat=loc.get("lat"), lon=loc.get("lon"))
        s.add(row)
        rows.append((row, sig))
    s.flush()
    for row, sig in rows:
        s.add_all(ReportWordRow(word=word[:100], report_id=row.id) for word in sorted(set(index_words(sig))))
    s.flush()
    links: dict[tuple[str, str], LinkRow] = {}  # a new report has no stored links yet: plain inserts
    for row, sig in rows:
        for other_id, other in _candidates(s, row, sig):
            features = pair_features(sig, other)
            p = model.probability(features)
            if p >= model.threshold:
                a, b = sorted((row.id, other_id))
                links[a, b] = LinkRow(a=a, b=b, score=round(p, 4), features=features)
    s.add_all(links.values())
    s.flush()
    if not rows:
        return []
    ids = {row.id for row, _ in rows}
    mapping = recluster(s, ids)
    return sorted({mapping[i] for i in ids})


def _candidates(s: Session, row: ReportRow, sig: Signature) -> Iterable[tuple[str, Signature]]:
    """Stored reports of other articles that `may_match` this one: those of the same days and
    area, and those sharing index words (SQL narrows, `may_match` decides)."""
    found: dict[str, Signature] = {}
    if row.key_day is not None:
        q = select(ReportRow.id, ReportRow.signature).where(
            ReportRow.key_day.between(row.key_day - BLOCK_DAYS, row.key_day + BLOCK_DAYS),
            ReportRow.article_id != row.article_id)
        if row.lat is not None and row.lon is not None:
            dlat = BLOCK_KM / 111.0
            dlon = BLOCK_KM / (111.0 * max(0.1, math.cos(math.radians(row.lat))))
            near = and_(ReportRow.lat.between(row.lat - dlat, row.lat + dlat),
                        ReportRow.lon.between(row.lon - dlon, row.lon + dlon))
            q = q.where(or_(near, ReportRow.lat.is_(None), ReportRow.admin1 == row.admin1))
        elif row.country_code:
            q = q.where(or_(ReportRow.country_code == row.country_code, ReportRow.country_code.is_(None)))
        found.update((rid, Signature.from_json(data)) for rid, data in s.execute(q))
    indexed = sorted({w[:100] for w in index_words(sig)})
    words = _searchable(s, indexed)
    common = frozenset(indexed) - frozenset(words)
    if len(words) >= 2:
        sharing = (select(ReportWordRow.report_id).where(ReportWordRow.word.in_(words))
                   .group_by(ReportWordRow.report_id).having(func.count() >= 2).subquery())
        q = (select(ReportRow.id, ReportRow.signature).join(sharing, sharing.c.report_id == ReportRow.id)
             .where(ReportRow.article_id != row.article_id))
        found.update((rid, Signature.from_json(data)) for rid, data in s.execute(q) if rid not in found)
    if row.key_day is not None and sig.place in words:  # the same town name in the same week, placed anywhere
        q = (select(ReportRow.id, ReportRow.signature).join(ReportWordRow, ReportWordRow.report_id == ReportRow.id)
             .where(ReportWordRow.word == sig.place, ReportRow.article_id != row.article_id,
                    ReportRow.key_day.between(row.key_day - BLOCK_DAYS, row.key_day + BLOCK_DAYS)))
        found.update((rid, Signature.from_json(data)) for rid, data in s.execute(q) if rid not in found)
    return [(rid, other) for rid, other in sorted(found.items()) if may_match(sig, other, common=common)]


def _searchable(s: Session, words: list[str]) -> list[str]:
    """Index words whose posting lists are short enough to search. A word the training table
    does not know can still be common in this store ("Kabul" in a store of Afghan news); such a
    word finds nothing the date/place key does not, and would make every lookup slow. (The price:
    a pair sharing only such words may be linked or not depending on when the word became
    common; date/place candidates are unaffected.)"""
    if not words:
        return []
    # One bounded count per word (LIMIT), so a very common word costs no more than a rare one.
    counts = union_all(*(select(literal(w).label("word"), func.count().label("n")).select_from(
        select(ReportWordRow.report_id).where(ReportWordRow.word == w).limit(MAX_POSTINGS + 1).subquery())
        for w in words))
    common = {w for w, n in s.execute(select(counts.subquery())) if n > MAX_POSTINGS}
    return [w for w in words if w not in common]


def _in_chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(ids)
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def component(s: Session, seeds: set[str]) -> set[str]:
    """Every report connected to `seeds` by links (automatic or manual)."""
    nodes, frontier = set(seeds), set(seeds)
    while frontier:
        found: set[str] = set()
        for chunk in _in_chunks(frontier):
            for a, b in s.execute(select(LinkRow.a, LinkRow.b).where(or_(LinkRow.a.in_(chunk), LinkRow.b.in_(chunk)))):
                found.update((a, b))
        frontier = found - nodes
        nodes |= frontier
    return nodes


def pinned_articles(s: Session, article_ids: Iterable[str]) -> frozenset[str]:
    """Articles an analyst split off: their reports take no automatic link."""
    out: set[str] = set()
    for chunk in _in_chunks(set(article_ids)):
        out.update(s.scalars(select(DecisionRow.article_id).where(
            DecisionRow.kind == "split", DecisionRow.active.is_(True), DecisionRow.article_id.in_(chunk))))
    return frozenset(out)


def recluster(s: Session, seeds: set[str], stale: Iterable[str] = ()) -> dict[str, str]:
    """Rebuild the incidents of the component of `seeds` (and drop the `stale` incident ids).

    RETURNS report id -> incident id for the component."""
    nodes = component(s, seeds)
    reports: list[ReportRow] = []
    links: list[Link] = []
    for chunk in _in_chunks(nodes):
        reports += s.scalars(select(ReportRow).where(ReportRow.id.in_(chunk)))
        links += [Link(a, b, score) for a, b, score in
                  s.execute(select(LinkRow.a, LinkRow.b, LinkRow.score).where(LinkRow.a.in_(chunk)))]
    articles = {r.id: r.article_id for r in reports}
    mapping = cluster_reports(articles, links, pinned_articles(s, articles.values()), cohesion=load_model().cohesion)
    before: dict[str, set[str]] = {}
    after: dict[str, list[ReportRow]] = {}
    for r in reports:
        before.setdefault(r.incident_id, set()).add(r.id)
        after.setdefault(mapping[r.id], []).append(r)
    # Rebuild only what changed: an incident with the same reports (none of them new) is kept.
    kept = {i for i, members in after.items() if before.get(i) == {r.id for r in members} and not seeds & before[i]}
    stale_ids = (set(before) | set(stale)) - kept
    for chunk in _in_chunks(stale_ids):
        s.execute(delete(IncidentSourceRow).where(IncidentSourceRow.incident_id.in_(chunk)))
        s.execute(delete(IncidentRow).where(IncidentRow.id.in_(chunk)))
    s.flush()
    for r in reports:
        r.incident_id = mapping[r.id]
    changed = {i: members for i, members in after.items() if i not in kept}
    published = _published(s, {r.article_id for members in changed.values() for r in members})
    for incident_id, members in sorted(changed.items()):
        _write_incident(s, incident_id, members, published)
    s.flush()
    return mapping


def _published(s: Session, article_ids: set[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for chunk in _in_chunks(article_ids):
        out.update(s.execute(select(ArticleRow.id, ArticleRow.publication_date).where(ArticleRow.id.in_(chunk))).all())
    return out


def as_reports(rows: list[ReportRow], published: dict[str, str | None]) -> list[Report]:
    return [Report(r.id, r.article_id, published.get(r.article_id), r.record, r.rank) for r in rows]


def _write_incident(s: Session, incident_id: str, members: list[ReportRow], published: dict[str, str | None]) -> None:
    from incidentwire.store.corrections import corrected  # (it builds on Store, which imports this module)

    record, conflicts = reconcile(as_reports(members, published), incident_id)
    record = corrected(s, [incident_id, *(r.id for r in members)], record)
    lead = min(members, key=lambda r: (r.rank, published.get(r.article_id) or "9999", r.article_id))
    sources = {r.article_id for r in members}
    sources |= set(s.scalars(select(ArticleRow.id).where(ArticleRow.duplicate_of.in_(sorted(sources)))))
    s.add(IncidentRow(id=incident_id, article_id=lead.article_id, conflicts=conflicts, **indexed_columns(record)))
    s.flush()
    for article_id in sorted(sources):
        s.add(IncidentSourceRow(incident_id=incident_id, article_id=article_id))


def indexed_columns(record: dict[str, Any]) -> dict[str, Any]:
    """The indexed copies of a record's fields."""
    loc = record["location"]
    return {"record": record, "category": record["category"], "date_value": record["date"]["value"],
            "country_code": loc["country_code"], "admin1": loc["admin1"], "place": loc["name"], "lat": loc["lat"],
            "lon": loc["lon"], "killed_best": record["killed"]["best"],
            "wounded_best": record["wounded"]["best"],
            "perpetrators": "; ".join(p["name"] for p in record["perpetrators"]),
            "in_passing": bool(record.get("in_passing"))}


def drop_reports(s: Session, article_id: str) -> list[dict[str, Any]]:
    """Remove an article's reports and their links, rebuilding the incidents they were part of.

    RETURNS the removed reports' records (for a syndicated copy to take them over)."""
    rows = list(s.scalars(select(ReportRow).where(ReportRow.article_id == article_id).order_by(ReportRow.rank)))
    if not rows:
        return []
    ids = {r.id for r in rows}
    neighbours = component(s, ids) - ids
    stale = {r.incident_id for r in rows}
    for chunk in _in_chunks(ids):
        s.execute(delete(LinkRow).where(or_(LinkRow.a.in_(chunk), LinkRow.b.in_(chunk))))
    records = [r.record for r in rows]
    for chunk in _in_chunks(ids):
        s.execute(delete(ReportWordRow).where(ReportWordRow.report_id.in_(chunk)))
    for r in rows:
        s.delete(r)
    s.flush()
    for chunk in _in_chunks(stale):
        s.execute(delete(IncidentSourceRow).where(IncidentSourceRow.incident_id.in_(chunk)))
        s.execute(delete(IncidentRow).where(IncidentRow.id.in_(chunk)))
    s.flush()
    if neighbours:
        recluster(s, neighbours)
    return records


def link_copy(session: Session, article_id: str, first_id: str) -> list[str]:
    """A syndicated copy (the same text under another id or URL) reports exactly what its first
    copy reports: make it a source of every incident the first copy's reports belong to.

    RETURNS the ids of the incidents the article now sources."""
    incident_ids = sorted(set(session.scalars(
        select(ReportRow.incident_id).where(ReportRow.article_id == first_id))))
    have = set(session.scalars(
        select(IncidentSourceRow.incident_id).where(IncidentSourceRow.article_id == article_id)))
    for incident_id in incident_ids:
        if incident_id not in have:
            session.add(IncidentSourceRow(incident_id=incident_id, article_id=article_id))
    return incident_ids


def detach_article(s: Session, row: ArticleRow) -> None:
    """Before an article's text is replaced: it stops sourcing anything. Its reports go with it,
    unless syndicated copies still carry the same text: then the first copy takes them over."""
    s.execute(delete(IncidentSourceRow).where(IncidentSourceRow.article_id == row.id))
    copies = list(s.scalars(select(ArticleRow).where(ArticleRow.duplicate_of == row.id)
                            .order_by(ArticleRow.ingested_at, ArticleRow.id)))
    heir = copies[0] if copies else None
    if heir is not None:
        heir.duplicate_of = None
        for other in copies[1:]:
            other.duplicate_of = heir.id
        s.flush()
    records = drop_reports(s, row.id)
    if heir is not None and records:
        add_reports(s, heir, _rehomed(records, row.id, heir.id))
    s.flush()


def _rehomed(records: list[dict[str, Any]], old: str, new: str) -> list[dict[str, Any]]:
    """Reports handed to another article with the same text: the ids they would have had if that
    article had been extracted, evidence pointing into it."""
    out, taken = [], set()
    for record in records:
        moved = _replace_article_id(record, old, new)
        anchor = min((e["start"] for e in moved.get("evidence", [])), default=0)
        while make_incident_id(new, anchor) in taken:
            anchor += 1
        moved["id"] = make_incident_id(new, anchor)
        taken.add(moved["id"])
        out.append(moved)
    return out


def _replace_article_id(value: Any, old: str, new: str) -> Any:
    if isinstance(value, dict):
        out = {k: _replace_article_id(v, old, new) for k, v in value.items()}
        if out.get("article_id") == old:
            out["article_id"] = new
        return out
    if isinstance(value, list):
        return [_replace_article_id(v, old, new) for v in value]
    return value

"""One record from the reports of one incident, losing nothing any source said.

Rules, as a human coder applies them (UCDP's low/best/high for counts):
- dates and places: the most precise value; among equally precise ones, the one most sources
  give (ties: the earliest). Disagreeing precise values are kept as a conflict.
- counts: min and max over every source; best is the latest source's figure (an updated toll,
  "rose to 15", beats yesterday's "12"); figures apart by a factor of two or more are a conflict.
- perpetrators, victims, targets, weapons, claims, evidence: the union, each with the evidence of
  every source that mentions it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

DATE_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}
PLACE_ORDER = {"exact": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4, None: 5}
CONFLICT_RATIO = 2  # counts this far apart (and at least CONFLICT_GAP apart) contradict each other
CONFLICT_GAP = 3


@dataclass(frozen=True)
class Report:
    """One article's version of the incident."""

    id: str
    article_id: str
    published: str | None
    record: dict[str, Any]  # the SPEC Incident JSON the extractor produced
    rank: int = 0

    @property
    def order(self) -> tuple[str, str, str]:
        return (self.published or "9999", self.article_id, self.id)


def _evidence(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, int, int], dict[str, Any]] = {}
    for e in items:
        seen.setdefault((e["article_id"], e["start"], e["end"]), e)
    return list(seen.values())


def _pick(reports: list[Report], get: Callable[[Report], dict[str, Any]], key: str,
          order: dict[Any, int]) -> tuple[dict[str, Any], list[Report]]:
    """The most precise, most often given value of a dated/placed sub-record; RETURNS it (with
    the evidence of every report that gives it) and the reports giving another precise value."""
    given = [r for r in reports if get(r).get(key) is not None]
    if not given:
        return dict(get(reports[0])), []
    best_rank = min(order.get(get(r).get("precision"), len(order)) for r in given)
    precise = [r for r in given if order.get(get(r).get("precision"), len(order)) == best_rank]
    votes = Counter(get(r)[key] for r in precise)
    first_seen = {v: i for i, v in reversed(list(enumerate(get(r)[key] for r in precise)))}
    value = min(votes, key=lambda v: (-votes[v], first_seen[v]))
    agreeing = [r for r in given if get(r)[key] == value]
    chosen = dict(get(agreeing[0]))
    chosen["evidence"] = _evidence([e for r in agreeing for e in get(r).get("evidence", [])])
    return chosen, [r for r in precise if get(r)[key] != value]


def _count(reports: list[Report], key: str) -> tuple[dict[str, Any], list[tuple[str, int]]]:
    figures = [(r, r.record[key]) for r in reports if r.record[key].get("evidence")]
    if len(figures) <= 1:  # one figure (or none): as its source gave it
        said = figures[0][1] if figures else max((r.record[key] for r in reports), key=lambda c: c.get("best") or 0)
        return dict(said), []
    latest = max(r.published or "" for r, _ in figures)
    best = max(c["best"] for r, c in figures if (r.published or "") == latest)
    lows = [c["min"] if c.get("min") is not None else c["best"] for _, c in figures]
    highs = [c["max"] if c.get("max") is not None else c["best"] for _, c in figures]
    said = [(r.article_id, c["best"]) for r, c in figures]
    low, high = min(lows), max(highs)
    conflict = high >= CONFLICT_RATIO * max(low, 1) and high - low >= CONFLICT_GAP
    return ({"min": low, "max": high, "best": best,
             "evidence": _evidence([e for _, c in figures for e in c["evidence"]])},
            said if conflict else [])


def _union(reports: list[Report], field: str, key: str) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for r in reports:
        for item in r.record.get(field, []):
            norm = " ".join(str(item[key]).lower().split())
            if norm in merged:
                have = merged[norm]
                have["evidence"] = _evidence(have["evidence"] + item.get("evidence", []))
                if "claimed" in item:
                    have["claimed"] = have["claimed"] or item["claimed"]
                for attr, unknown in (("type", "unknown"), ("status", "unknown")):
                    if have.get(attr) == unknown and item.get(attr, unknown) != unknown:
                        have[attr] = item[attr]
            else:
                merged[norm] = {**item, "evidence": list(item.get("evidence", []))}
    return list(merged.values())


def mentioned_in_passing(record: dict[str, Any], rank: int) -> bool:
    """Does the article only mention the incident in passing? Records stored before the extractor
    said so: every incident after the article's first was."""
    return bool(record.get("in_passing", rank > 0))


def reconcile(reports: list[Report], incident_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """RETURNS the incident record (SPEC shape, without `sources`) and its conflicts."""
    passing = all(mentioned_in_passing(r.record, r.rank) for r in reports)
    if len(reports) == 1:  # one source: its record, as the extractor gave it
        return {**reports[0].record, "id": incident_id, "in_passing": passing}, []
    reports = sorted(reports, key=lambda r: (r.rank, *r.order))
    by_time = sorted(reports, key=lambda r: r.order)
    conflicts: list[dict[str, Any]] = []
    categories = Counter(r.record["category"] for r in reports)
    category = min(categories, key=lambda c: (-categories[c], next(i for i, r in enumerate(reports)
                                                                    if r.record["category"] == c)))
    lead = next(r for r in reports if r.record["category"] == category)
    when, date_disputes = _pick(reports, lambda r: r.record["date"], "value", DATE_ORDER)
    where, place_disputes = _pick(reports, lambda r: r.record["location"], "name", PLACE_ORDER)
    for field, disputes, key in (("date", date_disputes, "value"), ("location", place_disputes, "name")):
        if disputes:
            values = [(r.article_id, r.record[field][key]) for r in reports if r.record[field].get(key)]
            conflicts.append({"field": field, "values": [{"article_id": a, "value": v} for a, v in values]})
    counts = {}
    for field in ("killed", "wounded"):
        counts[field], said = _count(by_time, field)
        if said:
            conflicts.append({"field": field, "values": [{"article_id": a, "value": v} for a, v in said]})
    # The summary is one source's sentence: take it from a report whose figures are the record's.
    told = next((r for r in reports if all(r.record[f].get("best") == counts[f].get("best")
                                           for f in ("killed", "wounded"))), lead)
    confidence = 1.0
    for r in reports:
        confidence *= 1.0 - float(r.record.get("confidence") or 0.5)
    record = {
        **lead.record, "id": incident_id, "category": category,
        "subcategory": lead.record.get("subcategory"), "date": when, "location": where, **counts,
        "perpetrators": _union(reports, "perpetrators", "name"), "targets": _union(reports, "targets", "text"),
        "victims": _union(reports, "victims", "text"), "weapons": _union(reports, "weapons", "text"),
        "claims": _union(reports, "claims", "text"),
        "summary": told.record.get("summary"), "confidence": round(min(0.99, 1.0 - confidence), 2),
        "evidence": _evidence([e for r in by_time for e in r.record.get("evidence", [])]),
        "in_passing": passing,
    }
    return record, conflicts


def said_by(reports: list[Report]) -> dict[str, list[tuple[str, str]]]:
    """For `incidentwire show`: each field, and what each source said of it."""
    def text(field: str, value: Any) -> str | None:
        if field == "date":
            return f"{value['value']} ({value['precision']})" if value.get("value") else None
        if field == "location":
            parts = [value.get("name"), value.get("admin1"), value.get("country_code")]
            return ", ".join(p for p in parts if p) + f" ({value['precision']})" if value.get("name") else None
        if field in ("killed", "wounded"):
            return str(value["best"]) if value.get("evidence") else None
        if field == "perpetrators":
            return "; ".join(p["name"] + (" (claimed)" if p.get("claimed") else "") for p in value) or None
        if field in ("victims", "targets", "weapons", "claims"):
            return "; ".join(v["text"] for v in value) or None
        return str(value) if value else None

    out: dict[str, list[tuple[str, str]]] = {}
    for r in sorted(reports, key=lambda r: r.order):
        for field in ("category", "date", "location", "killed", "wounded", "perpetrators", "victims",
                      "targets", "weapons", "claims"):
            shown = text(field, r.record.get(field))
            if shown:
                out.setdefault(field, []).append((r.article_id, shown))
    return out

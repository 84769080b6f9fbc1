"""The worst-scored articles of an evaluation, gold and predicted side by side, for error analysis
(`incidentwire evaluate GOLD --errors N`).

Uses the shared scorer's own matching (`assign` over `agreement`) and field tests (`field_hits`),
so an article listed here is wrong in exactly the way the figures count it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from incidentwire.evaluate import scorer

SHOWN_FIELDS = ("date", "location_name", "admin1", "within_10km", "killed", "wounded", "category")


@dataclass
class FieldRow:
    name: str
    gold: str
    predicted: str
    correct: bool
    evidence: str = ""


@dataclass
class ArticleErrors:
    article_id: str
    title: str | None
    problem: str  # "missed", "spurious" or "fields"
    wrong: int  # wrong fields (a missed or spurious incident counts as all of its fields)
    checked: int
    incidents: list[list[FieldRow]] = field(default_factory=list)

    @property
    def badness(self) -> tuple[float, int]:
        return (self.wrong / self.checked if self.checked else 1.0, self.wrong)

    def to_json(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "title": self.title, "problem": self.problem, "wrong": self.wrong,
                "checked": self.checked,
                "incidents": [[vars(r) for r in rows] for rows in self.incidents]}


def _gold_value(g: dict[str, Any], name: str) -> str:
    loc = g.get("location") or {}
    if name == "location_name":
        return " / ".join(loc.get("names") or []) or "–"
    if name == "admin1":
        return str(loc.get("admin1") or "–")
    if name == "within_10km":
        return f"{loc.get('lat')}, {loc.get('lon')}" if loc.get("lat") is not None else "–"
    value = g.get(name)
    return "–" if value is None else str(value)


def _pred_value(p: dict[str, Any] | None, name: str) -> tuple[str, str]:
    """(value, evidence text) of a predicted field."""
    if p is None:
        return "(no incident)", ""
    loc = p.get("location") if isinstance(p.get("location"), dict) else {}
    if name == "date":
        d = p.get("date") or {}
        return str(scorer.p_date(p) or "–"), _evidence(d)
    if name in ("location_name", "admin1", "within_10km"):
        value = {"location_name": loc.get("name"), "admin1": loc.get("admin1"),
                 "within_10km": f"{loc.get('lat')}, {loc.get('lon')}" if loc.get("lat") is not None else None}[name]
        return str(value or "–"), _evidence(loc) if name == "location_name" else ""
    if name in ("killed", "wounded"):
        count = p.get(name)
        value = scorer.p_count(count)
        return ("–" if value is None else str(value)), _evidence(count if isinstance(count, dict) else {})
    return str(p.get(name) or "–"), ""


def _evidence(value: dict[str, Any]) -> str:
    spans = value.get("evidence") or []
    text = " … ".join(str(e.get("text", "")) for e in spans[:2] if isinstance(e, dict))
    return " ".join(text.split())[:240]


def _rows(g: dict[str, Any], p: dict[str, Any] | None) -> list[FieldRow]:
    hits = scorer.field_hits(g, p) if p else {f: False for f in scorer.field_hits(g, {})}
    rows = []
    for name in SHOWN_FIELDS:
        if name not in hits:
            continue
        value, evidence = _pred_value(p, name)
        rows.append(FieldRow(name, _gold_value(g, name), value, bool(hits[name]), evidence))
    return rows


def article_errors(gold_row: dict[str, Any], predicted: list[dict[str, Any]]) -> ArticleErrors | None:
    """How one article was scored; None when the gold has no incident annotation."""
    gold = gold_row.get("incidents")
    if gold is None:
        return None
    out = ArticleErrors(str(gold_row["id"]), gold_row.get("title"), "fields", 0, 0)
    if not gold:
        if predicted:  # an irrelevant article with predicted incidents: relevance precision
            out.problem, out.wrong, out.checked = "spurious", len(predicted), len(predicted)
            out.incidents = [[FieldRow("category", "(no incident)", str(p.get("category")), False,
                                       _evidence({"evidence": p.get("evidence") or []}))] for p in predicted]
        return out
    pairs = dict(scorer.assign([[scorer.agreement(g, p) for p in predicted] for g in gold]))
    for k, g in enumerate(gold):
        rows = _rows(g, predicted[pairs[k]] if k in pairs else None)
        out.incidents.append(rows)
        out.checked += len(rows)
        out.wrong += sum(not r.correct for r in rows)
    if not predicted:
        out.problem = "missed"
    return out


def worst_articles(gold: list[dict[str, Any]], prediction_lines: list[dict[str, Any]], n: int) -> list[ArticleErrors]:
    """The `n` articles with the largest share of wrong fields (then most wrong fields)."""
    _, preds, _ = scorer.index_pred(prediction_lines)
    scored = [e for row in gold
              if (e := article_errors(row, preds.get(str(row["id"]), {}).get("incidents", []))) and e.wrong]
    scored.sort(key=lambda e: e.badness, reverse=True)
    return scored[:n]

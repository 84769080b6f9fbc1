"""Analysts' corrections: field edits kept apart from the extracted records, applied on read.

A correction is (incident id, field, new value, user, time). It lives in its own table, so
re-ingesting an article or re-linking incidents (which rewrite the incident rows) never loses it:
whenever an incident is read through `Corrections.apply`, the latest correction of each field wins.
Incident ids follow linking: an incident's id is one of its reports' ids, so a correction made
under any id of a report that now belongs to the incident applies to it (after a merge, the
corrections of both; after a split, each part keeps those made under its reports' ids).
The indexed columns of the incident row are patched too, so filters see the correction, and
linking applies the corrections again whenever it rewrites an incident (`corrected`), so an ingest
from any command keeps them; `reapply` patches rows written before that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select

from incidentwire.models import CATEGORIES, StoredIncident
from incidentwire.store.schema import Base, CorrectionRow, IncidentRow, ReportRow
from incidentwire.store.store import Store

# The fields an analyst may edit: dotted paths into the SPEC record, and how to read a form value.
EDITABLE: dict[str, str] = {
    "category": "category", "subcategory": "text", "summary": "text",
    "date.value": "day", "date.precision": "date_precision",
    "location.name": "text", "location.admin1": "text", "location.country_code": "country",
    "location.lat": "float", "location.lon": "float",
    "killed.best": "int", "killed.min": "int", "killed.max": "int",
    "wounded.best": "int", "wounded.min": "int", "wounded.max": "int",
    "perpetrators": "names",
}


class CorrectionError(ValueError):
    """A correction that cannot be stored: unknown incident or field, or a value of the wrong kind."""


@dataclass(frozen=True)
class Correction:
    id: int
    incident_id: str
    field: str
    value: Any
    previous: Any
    user: str
    note: str | None
    at: datetime


def parse_value(field: str, raw: str | None) -> Any:
    """A form's text as the JSON value of `field`; empty means unknown (null, or [] for lists)."""
    kind = EDITABLE.get(field)
    if kind is None:
        raise CorrectionError(f"field {field!r} cannot be corrected (choose from: {', '.join(EDITABLE)})")
    text = (raw or "").strip()
    if kind == "names":
        return [name.strip() for name in text.split(";") if name.strip()]
    if not text:
        if kind == "category":
            raise CorrectionError("category cannot be empty")
        return None
    try:
        if kind == "int":
            number = int(text)
            if number < 0:
                raise ValueError
            return number
        if kind == "float":
            return float(text)
        if kind == "day":
            return datetime.strptime(text, "%Y-%m-%d").date().isoformat()
    except ValueError:
        raise CorrectionError(f"{field}: {text!r} is not a valid {_KIND_NAMES[kind]}") from None
    if kind == "category" and text not in CATEGORIES:
        raise CorrectionError(f"category must be one of: {', '.join(CATEGORIES)}")
    if kind == "date_precision" and text not in ("day", "week", "month", "year"):
        raise CorrectionError("date.precision must be day, week, month or year")
    if kind == "country":
        if len(text) != 2 or not text.isalpha():
            raise CorrectionError(f"location.country_code: {text!r} is not a two-letter ISO code")
        return text.upper()
    return text


_KIND_NAMES = {"int": "whole number of 0 or more", "float": "number", "day": "date YYYY-MM-DD"}


def get_path(record: dict[str, Any], field: str) -> Any:
    value: Any = record
    for key in field.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if field == "perpetrators":
        return [p["name"] for p in value or []]
    return value


def _set_path(record: dict[str, Any], field: str, value: Any) -> None:
    if field == "perpetrators":
        kept = {p["name"]: p for p in record.get("perpetrators", [])}
        record["perpetrators"] = [kept.get(name) or {"name": name, "type": "unknown", "claimed": False,
                                                     "evidence": []} for name in value]
        return
    *parents, last = field.split(".")
    target = record
    for key in parents:
        target = target.setdefault(key, {})
    target[last] = value


class Corrections:
    """Corrections stored beside a `Store`, in the same database."""

    def __init__(self, store: Store):
        self.store = store
        Base.metadata.create_all(store.engine, tables=[CorrectionRow.__table__])  # type: ignore[list-item]

    def add(self, incident_id: str, field: str, raw: str | None, *, user: str,
            note: str | None = None) -> Correction:
        """Validate and store one field edit; RETURNS it. CorrectionError when it does not fit."""
        value = parse_value(field, raw)
        user = user.strip()
        if not user:
            raise CorrectionError("a correction needs the name of the analyst who made it")
        incident = self.get(incident_id)
        if incident is None:
            raise CorrectionError(f"no incident {incident_id!r}")
        record = incident.to_json()
        previous = get_path(record, field)
        _set_path(record, field, value)
        try:
            StoredIncident.model_validate(record)
        except ValidationError as err:
            raise CorrectionError(f"{field}: {err.errors()[0]['msg']}") from None
        with self.store._write() as s:
            row = CorrectionRow(incident_id=incident.id, field=field, value=value, previous=previous,
                                user=user[:200], note=note, at=datetime.now(UTC))
            s.add(row)
            stored = s.get(IncidentRow, incident.id)
            if stored is not None:
                _patch_columns(stored, field, value)
            s.flush()
            return _correction(row)

    def history(self, incident_id: str) -> list[Correction]:
        """Every correction of one incident (under any of its ids), oldest first."""
        with self.store._read() as s:
            ids = _known_ids(s, [incident_id]).get(incident_id, {incident_id})
            rows = s.scalars(select(CorrectionRow).where(CorrectionRow.incident_id.in_(sorted(ids)))
                             .order_by(CorrectionRow.at, CorrectionRow.id))
            return [_correction(row) for row in rows]

    def reapply(self) -> int:
        """Patch the indexed columns of every corrected incident again. RETURNS how many rows."""
        with self.store._write() as s:
            rows = list(s.scalars(select(CorrectionRow).order_by(CorrectionRow.at, CorrectionRow.id)))
            patched = set()
            for row in rows:
                current = _current_id(s, row.incident_id)
                stored = s.get(IncidentRow, current) if current else None
                if stored is not None:
                    _patch_columns(stored, row.field, row.value)
                    patched.add(current)
            return len(patched)

    def apply(self, incidents: list[StoredIncident]) -> list[StoredIncident]:
        """The incidents with every stored correction applied (the latest per field wins)."""
        if not incidents:
            return incidents
        by_incident: dict[str, list[CorrectionRow]] = {}
        with self.store._read() as s:
            known = _known_ids(s, [i.id for i in incidents])
            owner = {alias: incident_id for incident_id, aliases in known.items() for alias in aliases}
            aliases = sorted(owner)
            for start in range(0, len(aliases), 500):
                q = (select(CorrectionRow).where(CorrectionRow.incident_id.in_(aliases[start:start + 500]))
                     .order_by(CorrectionRow.at, CorrectionRow.id))
                for row in s.scalars(q):
                    by_incident.setdefault(owner[row.incident_id], []).append(row)
        out = []
        for incident in incidents:
            rows = sorted(by_incident.get(incident.id, []), key=lambda r: (r.at, r.id))
            if not rows:
                out.append(incident)
                continue
            record = incident.model_dump(mode="json")
            for row in rows:
                _set_path(record, row.field, row.value)
            out.append(StoredIncident.model_validate(record))
        return out

    def get(self, incident_id: str) -> StoredIncident | None:
        incident = self.store.get_incident(incident_id)
        return self.apply([incident])[0] if incident else None

    def incidents(self, **filters: Any) -> list[StoredIncident]:
        return self.apply(self.store.incidents(**filters))


def corrected(s: Any, ids: list[str], record: dict[str, Any]) -> dict[str, Any]:
    """`record` with the corrections made under any of `ids` applied (the latest per field wins).
    Linking calls it on every incident it writes."""
    rows = s.scalars(select(CorrectionRow).where(CorrectionRow.incident_id.in_(sorted(set(ids))))
                     .order_by(CorrectionRow.at, CorrectionRow.id))
    for row in rows:
        _set_path(record, row.field, row.value)
    return record


def _known_ids(s: Any, incident_ids: list[str]) -> dict[str, set[str]]:
    """Each incident id with the ids of its reports (every id it has been known by)."""
    known = {i: {i} for i in incident_ids}
    for start in range(0, len(incident_ids), 500):
        chunk = incident_ids[start:start + 500]
        q = select(ReportRow.incident_id, ReportRow.id).where(ReportRow.incident_id.in_(chunk))
        for incident_id, report_id in s.execute(q):
            known[incident_id].add(report_id)
    return known


def _current_id(s: Any, incident_id: str) -> str | None:
    """The id the incident known as `incident_id` has now (it may have been merged or split since)."""
    if s.get(IncidentRow, incident_id) is not None:
        return incident_id
    report = s.get(ReportRow, incident_id)
    return report.incident_id if report is not None else None


def _patch_columns(row: IncidentRow, field: str, value: Any) -> None:
    """Keep the indexed copies in step, so filtering sees the corrected value."""
    column = {"category": "category", "date.value": "date_value", "location.country_code": "country_code",
              "location.admin1": "admin1", "location.name": "place", "location.lat": "lat", "location.lon": "lon",
              "killed.best": "killed_best", "wounded.best": "wounded_best"}.get(field)
    if column:
        setattr(row, column, value)
    elif field == "perpetrators":
        row.perpetrators = "; ".join(value)


def _correction(row: CorrectionRow) -> Correction:
    return Correction(row.id, row.incident_id, row.field, row.value, row.previous, row.user, row.note, row.at)

"""The typed records every stage passes on: Article in, Incident and Place out.

The JSON shape of these models *is* the output contract of SPEC.md ("The incident record"), so
field names and value sets here must not drift from it; `to_json()` on each top-level model
returns exactly that shape (every key present, null or [] when unknown).
"""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Category = Literal[
    "armed_assault", "bombing", "kidnapping", "arson", "armed_clash", "remote_violence", "robbery", "other"
]
DatePrecision = Literal["day", "week", "month", "year"]
LocationPrecision = Literal["exact", "city", "admin2", "admin1", "country"]
PerpetratorType = Literal["organization", "person", "group", "state_forces", "unknown"]
TargetType = Literal[
    "government", "military", "police", "civilians", "business", "religious", "education",
    "infrastructure", "diplomatic", "media", "other",
]
VictimStatus = Literal["killed", "wounded", "kidnapped", "unharmed", "unknown"]
WeaponType = Literal["explosives", "firearms", "incendiary", "melee", "vehicle", "chemical", "other"]

CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    def to_json(self) -> dict[str, Any]:
        """The SPEC.md shape: every key present, None for unknown."""
        return self.model_dump(mode="json", exclude_none=False)


class Evidence(_Model):
    """A span of the article text *as given* (never of a cleaned copy) that supports a value."""

    article_id: str
    start: int
    end: int
    text: str


class Article(_Model):
    """One input news report. `text` is kept byte-for-byte; all offsets point into it."""

    id: str
    text: str
    title: str | None = None
    publication_date: str | None = None  # YYYY-MM-DD
    url: str | None = None
    source: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """Identity of the text itself: the same report under two ids shares it."""
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    def reference(self) -> dict[str, Any]:
        """The `article` object of an `extract` output line."""
        return {"id": self.id, "title": self.title, "publication_date": self.publication_date,
                "url": self.url, "source": self.source}

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(article_id=self.id, start=start, end=end, text=self.text[start:end])


class Place(_Model):
    """A resolved place mention (SPEC `Place`), plus the resolver's confidence."""

    text: str
    start: int
    end: int
    name: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature: str | None = None  # GeoNames feature class.code, e.g. "P.PPLC", "A.ADM1"
    confidence: float | None = None


class IncidentDate(_Model):
    value: str | None = None  # YYYY-MM-DD; for week/month/year precision the first day of that period
    precision: DatePrecision | None = None
    text: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Location(_Model):
    name: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: LocationPrecision | None = None
    text: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Perpetrator(_Model):
    name: str
    type: PerpetratorType = "unknown"
    claimed: bool = False
    evidence: list[Evidence] = Field(default_factory=list)


class Target(_Model):
    text: str
    type: TargetType = "other"
    evidence: list[Evidence] = Field(default_factory=list)


class Victim(_Model):
    text: str
    status: VictimStatus = "unknown"
    evidence: list[Evidence] = Field(default_factory=list)


class Weapon(_Model):
    text: str
    type: WeaponType = "other"
    evidence: list[Evidence] = Field(default_factory=list)


class Count(_Model):
    """A casualty figure: "at least 24" -> min 24, max None, best 24 (UCDP's low/best/high)."""

    min: int | None = None
    max: int | None = None
    best: int | None = None
    evidence: list[Evidence] = Field(default_factory=list)


ClaimStatus = Literal["claimed", "disputed", "denied"]


class Claim(_Model):
    """A statement of responsibility: who (claimant), through whom (speaker), how (channel:
    "statement", "Telegram", "phone call", ...), and whether it was made, disputed or denied."""

    claimant: str | None = None
    speaker: str | None = None
    channel: str | None = None
    status: ClaimStatus = "claimed"
    text: str
    evidence: list[Evidence] = Field(default_factory=list)


class Incident(_Model):
    id: str
    category: Category = "other"
    subcategory: str | None = None
    date: IncidentDate = Field(default_factory=IncidentDate)
    location: Location = Field(default_factory=Location)
    perpetrators: list[Perpetrator] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    victims: list[Victim] = Field(default_factory=list)
    weapons: list[Weapon] = Field(default_factory=list)
    killed: Count = Field(default_factory=Count)
    wounded: Count = Field(default_factory=Count)
    claims: list[Claim] = Field(default_factory=list)
    summary: str | None = None
    confidence: float = 0.5
    evidence: list[Evidence] = Field(default_factory=list)
    # a background incident: the article only mentions it in passing ("a similar shooting last
    # year"); for a stored incident, every source does. Such incidents are told in a clause, with
    # few details, so they are linked less surely and `incidents` leaves them out unless asked.
    in_passing: bool = False


class SourceRef(_Model):
    article_id: str
    url: str | None = None
    title: str | None = None
    publication_date: str | None = None
    # the article only mentions this incident in passing: it is one of its background incidents,
    # not the incident the article reports (analysts weigh such sources less)
    in_passing: bool = False


class SaidValue(_Model):
    article_id: str
    value: Any


class Conflict(_Model):
    """Sources that contradict each other on a field (3 killed vs 30): every figure is kept."""

    field: str
    values: list[SaidValue] = Field(default_factory=list)


class StoredIncident(Incident):
    """An incident as the store holds it after linking: the same shape plus its sources, and the
    fields on which those sources contradict each other."""

    sources: list[SourceRef] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)


class ArticleResult(_Model):
    """Everything the pipeline learned from one article: one `extract` output line."""

    article: Article
    incidents: list[Incident] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)  # e.g. "skipped: not English"
    skipped: str | None = None  # why the article was not processed, when it was not

    def to_json(self) -> dict[str, Any]:
        return {"article": self.article.reference(),
                "incidents": [i.to_json() for i in self.incidents],
                "places": [p.to_json() for p in self.places]}

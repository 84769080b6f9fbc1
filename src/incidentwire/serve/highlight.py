"""Cut an article's text into runs, marking the spans that evidence supports.

The template prints each run as escaped text (never as markup: article text is untrusted), inside
a <mark> when evidence covers it, with the fields it supports as a tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from incidentwire.models import Incident


@dataclass
class Run:
    text: str
    labels: list[str] = field(default_factory=list)  # the fields this run is evidence for
    start: int = 0

    @property
    def marked(self) -> bool:
        return bool(self.labels)


def evidence_spans(incident: Incident, article_id: str) -> list[tuple[int, int, str]]:
    """(start, end, field) of every evidence span of `incident` in article `article_id`."""
    spans: list[tuple[int, int, str]] = []

    def add(label: str, evidence: list[Any]) -> None:
        spans.extend((e.start, e.end, label) for e in evidence if e.article_id == article_id)

    add("incident", incident.evidence)
    add("date", incident.date.evidence)
    add("location", incident.location.evidence)
    add("killed", incident.killed.evidence)
    add("wounded", incident.wounded.evidence)
    for name, items in (("perpetrator", incident.perpetrators), ("target", incident.targets),
                        ("victim", incident.victims), ("weapon", incident.weapons), ("claim", incident.claims)):
        for item in items:
            add(name, item.evidence)
    return spans


def runs(text: str, spans: list[tuple[int, int, str]]) -> list[Run]:
    """`text` as consecutive runs; a run's labels are those of every span covering it."""
    spans = [(max(0, s), min(len(text), e), label) for s, e, label in spans if s < e and s < len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        labels = sorted({label for s, e, label in spans if s <= start and end <= e})
        out.append(Run(text[start:end], labels, start))
    return out

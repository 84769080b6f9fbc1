"""One-sentence summaries in the style of ACLED's notes."""

from __future__ import annotations

from incidentwire.models import Incident

_VERBS = {
    "armed_assault": "attacked", "bombing": "carried out a bombing against", "kidnapping": "kidnapped",
    "arson": "set fire to", "armed_clash": "clashed with", "remote_violence": "struck",
    "robbery": "robbed", "other": "were involved in an incident involving",
}
_NOUNS = {
    "armed_assault": "An armed assault", "bombing": "A bombing", "kidnapping": "A kidnapping",
    "arson": "An arson attack", "armed_clash": "An armed clash", "remote_violence": "A remote attack",
    "robbery": "A robbery", "other": "An incident",
}


def summarize(incident: Incident) -> str:
    """'On 2013-06-25, Taliban attacked presidential palace in Kabul (AF), killing 4.'"""
    parts = []
    if incident.date.value:
        prefix = {"day": "On", "week": "In the week of", "month": "In", "year": "In"}[incident.date.precision or "day"]
        shown = incident.date.value[:7] if incident.date.precision == "month" else (
            incident.date.value[:4] if incident.date.precision == "year" else incident.date.value)
        parts.append(f"{prefix} {shown},")
    actor = next((p.name for p in incident.perpetrators if p.type == "organization"), None) or next(
        (p.name for p in incident.perpetrators), None)
    what = next((t.text for t in incident.targets), None) or next((v.text for v in incident.victims), None)
    if actor:
        sub = (incident.subcategory or "").replace("_", " ")
        parts.append(f"{actor} {_VERBS[incident.category]}" + (f" {what}" if what else " a target")
                     + (f" ({sub})" if sub else ""))
    else:
        parts.append(_NOUNS[incident.category] + (f" on {what}" if what else "") + " took place")
    where = incident.location.name
    if where:
        parts.append(f"in {where}" + (f" ({incident.location.country_code})" if incident.location.country_code else ""))
    harm = []
    if incident.killed.best:
        harm.append(f"killing {incident.killed.best}")
    if incident.wounded.best:
        harm.append(f"wounding {incident.wounded.best}")
    sentence = " ".join(parts)
    if harm:
        sentence += ", " + " and ".join(harm)
    sentence = sentence[0].upper() + sentence[1:]
    return sentence.rstrip(",") + "."

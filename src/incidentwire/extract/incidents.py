"""PLACEHOLDER being written now by the lead developer; returns no incidents yet."""

from incidentwire.models import Incident
from incidentwire.nlp import ParsedDoc


def extract_incidents(parsed: ParsedDoc) -> list[Incident]:
    return []

"""Stage 3, extract: pure functions of a ParsedDoc that produce Incident records.

`extract_incidents(parsed) -> list[Incident]` finds the event mentions, groups them into the
article's main incident and any background incidents, and fills every field (except location,
which the geocode stage chooses) with evidence offsets into the original text.
"""

from incidentwire.extractors.incidents import extract_incidents

__all__ = ["extract_incidents"]

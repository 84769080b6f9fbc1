"""Stage 2, nlp: one spaCy parse per article, shared by every later stage.

`parse(article) -> ParsedDoc`. The parse runs over a *case-restored copy* of the text when the
article is upper-case wire copy (MUC-4 style), but that copy has exactly the same length, so every
offset of the Doc is an offset into `article.text` as given.
"""

from incidentwire.nlp.parse import (
    Dateline,
    NlpPipeline,
    ParsedDoc,
    default_pipeline,
    entity_at,
    headline_end,
    headline_end_of,
    sentence_ents,
    title_end,
)

__all__ = ["Dateline", "NlpPipeline", "ParsedDoc", "default_pipeline", "entity_at", "headline_end",
           "headline_end_of", "sentence_ents", "title_end"]

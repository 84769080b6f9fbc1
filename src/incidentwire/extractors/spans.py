"""Span text without rebuilding it token by token."""

from __future__ import annotations

from spacy.tokens import Doc, Span

_TEXT = "incidentwire_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per document and kept in its `user_data` (spaCy joins every token's
    text on each access; extractors never change a parsed document)."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def span_text(span: Span) -> str:
    """The same string as `span.text`, sliced from the document's text: `Span.text` joins every
    token's text in Python, and the learned choices read each sentence's text several times."""
    return doc_text(span.doc)[span.start_char:span.end_char]

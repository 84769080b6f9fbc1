"""Parses of a gold file kept on disk, so that evaluating or training an extractor again costs
the extraction only, not spaCy (which is ~90 % of the pipeline's time).

The cache is a spaCy DocBin per gold file under `out/cache/`, keyed by the file's content, the
spaCy model and version and the nlp stage's code and case table: change any of them and the
parse is redone. Extractors are pure functions of the ParsedDoc, so a cached parse gives exactly
the predictions a fresh one does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from importlib import resources
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from incidentwire.models import Article
from incidentwire.nlp import NlpPipeline, ParsedDoc
from incidentwire.nlp.parse import length_warnings

DEFAULT_DIR = Path(__file__).resolve().parents[3] / "out" / "cache"


def _nlp_fingerprint(nlp: NlpPipeline) -> str:
    """What the parse depends on besides the text: model, spaCy, our nlp code, the case table."""
    h = hashlib.sha1()
    meta = nlp.nlp.meta
    h.update(f"{meta.get('name')}-{meta.get('version')}-{spacy.__version__}".encode())
    package = resources.files("incidentwire.nlp")
    for name in ("parse.py", "truecase.py", "boilerplate.py"):
        h.update(package.joinpath(name).read_bytes())
    h.update(resources.files("incidentwire.data").joinpath("truecase.tsv.gz").read_bytes())
    return h.hexdigest()[:16]


def cache_path(articles: Sequence[Article], nlp: NlpPipeline, cache_dir: Path = DEFAULT_DIR) -> Path:
    h = hashlib.sha1(_nlp_fingerprint(nlp).encode())
    for a in articles:  # the title too: it marks where a glued headline ends
        h.update(a.id.encode() + b"\0" + a.text.encode() + b"\0" + (a.title or "").encode() + b"\1")
    return cache_dir / f"parses-{h.hexdigest()[:20]}.spacy"


def parsed_articles(articles: Sequence[Article], nlp: NlpPipeline, *, cache_dir: Path = DEFAULT_DIR,
                    progress: Callable[[int, int], None] | None = None) -> Iterator[ParsedDoc]:
    """ParsedDocs of `articles` in order, from the cache when it holds this exact list, else
    parsed now (and stored for next time). Articles must be parseable (see pipeline.skip_reason)."""
    path = cache_path(articles, nlp, cache_dir)
    if path.exists():
        docs = DocBin().from_disk(path).get_docs(nlp.nlp.vocab)
        for n, (article, doc) in enumerate(zip(articles, docs, strict=True), 1):
            if progress:
                progress(n, len(articles))
            yield ParsedDoc.of(article, doc, doc.text, warnings=length_warnings(article.text))
        return
    store = DocBin(store_user_data=False)
    for n, parsed in enumerate(nlp.parse_many(articles), 1):
        store.add(parsed.doc)
        if progress:
            progress(n, len(articles))
        yield parsed
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    store.to_disk(partial)
    partial.replace(path)  # a killed run never leaves a truncated cache behind

"""Ingest: read articles into a Store, running the NLP only on texts it has not seen.

Already-stored articles (same id, same text) are skipped before the pipeline, so re-running an
interrupted ingest resumes fast; syndicated copies of a stored text are saved without NLP.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Protocol

from incidentwire.models import Article, ArticleResult
from incidentwire.store.store import Saved, Store

BATCH_SIZE = 32  # articles handed to the pipeline at once: bounded memory, steady commits


class Runner(Protocol):
    def run(self, articles: Iterable[Article]) -> Iterable[ArticleResult]: ...


@dataclass
class IngestSummary:
    """What one ingest did, article by article."""

    new: int = 0
    unchanged: int = 0
    updated: int = 0
    duplicates: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # by reason ("not English", ...)
    incidents: int = 0  # incidents stored (extracted anew or linked to a copy)

    @property
    def articles(self) -> int:
        return self.new + self.unchanged + self.updated + self.duplicates + self.skipped.total()

    def add(self, result: ArticleResult, saved: Saved) -> None:
        if saved.status == "unchanged":
            self.unchanged += 1
        elif saved.status == "duplicate":
            self.duplicates += 1
        elif result.skipped:
            self.skipped[result.skipped] += 1
        elif saved.status == "updated":
            self.updated += 1
        else:
            self.new += 1
        self.incidents += saved.incidents


def ingest(store: Store, articles: Iterable[Article], pipeline: Runner, *,
           batch_size: int = BATCH_SIZE,
           progress: Callable[[Article], None] | None = None) -> IngestSummary:
    """Save every article of `articles` in `store`, each in its own transaction."""
    summary = IngestSummary()
    tick = progress or (lambda article: None)

    def save(result: ArticleResult) -> None:
        summary.add(result, store.save(result))
        tick(result.article)

    for batch in batched(_new_only(store, articles, summary, tick), batch_size):
        copies: dict[str, list[Article]] = {}
        todo: dict[str, Article] = {}
        for article in batch:
            if store.copy_of(article):
                save(ArticleResult(article=article))
            elif article.content_hash in todo:
                copies.setdefault(article.content_hash, []).append(article)  # saved after its first copy
            else:
                todo[article.content_hash] = article
        for result in pipeline.run(list(todo.values())):
            save(result)
            for copy in copies.pop(result.article.content_hash, []):
                save(ArticleResult(article=copy))
    return summary


def _new_only(store: Store, articles: Iterable[Article], summary: IngestSummary,
              tick: Callable[[Article], None]) -> Iterable[Article]:
    for article in articles:
        if store.known(article):
            summary.unchanged += 1
            tick(article)
        else:
            yield article


def batched(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Successive lists of `size` items (itertools.batched is Python 3.12+)."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch

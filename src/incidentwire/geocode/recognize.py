"""Place mentions in a parsed article: spaCy GPE/LOC/FAC entities, the dateline, and
capitalised n-grams the model missed that the gazetteer knows ("Spin Boldak district",
places inside organisation names such as "Okaloosa County Sheriff's Office")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry
from spacy.tokens import Doc, Span, Token

from incidentwire.geocode.build import MAIN
from incidentwire.geocode.gazetteer import ADMIN1, ADMIN2, CITY, Candidate
from incidentwire.geocode.layout import datelines
from incidentwire.geocode.names import (
    ADMIN1_WORDS,
    ADMIN2_WORDS,
    AMBIGUOUS_AP,
    DIRECTION_WORDS,
    GENERIC_WORDS,
    NOT_PLACES,
    is_vague,
    key,
    strip_direction,
    strip_generic,
    us_state_code,
)
from incidentwire.geocode.shapes import (
    FOLLOWERS,
    INSTITUTION_WORDS,
    LOCAL_FOLLOWERS,
    QUARTER_WORDS,
    address,
    common_words,
    crossing,
    named_not_people,
    not_a_place_run,
    owner_of_facility,
    place_before_noun,
    street,
    token_ok,
    town_in_a_date,
    town_not_people,
    town_taken_for_product,
    whole_name,
)
from incidentwire.nlp import ParsedDoc

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Tokens inside these entities are never gazetteer-matched: "Afghan" (NORP), "Tuesday" (DATE).
BLOCKING_LABELS = frozenset({"NORP", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL",
                             "ORDINAL", "LANGUAGE", "LAW", "WORK_OF_ART", "EVENT", "PRODUCT"})
LOCATIVE_PREPOSITIONS = frozenset("in near at outside from of to around across into inside".split())
MAX_NGRAM = 4  # longest capitalised n-gram looked up ("Fort Walton Beach", "Rio de Janeiro")
MAX_KEYS_PER_DOC = 20_000  # bounds the work on pathological texts (thousands of capitalised words)
MAX_MENTION_CHARS = 80  # a longer "entity" is a tagging accident, not a place name
DIRECTION_MIN_POPULATION = 100_000
# Words that close a place's own name though they are no place alone: "Newport News", "Falls Church".
NAME_ENDS = GENERIC_WORDS | {"news", "church", "college"}
# "Rep. Charles Rangel, D-N.Y.", "Nancy Pelosi, D-Calif": a legislator's party and state.
_PARTY_STATE = re.compile(r"(?:(?<=, )|(?<=\())(?:[DRI]|DFL)-((?:[A-Z]\.){2}|[A-Z][a-z]+\.?(?: [A-Z][a-z]+)?|[A-Z]{2})"
                          r"(?=\s*[,;)]|\s[a-z]|\s*$)")
_POLICE_AFTER = re.compile(r"(?:-area|-based)\b|\s+(?:police|sheriff|pd\b)", re.IGNORECASE)
# "McDonald's", "Aly's", "at Davis' home": a business or a person's, when no name follows.
_POSSESSIVE_THING = re.compile(r"['’]s?(?:\s+[a-z]|\s*[^\w\s]|\s*$)")
_STATE_AFTER = re.compile(r"\s*,\s*((?:[A-Z][A-Za-z]*\.?(?:\s|$)?){1,3})")


@dataclass
class Mention:
    """A stretch of text that may name a place, with what the text around it says."""

    start: int
    end: int
    text: str
    keys: tuple[str, ...]  # lookup keys, most literal first
    source: str  # "ent", "dateline", "gaz" (capitalised n-gram), "org" (inside an ORG), "person", "quarter", "street"
    cue: int | None = None  # level named by an adjacent word: "province" -> ADMIN1
    locative: bool = False  # after in/near/at/outside...
    sentence_start: bool = False
    person_name: bool = False  # tagged PERSON, or part of a person's name elsewhere ("Christine Belford")
    surname: bool = False  # part of a person's name elsewhere in the article
    state_code: str | None = None  # "US.FL" from "Gainesville, Fla."
    container: int | None = None  # index of the mention it is qualified by ("Compton, California")
    local: int = 0  # 2 after "police"/"-area" ("Olathe Police"), 1 after "man", "shooting"...
    candidates: list[Candidate] = field(default_factory=list)


@lru_cache(maxsize=1)
def _us_state_names() -> dict[str, str]:
    return {key(s.name): s.code.split("-")[1] for s in pycountry.subdivisions.get(country_code="US")}


def _party_states(text: str) -> list[Mention]:
    """The state of "D-N.Y." / "R-Pa." / "D-Calif" or the home town of "R-Elbow Lake",
    "DFL-Chisholm" (state legislators), as entity mentions."""
    out = []
    names = {v: k for k, v in _us_state_names().items()}
    for match in _PARTY_STATE.finditer(text):
        written = match.group(1)
        code = us_state_code(written)
        if code and code in names:
            out.append(Mention(match.start(1), match.end(1), written, (names[code],), "ent", cue=ADMIN1))
        elif written[1:2].islower() and _ent_keys(written):
            out.append(Mention(match.start(1), match.end(1), written, _ent_keys(written), "ent"))
    return out


_NAME = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"
# "Butler, Clark and Warren counties", "Nandurbar and Dhule districts": one cue for the list.
_LIST_OF_UNITS = re.compile(rf"(?:{_NAME}(?:, | and | or |, and |, or ))+{_NAME} "
                            r"(counties|parishes|districts|provinces|states|regions|governorates|municipalities)\b")
_PLURAL_CUE = {"counties": "county", "parishes": "parish", "districts": "district", "provinces": "province",
               "states": "state", "regions": "region", "governorates": "governorate",
               "municipalities": "municipality"}


def _list_cues(mentions: list[Mention], text: str) -> None:
    """Every name of "Butler, Clark, Hamilton or Warren counties" is a county."""
    spans = [(m.start(), m.end(), _cue(_PLURAL_CUE[m.group(1)])) for m in _LIST_OF_UNITS.finditer(text)]
    for m in mentions:
        for start, end, cue in spans:
            if start <= m.start and m.end <= end and m.cue is None:
                m.cue = cue


def _cue(word: str) -> int | None:
    w = word.lower()
    if w in ADMIN1_WORDS:
        return ADMIN1
    if w in ADMIN2_WORDS:
        return ADMIN2
    if w in {"city", "town", "village"}:
        return CITY
    return None


def _state_after(text: str, end: int) -> str | None:
    """ "Gainesville, Fla." / "Chicago, IL" / "Compton, California" -> "US.FL" / "US.IL" / "US.CA"."""
    m = _STATE_AFTER.match(text, end, min(len(text), end + 40))
    if not m:
        return None
    words = m.group(1).split()
    for n in range(len(words), 0, -1):
        written = " ".join(words[:n])
        code = us_state_code(written) or _us_state_names().get(key(written))
        if code and n < len(words) and words[n].lower().rstrip(".") in ("county", "co", "parish"):
            return None  # "Chester, Delaware County": a county of another state
        if code:
            return f"US.{code}"
    return None


def _context(m: Mention, doc_tokens: list[Token], first: int, last: int, text: str) -> None:
    """Fill cue (from the word after, or the mention's own last word), locative and state."""
    own = m.text.split()[-1] if m.text.split() else ""
    nxt = doc_tokens[last + 1].text if last + 1 < len(doc_tokens) else ""
    m.cue = _cue(own) if len(m.text.split()) > 1 else None
    if m.cue is None:
        m.cue = _cue(nxt)
    prev = doc_tokens[first - 1].lower_ if first > 0 else ""
    m.locative = prev in LOCATIVE_PREPOSITIONS
    if prev in DIRECTION_WORDS and doc_tokens[first - 1].is_lower:
        m.local = 1  # "west Charlotte", "southeast Wichita": a part of a town
    m.sentence_start = doc_tokens[first].is_sent_start or first == 0 or prev in {"\n", "\n\n", '"', "“"}
    m.state_code = _state_after(text, m.end)
    if _POLICE_AFTER.match(text, m.end):
        m.local = 2
    elif nxt.lower() in LOCAL_FOLLOWERS:
        m.local = max(m.local, 1)


_PIECE_SEPARATOR = re.compile(r"\s+[-|:–—]\s+|\s*\|\s*|\s*\n\s*")


def _pieces(ent: Span) -> list[Span]:
    """An entity split at headline separators and line breaks: "Mosby Court - NBC12 - WWBT -
    Richmond" is four names, "St. Louis : News" is "St. Louis"."""
    if not _PIECE_SEPARATOR.search(ent.text):
        return [ent]
    out, pos = [], 0
    for part in [*_PIECE_SEPARATOR.finditer(ent.text), None]:
        end = part.start() if part else len(ent.text)
        piece = ent.doc.char_span(ent.start_char + pos, ent.start_char + end, alignment_mode="contract")
        if piece is not None and len(piece) and piece.text[:1].isupper():
            out.append(piece)
        pos = part.end() if part else pos
    return out


_UNIT_OF = re.compile(r"^(?:city|town|village|county|state|province|district|municipality|borough) of (?=\w)")


_JOINABLE = frozenset("republic gulf bay sea isle isles islands kingdom federation commonwealth union emirates "
                      "strait straits cape".split())


_UNIT_AFTER = frozenset({"County", "Parish", "Borough", "COUNTY", "PARISH", "BOROUGH"})


def _joined_ents(doc: Doc) -> list[Span]:
    """The model's entities, with "Democratic Republic" + "of the" + "Congo" (two place entities
    joined by "of", the first a generic "Republic", "Gulf"...) made one; "Southern District of
    Ohio" stays two; a "County" or "Parish" the model left outside joined to its name ("Texas
    County Sheriff James Sigman" is Texas County, not Texas)."""
    ents, out, i = list(doc.ents), [], 0
    while i < len(ents):
        e = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        between = doc[e.end:nxt.start].text.lower() if nxt is not None else ""
        if (nxt is not None and {e.label_, nxt.label_} <= PLACE_LABELS and between in ("of", "of the")
                and e[-1].lower_ in _JOINABLE):
            out.append(Span(doc, e.start, nxt.end, label=e.label_))
            i += 2
            continue
        after = doc[e.end] if e.end < len(doc) else None
        if (e.label_ in ("GPE", "LOC") and after is not None and after.ent_type_ == "" and after.text in _UNIT_AFTER
                and not any(t.is_space or t.text[:1].islower() for t in e)):
            e = Span(doc, e.start, e.end + 1, label=e.label_)  # "Texas" + "County": Texas County, Mo.
        out.append(e)
        i += 1
    return out


def _ent_keys(text: str) -> tuple[str, ...]:
    """Lookup keys, most literal first; later keys are only used when earlier ones find nothing:
    "Okaloosa County" -> ("okaloosa county", "okaloosa"); "East Memphis" -> (..., "memphis")."""
    k = key(re.sub(r"['’]s?$", "", re.sub(r"^(?:the|The|THE)\s+", "", text)))  # "the United Kingdom's"
    if not k or is_vague(k) or k in NOT_PLACES:
        return ()
    out = [k]
    for variant in (strip_generic(k), strip_direction(k), strip_direction(strip_generic(k)), _UNIT_OF.sub("", k)):
        if variant not in out:
            out.append(variant)
    return tuple(out)


def _quarter_name(ent: Span, tokens: list[Token]) -> bool:
    """ "the Whitehaven neighborhood", "the Meyerland subdivision": the name of a town's quarter.
    No gazetteer entry of that name is this quarter (a namesake town elsewhere is the usual hit),
    so it is kept as an unresolved place: the incident's location may quote it (locate.py)."""
    nxt = tokens[ent.end] if ent.end < len(tokens) else None
    return (nxt is not None and nxt.lower_ in QUARTER_WORDS and not address(tokens, ent.start)
            and all(t.text[:1].isupper() for t in ent) and not not_a_place_run(list(ent), tokens[:ent.end]))


def find_mentions(parsed: ParsedDoc) -> tuple[list[Mention], list[str]]:
    """(mentions without candidates, gazetteer keys to look up) for one article."""
    doc, text = parsed.doc, parsed.article.text
    tokens = list(doc)
    mentions: list[Mention] = []
    covered: set[int] = set()
    for dl in datelines(parsed):
        if dl.end - dl.start > MAX_MENTION_CHARS or not _ent_keys(dl.place):
            continue
        m = Mention(dl.start, dl.end, text[dl.start:dl.end], _ent_keys(dl.place), "dateline")
        if dl.region:
            code = us_state_code(dl.region) or _us_state_names().get(key(dl.region))
            m.state_code = f"US.{code}" if code else None
        mentions.append(m)
        covered.update(t.i for t in tokens if t.idx < dl.end and t.idx + len(t) > dl.start)
    for m in _party_states(text):
        if not any(t.idx < m.end and t.idx + len(t) > m.start for t in tokens if t.i in covered):
            mentions.append(m)
            covered.update(t.i for t in tokens if t.idx < m.end and t.idx + len(t) > m.start)
    for whole in _joined_ents(doc):
        if whole.label_ not in PLACE_LABELS or whole.start in covered:
            continue
        if whole.label_ != "FAC":  # "Alachua County Sheriff's Office": the county inside is looked for as in an ORG
            covered.update(range(whole.start, whole.end))
        for ent in _pieces(whole):
            if crossing(tokens, ent.start, ent.end - 1) or owner_of_facility(tokens, ent.end - 1):
                continue
            if ent.end_char - ent.start_char > MAX_MENTION_CHARS or street(tokens, ent.end - 1):
                continue
            if (whole.label_ != "FAC" and not_a_place_run([ent[-1]], tokens) and not place_before_noun(ent, tokens)
                    or address(tokens, ent.start)):
                if _quarter_name(ent, tokens):  # "the Whitehaven neighborhood": its words, no coordinates
                    mentions.append(Mention(ent.start_char, ent.end_char, text[ent.start_char:ent.end_char], (),
                                            "quarter"))
                continue
            m = Mention(ent.start_char, ent.end_char, text[ent.start_char:ent.end_char],
                        _ent_keys(ent.text), "ent" if whole.label_ != "FAC" else "fac")
            _context(m, tokens, ent.start, ent.end - 1, text)
            mentions.append(m)
    mentions += _gazetteer_ngrams(tokens, covered, text)
    _list_cues(mentions, text)
    surnames = {t.lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 and _name_shaped(e) for t in e}
    for m in mentions:
        m.surname = " " not in m.text and m.text.lower() in surnames
        m.person_name = m.source == "person" or m.surname
    keys = [k for m in mentions for k in m.keys]
    return mentions, keys[:MAX_KEYS_PER_DOC]


def _name_shaped(ent: Span) -> bool:
    """A PERSON entity that looks like a person's name, so its words are surnames: spaCy also
    tags "Rethinking Egypt", "Huntsville Fire", "Logan Elementary", "Historic Dublin" and "The
    George in Twickenham" as people, and their place word is then no surname ("Henry Farrin" is)."""
    common = common_words()
    for t in ent:
        if not t.is_alpha:
            if t.text in ("-", "–", "—", "&", "/"):
                return False
            continue
        if t.is_lower or t.lower_ in common or t.lower_ in FOLLOWERS or t.lower_ in INSTITUTION_WORDS \
                or (t.i == ent.start and t.lower_ == "the") or t.pos_ == "VERB":
            return False
    return True


def state_abbreviation(m: Mention, text: str) -> str | None:
    """Two-letter code of a US state written as an abbreviation after a comma ("Gainesville,
    Fla.", "Chicago, IL"), or "DC" for "D.C."/"DC" anywhere; None otherwise."""
    written = m.text.strip()
    code = us_state_code(written)
    if code is None:
        return None
    if code == "DC" and written.replace(".", "") == "DC" or re.fullmatch(r"(?:[A-Z]\.){2}", written):
        return code  # "D.C.", "the S.C. Highway Patrol": initials with stops name the state anywhere
    dotted = written.endswith(".") or text[m.end:m.end + 1] == "."
    if dotted and written[:1].isupper() and not written.isupper() and key(written) not in AMBIGUOUS_AP:
        return code
    after_comma = re.search(r",\s*$", text[max(0, m.start - 3):m.start]) is not None
    return code if after_comma and (written.endswith(".") or written.isupper()) else None


def _fallback(literal: str, used: str, cands: list[Candidate]) -> list[Candidate]:
    """Candidates found under a shortened key: "East Memphis" is in Memphis, but "South Bishop"
    is not Bishop, Calif.: a dropped direction word needs a big city behind it."""
    if literal.split()[0] in DIRECTION_WORDS and used.split()[0] != literal.split()[0]:
        return [c for c in cands if c.population >= DIRECTION_MIN_POPULATION]
    return list(cands)


def settle(mentions: list[Mention], found: dict[str, list[Candidate]], text: str) -> list[Mention]:
    """Attach candidates; keep entity mentions, and of the overlapping gazetteer n-grams the
    longest that has candidates; link "X, Y" pairs (Y qualifies X). Sorted by start."""
    for m in mentions:
        if m.candidates:
            continue  # already resolved by a pattern (state abbreviations)
        for n, k in enumerate(m.keys):
            if found.get(k):
                m.candidates = list(found[k]) if n == 0 else _fallback(m.keys[0], k, found[k])
                break
        if (m.candidates and m.keys and m.keys[0].split()[0] in DIRECTION_WORDS
                and all(c.kind != MAIN for c in m.candidates)):
            # "west Charlotte": the big city's west side too, not only a hamlet once called West
            # Charlotte (an alternate name); "West Virginia", "East Orange" are their own names.
            bare = strip_direction(m.keys[0])
            if bare != m.keys[0] and found.get(bare):
                have = {c.geonames_id for c in m.candidates}
                m.candidates += [c for c in _fallback(m.keys[0], bare, found[bare]) if c.geonames_id not in have]
    fixed = [m for m in mentions
             if m.source in ("ent", "dateline", "quarter", "street") or (m.source == "fac" and m.candidates)]
    taken = [(m.start, m.end) for m in fixed]
    tentative = sorted((m for m in mentions if m.source in ("gaz", "org", "person", "norp") and m.candidates),
                       key=lambda m: (-(m.end - m.start), m.start))
    for m in tentative:
        if not any(m.start < e and s < m.end for s, e in taken):
            fixed.append(m)
            taken.append((m.start, m.end))
    fixed.sort(key=lambda m: m.start)
    for i, m in enumerate(fixed[:-1]):
        if re.fullmatch(r"\s*,\s*", text[m.end:fixed[i + 1].start]):
            m.container = i + 1
    return fixed


def _gazetteer_ngrams(tokens: list[Token], covered: set[int], text: str) -> list[Mention]:
    """Every capitalised 1..MAX_NGRAM-gram outside place entities, as tentative mentions;
    overlapping ones are settled after lookup (longest match with candidates wins)."""
    common = common_words()
    out: list[Mention] = []
    run: list[Token] = []
    budget = MAX_KEYS_PER_DOC

    def flush() -> None:
        nonlocal budget
        if (not_a_place_run(run, tokens) or address(tokens, run[0].i)
                or crossing(tokens, run[0].i, run[-1].i)):
            return
        for i in range(len(run)):
            for n in range(min(MAX_NGRAM, len(run) - i), 0, -1):
                if budget <= 0:
                    return
                first, last = run[i], run[i + n - 1]
                if last.i - first.i != n - 1 or not whole_name(run, i, n):
                    continue
                span = text[first.idx:last.idx + len(last)]
                k = key(span)
                words = k.split()
                if not k or len(span) > MAX_MENTION_CHARS or words[0] == "the":
                    continue
                if n == 1 and (k in NOT_PLACES or k in common or len(k) < 3):
                    continue
                if n > 1 and (words[0] in NOT_PLACES - DIRECTION_WORDS or words[-1] in NOT_PLACES - NAME_ENDS):
                    continue
                if _POSSESSIVE_THING.match(text, last.idx + len(last)):
                    continue
                label = first.ent_type_
                source = {"ORG": "org", "PERSON": "person", "NORP": "norp"}.get(label, "gaz")
                m = Mention(first.idx, last.idx + len(last), span, _ent_keys(span), source)
                _context(m, tokens, first.i, last.i, text)
                out.append(m)
                budget -= len(m.keys)

    for tok in tokens:
        if tok.i not in covered and (tok.ent_type_ not in BLOCKING_LABELS or town_not_people(tok, tokens)
                                     or named_not_people(tok) or town_in_a_date(tok)
                                     or town_taken_for_product(tok, tokens)) \
                and token_ok(tok):
            run.append(tok)
            continue
        flush()
        run = []
    flush()
    return out

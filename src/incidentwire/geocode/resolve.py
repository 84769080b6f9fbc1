"""Choose one gazetteer candidate per mention: population and feature level first, then what
the article says around it (country and state context, "X province", "Gainesville, Fla.",
"Compton, California", closeness to the other places), as named FEATURES of each candidate.
The hand-tuned weights below decide whether a mention is a place at all; weights learned on the
dev corpora (data/place_weights.json, `make train-places`) choose the candidate."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice

from incidentwire.geocode.build import ALIAS, MAIN, STRIPPED
from incidentwire.geocode.context import state_shares
from incidentwire.geocode.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY, Candidate
from incidentwire.geocode.recognize import Mention

# Prior: log10(population) is the backbone (a name usually means its largest bearer).
W_POPULATION = 1.0
LEVEL_PRIOR = {COUNTRY: 2.0, ADMIN1: -0.3, ADMIN2: -1.0, CITY: 0.0}  # bare "Kabul" is the city
KIND_PRIOR = {MAIN: 0.0, ALIAS: -0.7, STRIPPED: -1.0}
W_CUE_MATCH = 4.0  # "Kandahar province" -> the province
W_CUE_MISMATCH = -2.0  # "Kandahar province" is not the city
W_STATE = 8.0  # "Gainesville, Fla." -> in Florida
W_CONTAINER = 8.0  # "Compton, California" / "Kandahar, Afghanistan"
W_BIAS = 2.0  # Geocoder(countries=...) bias
W_COUNTRY_CONTEXT = 3.0  # times the share of the article's confident mentions in that country
W_ADMIN1_CONTEXT = 2.0  # the state/province is named elsewhere in the article
W_OFF_ADMIN1 = -1.0
SMALL_TOWN = 20_000
W_TEXT_STATE = 3.0  # times the share of the article's words naming the candidate's US state (context.py)
W_US_WORDS = 1.0  # an American candidate, times how American the article's words are (context.us_word_share)
W_NEAR = 1.5  # within NEAR_KM of another place the article names
NEAR_KM = 150.0
NEAR_TOP, NEAR_MAX_OTHERS = 8, 30  # bound the distance computations per mention
CONFIDENT_MARGIN = 1.0  # a pick beats every other country's candidate by this much -> context
DATELINE_WEIGHT = 2.0  # the dateline counts twice for the article's country context
# Minimum final score to accept a gazetteer-only mention (spaCy missed it), by where it was found.
MIN_SCORE = {"gaz": 6.5, "org": 6.5, "person": 7.0, "norp": 6.0}
MIN_ENT_SCORE = 5.0  # below this a spaCy place entity is kept unresolved rather than misplaced
W_LOCATIVE_ACCEPT = 1.0  # "in X" makes a capitalised word likelier a place (acceptance only)
W_LOCAL_ACCEPT = (0.0, 1.5, 2.0)  # by strength: "X man", "X shooting" (1), "X police" (2) (acceptance only)
W_REPEAT_ACCEPT, REPEAT_MAX = 0.5, 2  # a name the article repeats is likelier meant (acceptance only)
WEIGHTS_FILE = "place_weights.json"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


# The evidence about one candidate, as named features. HAND_WEIGHTS (the constants above) decide
# whether a mention is accepted at all; the learned weights (data/place_weights.json, `make
# train-places`) choose among its candidates and give the confidence.
FEATURES = ("log_population", "level_country", "level_admin1", "level_admin2", "alias", "stripped",
            "cue_match", "cue_mismatch", "state", "bias", "country_context", "admin1_context",
            "off_admin1", "container", "near", "capital", "dateline_country", "most_populous", "closeness",
            "text_state", "us_words")
HAND_WEIGHTS = (W_POPULATION, LEVEL_PRIOR[COUNTRY], LEVEL_PRIOR[ADMIN1], LEVEL_PRIOR[ADMIN2],
                KIND_PRIOR[ALIAS], KIND_PRIOR[STRIPPED], W_CUE_MATCH, W_CUE_MISMATCH, W_STATE, W_BIAS,
                W_COUNTRY_CONTEXT, W_ADMIN1_CONTEXT, W_OFF_ADMIN1, W_CONTAINER, W_NEAR, 0.0, 0.0, 0.0, 0.0,
                W_TEXT_STATE, W_US_WORDS)
_F = {name: i for i, name in enumerate(FEATURES)}


@dataclass(frozen=True)
class Weights:
    """A linear scorer over FEATURES (learned by logistic regression, see scripts/train_places.py)."""

    weights: tuple[float, ...]
    intercept: float = 0.0

    def score(self, f: Sequence[float]) -> float:
        return self.intercept + sum(w * x for w, x in zip(self.weights, f, strict=True))


HAND = Weights(HAND_WEIGHTS)


@lru_cache(maxsize=1)
def learned_weights() -> Weights:
    """The shipped weights; the hand weights when the file is missing or was made for other features."""
    try:
        data = json.loads(resources.files("incidentwire.data").joinpath(WEIGHTS_FILE).read_text())
    except (FileNotFoundError, ValueError):
        return HAND
    if tuple(data.get("features", ())) != FEATURES:
        return HAND
    return Weights(tuple(float(w) for w in data["weights"]), float(data.get("intercept", 0.0)))


def _base(m: Mention, c: Candidate, bias: Sequence[str]) -> list[float]:
    """The features that do not depend on the rest of the article."""
    f = [0.0] * len(FEATURES)
    f[_F["log_population"]] = math.log10(c.population + 10)
    if c.level != CITY:
        f[_F[("level_country", "level_admin1", "level_admin2")[c.level]]] = 1.0
    if c.kind == ALIAS:
        f[_F["alias"]] = 1.0
    elif c.kind == STRIPPED:
        f[_F["stripped"]] = 1.0
    if m.cue is not None:
        if m.cue == c.level or (m.cue == ADMIN2 and c.level == ADMIN1 and c.kind == STRIPPED):
            f[_F["cue_match"]] = 1.0
        elif m.cue in (ADMIN1, ADMIN2) and c.level == CITY:
            f[_F["cue_mismatch"]] = 1.0
    if m.state_code and c.admin1_code == m.state_code:
        f[_F["state"]] = 1.0
    if c.country_code in bias:
        f[_F["bias"]] = 1.0
    if c.feature == "P.PPLC":
        f[_F["capital"]] = 1.0
    return f


def _text_states(mentions: list[Mention], feats: list[list[list[float]]],
                 states: list[tuple[int, int, str]]) -> None:
    """The share of the article's state names that name each candidate's state (a state name
    inside the mention itself does not count: "Georgia" must not vouch for the US state)."""
    if not states:
        return
    everywhere = state_shares(states, 0, 0)
    for m, fs in zip(mentions, feats, strict=True):
        own = any(s < m.end and m.start < e for s, e, _ in states)
        shares = state_shares(states, m.start, m.end) if own else everywhere
        for c, f in zip(m.candidates, fs, strict=True):
            f[_F["text_state"]] = shares.get(c.admin1_code or "", 0.0)


def _inside(c: Candidate, container: Candidate) -> bool:
    if container.level == COUNTRY:
        return c.country_code == container.country_code and c.level != COUNTRY
    if container.level == ADMIN1:
        return c.admin1_code == container.admin1_code and c.level > ADMIN1
    return False


def candidate_features(mentions: list[Mention], *, bias: Sequence[str] = (),
                       states: Sequence[tuple[int, int, str]] = (), us_words: float = 0.0,
                       picks: Sequence[Candidate | None] | None = None) -> list[list[list[float]]]:
    """For each mention, one FEATURES vector per candidate: the candidate alone, then what the
    rest of the article says (its countries and states, a container, the other places nearby).
    `states`: the US states the article's words name (`context.state_mentions` of its text);
    `us_words`: how American its vocabulary is (`context.us_word_share`); `picks`: the reading
    of each mention the distances are measured to (default: the hand weights' first choice)."""
    feats = [[_base(m, c, bias) for c in m.candidates] for m in mentions]
    if us_words:
        for m, fs in zip(mentions, feats, strict=True):
            for c, f in zip(m.candidates, fs, strict=True):
                if c.country_code == "US":
                    f[_F["us_words"]] = us_words
    _text_states(mentions, feats, list(states))
    base = [[HAND.score(f) for f in fs] for fs in feats]
    first = [max(range(len(s)), key=s.__getitem__) if s else None for s in base]

    countries: Counter[str] = Counter()
    admin1s: Counter[str] = Counter()
    # What each name contributed: a name repeated five times must not vouch for its own sense
    # (five "Paris" read as Paris, France make France the article's country).
    own: dict[str, tuple[Counter[str], Counter[str]]] = {}
    dateline_country = None
    for m, scores, pick in zip(mentions, base, first, strict=True):
        if m.state_code:
            admin1s[m.state_code] += 2
            countries["US"] += 1
        if pick is None or m.source not in ("ent", "dateline"):
            continue
        c = m.candidates[pick]
        if m.source == "dateline" and dateline_country is None:
            dateline_country = c.country_code
        others = [s for s, o in zip(scores, m.candidates, strict=True) if o.country_code != c.country_code]
        if not others or scores[pick] - max(others) >= CONFIDENT_MARGIN:
            weight = DATELINE_WEIGHT if m.source == "dateline" else 1.0
            own_countries, own_admin1s = own.setdefault(m.keys[0], (Counter(), Counter()))
            for counter in (countries, own_countries):
                counter[c.country_code or ""] += weight
            if c.admin1_code and c.level != COUNTRY:
                for counter in (admin1s, own_admin1s):
                    counter[c.admin1_code] += weight if c.level == ADMIN1 else weight / 2
    total = sum(countries.values()) or 1.0

    if picks is None:
        picks = [m.candidates[p] if p is not None else None for m, p in zip(mentions, first, strict=True)]
    picks1 = [(m, c) for m, c in zip(mentions, picks, strict=True) if c is not None]
    near_by_key: dict[str, list[Candidate]] = {}
    for i, m in enumerate(mentions):
        if not m.candidates:
            continue
        container = None
        if m.container is not None and first[m.container] is not None:
            container = mentions[m.container].candidates[first[m.container]]
        key = m.keys[0]
        if key not in near_by_key:  # computed once per name: thousands of mentions stay linear
            near_by_key[key] = list(islice((c for o, c in picks1 if o.keys[0] != key), NEAR_MAX_OTHERS))
        near = near_by_key[key]
        own_countries, own_admin1s = own.get(key, (Counter(), Counter()))
        # the states the OTHER names give: a lone "Beebe" is no namesake in another state than its own
        other_admin1s = any(n > own_admin1s.get(code, 0.0) for code, n in admin1s.items())
        others_total = (total - sum(own_countries.values())) or 1.0
        for c, f in zip(m.candidates, feats[i], strict=True):
            cc = c.country_code or ""
            f[_F["country_context"]] = (countries.get(cc, 0.0) - own_countries.get(cc, 0.0)) / others_total
            if admin1s.get(c.admin1_code or "", 0.0) > own_admin1s.get(c.admin1_code or "", 0.0) and c.level != ADMIN1:
                f[_F["admin1_context"]] = 1.0
            elif other_admin1s and c.level == CITY and c.population < SMALL_TOWN:
                f[_F["off_admin1"]] = 1.0  # a small namesake in another state than the article's
            if container is not None and _inside(c, container):
                f[_F["container"]] = 1.0
            if dateline_country and c.country_code == dateline_country and m.source != "dateline":
                f[_F["dateline_country"]] = 1.0
        # Distances only for the leading candidates: common names have hundreds of bearers.
        hand = [HAND.score(f) for f in feats[i]]
        for j in sorted(range(len(hand)), key=hand.__getitem__, reverse=True)[:NEAR_TOP]:
            c = m.candidates[j]
            km = min((haversine_km(c.lat, c.lon, o.lat, o.lon) for o in near), default=None)
            if km is not None:
                feats[i][j][_F["near"]] = float(km <= NEAR_KM)
                feats[i][j][_F["closeness"]] = max(0.0, 1.0 - math.log10(1.0 + km) / 4.0)  # 1 at 0 km, 0 at 10,000
        most = max(c.population for c in m.candidates)
        for c, f in zip(m.candidates, feats[i], strict=True):
            f[_F["most_populous"]] = float(c.population == most)
    return feats


def resolve(mentions: list[Mention], *, bias: Sequence[str] = (), weights: Weights | None = None,
            states: Sequence[tuple[int, int, str]] = (), us_words: float = 0.0, text: str = ""
            ) -> list[tuple[Mention, Candidate | None, float]]:
    """[(mention, chosen candidate or None, confidence)] for the accepted mentions, in order.
    The hand weights decide whether a mention is a place at all; `weights` (default: the learned
    ones) choose the candidate and give the confidence. `text`: the article's text (for lists)."""
    weights = weights or learned_weights()
    feats = candidate_features(mentions, bias=bias, states=states, us_words=us_words)
    # A second look: the distances to the other places as the learned weights read them, not
    # as the hand weights' first guess did ("Athens" near the Tennessee towns the article names).
    picks = [m.candidates[max(range(len(fs)), key=lambda j, fs=fs: weights.score(fs[j]))] if fs else None
             for m, fs in zip(mentions, feats, strict=True)]
    chosen = candidate_features(mentions, bias=bias, states=states, us_words=us_words, picks=picks)
    repeats = Counter(m.keys[0] for m in mentions if m.keys)
    listed = _listed_with_places(mentions, text)
    out: list[tuple[Mention, Candidate | None, float]] = []
    for i, (m, fs) in enumerate(zip(mentions, feats, strict=True)):
        if m.person_name and not m.locative and m.local < 2 and m.source != "dateline" and (
                m.surname or not (m.local or m.cue is not None or _well_known(m) or id(m) in listed)):
            continue  # "Belford walked into the courthouse": a surname, not Belford, N.J.
        if not m.candidates:
            if m.source in ("ent", "dateline", "quarter", "street"):
                out.append((m, None, 0.0))
            continue
        if m.source == "gaz" and len(m.text.split()) == 1 and not m.local and not _state_matches(m) and (
                m.sentence_start or not (m.locative or m.cue is not None)):
            continue  # a lone capitalised word spaCy did not tag needs "in X" / "X district" / "X, Tenn."
        hand = max(HAND.score(f) for f in fs)
        floor = MIN_SCORE.get(m.source)
        accept_score = (hand + (W_LOCATIVE_ACCEPT if m.locative or m.cue is not None else 0.0)
                        + W_LOCAL_ACCEPT[m.local] + W_REPEAT_ACCEPT * min(REPEAT_MAX, repeats[m.keys[0]] - 1))
        if floor is not None and accept_score < floor:
            continue
        if floor is None and accept_score < MIN_ENT_SCORE:
            out.append((m, None, 0.0))  # a place, but no candidate is believable
            continue
        scores = [weights.score(f) for f in chosen[i]]
        best = max(range(len(scores)), key=scores.__getitem__)
        top = sorted(scores, reverse=True)[:5]
        confidence = 1.0 / sum(math.exp(s - top[0]) for s in top)
        out.append((m, m.candidates[best], round(confidence, 3)))
    return _one_sense(mentions, out)


_LIST_SEPARATOR = re.compile(r"\s*(?:,|,? and|,? or|&)\s*")


def _listed_with_places(mentions: list[Mention], text: str) -> set[int]:
    """ids of the mentions the model took for people that stand in a list with places: "in
    Moonbi, Parkes, Berry and Wyong", "East Providence and Barrington", "Devon and Cornwall police"."""
    out: set[int] = set()
    if not text:
        return out
    for _ in range(2):  # "Moonbi, Parkes, Berry and Wyong": Berry is listed once Parkes is
        for a, b in zip(mentions, mentions[1:], strict=False):
            if not _LIST_SEPARATOR.fullmatch(text, a.end, b.start):
                continue
            for m, other in ((a, b), (b, a)):
                if m.source == "person" and other.candidates and (not other.person_name or id(other) in out):
                    out.add(id(m))
    return out


def _state_matches(m: Mention) -> bool:
    """ "Memphis, Tennessee" in a station's banner: a town of that name in the state written after it."""
    return m.state_code is not None and any(c.level == CITY and c.admin1_code == m.state_code for c in m.candidates)


def _well_known(m: Mention) -> bool:
    """A country or a capital by its own name ("Sri Lanka", "Tbilisi"): a place even when the
    model took it for a person, unless the article uses it as someone's name."""
    return any(c.kind == MAIN and (c.level == COUNTRY or c.feature == "P.PPLC") for c in m.candidates)


def _one_sense(mentions: list[Mention], out: list[tuple[Mention, Candidate | None, float]]
               ) -> list[tuple[Mention, Candidate | None, float]]:
    """A name the model tagged as a place elsewhere in the article means the same place here:
    "Savannah" in "Savannah-Chatham police" is the Savannah of the headline, and a mention
    left unresolved (too little context of its own) is the town its namesake mention resolved to."""
    sense: dict[str, tuple[Candidate, float]] = {}
    for m, c, conf in out:
        if c is not None and m.source in ("ent", "dateline") and m.keys:
            sense.setdefault(m.keys[0], (c, conf))
    # "A Campbellsville man ..." accepted, "... in Campbellsville" below the floor: the same town.
    out = [(m, *sense[m.keys[0]]) if c is None and m.keys and m.keys[0] in sense and m.candidates else (m, c, conf)
           for m, c, conf in out]
    done = {id(m) for m, _, _ in out}
    for m in mentions:
        if (id(m) not in done and m.keys and m.keys[0] in sense and not m.surname
                and (m.source in ("gaz", "org", "norp") and not m.person_name or m.source == "person")):
            c, conf = sense[m.keys[0]]
            out.append((m, c, conf))
    out.sort(key=lambda t: t[0].start)
    return out


"""Where an incident happened, chosen among the article's resolved places. The rules: the most
specific place of the incident's own sentences (not the capital a spokesman spoke from), then the
dateline, then the place the article is mostly about. With the learned model "incident_place"
(`incident_place.py`) the rules' choice is one feature among many and the model decides."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import pycountry

from incidentwire import learned
from incidentwire.geocode.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY
from incidentwire.geocode.incident_place import (
    LEAD_CHARS,
    MODEL_NAME,
    Candidate,
    best,
    candidates,
    inside,
    level,
    place_key,
)
from incidentwire.geocode.layout import datelines, site_span, title_end
from incidentwire.geocode.names import key, us_state_code
from incidentwire.geocode.resolve import haversine_km
from incidentwire.models import Evidence, Incident, Location, Place
from incidentwire.nlp import ParsedDoc

if TYPE_CHECKING:
    from incidentwire.geocode.outlet import Outlet

SPECIFICITY = {CITY: 3.0, ADMIN2: 2.0, ADMIN1: 1.0, COUNTRY: 0.0}
PRECISION = {CITY: "city", ADMIN2: "admin2", ADMIN1: "admin1", COUNTRY: "country"}
W_LOCATIVE = 1.0  # "in/near/at/outside X": the incident's place rather than a passing mention
W_REPORTING = -1.5  # "a spokesman in Kabul said": where it was said, not where it happened
LOCATIVES = ("in", "near", "at", "outside", "inside", "across", "on")
REPORTING = ("said", "told", "spokesman", "spokeswoman", "official", "officials", "announced")
W_EVIDENCE, EVIDENCE_DECAY, MAX_EVIDENCE = 1.5, 0.5, 6  # first evidence sentence counts most
W_DATELINE = 1.0  # the dateline inside an evidence sentence
W_DATELINE_ALONE = 2.0  # the dateline wherever it is (between "in X" and a mere mention)
SNAP_MAX_POPULATION = 75_000  # a "city" smaller than this near a big named city may be a quarter
SNAP_MIN_POPULATION = 150_000
SNAP_RATIO = 3.0
SNAP_KM = 20.0
DOMINANT_WEIGHT = {CITY: 1.0, ADMIN2: 0.8, ADMIN1: 0.6, COUNTRY: 0.3}
W_POLICE = 1.0  # "Elmhurst police": the town whose police handle it
W_EVENT = 1.0  # "Allentown homicide", "Durham drive-by": the event's own place
_POLICE_AFTER = re.compile(r"(?:['’]s)?\s+(?:police|sheriff|pd\b|metropolitan police)", re.IGNORECASE)
_EVENT_AFTER = re.compile(r"[\s-]+(?:shootings?|homicides?|murders?|slayings?|drive-by|killings?|standoff|"
                          r"double|triple|quadruple|mass)\b", re.IGNORECASE)
ANCHOR_KM = 200.0  # a chosen town this far from the town whose police speak is a namesake
ANCHOR_OTHER_STATE_KM = 80.0  # ... or this far, in another state (Kensington, N.Y. vs Philadelphia)


@lru_cache(maxsize=512)
def country_name(code: str | None) -> str | None:
    if not code:
        return None
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or getattr(country, "name", None) if country else None


def _police_of(text: str, p: Place) -> bool:
    """ "Chicago police said", "the Elmhurst Police Department": the agency of that town."""
    return bool(_POLICE_AFTER.match(text, p.end))


def _sentence_score(parsed: ParsedDoc, p: Place, sent_start: int) -> float:
    text = parsed.nlp_text
    before = text[max(sent_start, p.start - 30):p.start].lower().split()
    score = SPECIFICITY[level(p)]
    if _police_of(text, p):
        score += W_POLICE
    elif _EVENT_AFTER.match(text, p.end):
        score += W_EVENT
    if before and before[-1] in LOCATIVES:
        score += W_LOCATIVE
    sentence_before = text[sent_start:p.start].lower()
    if any(w in sentence_before.split()[-6:] for w in REPORTING) or "said from" in sentence_before:
        score += W_REPORTING
    return score


def _dominant(places: list[Place]) -> Place | None:
    weight: Counter[int] = Counter()
    first: dict[int, Place] = {}
    for p in places:
        gid = p.geonames_id or 0
        weight[gid] += DOMINANT_WEIGHT[level(p)]
        first.setdefault(gid, p)
    if not weight:
        return None
    return first[max(weight, key=lambda g: (weight[g], -first[g].start))]


def choose(parsed: ParsedDoc, incident: Incident, places: list[Place],
           population: Callable[[int | None], int | None] = lambda _: None, outlet: Outlet | None = None
           ) -> Place | None:
    """The place of the incident, or None when the article gives none: the learned model's
    choice among the article's places when it is shipped, else the rules'."""
    rule = choose_by_rules(parsed, incident, places)
    model = learned.model(MODEL_NAME)
    if model is None or rule is None or _background_place(parsed, incident, rule):
        return rule
    options = choices(parsed, incident, places, rule, population, outlet)
    pick = best([c for c, _ in options], model.score)
    if pick is None:
        return rule
    final = next(f for c, f in options if c is pick)
    if place_key(pick.place) != place_key(final):
        return final
    # "shot in Kensington ..., Philadelphia police said": Philadelphia it is, but in the words (and
    # at the point) of the quarter the incident's sentence names, when the article names one.
    spans = [(e.start, e.end) for e in incident.evidence[:MAX_EVIDENCE]]
    for c, f in options:
        if c is pick or not any(s <= f.start and f.end <= e for s, e in spans):
            continue
        city = municipality(f, places, population)
        if place_key(f) == place_key(final) or (city is not None and place_key(city) == place_key(final)):
            return f
    return final


def _background_place(parsed: ParsedDoc, incident: Incident, rule: Place) -> bool:
    """ "... after the killing of bin Laden in Pakistan" far down the article: an incident told in
    passing happened where its own sentences say. The model, which learned on the articles' main
    incidents, would give it the article's main place."""
    if not incident.evidence or incident.evidence[0].start < title_end(parsed) + LEAD_CHARS:
        return False
    return any(e.start <= rule.start and rule.end <= e.end for e in incident.evidence[:MAX_EVIDENCE])


def choices(parsed: ParsedDoc, incident: Incident, places: list[Place], rule: Place | None,
            population: Callable[[int | None], int | None], outlet: Outlet | None = None
            ) -> list[tuple[Candidate, Place]]:
    """The model's candidates with the place each would give as the location. A county or state
    that stands for a town the article names in it is left out: that town is a candidate itself."""
    out = []
    for c in candidates(parsed, incident, places, rule, population, outlet):
        final = finish(parsed, c.place, places)
        if level(c.place) == CITY or place_key(final) == place_key(c.place):
            out.append((c, final))
    return out


def finish(parsed: ParsedDoc, pick: Place, places: list[Place]) -> Place:
    """The picked place as the location will give it: a far namesake of a quarter becomes the
    town whose police speak, an area becomes the town the article names in it (see _refine)."""
    resolved = [p for p in places if p.lat is not None and p.lon is not None]
    return _refine(parsed, pick, resolved, _dateline_place(parsed, resolved))


def _dateline_place(parsed: ParsedDoc, resolved: list[Place]) -> Place | None:
    starts = [d.start for d in datelines(parsed)]
    return next((p for s in starts for p in resolved if p.start == s), None)


def choose_by_rules(parsed: ParsedDoc, incident: Incident, places: list[Place]) -> Place | None:
    """The rules' place of the incident, or None when the article gives none. The dateline competes
    with the evidence places: it beats a place merely named in the incident's sentences, but
    not one the incident happened "in/near/at"."""
    resolved = [p for p in places if p.lat is not None and p.lon is not None]
    if not resolved:
        return None
    site = site_span(parsed)
    if site is not None:
        # "... - WBTV Charlotte": the station's town only when the article names no other place.
        resolved = [p for p in resolved if not site[0] <= p.start < site[1]] or resolved
    dateline = _dateline_place(parsed, resolved)
    scored: list[tuple[float, int, Place]] = []
    for rank, ev in enumerate(incident.evidence[:MAX_EVIDENCE]):
        bonus = W_EVIDENCE * EVIDENCE_DECAY ** rank
        for p in resolved:
            if p.start >= ev.start and p.end <= ev.end:
                s = _sentence_score(parsed, p, ev.start) + bonus + (W_DATELINE if p is dateline else 0.0)
                scored.append((s, -p.start, p))
    if dateline is not None:
        scored.append((SPECIFICITY[level(dateline)] + W_DATELINE_ALONE, -dateline.start, dateline))
    choice = max(scored, key=lambda t: t[:2])[2] if scored else None
    if choice is None:
        return _dominant(resolved)
    return _refine(parsed, choice, resolved, dateline)


def _refine(parsed: ParsedDoc, choice: Place, resolved: list[Place], dateline: Place | None) -> Place:
    """The police's town for a far namesake; a town the article names inside a chosen area."""
    choice = _near_police(parsed, choice, resolved)
    if level(choice) != CITY:
        # "a shooting in Florida" + "GAINESVILLE, Fla." -> Gainesville; "Dillon County" + "outside
        # of Latta" -> Latta: the town the article names in that area; never a made-up town.
        within = [q for q in resolved if level(q) > level(choice) and inside(q, choice)]
        for p in (dateline, _dominant([q for q in within if level(q) == CITY]), _dominant(within)):
            if p is not None and p in within:
                return p
    return choice


def _near_police(parsed: ParsedDoc, choice: Place, resolved: list[Place]) -> Place:
    """ "shot in the Gresham neighborhood ..., Chicago police said": when the chosen town is
    hundreds of km from the town whose police report the incident, and the text does not
    qualify it with a state, it is a namesake of a quarter the gazetteer lacks: the police's
    town it is, keeping the words of the mention."""
    text = parsed.nlp_text
    anchor = next((p for p in resolved if level(p) == CITY and _police_of(text, p)), None)
    if anchor is None or anchor.geonames_id == choice.geonames_id or level(choice) == COUNTRY:
        return choice
    same_state = choice.country_code == anchor.country_code and choice.admin1 == anchor.admin1
    km = haversine_km(choice.lat or 0.0, choice.lon or 0.0, anchor.lat or 0.0, anchor.lon or 0.0)
    if km < (ANCHOR_KM if same_state else ANCHOR_OTHER_STATE_KM):
        return choice
    if re.match(r"\s*,\s*[A-Z]", text[choice.end:choice.end + 4]):
        return choice  # "Memphis, Tenn.": the writer said which one
    return anchor.model_copy(update={"text": choice.text, "start": choice.start, "end": choice.end})


def municipality(place: Place, places: list[Place], population: Callable[[int | None], int | None]
                 ) -> Place | None:
    """The larger city the article names that `place` is a quarter of ("Brighton Park" ->
    Chicago), judged by size and distance since cities500 has no feature codes; None if none.
    A quarter the text qualifies with its city ("East Flatbush, Brooklyn": 178,000 people in
    cities500) may be larger than the towns judged by size alone."""
    pop = population(place.geonames_id)
    if level(place) != CITY or pop is None:
        return None
    best = None
    for q in places:
        q_pop = population(q.geonames_id)
        if (q.lat is None or q.lon is None or level(q) != CITY or q_pop is None
                or q.geonames_id == place.geonames_id or q_pop < max(SNAP_MIN_POPULATION, SNAP_RATIO * pop)):
            continue
        if pop > SNAP_MAX_POPULATION and not _qualified_by(place, q, places):
            continue
        near = haversine_km(place.lat or 0.0, place.lon or 0.0, q.lat, q.lon) <= SNAP_KM
        if near and (best is None or q_pop > (population(best.geonames_id) or 0)):
            best = q
    return best


def _qualified_by(quarter: Place, city: Place, places: list[Place]) -> bool:
    """Some mention of `quarter` is followed at once by one of `city` ("East Flatbush, Brooklyn")."""
    ends = {p.end for p in places if p.geonames_id == quarter.geonames_id}
    return any(p.geonames_id == city.geonames_id and any(0 < p.start - e <= 2 for e in ends) for p in places)


_UNPLACED_BEFORE = re.compile(r"\b(?:in|near|outside)\s+(?:the\s+)?(?:rural\s+|downtown\s+)?$", re.IGNORECASE)
UNPLACED_EVIDENCE = 2  # the incident's own first sentences only
# "Hartford Shooting", "Pease Steet", "the District of Columbia", a byline's "in News": not the name of a village
_NOT_A_VILLAGE = re.compile(r"\b(?:shootings?|homicides?|murders?|killings?|identified|news|st(?:r)?eet|avenue|ave|"
                            r"road|rd|drive|lane|boulevard|blvd|highway|court|of)\b", re.IGNORECASE)


def unplaced_words(parsed: ParsedDoc, incident: Incident, places: list[Place]) -> Place | None:
    """ "shot in Pacoima", "near Lingle": a place the incident's own sentences say it happened
    in that the gazetteer could not place (no coordinates); None if there is none."""
    text = parsed.nlp_text
    for ev in incident.evidence[:UNPLACED_EVIDENCE]:
        for p in places:
            if (p.lat is None and p.feature is None and ev.start <= p.start and p.end <= ev.end and len(p.text) >= 3
                    and p.text[:1].isupper() and not p.text.isupper() and not _NOT_A_VILLAGE.search(p.text)
                    and _UNPLACED_BEFORE.search(text, max(ev.start, p.start - 30), p.start)):
                return p
    return None


def unknown_town_words(parsed: ParsedDoc, place: Place, places: list[Place]) -> Place | None:
    """The words of a town the gazetteer lacks, read as its state, when the incident's place is
    only a county or the state itself: "PINETOWN, N.C. (WNCT) - ... in Beaufort County" and "in
    Pinetown, North Carolina" were read as North Carolina alone, and the incident's record said
    Beaufort County. The dateline's town first, else the first such town of the article. Words
    that name the state itself ("ILLINOIS STATE", "N.C.") are no town."""
    if level(place) not in (ADMIN1, ADMIN2):
        return None
    starts = {d.start for d in datelines(parsed)}
    for p in sorted(places, key=lambda p: (p.start not in starts, p.start)):
        if level(p) != ADMIN1 or not p.admin1:
            continue
        same_state = (p.country_code, p.admin1) == (place.country_code, place.admin1)
        names_state = key(p.admin1) in key(p.text) or us_state_code(p.text.strip()) is not None
        if same_state and not names_state and p.text[:1].isupper() and not _NOT_A_VILLAGE.search(p.text):
            return p
    return None


def with_unplaced_words(parsed: ParsedDoc, location: Location, unplaced: Place | None) -> Location:
    """The location in the words of the place the incident's sentence names but the gazetteer
    lacks ("Lingle", in Goshen County): the coordinates, name and precision stay those of the
    place we could resolve, only `text` (and its evidence) say what the article says. With no
    resolved place at all, the words alone: a location without coordinates, never a made-up one."""
    if unplaced is None:
        return location
    if location.name is not None and not _names_itself(location):
        return location  # already in a quarter's words ("Kensington" for Philadelphia)
    return location.model_copy(update={
        "text": unplaced.text, "evidence": [sentence_evidence(parsed, unplaced.start, unplaced.end)]})


def _names_itself(location: Location) -> bool:
    """Is the location's text its own name ("Gilchrist" for Gilchrist County, "west Phoenix")?"""
    said, name = (location.text or "").lower(), (location.name or "").lower()
    return bool(said) and (said in name or name in said or (location.admin2 or "").lower().startswith(said))


def to_location(parsed: ParsedDoc, place: Place | None, city: Place | None = None) -> Location:
    """The Location record of `place`; with `city` (its municipality), name and ids are the
    city's while the coordinates stay the more precise quarter's."""
    if place is None:
        return Location()
    lvl = level(place)
    named = city or place
    return Location(
        name=named.name, admin1=named.admin1, admin2=named.admin2 if lvl >= ADMIN2 else None,
        country=country_name(named.country_code), country_code=named.country_code,
        lat=place.lat, lon=place.lon, geonames_id=named.geonames_id, precision=PRECISION[lvl],
        text=place.text, evidence=[sentence_evidence(parsed, place.start, place.end)] if place.start >= 0 else [],
    )


def sentence_evidence(parsed: ParsedDoc, start: int, end: int) -> Evidence:
    """The sentence around [start, end) as Evidence (offsets into the article text as given)."""
    span = parsed.doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return parsed.article.evidence(start, end)
    sent = span[0].sent
    s, e = sent.start_char, sent.end_char
    while e > s and parsed.article.text[e - 1].isspace():
        e -= 1
    return parsed.article.evidence(s, e)

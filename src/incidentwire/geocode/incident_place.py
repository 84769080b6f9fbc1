"""Which of the article's resolved places is the incident's: a learned choice.

Every distinct resolved place of the article is a candidate, described by what a reader uses —
is it named in the incident's own sentences, in the headline or the dateline, after "in/near/at",
next to a street address, as the town whose police speak, as a county or a state, inside another
place the article names, how often, how early — plus whether the hand-written rules
(`locate.choose_by_rules`) would pick it. A logistic regression (`incidentwire.learned`, model
"incident_place", fitted by `scripts/train_incident_place.py` on gva_dev) scores the candidates;
the best one wins. Without the model the rules decide alone.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from incidentwire.geocode.context import state_name_shares
from incidentwire.geocode.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY
from incidentwire.geocode.layout import datelines, site_span, title_end
from incidentwire.geocode.names import key as name_key
from incidentwire.geocode.names import strip_generic
from incidentwire.geocode.resolve import haversine_km
from incidentwire.models import Incident, Place
from incidentwire.nlp import ParsedDoc

if TYPE_CHECKING:
    from incidentwire.geocode.outlet import Outlet

MODEL_NAME = "incident_place"
MAX_EVIDENCE = 6
LEAD_CHARS = 400
# the word before a mention: "in X" (where it happened), "of X" (where someone lives), "to X" (the
# hospital's town), "from X" (where someone came from): each its own feature
PREPOSITIONS = frozenset({"in", "near", "at", "outside", "inside", "across", "on", "of", "from", "to", "into",
                          "between", "for", "by"})
STRONG_LOCATIVES = frozenset({"in", "near", "at", "outside", "inside"})
# "a spokesman in Kabul said", "reported from San Salvador": where it was said, not where it happened
SPEAKERS = frozenset({"spokesman", "spokeswoman", "spokesperson", "official", "officials", "sources", "embassy",
                      "radio", "newspaper", "television", "reported", "announced", "broadcast", "agency"})
TRANSPORT = frozenset({"taken", "transported", "transferred", "flown", "airlifted", "rushed", "driven",
                       "extradited", "booked", "jailed", "arrested", "hospital", "center", "flight"})
REPORTING = frozenset({"said", "told", "spokesman", "spokeswoman", "official", "officials", "announced",
                       "according"})
_POLICE_AFTER = re.compile(r"(?:['’]s)?\s+(?:police|sheriff|pd\b|metropolitan police|fire|county sheriff)",
                           re.IGNORECASE)
_EVENT_AFTER = re.compile(r"[\s-]+(?:shootings?|homicides?|murders?|slayings?|drive-by|killings?|standoff|"
                          r"double|triple|quadruple|mass|gunfire|rampage)\b", re.IGNORECASE)
_RESIDENT_AFTER = re.compile(r"[\s-]+(?:man|woman|men|women|teens?|teenagers?|boy|girl|residents?|couple|family|"
                             r"mother|father|native)\b", re.IGNORECASE)
_PART_OF_BEFORE = re.compile(r"(?:section|neighborhood|neighbourhood|part|area|suburb|outskirts)\s+of\s+$",
                             re.IGNORECASE)
_POSSESSIVE_AFTER = re.compile(r"['’]s\s+[A-Z]")
_QUARTER_AFTER = re.compile(r"\s+(?:neighborhood|neighbourhood|section|area|community|subdivision|district|"
                            r"apartments?|park|mall|high school|school|street|avenue|road)\b", re.IGNORECASE)
_QUALIFIED_AFTER = re.compile(r"\s*,\s*[A-Z]")
_HOSPITAL_AFTER = re.compile(r"[\w\s'’.-]{0,25}\b(?:hospital|medical center|trauma|university|college|"
                             r"courthouse|jail|court)\b", re.IGNORECASE)
_STREET = re.compile(r"\b\d{1,5}\s+block\b|\b\d{1,5}\s+(?:[NSEW]\.?\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?\s+"
                     r"(?:Street|St\b|Avenue|Ave\b|Road|Rd\b|Drive|Dr\b|Boulevard|Blvd|Lane|Ln\b|Way|Court|Ct\b|"
                     r"Place|Pl\b|Parkway|Pkwy|Highway|Hwy|Circle|Terrace|Trail)", re.IGNORECASE)
LEVEL_NAME = {CITY: "city", ADMIN2: "admin2", ADMIN1: "admin1", COUNTRY: "country"}


def level(place: Place) -> int:
    """Feature level of a resolved Place from its GeoNames feature code."""
    f = place.feature or ""
    if f.startswith("H."):  # a sea or a gulf (geocode/regions.py): no finer than a country
        return COUNTRY
    # regions and islands (Darfur, Sumatra) are areas: an incident there has admin1 precision
    return {"A.PCLI": COUNTRY, "L.CONT": COUNTRY, "A.ADM1": ADMIN1, "L.RGN": ADMIN1, "T.ISL": ADMIN1,
            "A.ADM2": ADMIN2}.get(f, CITY)


def place_key(p: Place) -> int | tuple[str, str]:
    return p.geonames_id if p.geonames_id is not None else (p.name or "", p.country_code or "")


def inside(city: Place, area: Place) -> bool:
    """Is `city` within `area` (a country, a state or a county) by its codes?"""
    if level(area) == COUNTRY:
        return city.country_code == area.country_code
    if level(area) == ADMIN1:
        return city.country_code == area.country_code and city.admin1 == area.admin1
    if level(area) == ADMIN2:
        return city.country_code == area.country_code and city.admin2 == area.admin2 == area.name
    return False


@dataclass
class Candidate:
    """One distinct place of the article with all its mentions."""

    mentions: list[Place]
    features: dict[str, float] = field(default_factory=dict)

    @property
    def place(self) -> Place:
        return self.mentions[0]


def candidates(parsed: ParsedDoc, incident: Incident, places: list[Place], rule_choice: Place | None,
               population: Callable[[int | None], int | None], outlet: Outlet | None = None) -> list[Candidate]:
    """The article's distinct resolved places with their features (publisher-name places only
    when nothing else is named), the mention the location will quote first."""
    resolved = [p for p in places if p.lat is not None and p.lon is not None]
    site = site_span(parsed)
    if site is not None:
        resolved = [p for p in resolved if not site[0] <= p.start < site[1]] or resolved
    if not resolved:
        return []
    groups: dict[int | tuple[str, str], list[Place]] = {}
    for p in resolved:
        groups.setdefault(place_key(p), []).append(p)
    evidence = [(e.start, e.end) for e in incident.evidence[:MAX_EVIDENCE]]
    context = _ArticleContext(parsed, resolved, evidence, rule_choice, outlet)
    out = []
    for mentions in groups.values():
        in_ev = [m for m in mentions if _evidence_rank(m, evidence) is not None]
        ordered = sorted(in_ev, key=lambda m: (_evidence_rank(m, evidence), m.start)) + \
            [m for m in mentions if m not in in_ev]
        cand = Candidate(mentions=ordered)
        cand.features = context.features(cand, population)
        out.append(cand)
    return out


def _evidence_rank(p: Place, evidence: list[tuple[int, int]]) -> int | None:
    return next((k for k, (s, e) in enumerate(evidence) if s <= p.start and p.end <= e), None)


class _ArticleContext:
    """What the features of one candidate need to know about the whole article."""

    def __init__(self, parsed: ParsedDoc, resolved: list[Place], evidence: list[tuple[int, int]],
                 rule_choice: Place | None, outlet: Outlet | None = None):
        self.parsed = parsed
        self.outlet = outlet
        self.text = parsed.nlp_text
        self.resolved = resolved
        self.evidence = evidence
        self.rule_key = place_key(rule_choice) if rule_choice is not None else None
        self.rule_choice = rule_choice
        self.title_end = title_end(parsed)
        starts = [d.start for d in datelines(parsed)]
        self.dateline = next((p for s in starts for p in resolved if p.start == s), None)
        self.countries = Counter(p.country_code for p in resolved)
        self.admin1s = Counter((p.country_code, p.admin1) for p in resolved if level(p) >= ADMIN1)
        self.police = [p for p in resolved if level(p) == CITY and _POLICE_AFTER.match(self.text, p.end)]
        self.first_ev_start = evidence[0][0] if evidence else None
        self.text_states = state_name_shares(parsed.article.text)

    def _sentence_bounds(self, p: Place) -> tuple[int, int]:
        for s, e in self.evidence:
            if s <= p.start and p.end <= e:
                return s, e
        span = self.parsed.doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return max(0, p.start - 150), min(len(self.text), p.end + 150)
        sent = span[0].sent
        return sent.start_char, sent.end_char

    def features(self, cand: Candidate, population: Callable[[int | None], int | None]) -> dict[str, float]:
        text, p = self.text, cand.place
        lvl = level(p)
        f: dict[str, float] = {f"level_{LEVEL_NAME[lvl]}": 1.0}
        n = len(cand.mentions)
        f["log_mentions"] = math.log1p(n)
        f["share_of_mentions"] = n / len(self.resolved)
        first = min(m.start for m in cand.mentions)
        f["first_position"] = first / max(1, len(text))
        f["first_mention"] = float(first == min(q.start for q in self.resolved))
        f["in_headline"] = float(any(m.start < self.title_end for m in cand.mentions))
        f["in_lead"] = float(any(m.start < self.title_end + LEAD_CHARS for m in cand.mentions))
        f["dateline"] = float(self.dateline is not None and place_key(self.dateline) == place_key(p))
        ranks = [r for r in (_evidence_rank(m, self.evidence) for m in cand.mentions) if r is not None]
        f["in_evidence"] = float(bool(ranks))
        f["log_evidence_mentions"] = math.log1p(len(ranks))
        f["evidence_weight"] = sum(0.5 ** r for r in ranks)
        f["in_first_evidence"] = float(0 in ranks)
        f["rule_choice"] = float(self.rule_key is not None and self.rule_key == place_key(p))
        for m in cand.mentions:
            s, e = self._sentence_bounds(m)
            before = text[max(s, m.start - 30):m.start].lower().split()
            last = before[-1] if before else ""
            in_ev = _evidence_rank(m, self.evidence) is not None
            if last in STRONG_LOCATIVES:
                f["locative"] = 1.0
                if in_ev:
                    f["locative_in_evidence"] = 1.0
            if last in PREPOSITIONS:
                f[f"after_{last}"] = 1.0
            if last in ("in", "from") and any(w in SPEAKERS for w in before[-4:-1]):
                f["speaker_place"] = 1.0
            if any(w in TRANSPORT for w in before[-4:]):
                f["transport_context"] = 1.0
            if _PART_OF_BEFORE.search(text, max(0, m.start - 30), m.start):
                f["whole_of_a_quarter"] = 1.0
            if _POSSESSIVE_AFTER.match(text, m.end):
                f["possessive"] = 1.0
            if _RESIDENT_AFTER.match(text, m.end):
                f["resident_after"] = 1.0
            if _POLICE_AFTER.match(text, m.end):
                f["police_after"] = 1.0
            if _EVENT_AFTER.match(text, m.end):
                f["event_after"] = 1.0
            if _QUARTER_AFTER.match(text, m.end):
                f["quarter_after"] = 1.0
            if _HOSPITAL_AFTER.match(text, m.end) or any(w in ("hospital", "university") for w in before[-3:]):
                f["institution_context"] = 1.0
            if _QUALIFIED_AFTER.match(text, m.end):
                f["qualified"] = 1.0
            words = text[s:m.start].lower().replace(",", " ").split()[-6:]
            if any(w in REPORTING for w in words):
                f["reporting_context"] = 1.0
            if _STREET.search(text, s, e):
                f["street_in_sentence"] = 1.0
            if m.text.isupper() and len(m.text) > 3:
                f["upper_case_mention"] = 1.0
        pop = population(p.geonames_id) if lvl == CITY else None
        f["log_population"] = math.log10(pop + 1) / 7 if pop else 0.0
        f["population_unknown"] = float(lvl == CITY and not pop)
        others = [q for q in self.resolved if place_key(q) != place_key(p)]
        f["inside_named_admin1"] = float(any(level(q) == ADMIN1 and inside(p, q) for q in others))
        f["inside_named_admin2"] = float(any(level(q) == ADMIN2 and inside(p, q) for q in others))
        f["contains_named_city"] = float(lvl < CITY and any(level(q) == CITY and inside(q, p) for q in others))
        f["isolated"] = float(lvl == CITY and _isolated(p, others))
        f["country_majority"] = self.countries[p.country_code] / len(self.resolved)
        same_state = sum(k for (cc, a1), k in self.admin1s.items() if cc == p.country_code and a1 == p.admin1)
        f["admin1_share"] = same_state / len(self.resolved)
        if p.country_code == "US" and self.text_states:  # the state the article's words name
            f["text_state_share"] = self.text_states.get(p.admin1 or "", 0.0)
            f["text_state_other"] = float(not f["text_state_share"])
        if self.dateline is not None and place_key(self.dateline) != place_key(p) and lvl == CITY:
            km = haversine_km(p.lat or 0.0, p.lon or 0.0, self.dateline.lat or 0.0, self.dateline.lon or 0.0)
            f["near_dateline"] = float(km <= 40)
            f["far_from_dateline"] = float(km > 200)
            same = p.country_code == self.dateline.country_code and p.admin1 == self.dateline.admin1
            f["dateline_same_admin1" if same else "dateline_other_admin1"] = 1.0
        rule = self.rule_choice
        if rule is not None and place_key(rule) != place_key(p):
            if level(rule) < CITY and inside(p, rule):
                f["inside_rule_choice"] = 1.0
            elif lvl < CITY and inside(rule, p):
                f["contains_rule_choice"] = 1.0
        police = [q for q in self.police if place_key(q) != place_key(p)]
        if police and lvl == CITY:
            km = min(haversine_km(p.lat or 0.0, p.lon or 0.0, q.lat or 0.0, q.lon or 0.0) for q in police)
            f["near_police_town"] = float(km <= 40)
            f["far_from_police_town"] = float(km > 200)
        f["confidence"] = max((m.confidence or 0.0) for m in cand.mentions)
        if self.outlet is not None:
            f.update(_outlet_features(cand, self.outlet))
        return {k: v for k, v in f.items() if v}


def _outlet_features(cand: Candidate, outlet: Outlet) -> dict[str, float]:
    """What the URL says of the candidate: the story's slug names it ("/1-shot-dead-in-amelia"),
    it is the outlet's home ("fox7austin.com") or in the home's state."""
    p = cand.place
    f: dict[str, float] = {}
    words = {name_key(w) for w in (p.name or "", *(m.text for m in cand.mentions))}
    words |= {strip_generic(w) for w in words}
    if outlet.path_words & words:
        f["url_path"] = 1.0
    if p.geonames_id is not None and p.geonames_id in outlet.host_ids:
        f["url_host"] = 1.0
    if outlet.host_admin1 and level(p) > COUNTRY:
        f["outlet_state" if (p.country_code, p.admin1) in outlet.host_admin1 else "outlet_other_state"] = 1.0
    return f


ISOLATED_KM = 150.0


def _isolated(p: Place, others: list[Place]) -> bool:
    """Far from every other town the article names and inside none of its counties or states:
    "Ensley" read as Ensley, Fla. in a Birmingham story is the namesake of a quarter the
    gazetteer lacks. (Countries do not count: they vouch for nothing nearby.)"""
    areas = [q for q in others if level(q) in (ADMIN1, ADMIN2)]
    cities = [q for q in others if level(q) == CITY]
    if not areas and not cities:
        return False
    if any(inside(p, q) for q in areas):
        return False
    return all(haversine_km(p.lat or 0.0, p.lon or 0.0, q.lat or 0.0, q.lon or 0.0) > ISOLATED_KM for q in cities)


def best(cands: list[Candidate], score: Callable[[dict[str, float]], float]) -> Candidate | None:
    """The highest-scoring candidate (ties: the one mentioned first)."""
    if not cands:
        return None
    return max(cands, key=lambda c: (score(c.features), -min(m.start for m in c.mentions)))

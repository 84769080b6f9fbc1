"""Stage 4, geocode: place mentions -> GeoNames places; incident -> its location.

Interface (the rest of the pipeline uses only this):

    geocoder = Geocoder(countries=("AF",))          # optional country bias
    places = geocoder.places(parsed)                # every place mention of the article, resolved
    location = geocoder.locate(parsed, incident, places)   # where the incident happened

The gazetteer is an SQLite index built once from pinned PyPI data (`python -m
incidentwire.geocode.build`, cached under $INCIDENTWIRE_CACHE_DIR or the user cache dir).
"""

from __future__ import annotations

from collections.abc import Sequence

from incidentwire.geocode.build import MAIN
from incidentwire.geocode.context import FALLBACK_MAX_POPULATION, fallback_state, state_mentions, us_word_share
from incidentwire.geocode.gazetteer import (
    ADMIN1,
    CITY,
    COUNTRY,
    Candidate,
    Gazetteer,
    GazetteerLike,
    default_gazetteer,
)
from incidentwire.geocode.incident_place import level
from incidentwire.geocode.layout import title_end
from incidentwire.geocode.locate import (
    choose,
    municipality,
    to_location,
    unknown_town_words,
    unplaced_words,
    with_unplaced_words,
)
from incidentwire.geocode.names import strip_direction
from incidentwire.geocode.outlet import (
    Outlet,
    american_namesake,
    country_at_home,
    fallback,
    in_outlet_state,
    quarter_of_home,
    read_outlet,
    stated_state,
    stranded_abroad,
    stray_namesake_home,
    to_place,
    town_in_county,
)
from incidentwire.geocode.recognize import Mention, find_mentions, settle, state_abbreviation
from incidentwire.geocode.regions import ALIASES, repoint, supplement
from incidentwire.geocode.resolve import Weights, resolve
from incidentwire.geocode.shapes import demonym_shaped, shouted_acronym, vehicle_shaped
from incidentwire.geocode.streets import STREET_FEATURE, with_streets
from incidentwire.models import Incident, Location, Place
from incidentwire.nlp import ParsedDoc

__all__ = ["Candidate", "Gazetteer", "Geocoder", "Weights"]

POPULATION_MEMORY = 100_000
DEMONYM_CITY_POPULATION = 50_000


class Geocoder:
    """Finds and resolves place mentions, and picks the place of an incident."""

    def __init__(self, *, countries: Sequence[str] = (), gazetteer: GazetteerLike | None = None,
                 weights: Weights | None = None):
        """countries: ISO2 codes the articles are likely about (a bias, not a filter).
        gazetteer: any object with `lookup_many(keys)`; default the bundled SQLite index.
        weights: the candidate scorer; default the learned one shipped in the package."""
        self.countries = tuple(c.upper() for c in countries)
        self._gazetteer = gazetteer
        self.weights = weights
        # Population of places resolved lately (Place has no population field; `locate` needs it).
        self._population: dict[int, int] = {}
        self._outlet_of: tuple[ParsedDoc, Outlet] | None = None

    @property
    def gazetteer(self) -> GazetteerLike:
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def places(self, parsed: ParsedDoc) -> list[Place]:
        """Every place mention of the article, in text order; unresolved GPE/LOC mentions are
        kept with only text and offsets (the gazetteer did not know them), streets likewise
        with feature "R.ST" (streets.py)."""
        mentions = self.mentions(parsed)
        out = []
        if len(self._population) > POPULATION_MEMORY:
            self._population.clear()
        states = state_mentions(parsed.article.text)
        us_words = us_word_share(parsed.article.text)
        resolved = resolve(mentions, bias=self.countries, weights=self.weights, states=states,
                           us_words=us_words, text=parsed.article.text)
        fallbacks = {id(m): state for m, c, _ in resolved if c is not None and (state := fallback_state(m, c, states))}
        # "Howland shooting" in the headline of "HOWLAND, Ohio -": the small town (or the town
        # abroad) the dateline's state ruled out, Howland, Maine, is ruled out for the same name
        # elsewhere in the article too; an American city ("CHARLOTTE, S.C.", the wire's slip for
        # Charlotte, N.C.) stays itself there
        written = {(m.keys[0], c.geonames_id): fallbacks[id(m)] for m, c, _ in resolved
                   if id(m) in fallbacks and m.state_code and m.keys and c is not None
                   and (c.population < FALLBACK_MAX_POPULATION or c.country_code != "US")}
        for m, c, confidence in resolved:
            namesake = (m.keys[0] if m.keys else "", c.geonames_id if c is not None else None)
            if c is not None and (state := fallbacks.get(id(m)) or written.get(namesake)):
                c = self.gazetteer.admin1_by_code(state) or c
                c = repoint(c)
            if c is not None:
                self._population[c.geonames_id] = c.population
            if c is None:
                out.append(Place(text=m.text, start=m.start, end=m.end,
                                 feature=STREET_FEATURE if m.source == "street" else None))
                continue
            out.append(Place(
                text=m.text, start=m.start, end=m.end, name=c.name, country_code=c.country_code,
                admin1=c.admin1, admin2=c.admin2, lat=round(c.lat, 5), lon=round(c.lon, 5),
                geonames_id=c.geonames_id, feature=c.feature, confidence=confidence,
            ))
        return out

    def mentions(self, parsed: ParsedDoc) -> list[Mention]:
        """The article's candidate place mentions with their gazetteer candidates (unresolved)."""
        mentions, keys = find_mentions(parsed)
        mentions = with_streets(mentions, parsed.article.text)
        self._abbreviations(mentions, parsed.article.text)
        keys += [ALIASES[k] for k in keys if k in ALIASES]
        found = supplement(self.gazetteer.lookup_many(keys), keys)
        text = parsed.article.text
        shouted = set() if parsed.was_upper else {  # "D.C.", "Fla." after a comma: abbreviations (above)
            (m.start, m.end) for m in mentions if not m.candidates and shouted_acronym(text, m.start, m.end)}
        if shouted:
            # dropped before they are settled: settling numbers the mentions ("Paris, Texas")
            mentions = [m for m in mentions if (m.start, m.end) not in shouted or any(
                _well_known(c) for k in m.keys for c in found.get(k, []))]
        mentions = [m for m in mentions if not vehicle_shaped(text, m.start, m.end)]  # "a maroon Ford Taurus"
        settled = settle(mentions, found, text)
        for m in settled:
            if (m.start, m.end) in shouted:
                m.candidates = [c for c in m.candidates if _well_known(c)]
        for m in settled:
            if m.source == "norp" and demonym_shaped(m.text):
                # "A Memphis man" is Memphis; "Somali men" are not the Somali region, "Canadian
                # police" not Canadian, Texas: only a large city bearing the word as its own name.
                m.candidates = [c for c in m.candidates
                                if c.kind == MAIN and c.level == CITY and c.population >= DEMONYM_CITY_POPULATION]
        return settled

    def _abbreviations(self, mentions: list[Mention], text: str) -> None:
        """ "Fla." after a comma is Florida (not Fla, Norway); "D.C." is Washington."""
        for m in mentions:
            if m.source == "quarter":
                continue
            code = state_abbreviation(m, text)
            if code is None and m.keys and strip_direction(m.keys[0]) in ("d c", "dc"):
                code = "DC"  # "Southeast D.C."
            if code == "DC":
                washington = self.gazetteer.lookup_many(["washington"]).get("washington", [])
                m.candidates = [c for c in washington if c.admin1_code == "US.DC" and c.level == CITY][:1]
            elif code:
                admin1 = self.gazetteer.admin1_by_code(f"US.{code}")
                m.candidates = [repoint(admin1)] if admin1 else []
            if code and m.source in ("gaz", "org"):
                m.source = "ent"  # "the S.C. Highway Patrol": the abbreviation vouches for itself

    def locate(self, parsed: ParsedDoc, incident: Incident, places: list[Place]) -> Location:
        """Where the incident happened; an empty Location when the article does not say. The
        headline and URL decide a namesake's state and stand in when the text names no place
        (outlet.py)."""
        outlet = self._outlet(parsed)
        place = choose(parsed, incident, places, self._population.get, outlet)
        if place is not None and (swap := in_outlet_state(parsed, place, outlet, self.gazetteer)
                                  or country_at_home(place, outlet, self.gazetteer)) is not None:
            place, c = swap
            self._population[c.geonames_id] = c.population
        if place is not None and (home := stray_namesake_home(parsed, place, outlet, self._population.get,
                                                              self.gazetteer)) is not None:
            place = to_place(home, place.text, place.start, place.end)
            self._population[home.geonames_id] = home.population
        stranded = None
        if place is not None and stranded_abroad(parsed, place, places, outlet):
            if (home := american_namesake(place, self.gazetteer)) is not None:
                place, c = home
                self._population[c.geonames_id] = c.population
            else:
                # "Bordeaux" in a Nashville station's story, with no American Bordeaux: a quarter
                # the gazetteer lacks, given in its words (and the outlet's state when it has one)
                stranded, place = place, None
        if place is not None and (town := town_in_county(parsed, place, outlet)) is not None:
            place, c = town
            self._population[c.geonames_id] = c.population
        unplaced = unplaced_words(parsed, incident, places) or stranded
        if place is not None and level(place) == ADMIN1:
            # "Pilsen", read as Illinois, or "in Marquette Park" beside "Illinois": the words of a
            # quarter the gazetteer lacks, in a Chicago paper, are Chicago's
            for words in (place, unplaced):
                if words is not None and \
                        (home := quarter_of_home(place.country_code, place.admin1, words.text, outlet)) is not None:
                    place = to_place(home, words.text, words.start, words.end)
                    self._population[home.geonames_id] = home.population
                    break
        if place is not None and (town := unknown_town_words(parsed, place, places)) is not None:
            unplaced = town  # "PINETOWN, N.C.", a town the gazetteer lacks, in Beaufort County
        city = municipality(place, places, self._population.get) if place is not None else None
        location = with_unplaced_words(parsed, to_location(parsed, place, city), unplaced)
        if place is None and unplaced is None and (found := fallback(parsed, title_end(parsed), outlet,
                                                                     self.gazetteer)) is not None:
            place, c = found
            self._population[c.geonames_id] = c.population
            location = to_location(parsed, place)  # no evidence when only the URL has the word
        elif place is None and unplaced is not None and (state := stated_state(outlet, self.gazetteer)) is not None:
            # "near Lingle", a village the gazetteer lacks, in a Wyoming story: the state at admin1
            # precision, in the village's words (the outlet's learned home town when it is there)
            home = quarter_of_home(state.country_code, state.admin1, unplaced.text, outlet)
            location = to_location(parsed, to_place(home or state, unplaced.text, unplaced.start, unplaced.end))
        return location

    def _outlet(self, parsed: ParsedDoc) -> Outlet:
        """The article's URL and state context (read once per article, used by every incident)."""
        if self._outlet_of is None or self._outlet_of[0] is not parsed:
            self._outlet_of = (parsed, read_outlet(parsed, self.gazetteer))
        return self._outlet_of[1]


# a short capitalised word that stands for a place stands for a well-known one: "NYC", "DRC", "NSW"
SHOUTED_MIN_POPULATION = 1_000_000


def _well_known(c: Candidate) -> bool:
    """What a short word in capitals (`shapes.shouted_acronym`) may stand for: a country, a state
    or province, or a city of a million. "TSU" is not Tsu, Japan, "SWAT" not Swat, Pakistan,
    "KING 5" not King County; such a mention is no place of the article at all."""
    return c.level in (COUNTRY, ADMIN1) or c.population >= SHOUTED_MIN_POPULATION

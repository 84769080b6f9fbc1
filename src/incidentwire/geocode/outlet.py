"""What the article's headline and URL say about where it happened, for the cases the text
alone leaves open:

- a namesake: "Shelby" resolved to Shelby, Mich. in a story of "fox46charlotte.com" is Shelby,
  N.C. when the gazetteer has a Shelby in the state the URL's path names ("/north-idaho-...") or
  in the outlet's home state, and the article's words name neither state (`in_outlet_state`). The
  home state is the one the outlet's stories are usually in (learned from gva_dev,
  `outlet_states`: "wtae.com" is Pittsburgh's) or else the state of a city its host names;
- a country whose name a town or the state of the outlet's home also bears ("Georgia" on ajc.com)
  is that state or town (`country_at_home`);
- a town abroad in an American station's story ("Birmingham" on wvtm13.com) that never names
  the country abroad nor places anything else in it: the largest American namesake, else only
  the text's words (`stranded_abroad`, `american_namesake`);
- a quarter the gazetteer lacks ("Marquette Park", "Lake Highlands", "Bordeaux"), read as its
  state only, in the story of an outlet whose stories are mostly in one town of that state
  ("chicago.suntimes.com": learned, `outlet_states.home_city`): that town, in the quarter's words
  (`quarter_of_home`);
- no place at all: a page whose text is a headline and boilerplate ("Woman fatally shot in
  Hazelwood is identified" + a newsletter form). Then, in this order: a town of the headline
  (its words are in the text, so the evidence points at them) in a state the URL or the text
  names, or also written in the URL's path; a town the URL's path names ("/kankakee-banquet-hall"),
  in the outlet's state or big; the town most of the outlet's stories are in, when it is learned
  (`outlet_states.home_city`: held out, it is the story's town for about two in three of the
  stories it names one for); else the state of the outlet's home (admin1 precision, the state's
  point: a town the host's words name is where the outlet is, not where its stories happen).
  A headline word the text writes in lower case ("Police: ...") is no town, and an American
  station's American towns come first.

A URL word has no offsets into the text; such a location quotes the first place where the text
itself has the word (any case), and has no evidence when the text never writes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from incidentwire.geocode.context import country_named, state_mentions
from incidentwire.geocode.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY, Candidate, GazetteerLike
from incidentwire.geocode.incident_place import level
from incidentwire.geocode.names import is_vague, key, us_state_code
from incidentwire.geocode.outlet_states import home_city, home_state
from incidentwire.geocode.regions import repoint
from incidentwire.geocode.resolve import haversine_km
from incidentwire.geocode.shapes import common_words
from incidentwire.geocode.url_places import UrlPlace, american_station, url_places
from incidentwire.models import Place
from incidentwire.nlp import ParsedDoc

PATH_MIN_POPULATION = 50_000  # a town of the path outside the outlet's state must be this big
TITLE_MAX_WORDS = 3
_TITLE_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}")
_QUALIFIED_AFTER = re.compile(r"\s*,\s*[A-Z]")


@dataclass(frozen=True)
class Outlet:
    """The URL's places and the states the article's own words name."""

    url: list[UrlPlace]
    host_states: tuple[str, ...]  # admin1 codes of the outlet's home ("US.NC"): learned (outlet_states), then the URL's
    text_states: frozenset[str]  # admin1 codes the text names ("Athens, Ga.", "Tennessee")
    host_admin1: frozenset[tuple[str | None, str | None]] = frozenset()  # (country, admin1 name) of the home
    path_words: frozenset[str] = frozenset()  # the path's place words as gazetteer keys ("kansas city")
    host_ids: frozenset[int] = frozenset()  # GeoNames ids of the host's places
    path_states: tuple[str, ...] = ()  # states the path names by name ("/north-idaho-child-killed")
    american: bool = False  # an American station's host ("wvtm13.com") or one in a US state
    home_city: Candidate | None = None  # the town most of the outlet's stories are in (learned)


def read_outlet(parsed: ParsedDoc, gazetteer: GazetteerLike) -> Outlet:
    ups = url_places(parsed.article.url, gazetteer)
    host: list[str] = []
    named: set[tuple[str | None, str | None]] = set()
    # the state the outlet's stories are usually in (learned) first: the host's own words may
    # name another place ("lex18.com" is Lexington, Ky., not any other Lexington)
    if (learned_state := home_state(parsed.article.url)) is not None and \
            (admin1 := gazetteer.admin1_by_code(learned_state)) is not None:
        host.append(learned_state)
        named.add((admin1.country_code, admin1.admin1))
    for up in ups:
        if up.where != "host":
            continue
        c = up.candidates[0]
        if c.admin1_code and c.level in (ADMIN1, CITY) and c.admin1_code not in host:
            host.append(c.admin1_code)
            named.add((c.country_code, c.admin1))
    texts = frozenset(code for _, _, code in state_mentions(parsed.article.text))
    return Outlet(ups, tuple(host), texts, frozenset(named),
                  frozenset(up.word.replace("-", " ") for up in ups if up.where == "path"),
                  frozenset(up.candidates[0].geonames_id for up in ups
                            if up.where == "host" and up.candidates[0].geonames_id is not None),
                  tuple(dict.fromkeys(c.admin1_code for up in ups if up.where == "path" for c in up.candidates[:1]
                                      if c.level == ADMIN1 and c.admin1_code)),
                  american_station(parsed.article.url) or any(code.startswith("US.") for code in host),
                  _home_city(parsed.article.url, gazetteer))


def _home_city(url: str | None, gazetteer: GazetteerLike) -> Candidate | None:
    """The learned home town of the outlet as a gazetteer town (its main name first, then the
    most populous of that name in the state)."""
    found = home_city(url)
    if found is None:
        return None
    state, name = found
    towns = [c for c in gazetteer.lookup_many([name]).get(name, []) if c.level == CITY and c.admin1_code == state]
    return min(towns, key=lambda c: (c.kind, -c.population), default=None)


def quarter_of_home(country_code: str | None, admin1: str | None, said: str, outlet: Outlet) -> Candidate | None:
    """The outlet's home town when words `said` were read only as the state `admin1` (a quarter or
    village the gazetteer lacks: "Lawndale" in a Chicago paper) and the town is in that state;
    None when the words name the state itself ("Illinois", "Ill.") or the outlet has no learned
    home town."""
    town = outlet.home_city
    if town is None or not admin1 or (town.country_code, town.admin1) != (country_code, admin1):
        return None
    if not said.strip() or key(admin1) in key(said) or us_state_code(said.strip()) is not None:
        return None
    return town


def to_place(c: Candidate, text: str, start: int, end: int) -> Place:
    return Place(text=text, start=start, end=end, name=c.name, country_code=c.country_code, admin1=c.admin1,
                 admin2=c.admin2, lat=round(c.lat, 5), lon=round(c.lon, 5), geonames_id=c.geonames_id,
                 feature=c.feature, confidence=0.5)


def _home_states(outlet: Outlet) -> tuple[str, ...]:
    """The states the URL's path names, then the outlet's home states."""
    return outlet.path_states + tuple(s for s in outlet.host_states if s not in outlet.path_states)


def in_outlet_state(parsed: ParsedDoc, place: Place, outlet: Outlet, gazetteer: GazetteerLike
                    ) -> tuple[Place, Candidate] | None:
    """The namesake of `place` in the outlet's home state, keeping the mention's words, when the
    text does not say which one (no ", State" after it, neither state named); None otherwise."""
    wanted = _home_states(outlet)
    if level(place) not in (CITY, ADMIN2) or not place.name or not wanted:
        return None
    if _QUALIFIED_AFTER.match(parsed.article.text, place.end):
        return None
    cands = gazetteer.lookup_many([key(place.name)]).get(key(place.name), [])
    current = next((c for c in cands if c.geonames_id == place.geonames_id), None)
    if current is None or current.admin1_code in wanted or current.admin1_code in outlet.text_states:
        return None
    # a town abroad the text never places abroad, in an American outlet's story: "Naples" in a
    # story of a Fort Myers outlet is not Naples, Italy, nor is "Belgrade" in a Bozeman paper's story
    # the capital of Serbia (a namesake in the outlet's own state beats a capital abroad)
    abroad = _unnamed_abroad(parsed, current.country_code, current.feature, capitals=True)
    for state in wanted:
        if state.split(".")[0] == current.country_code:
            if state in outlet.text_states:
                continue
        elif not (abroad and state.startswith("US.")):
            continue
        alt = next((c for c in cands if c.admin1_code == state and c.level == current.level and c.kind == 0), None)
        if alt is not None:
            return to_place(alt, place.text, place.start, place.end), alt
    return None


def country_at_home(place: Place, outlet: Outlet, gazetteer: GazetteerLike) -> tuple[Place, Candidate] | None:
    """A country whose name is also a state or town of an American outlet's home (or URL path)
    state, as that state or town in the mention's words: "Georgia" in an Atlanta paper's story is
    the state, "Lebanon" in a Nashville station's the Tennessee town. None otherwise."""
    wanted = _home_states(outlet)
    if level(place) != COUNTRY or place.country_code in (None, "US") or not outlet.american or not place.text:
        return None
    cands = gazetteer.lookup_many([key(place.text)]).get(key(place.text), [])
    for state in (s for s in wanted if s.startswith("US.")):
        home = next((c for c in cands if c.admin1_code == state and c.level in (ADMIN1, CITY) and c.kind == 0), None)
        if home is not None:
            return to_place(repoint(home) if home.level == ADMIN1 else home, place.text, place.start, place.end), home
    return None


def _unnamed_abroad(parsed: ParsedDoc, country_code: str | None, feature: str | None, capitals: bool = False) -> bool:
    """A place outside the US whose country the text never names, and no capital unless `capitals`
    (a capital abroad is otherwise kept: "Paris" alone may well be France's)."""
    return (country_code not in (None, "US") and (capitals or feature != "P.PPLC")
            and not country_named(parsed.article.text, country_code or ""))


def stranded_abroad(parsed: ParsedDoc, place: Place, places: list[Place], outlet: Outlet) -> bool:
    """Is `place` a town or county abroad in an American station's story that never names that
    country nor places anything else in it? Then it is an American place of that name
    (`american_namesake`), or a quarter the gazetteer lacks."""
    return (outlet.american and level(place) in (CITY, ADMIN2) and bool(place.name)
            and _unnamed_abroad(parsed, place.country_code, place.feature)
            and not any(p.country_code == place.country_code and p.name != place.name for p in places))


def american_namesake(place: Place, gazetteer: GazetteerLike) -> tuple[Place, Candidate] | None:
    """The largest American town named as `place`, in the mention's words: "Birmingham" on
    wvtm13.com is Birmingham, Ala., not England's, "Lodi" on kcra.com not the Italian province."""
    cands = gazetteer.lookup_many([key(place.name or "")]).get(key(place.name or ""), [])
    home = max((c for c in cands if c.country_code == "US" and c.level == CITY and c.kind == 0),
               key=lambda c: c.population, default=None)
    return (to_place(home, place.text, place.start, place.end), home) if home is not None else None


def _word_in_text(text: str, words: str) -> tuple[int, int] | None:
    pattern = r"\b" + r"[\s-]+".join(re.escape(w) for w in words.split("-")) + r"\b"
    m = re.search(pattern, text, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def _common_words(text: str, words: str) -> bool:
    """Are these words of the language rather than a place's name ("police", "man", "arrest"),
    though a headline or URL capitalises them and some town abroad bears them ("Police: Hutch teen
    arrested" is not Police, Poland)? They are when news usually writes them in lower case (the
    truecase table) or this text does."""
    lowered = words.lower().split()
    if all(w in common_words() for w in lowered):
        return True
    pattern = r"\b" + r"\s+".join(re.escape(w) for w in lowered) + r"\b"
    return re.search(pattern, text) is not None


def _home_first(cands: list[Candidate], outlet: Outlet) -> list[Candidate]:
    """An American station's candidates with the American ones first ("/7yearold-shot-in-lodi" on
    kcra.com is Lodi, Calif., before the Italian province)."""
    return sorted(cands, key=lambda c: c.country_code != "US") if outlet.american else cands


def _in_states(cands: list[Candidate], states: list[str]) -> Candidate | None:
    for state in states:
        hit = next((c for c in cands if c.admin1_code == state), None)
        if hit is not None:
            return hit
    return None


def fallback(parsed: ParsedDoc, title_end: int, outlet: Outlet, gazetteer: GazetteerLike
             ) -> tuple[Place, Candidate] | None:
    """The place the headline or URL names when the text resolved none (see the module doc):
    a Place whose offsets are where the text writes its words, or (-1, -1) when it never does."""
    text = parsed.article.text
    path = [up for up in outlet.url if up.where == "path"]
    path_keys = {up.word.replace("-", " ") for up in path}
    states = [*outlet.path_states, *outlet.host_states, *sorted(outlet.text_states)]
    if title_end:
        runs = []
        for m in _TITLE_RUN.finditer(text, 0, title_end):
            words = m.group().split()
            for n in range(len(words), 0, -1):
                for i in range(len(words) - n + 1):
                    run = " ".join(words[i:i + n])
                    k = key(run)
                    if k and not is_vague(k) and not _common_words(text, run):
                        start = m.start() + len(" ".join(words[:i])) + (1 if i else 0)
                        runs.append((k, run, start))
        found = gazetteer.lookup_many([k for k, _, _ in runs])
        towns = [(k, run, start, _home_first([c for c in found.get(k, []) if c.kind == 0 and c.level in (CITY, ADMIN2)],
                                             outlet)) for k, run, start in runs]
        # a town in a state the URL or text names first, then one the path also writes
        for pick, run, start in [*((_in_states(cands, states), run, start) for _, run, start, cands in towns),
                                 *((cands[0] if cands and k in path_keys else None, run, start)
                                   for k, run, start, cands in towns)]:
            if pick is not None:
                return to_place(pick, run, start, start + len(run)), pick
    for up in path:
        if _common_words(text, up.word.replace("-", " ")):
            continue
        cands = _home_first([c for c in up.candidates if c.level in (CITY, ADMIN2)], outlet)
        pick = _in_states(cands, list(outlet.host_states)) or \
            (cands[0] if cands and cands[0].population >= PATH_MIN_POPULATION else None)
        if pick is not None:
            span = _word_in_text(text, up.word) or (-1, -1)
            return to_place(pick, text[span[0]:span[1]] if span[0] >= 0 else up.word, *span), pick
    for state in outlet.host_states:
        town = outlet.home_city
        if town is not None and town.admin1_code == state:
            span = _word_in_text(text, town.name) or (-1, -1)
            said = text[span[0]:span[1]] if span[0] >= 0 else town.name
            return to_place(town, said, *span), town
        admin1 = gazetteer.admin1_by_code(state)
        if admin1 is not None:
            admin1 = repoint(admin1)
            # the host's word, or the state's name when the state is the outlet's learned home
            word = next((up.word for up in outlet.url if up.where == "host"), admin1.name)
            span = _word_in_text(text, admin1.name) or (-1, -1)
            said = text[span[0]:span[1]] if span[0] >= 0 else word
            return to_place(admin1, said, *span), admin1
    return None


def town_in_county(parsed: ParsedDoc, place: Place, outlet: Outlet) -> tuple[Place, Candidate] | None:
    """ "a shooting in Clermont County" with ".../1-shot-dead-in-amelia": the town of the URL's
    path inside the chosen county. It is quoted where the text writes it, else by the county's
    own words (the sentence that places it in that county)."""
    if level(place) != ADMIN2:
        return None
    for up in outlet.url:
        if up.where != "path":
            continue
        town = next((c for c in up.candidates if c.level == CITY and c.country_code == place.country_code
                     and c.admin1 == place.admin1 and c.admin2 == place.name), None)
        if town is not None:
            span = _word_in_text(parsed.article.text, up.word)
            if span is None:
                return to_place(town, place.text, place.start, place.end), town
            return to_place(town, parsed.article.text[span[0]:span[1]], *span), town
    return None


def stated_state(outlet: Outlet, gazetteer: GazetteerLike) -> Candidate | None:
    """The one state the URL's path, the outlet's home or else the text names (the text only
    when it names a single one), for a village the gazetteer lacks ("shot near Lingle")."""
    texts = sorted(outlet.text_states) if len(outlet.text_states) == 1 else []
    for state in (*outlet.path_states, *outlet.host_states, *texts):
        admin1 = gazetteer.admin1_by_code(state)
        if admin1 is not None:
            return repoint(admin1)
    return None


STRAY_MAX_POPULATION = 20_000
STRAY_MIN_KM = 160  # nearer, a small town of the next state is more likely meant ("Capitol Heights", Md.)


def stray_namesake_home(parsed: ParsedDoc, place: Place, outlet: Outlet, population: Callable[[int], int | None],
                        gazetteer: GazetteerLike) -> Candidate | None:
    """The outlet's home town, for a small town far away in another state that the text never
    places there, in a local outlet's story: mostly a quarter of the home town the gazetteer lacks
    ("Parkway Village" in a Memphis station's story is not Parkway Village, Ky.; "Homewood" in a
    Pittsburgh paper's is not Homewood, Ala.). Not when the text names any state but the home
    town's, nor when the URL's path names another state (dnainfo.com's New York stories)."""
    town = outlet.home_city
    if town is None or level(place) != CITY or place.country_code != town.country_code or not place.geonames_id \
            or place.lat is None or place.lon is None or place.admin1 == town.admin1:
        return None
    if outlet.text_states - {town.admin1_code} or (outlet.path_states and town.admin1_code not in outlet.path_states):
        return None
    if (place.country_code, place.admin1) in outlet.host_admin1 or \
            _QUALIFIED_AFTER.match(parsed.article.text, place.end):
        return None
    if (population(place.geonames_id) or 0) >= STRAY_MAX_POPULATION or \
            haversine_km(place.lat, place.lon, town.lat, town.lon) < STRAY_MIN_KM:
        return None
    return town

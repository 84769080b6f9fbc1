"""What a capitalised stretch of tokens is when it is not a place: a street ("Wheeler Road"), a
building or business ("Douglass High School", "Kabul Bank"), an address ("the 1200 block of
South Bishop"), a street corner, a people ("Afghan"), or only the word that opens a sentence
("In Euclid"). Used by `recognize` to decide which names to look up."""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources

from spacy.tokens import Span, Token

from incidentwire.geocode.names import ADMIN1_WORDS, ADMIN2_WORDS, DIRECTION_WORDS

STREET_WORDS = frozenset(
    "road rd street st avenue ave boulevard blvd drive dr lane ln way court ct place pl parkway pkwy "
    "highway hwy terrace circle trail interstate expressway freeway bridge".split()
)
FACILITY_WORDS = frozenset(
    "school high elementary middle academy hospital church mosque temple cathedral center centre mall "
    "airport university college bank station stadium arena hotel motel restaurant bar club plaza "
    "apartments apartment complex courthouse jail prison library museum market store casino theater "
    "theatre cemetery downs inn cafe grill lounge company inc corp".split()
)
QUARTER_WORDS = frozenset({"neighborhood", "neighbourhood", "subdivision"})
# Words after a place name that make an institution of that place, keeping the place a place.
FOLLOWERS = frozenset(
    "police sheriff sheriff's county city fire metro metropolitan department office public state "
    "municipal district area region province officials authorities mayor council township parish "
    "emergency medical coroner highway patrol "
    # the polity's government, courts, parties and guard: "Ohio Supreme Court", "Texas Army National
    # Guard", "Minnesota House", "Clarke County Superior Court", "California Republican Party"
    "supreme superior circuit court courts house senate legislature assembly government ministry "
    "attorney democratic republican party army national guard board commission commissioners division "
    "bureau agency crown magistrates fiscal transportation revenue".split()
)
# Words of an institution's or a place's name, never of a person's: "Logan Elementary", "Karak
# Castle", "Squirrel Hill", "Sam Houston State University" (spaCy tags some of these PERSON).
INSTITUTION_WORDS = frozenset(
    "elementary school schools university college academy high middle junior olympic olympics station estates "
    "castle village parks park hill historic racing racecourse church cathedral hospital center centre club "
    "library museum harbour harbor airport stadium arena festival association society foundation institute "
    "company corporation inc llc gm".split()
)
# "Supreme Court", "Kanawha Circuit Court": a court, not a street called Court.
COURT_KINDS = frozenset("supreme superior circuit district county municipal crown magistrates magistrates' appeals "
                        "fiscal probate family juvenile chancery commissioners federal high".split())
# Words after a place name that say a town is meant: its police, its people, its shooting.
LOCAL_FOLLOWERS = frozenset(
    "police pd sheriff sheriff's man woman men women teen teens teenager boy girl toddler child "
    "children resident residents father mother dad mom couple family native officer officers "
    "shooting shootings homicide homicides murder slaying drive standoff mayor".split()
)

@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words usually written lowercase in running news (from the truecase table), so a
    sentence-initial "Police" or "Man" is not taken for a place."""
    path = resources.files("incidentwire.data").joinpath("truecase.tsv.gz")
    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        return frozenset(low for low, form, _ in (line.rstrip("\n").split("\t") for line in fh) if not form)


_DEMONYM_ENDINGS = ("an", "ese", "ish", "i", "ic", "ch", "ss", "sh", "ean", "er", "ers", "s")


def demonym_shaped(word: str) -> bool:
    """ "Afghan", "Iraqi", "Texans" -- and "Memphis", "Athens": the ending alone cannot tell."""
    return word.lower().endswith(_DEMONYM_ENDINGS)


def town_not_people(tok: Token, tokens: list[Token]) -> bool:
    """ "Elmhurst police", "A Memphis man": the model's NORP ("Afghan", "Iraqi police") followed
    by police/man/... may be a town. A demonym-shaped word ("Memphis", "Afghan") is looked up
    too, and kept only when it is the main name of a large city (`Geocoder.mentions`)."""
    if tok.ent_type_ != "NORP":
        return False
    j = tok.i + 1
    while j < len(tokens) and tokens[j].ent_type_ == "NORP" and tokens[j].text[:1].isupper():
        j += 1
    return j < len(tokens) and tokens[j].lower_ in LOCAL_FOLLOWERS


def named_not_people(tok: Token) -> bool:
    """ "the destruction of Aleppo", "in Sochi": a name the model took for a people (NORP) but
    that has no demonym's ending; kept as a tentative mention that needs a well-known place."""
    return tok.ent_type_ == "NORP" and tok.text[:1].isupper() and not tok.lower_.endswith(_DEMONYM_ENDINGS)


_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr jun jul "
    "aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur "
    "thurs fri sat sun christmas thanksgiving easter halloween new year years eve day memorial labor independence "
    "valentine valentines fourth mother mothers father fathers super bowl ramadan passover hanukkah kwanzaa "
    "veterans presidents martin luther king mlk columbus patrick st saint good black cyber mardi gras juneteenth "
    "election spring summer fall autumn winter weekend week month morning afternoon evening night noon "
    "midnight".split())


def town_in_a_date(tok: Token) -> bool:
    """ "a shooting in Chattanooga Sunday": the model reads the town and the weekday as one DATE;
    its proper noun that is no word of a date is looked up as a name."""
    return (tok.ent_type_ in ("DATE", "TIME") and tok.pos_ == "PROPN" and tok.text[:1].isupper()
            and tok.lower_.rstrip(".") not in _DATE_WORDS)


_PLACE_PREPOSITIONS = frozenset({"in", "near", "outside", "at", "from"})


def town_taken_for_product(tok: Token, tokens: list[Token]) -> bool:
    """ "Teen dies in Chattanooga laundromat shooting": a PRODUCT after "in" is a town."""
    if tok.ent_type_ != "PRODUCT":
        return False
    j = tok.i
    while j > 0 and tokens[j].ent_iob_ == "I":
        j -= 1
    return j > 0 and tokens[j - 1].lower_ in _PLACE_PREPOSITIONS


def owner_of_facility(tokens: list[Token], last: int) -> bool:
    """ "Comer's Children's Hospital", "Reba's Bar and Grill": the owner of a building."""
    j = last + 1
    if j >= len(tokens) or tokens[j].lower_ not in ("'s", "’s", "'", "’"):
        return False
    run = []
    for t in tokens[j + 1:j + 6]:
        if not (t.text[:1].isupper() or t.lower_ in ("'s", "’s", "and", "&")):
            break
        run.append(t.lower_)
    return bool(set(run) & FACILITY_WORDS)


def crossing(tokens: list[Token], first: int, last: int) -> bool:
    """ "Hopkins & Stark", "48th & Hampton", "20th and Highland": a street corner, not towns."""
    prev = tokens[first - 1].text if first > 0 else ""
    nxt = tokens[last + 1].text if last + 1 < len(tokens) else ""
    before = tokens[first - 2].text if first > 1 else ""
    return "&" in (prev, nxt) or (prev == "and" and bool(re.fullmatch(r"\d+(?:st|nd|rd|th)", before)))


def street(tokens: list[Token], last: int) -> bool:
    """ "Wheeler Road", "Moncrief Road West": a street, not a town called Wheeler."""
    nxt = tokens[last + 1].lower_.rstrip(".") if last + 1 < len(tokens) else ""
    return nxt in STREET_WORDS


def not_a_place_run(run: list[Token], tokens: list[Token]) -> bool:
    """ "New Kings Road", "Douglass High School", "Kabul Bank", "the Wyandotte neighborhood":
    a street, building, business or quarter named after a place, not the place."""
    if not run:
        return True
    words = {t.lower_.rstrip(".") for t in run
             if not (t.lower_ == "court" and t.i > 0 and tokens[t.i - 1].lower_ in COURT_KINDS)
             and not (t.lower_ == "highway" and t.i + 1 < len(tokens) and tokens[t.i + 1].lower_ == "patrol")
             and not (t.lower_ == "st." and t is not run[-1])}  # "St. Albans" is Saint Albans
    after = tokens[run[-1].i + 1] if run[-1].i + 1 < len(tokens) else None
    nxt = after.lower_.rstrip(".") if after is not None else ""
    # "a Raytown apartment", "an Oxford bar": a building in the town, which is named.
    facility_after = nxt in FACILITY_WORDS and after is not None and not after.is_lower
    return (bool(words & (STREET_WORDS | FACILITY_WORDS)) or nxt in STREET_WORDS | QUARTER_WORDS
            or facility_after)


def lead_in(tok: Token) -> bool:
    """A capitalised word that only opens the run, not the name: "In Euclid", "A Gainesville
    man", "But East Bank Mayor", "Downtown Greer" (sentence-initial or direction words)."""
    return tok.is_stop or tok.lower_ in DIRECTION_WORDS or tok.lower_ in common_words()


def place_before_noun(ent: Span, tokens: list[Token]) -> bool:
    """ "an Ohio church", "a Gainesville hospital", "the Henderson County Jail": a place the
    model tagged, before a common noun or a building it names; "Kabul Bank" stays a bank."""
    if ent[-1].lower_.rstrip(".") in STREET_WORDS | FACILITY_WORDS:
        return False
    nxt = tokens[ent.end] if ent.end < len(tokens) else None
    if nxt is None or nxt.lower_.rstrip(".") in STREET_WORDS | QUARTER_WORDS:
        return False
    return nxt.is_lower or ent[-1].lower_ in ADMIN1_WORDS | ADMIN2_WORDS


def whole_name(run: list[Token], i: int, n: int) -> bool:
    """Only the whole capitalised run is a name, unless the rest is an institution that
    belongs to the place ("Okaloosa County Sheriff", "Louisville Metro Police"): "Frederick"
    in "Frederick Douglass" is not Frederick, Md. Lead-in words before it do not count."""
    if i > 0 and not all(lead_in(t) for t in run[:i]):
        return False
    rest = run[i + n:]
    return not rest or rest[0].lower_ in FOLLOWERS


def address(tokens: list[Token], first: int) -> bool:
    """ "the 1200 block of South Bishop", "4300 Wheeler": an address, not a town."""
    prev = [t.lower_ for t in tokens[max(0, first - 2):first]]
    return bool(prev) and (prev[-1].isdigit() or prev[-2:] == ["block", "of"])


def token_ok(tok: Token) -> bool:
    t = tok.text
    return (t[:1].isupper() and (tok.is_alpha or t in {"St.", "Ft.", "Mt."} or "'" in t[1:]
                                 or t.rstrip(".").isalpha() or _INITIALS.fullmatch(t) is not None))


_INITIALS = re.compile(r"(?:[A-Z]\.){2}")  # "S.C.", "N.J.", "L.A." (found as abbreviations, recognize.py)


_DATELINE_AFTER = re.compile(r"[ \t]*(?:,|\||[–—-]|\()")


def shouted_acronym(text: str, start: int, end: int) -> bool:
    """ "TSU", "SWAT officer", "KPD:", "FOX 4", "NYE party" in mixed-case news: a short word in
    capitals is an acronym or a station, not a place written as running text writes places (Tsu,
    Swat). Only a dateline writes a town so ("GARY | Police ...", "KENT, Wash. --"), at the start
    of a line; abbreviations of countries and regions ("US", "DRC", "NSW") are let through by
    `Geocoder.mentions`, which knows what they resolve to."""
    word = text[start:end]
    if not (2 <= len(word) <= 4 and word.isalpha() and word.isupper()):
        return False
    before = text.rfind("\n", 0, start) + 1  # the line's start (0 on the first line), without copying the text
    line_start = not text[before:start].strip(" \t")
    return not (line_start and _DATELINE_AFTER.match(text, end))


_MAKES = frozenset(
    "dodge ford lincoln chevy chevrolet jeep mercury buick cadillac pontiac chrysler gmc toyota honda nissan "
    "hyundai kia mazda bmw audi volvo subaru acura lexus infiniti saturn oldsmobile plymouth mitsubishi "
    "volkswagen".split()
)
# models named after places ("Chevrolet Malibu", "Dodge Durango", "Toyota Tacoma")
_MODELS = frozenset(
    "malibu impala tahoe durango charger taurus camry yukon tacoma sebring sierra denali escalade explorer "
    "avalanche sonata elantra altima maxima aurora dakota montana sedona sequoia cherokee colorado savana "
    "acadia sonoma canyon suburban traverse bonneville lesabre regal century enclave tucson santa".split()
)
# other models, read only after a make ("Ford Taurus"): the first word of the model's name
_OTHER_MODELS = frozenset(
    "accord civic corolla focus fusion mustang f-150 silverado ram grand caravan escape expedition ranger edge "
    "cruze equinox trailblazer blazer lumina monte cobalt cavalier camaro corvette prix g6 sunfire firebird pt "
    "avenger magnum neon stratus intrepid caliber journey nitro liberty wrangler compass patriot sentra versa "
    "rogue pathfinder frontier titan murano armada optima sorento soul forte rio accent genesis jetta passat "
    "beetle golf protege outback forester impreza legacy crown marquis navigator town deville seville cts "
    "srx crv cr-v rav4 highlander 4runner prius avalon pilot odyssey element".split()
)
_ANY_MODEL = _MODELS | _OTHER_MODELS
_VEHICLE_NOUNS = frozenset("car truck van suv sedan pickup minivan coupe wagon convertible hatchback".split())
_COLOURS = frozenset(
    "white black silver gray grey red blue green maroon gold tan beige brown burgundy dark light teal "
    "champagne purple orange yellow colored coloured door dr model older newer stolen rental".split()
)
_WORD_BEFORE = re.compile(r"([\w-]+)\W{0,2}$")
_WORD_AFTER = re.compile(r"^\W{0,2}([\w-]+)")


def vehicle_shaped(text: str, start: int, end: int) -> bool:
    """ "a silver 4 door Dodge", "a maroon Ford Taurus", "a white Chevrolet Malibu": a car, not
    Dodge City, Ford County or Malibu. A make counts as a car after a colour, "door" or a model
    year, or before a model or a word for a vehicle; a model after its make. "PONTIAC, Mich." and
    "the Pontiac substation" stay places."""
    word = text[start:end].lower()
    if word not in _MAKES and word not in _MODELS:
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    after = _WORD_AFTER.search(text[end:end + 30])
    prev = before.group(1).lower().rsplit("-", 1)[-1] if before else ""  # "4-door", "dark-colored"
    nxt = after.group(1) if after else ""
    if word in _MODELS and prev in _MAKES:
        return True
    if word not in _MAKES:
        return False
    year = prev.isdigit() and len(prev) == 4 and prev[:2] in ("19", "20")
    model = nxt.lower() in _ANY_MODEL and text[end:end + 1] == " "
    return prev in _COLOURS or year or nxt.lower() in _VEHICLE_NOUNS or model

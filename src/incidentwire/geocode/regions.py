"""What the bundled gazetteer (cities500 + admin units + countries) lacks or misplaces, applied
when its candidates are looked up, so the shared SQLite index stays as built:

- regions, islands and seas news names every day ("Darfur", "the Caucasus", "Sumatra", "the
  Black Sea"), which are neither towns nor admin units;
- abbreviations that stand for one place ("B.C.", "NSW", "L.A.");
- the centre of large, sparsely settled provinces and states, where the centre the build derives
  from their towns lies near the border where the towns are (Ontario 500 km south of its middle,
  Queensland 550 km east): the conventional point (the region's geographic middle, as GeoNames and
  Wikipedia give it), like `names.COUNTRY_POINTS` for countries.

Hand-kept and small on purpose; a full GeoNames import (`incidentwire gazetteer import`) carries
regions and seas of its own. Points are rounded: they stand for areas hundreds of km wide.
"""

from __future__ import annotations

import dataclasses

from incidentwire.geocode.build import MAIN, STRIPPED
from incidentwire.geocode.gazetteer import ADMIN1, COUNTRY, Candidate
from incidentwire.geocode.names import COUNTRY_POINTS

NOMINAL_POPULATION = 1_000_000  # a well-known region or sea is as likely meant as a city this big

# key -> (name, country code, level, GeoNames feature code, lat, lon, population or 0 for nominal)
_REGIONS: dict[str, tuple[str, str | None, int, str, float, float, int]] = {
    "middle east": ("Middle East", None, COUNTRY, "L.RGN", 32.2, 37.0, 0),
    # GeoNames 6695072 (not in cities500), at its seat: "EU" is otherwise Eu, a town in Normandy
    "eu": ("European Union", None, COUNTRY, "L.RGN", 50.8386, 4.37599, 0),
    "caucasus": ("Caucasus", None, COUNTRY, "L.RGN", 42.5, 45.0, 0),
    "north caucasus": ("North Caucasus", "RU", ADMIN1, "L.RGN", 43.5, 45.0, 0),
    "balkans": ("Balkans", None, COUNTRY, "L.RGN", 43.0, 21.0, 0),
    "darfur": ("Darfur", "SD", ADMIN1, "L.RGN", 13.5, 24.0, 9_000_000),
    "south ossetia": ("South Ossetia", "GE", ADMIN1, "L.RGN", 42.3, 44.0, 0),
    "abkhazia": ("Abkhazia", "GE", ADMIN1, "L.RGN", 43.0, 41.0, 0),
    "dagestan": ("Dagestan", "RU", ADMIN1, "A.ADM1", 43.0, 47.0, 3_000_000),
    "chechnya": ("Chechnya", "RU", ADMIN1, "A.ADM1", 43.4, 45.7, 1_400_000),
    "ingushetia": ("Ingushetia", "RU", ADMIN1, "A.ADM1", 43.2, 45.0, 500_000),
    "kurdistan": ("Kurdistan", None, COUNTRY, "L.RGN", 36.5, 44.0, 0),
    "siberia": ("Siberia", "RU", ADMIN1, "L.RGN", 60.0, 105.0, 33_000_000),
    "sinai": ("Sinai", "EG", ADMIN1, "L.RGN", 29.5, 33.8, 0),
    "sumatra": ("Sumatra", "ID", ADMIN1, "T.ISL", -0.5, 102.0, 58_000_000),
    "java": ("Java", "ID", ADMIN1, "T.ISL", -7.5, 110.0, 150_000_000),
    "borneo": ("Borneo", None, ADMIN1, "T.ISL", 1.0, 114.0, 21_000_000),
    "sulawesi": ("Sulawesi", "ID", ADMIN1, "T.ISL", -2.0, 121.0, 19_000_000),
    "mindanao": ("Mindanao", "PH", ADMIN1, "T.ISL", 7.5, 125.0, 26_000_000),
    "luzon": ("Luzon", "PH", ADMIN1, "T.ISL", 16.0, 121.0, 60_000_000),
    "mediterranean": ("Mediterranean Sea", None, COUNTRY, "H.SEA", 35.0, 18.0, 0),
    "mediterranean sea": ("Mediterranean Sea", None, COUNTRY, "H.SEA", 35.0, 18.0, 0),
    "black sea": ("Black Sea", None, COUNTRY, "H.SEA", 43.0, 35.0, 0),
    "baltic sea": ("Baltic Sea", None, COUNTRY, "H.SEA", 58.0, 20.0, 0),
    "scandinavia": ("Scandinavia", None, COUNTRY, "L.RGN", 63.0, 12.0, 0),
    "lake erie": ("Lake Erie", None, ADMIN1, "H.LK", 42.2, -81.2, 0),
    "lake ontario": ("Lake Ontario", None, ADMIN1, "H.LK", 43.7, -77.9, 0),
    "lake michigan": ("Lake Michigan", "US", ADMIN1, "H.LK", 44.0, -87.0, 0),
    "lake huron": ("Lake Huron", None, ADMIN1, "H.LK", 44.8, -82.4, 0),
    "lake superior": ("Lake Superior", None, ADMIN1, "H.LK", 47.7, -87.5, 0),
    "caspian sea": ("Caspian Sea", None, COUNTRY, "H.LK", 41.7, 50.7, 0),
    "red sea": ("Red Sea", None, COUNTRY, "H.SEA", 20.0, 38.5, 0),
    "persian gulf": ("Persian Gulf", None, COUNTRY, "H.GULF", 27.0, 51.0, 0),
    "gulf of mexico": ("Gulf of Mexico", None, COUNTRY, "H.GULF", 25.0, -90.0, 0),
    "caribbean": ("Caribbean", None, COUNTRY, "L.RGN", 15.0, -75.0, 0),
    "caribbean sea": ("Caribbean Sea", None, COUNTRY, "H.SEA", 15.0, -75.0, 0),
    "indian ocean": ("Indian Ocean", None, COUNTRY, "H.OCN", -10.0, 75.0, 0),
    "pacific ocean": ("Pacific Ocean", None, COUNTRY, "H.OCN", 0.0, -160.0, 0),
    "pacific": ("Pacific Ocean", None, COUNTRY, "H.OCN", 0.0, -160.0, 0),
}

# Abbreviations -> the key of the place they stand for.
ALIASES: dict[str, str] = {
    "b c": "british columbia",
    "nsw": "new south wales",
    "l a": "los angeles",
    "democratic republic of congo": "democratic republic of the congo",
}

# Admin1 code -> (lat, lon) where the derived centre is over 100 km from the region's middle.
ADMIN1_POINTS: dict[str, tuple[float, float]] = {
    "CA.01": (55.0, -115.0), "CA.02": (54.0, -125.0), "CA.03": (55.0, -97.0), "CA.08": (50.0, -85.0),
    "CA.10": (52.0, -72.0), "CA.11": (54.0, -106.0), "CA.12": (64.0, -135.0), "CA.14": (70.0, -90.0),
    "AU.02": (-32.0, 147.0), "AU.03": (-19.5, 133.5), "AU.04": (-22.0, 144.0), "AU.05": (-30.0, 135.0),
    "AU.08": (-25.0, 122.0),
    "US.AK": (64.0, -150.0), "US.TX": (31.2, -99.5), "US.FL": (28.75, -82.5), "US.NY": (41.8, -75.0),
}


def _region(name: str, cc: str | None, level: int, feature: str, lat: float, lon: float, pop: int) -> Candidate:
    return Candidate(geonames_id=None, name=name, country_code=cc, admin1_code=None, admin1=None,
                     admin2=None, lat=lat, lon=lon, population=pop or NOMINAL_POPULATION, level=level,
                     feature=feature, kind=0)


REGIONS: dict[str, Candidate] = {k: _region(*v) for k, v in _REGIONS.items()}


def repoint(c: Candidate) -> Candidate:
    """The candidate with its region's or country's conventional point when the derived one is
    far off (`names.COUNTRY_POINTS`, also used by the build, and ADMIN1_POINTS)."""
    if c.level == COUNTRY:
        point = COUNTRY_POINTS.get(c.country_code or "") if c.geonames_id is not None else None
    else:
        point = ADMIN1_POINTS.get(c.admin1_code or "") if c.level == ADMIN1 else None
    return dataclasses.replace(c, lat=point[0], lon=point[1]) if point else c


def _own_name_first(cands: list[Candidate]) -> list[Candidate]:
    """ "Scotland" and "Gaza" are also alternate names of their countries (GB, PS); the place
    inside that country that bears the name as its own is the one meant. A country or state
    named by its own name outranks names made by dropping "City" or "County"."""
    inside = {c.country_code for c in cands if c.kind == MAIN and c.level != COUNTRY}
    cands = [c for c in cands if not (c.level == COUNTRY and c.kind != MAIN and c.country_code in inside)]
    owners = {c.country_code for c in cands if c.kind == MAIN and c.level in (COUNTRY, ADMIN1)}
    if owners:
        # "Mexico", "Kansas", "Washington": the country or state, not Mexico City, Kansas City
        # or a Washington County found by dropping their generic word. Only in that country:
        # Douglas on the Isle of Man leaves the Douglas Counties of the US.
        cands = [c for c in cands if c.kind != STRIPPED or c.country_code not in owners]
    return cands


def supplement(found: dict[str, list[Candidate]], keys: list[str]) -> dict[str, list[Candidate]]:
    """`found` (the gazetteer's answer for `keys`) with the regions and abbreviations added and
    the sparse provinces re-pointed."""
    out = {k: _own_name_first([repoint(c) for c in cands]) for k, cands in found.items()}
    for k in set(keys):
        region = REGIONS.get(k)
        if region is not None and all(c.population < region.population for c in out.get(k, [])):
            out[k] = [region, *out.get(k, [])]
        target = ALIASES.get(k)
        if target is not None and target in out and not out.get(k):
            out[k] = out[target]
    return out

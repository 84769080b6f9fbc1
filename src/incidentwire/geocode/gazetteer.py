"""The gazetteer: name -> candidate places. Small on purpose, so a fuller one (a complete
GeoNames dump) can be swapped in by implementing `lookup_many` (and `lookup`)."""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from incidentwire.geocode.build import ADMIN1, ADMIN2, CITY, COUNTRY, build, index_path
from incidentwire.geocode.names import key as name_key

__all__ = ["ADMIN1", "ADMIN2", "CITY", "COUNTRY", "Candidate", "Gazetteer", "GazetteerLike"]

MAX_KEY_LENGTH = 60  # no place name is longer; longer strings are not looked up at all
_SQL_CHUNK = 900  # stay under SQLite's bound-parameter limit


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may refer to."""

    geonames_id: int | None  # None for the hand-kept regions and seas (regions.py)
    name: str
    country_code: str | None
    admin1_code: str | None  # GeoNames admin1 code, e.g. "AF.23", "US.FL"
    admin1: str | None
    admin2: str | None
    lat: float
    lon: float
    population: int
    level: int  # COUNTRY, ADMIN1, ADMIN2 or CITY
    feature: str
    kind: int  # how the name matched: 0 main name, 1 alternate name, 2 name minus "County" etc.


class GazetteerLike(Protocol):
    """What the Geocoder needs from a gazetteer."""

    def lookup_many(self, keys: Iterable[str]) -> dict[str, list[Candidate]]: ...

    def admin1_by_code(self, code: str) -> Candidate | None: ...


class Gazetteer:
    """SQLite-backed lookup over the prebuilt index (built on first use if missing).

    Results are cached per normalised key, so repeated names across articles cost nothing."""

    def __init__(self, path: Path | str | None = None, *, cache_size: int = 200_000):
        self.path = Path(path) if path else build(index_path())
        if not self.path.exists():
            raise FileNotFoundError(self.path)
        self._local = threading.local()
        self._cache: OrderedDict[str, list[Candidate]] = OrderedDict()
        self._cache_size = cache_size

    def _con(self) -> sqlite3.Connection:
        """One read-only connection per thread (sqlite3 connections are not shareable)."""
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def lookup(self, name: str) -> list[Candidate]:
        """Candidates for one written name, most populous first."""
        k = name_key(name)
        return self.lookup_many([k]).get(k, [])

    def lookup_many(self, keys: Iterable[str]) -> dict[str, list[Candidate]]:
        """Candidates for many normalised keys (see `names.key`) in one batched query;
        keys without candidates are absent from the result."""
        wanted = {k for k in keys if k and len(k) <= MAX_KEY_LENGTH}
        out: dict[str, list[Candidate]] = {}
        missing = []
        for k in wanted:
            hit = self._cache.get(k)
            if hit is None:
                missing.append(k)
            elif hit:
                out[k] = hit
        found: dict[str, list[Candidate]] = {k: [] for k in missing}
        con = self._con()
        for i in range(0, len(missing), _SQL_CHUNK):
            chunk = missing[i:i + _SQL_CHUNK]
            rows = con.execute(
                "SELECT n.key, p.id, p.name, p.country_code, p.admin1_code, p.admin1, p.admin2, p.lat,"
                " p.lon, p.population, p.level, p.feature, n.kind FROM names n JOIN places p"
                f" ON p.id = n.place WHERE n.key IN ({','.join('?' * len(chunk))})", chunk)
            for row in rows:
                found[row[0]].append(Candidate(*row[1:]))
        for k, cands in found.items():
            cands.sort(key=lambda c: -c.population)
            self._remember(k, cands)
            if cands:
                out[k] = cands
        return out

    def _remember(self, k: str, cands: list[Candidate]) -> None:
        self._cache[k] = cands
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def admin1_by_code(self, code: str) -> Candidate | None:
        """The admin1 unit with GeoNames code `code` ("US.FL"), for "City, ST" patterns."""
        k = "\x00a1:" + code
        if k not in self._cache:
            row = self._con().execute(
                "SELECT id, name, country_code, admin1_code, admin1, admin2, lat, lon, population,"
                " level, feature, 0 FROM places WHERE admin1_code = ? AND level = ?", (code, ADMIN1)
            ).fetchone()
            self._remember(k, [Candidate(*row)] if row else [])
        hit = self._cache[k]
        return hit[0] if hit else None


_default: Gazetteer | None = None
_default_lock = threading.Lock()


def default_gazetteer() -> Gazetteer:
    """The shared default gazetteer (opening it is cheap; building happens once per cache)."""
    global _default
    with _default_lock:
        if _default is None or _default.path != index_path():
            _default = Gazetteer()
        return _default


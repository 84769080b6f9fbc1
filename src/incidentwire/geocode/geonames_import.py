"""Load a GeoNames dump the user downloaded (allCountries.zip, a country file such as AF.zip or
AF.txt, optionally alternateNamesV2) into the gazetteer index, so districts, villages, valleys and
seas resolve too. The bundled index keeps working without it.

All or nothing: every line is checked before anything is written, and the writing is one SQLite
transaction, so a bad or truncated dump (or a killed import) leaves the index as it was.
Hand-written because no PyPI package reads GeoNames dumps into a custom SQLite schema.
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from incidentwire.geocode.build import ADMIN1, ADMIN2, ALIAS, CITY, COUNTRY, MAIN, STRIPPED
from incidentwire.geocode.names import fold, key, strip_generic

COLUMNS = 19  # geoname table of readme.txt
ALT_COLUMNS = (4, 10)  # alternateNames (old: 8 columns with fewer flags) / alternateNamesV2 (10)
SKIPPED_CLASSES = frozenset("RU")  # roads and undersea features are no places of news
NOT_NAMES = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "unlc", "fr_1793", "tcid"})
MAX_NAME_CHARS = 200
BATCH = 5_000


class DumpError(ValueError):
    """The dump is unreadable or malformed; the message names the file and line."""


@dataclass
class ImportSummary:
    places: int = 0
    names: int = 0
    skipped: int = 0  # rows of feature classes that are not places (roads, undersea)


def _level(feature_class: str, feature_code: str) -> int:
    if feature_class == "A" and feature_code.startswith("PCL"):
        return COUNTRY
    if feature_class == "A" and feature_code == "ADM1":
        return ADMIN1
    if feature_class == "A" and feature_code == "ADM2":
        return ADMIN2
    return CITY  # towns, quarters, smaller admin units, valleys, seas: point-like for our purposes


@contextmanager
def _lines(path: Path) -> Iterator[Iterator[str]]:
    """The text lines of a dump: a .txt file, or the data member of a GeoNames .zip."""
    if not path.exists():
        raise DumpError(f"{path}: no such file")
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = [n for n in archive.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
                if not members:
                    raise DumpError(f"{path}: the zip archive holds no GeoNames .txt file")
                with archive.open(members[0]) as raw:
                    yield io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            return
        with path.open("rb") as probe:
            head = probe.read(4)
        if head.startswith(b"PK"):
            raise DumpError(f"{path}: a damaged or truncated zip archive")
        with path.open(encoding="utf-8", newline="\n") as fh:
            yield _text(fh)
    except zipfile.BadZipFile as error:
        raise DumpError(f"{path}: a damaged or truncated zip archive ({error})") from None
    except (EOFError, zipfile.LargeZipFile) as error:
        raise DumpError(f"{path}: the zip archive ends early ({error})") from None
    except UnicodeDecodeError as error:
        raise DumpError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None


def _text(fh: TextIO) -> Iterator[str]:
    yield from fh


def _number(value: str, what: str, where: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise DumpError(f"{where}: {what} {value!r} is not a number") from None
    if not low <= number <= high:
        raise DumpError(f"{where}: {what} {number} is outside [{low:g}, {high:g}]")
    return number


def _parse(path: Path) -> Iterator[tuple[int, tuple, list[str]]]:
    """(line number, places row, names) for each place row; DumpError on the first bad line."""
    with _lines(path) as lines:
        try:
            for number, line in enumerate(lines, 1):
                line = line.rstrip("\n").rstrip("\r")
                if not line or line.startswith("#"):
                    continue
                where = f"{path.name} line {number}"
                cols = line.split("\t")
                if len(cols) != COLUMNS:
                    hint = " (a truncated file?)" if len(cols) < COLUMNS else ""
                    raise DumpError(f"{where}: expected {COLUMNS} tab-separated GeoNames columns, "
                                    f"got {len(cols)}{hint}")
                if not cols[0].isdigit():
                    raise DumpError(f"{where}: geonameid {cols[0]!r} is not a number")
                lat = _number(cols[4], "latitude", where, -90.0, 90.0)
                lon = _number(cols[5], "longitude", where, -180.0, 180.0)
                population = int(_number(cols[14] or "0", "population", where, 0, 1e11))
                name = cols[1].strip()
                if not name or len(name) > MAX_NAME_CHARS:
                    raise DumpError(f"{where}: a place name must have 1 to {MAX_NAME_CHARS} characters")
                if cols[6] in SKIPPED_CLASSES:
                    yield number, (), []
                    continue
                cc = cols[8] or None
                a1 = f"{cc}.{cols[10]}" if cc and cols[10] and cols[10] != "00" else None
                row = (int(cols[0]), fold(name), cc, a1, cols[11] or None, lat, lon, population,
                       _level(cols[6], cols[7]), f"{cols[6]}.{cols[7]}")
                aliases = [a for a in cols[3].split(",") if a and len(a) <= MAX_NAME_CHARS]
                yield number, row, [name, cols[2], *aliases]
        except UnicodeDecodeError as error:
            raise DumpError(f"{path}: not UTF-8 text ({error.reason})") from None
        except (zipfile.BadZipFile, EOFError, OSError) as error:
            raise DumpError(f"{path}: the file ends early or is damaged ({error})") from None


def _alternate_names(path: Path, wanted: set[int]) -> Iterator[tuple[int, str]]:
    with _lines(path) as lines:
        try:
            for number, line in enumerate(lines, 1):
                cols = line.rstrip("\n").rstrip("\r").split("\t")
                if cols == [""]:
                    continue
                if len(cols) < ALT_COLUMNS[0] or not cols[1].isdigit():
                    raise DumpError(f"{path.name} line {number}: not an alternateNames line "
                                    f"({len(cols)} columns)")
                if cols[2] in NOT_NAMES or int(cols[1]) not in wanted or len(cols[3]) > MAX_NAME_CHARS:
                    continue
                if len(cols) >= 8 and cols[7] == "1":
                    continue  # historic names mislead more than they help
                yield int(cols[1]), cols[3]
        except (zipfile.BadZipFile, EOFError, OSError, UnicodeDecodeError) as error:
            raise DumpError(f"{path}: the file ends early or is damaged ({error})") from None


def _name_rows(pid: int, names: list[str]) -> Iterator[tuple[str, int, int]]:
    seen: set[str] = set()
    for i, name in enumerate(names):
        k = key(name)
        if not k or k in seen or (i > 1 and (len(k) < 3 or k.isdigit() or not fold(name).isascii())):
            continue
        seen.add(k)
        yield k, pid, MAIN if i < 2 else ALIAS
        short = strip_generic(k)
        if short != k and short not in seen:
            seen.add(short)
            yield short, pid, STRIPPED


def import_dump(index: Path, dump: Path, alternate_names: Path | None = None,
                progress: Callable[[int], None] | None = None) -> ImportSummary:
    """Add (or replace, by GeoNames id) the places of `dump` in the index at `index`.

    RETURNS how many places and names were written. Raises DumpError, with nothing written,
    when a file is malformed."""
    summary = ImportSummary()
    # Pass 1 checks every line and collects the admin units, whose names the towns refer to.
    admin1: dict[str, str] = {}
    admin2: dict[tuple[str, str], str] = {}
    ids: set[int] = set()
    for number, row, _ in _parse(dump):
        if progress and number % 100_000 == 0:
            progress(number)
        if not row:
            continue
        ids.add(row[0])
        if row[8] == ADMIN1 and row[3]:
            admin1[row[3]] = row[1]
        elif row[8] == ADMIN2 and row[3] and row[4]:
            admin2[(row[3], row[4])] = row[1]
    extra: dict[int, list[str]] = {}
    if alternate_names is not None:
        for pid, name in _alternate_names(alternate_names, ids):
            extra.setdefault(pid, []).append(name)

    con = sqlite3.connect(index, isolation_level=None)
    try:
        known = dict(con.execute("SELECT admin1_code, name FROM places WHERE level = ?", (ADMIN1,)))
        con.execute("BEGIN IMMEDIATE")
        places: list[tuple] = []
        names: list[tuple[str, int, int]] = []

        def flush() -> None:
            con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
            con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", names)
            summary.places += len(places)
            summary.names += len(names)
            places.clear()
            names.clear()

        for _, row, row_names in _parse(dump):
            if not row:
                summary.skipped += 1
                continue
            pid, name, cc, a1, a2, lat, lon, population, level, feature = row
            a1_name = admin1.get(a1 or "") or known.get(a1)
            a2_name = admin2.get((a1 or "", a2 or "")) if level >= ADMIN2 else None
            if level == ADMIN2:
                a2_name = name
            places.append((pid, name, cc, a1, a1_name if level >= ADMIN1 else None, a2_name,
                           lat, lon, population, level, feature))
            names.extend(_name_rows(pid, row_names + extra.get(pid, [])))
            if len(places) >= BATCH:
                flush()
        flush()
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"imported:{dump.name}", str(summary.places)))
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    return summary

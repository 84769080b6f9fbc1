"""`incidentwire gazetteer import`: a GeoNames dump the tests write themselves, into a copy of the
session's gazetteer index (so other tests keep the bundled one)."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incidentwire.cli import app
from incidentwire.geocode.build import INDEX_NAME, build, index_path
from incidentwire.geocode.gazetteer import Gazetteer

# geonameid name asciiname alternatenames lat lon class code cc cc2 admin1 admin2 admin3 admin4
# population elevation dem timezone modified
VILLAGE = ["9990001", "Shash Darak", "Shash Darak", "Shashdarak,Shash Darrak", "34.5281", "69.1911", "P", "PPLX",
           "AF", "", "13", "", "", "", "0", "", "1800", "Asia/Kabul", "2024-01-01"]
DISTRICT = ["9990002", "Spin Boldak District", "Spin Boldak District", "", "31.0000", "66.3900", "A", "ADM2",
            "AF", "", "23", "2311", "", "", "120000", "", "1200", "Asia/Kabul", "2024-01-01"]
ROAD = ["9990003", "Kabul Kandahar Highway", "Kabul Kandahar Highway", "", "33.0", "67.0", "R", "RD",
        "AF", "", "", "", "", "", "0", "", "", "Asia/Kabul", "2024-01-01"]


def line(cols: list[str]) -> str:
    return "\t".join(cols) + "\n"


@pytest.fixture()
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the bundled index, found by the CLI through INCIDENTWIRE_CACHE_DIR."""
    source = build(index_path())
    cache = tmp_path / "cache"
    cache.mkdir()
    shutil.copy(source, cache / INDEX_NAME)
    monkeypatch.setenv("INCIDENTWIRE_CACHE_DIR", str(cache))
    return cache / INDEX_NAME


def places_count(path: Path) -> int:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT count(*) FROM places").fetchone()[0]


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def test_bundled_index_does_not_know_the_village(index: Path) -> None:
    assert Gazetteer(index).lookup("Shash Darak") == []


def test_import_a_country_file_makes_villages_and_districts_resolve(index: Path, tmp_path: Path) -> None:
    dump = tmp_path / "AF.txt"
    dump.write_text(line(VILLAGE) + line(DISTRICT) + line(ROAD), encoding="utf-8")
    result = run("gazetteer", "import", str(dump))
    assert result.exit_code == 0, result.output
    assert "imported 2 places" in result.output
    gazetteer = Gazetteer(index)
    village = gazetteer.lookup("Shash Darak")
    assert [c.geonames_id for c in village] == [9990001]
    assert village[0].feature == "P.PPLX" and village[0].country_code == "AF"
    assert village[0].admin1 and "kabul" in village[0].admin1.lower()  # admin1 name from the bundled index
    assert abs(village[0].lat - 34.5281) < 1e-6 and abs(village[0].lon - 69.1911) < 1e-6
    assert [c.geonames_id for c in gazetteer.lookup("Shashdarak")] == [9990001]  # alternate name
    assert 9990002 in [c.geonames_id for c in gazetteer.lookup("Spin Boldak")]  # "District" dropped
    assert gazetteer.lookup("Kabul Kandahar Highway") == []  # roads are left out
    assert gazetteer.lookup("Kabul")  # the bundled places are still there


def test_import_from_zip_with_alternate_names(index: Path, tmp_path: Path) -> None:
    dump = tmp_path / "allCountries.zip"
    with zipfile.ZipFile(dump, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("allCountries.txt", line(VILLAGE))
    alternates = tmp_path / "alternateNamesV2.txt"
    alternates.write_text("1\t9990001\ten\tShash Darrak Village\t\t\t\t\t\t\n"
                          "2\t9990001\tlink\thttps://example.org/x\t\t\t\t\t\t\n"
                          "3\t9990001\ten\tOld Shash Name\t\t\t\t1\t\t\n", encoding="utf-8")
    result = run("gazetteer", "import", str(dump), "--alternate-names", str(alternates))
    assert result.exit_code == 0, result.output
    gazetteer = Gazetteer(index)
    assert [c.geonames_id for c in gazetteer.lookup("Shash Darrak Village")] == [9990001]
    assert gazetteer.lookup("Old Shash Name") == []  # historic names are not imported


def test_places_command_uses_the_imported_village(index: Path, tmp_path: Path) -> None:
    dump = tmp_path / "AF.txt"
    dump.write_text(line(VILLAGE), encoding="utf-8")
    assert run("gazetteer", "import", str(dump)).exit_code == 0
    article = tmp_path / "a.txt"
    article.write_text("KABUL (Reuters) - A bomb exploded in Shash Darak on Monday, police said.", encoding="utf-8")
    result = run("places", str(article), "--format", "jsonl", "--published", "2013-06-25")
    assert result.exit_code == 0, result.output
    ids = [p["geonames_id"] for p in __import__("json").loads(result.stdout.splitlines()[0])["places"]]
    assert 9990001 in ids


@pytest.mark.parametrize("bad, message", [
    (VILLAGE[:4] + ["123.5"] + VILLAGE[5:], "latitude 123.5 is outside"),
    (VILLAGE[:5] + ["-200"] + VILLAGE[6:], "longitude -200.0 is outside"),
    (VILLAGE[:4] + ["north"] + VILLAGE[5:], "latitude 'north' is not a number"),
    (VILLAGE[:9], "expected 19 tab-separated GeoNames columns, got 9 (a truncated file?)"),
    (VILLAGE[:1] + ["x" * 501] + VILLAGE[2:], "a place name must have 1 to 200 characters"),
])
def test_bad_line_is_reported_and_nothing_is_imported(index: Path, tmp_path: Path, bad: list[str],
                                                      message: str) -> None:
    before = places_count(index)
    dump = tmp_path / "AF.txt"
    dump.write_text(line(DISTRICT) + line(VILLAGE).replace("9990001", "9990004") + line(bad), encoding="utf-8")
    result = run("gazetteer", "import", str(dump))
    assert result.exit_code == 2
    flat = " ".join(result.output.split())
    assert message in flat and "AF.txt line 3" in flat and "nothing was imported" in flat
    assert places_count(index) == before
    assert Gazetteer(index).lookup("Spin Boldak District") == []


def test_truncated_zip_is_reported_and_nothing_is_imported(index: Path, tmp_path: Path) -> None:
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("AF.txt", "".join(line(VILLAGE[:1] + [f"Place {i}"] + VILLAGE[2:]) for i in range(3000)))
    data = whole.read_bytes()
    cut = tmp_path / "AF.zip"
    cut.write_bytes(data[: len(data) // 2])
    before = places_count(index)
    result = run("gazetteer", "import", str(cut))
    assert result.exit_code == 2
    assert "damaged or truncated zip" in " ".join(result.output.split())
    assert places_count(index) == before


def test_missing_or_binary_dump(index: Path, tmp_path: Path) -> None:
    result = run("gazetteer", "import", str(tmp_path / "nope.zip"))
    assert result.exit_code == 2 and "no such file" in result.output
    binary = tmp_path / "AF.txt"
    binary.write_bytes(b"\xff\xfe\x00garbage\x00" * 100)
    result = run("gazetteer", "import", str(binary))
    assert result.exit_code == 2 and "nothing was imported" in " ".join(result.output.split())

"""Small pure pieces of the web app: evidence highlighting, correction values, URL safety."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidentwire.serve.app import safe_url
from incidentwire.serve.highlight import runs
from incidentwire.store.corrections import CorrectionError, parse_value

spans = st.lists(st.tuples(st.integers(-5, 60), st.integers(-5, 60), st.sampled_from(["date", "killed"])),
                 max_size=6)


@given(st.text(max_size=50), spans)
def test_runs_cover_the_text_exactly_and_mark_only_evidence(text: str, given_spans: list) -> None:
    cut = runs(text, given_spans)
    assert "".join(r.text for r in cut) == text
    for r in cut:
        end = r.start + len(r.text)
        covering = {label for s, e, label in given_spans if s < e and max(0, s) <= r.start and end <= e}
        assert set(r.labels) == covering


def test_runs_of_overlapping_evidence() -> None:
    cut = runs("Two killed in Kabul.", [(0, 10, "killed"), (4, 19, "location")])
    assert [(r.text, r.labels) for r in cut] == [("Two ", ["killed"]), ("killed", ["killed", "location"]),
                                                 (" in Kabul", ["location"]), (".", [])]


@pytest.mark.parametrize("field, raw, value", [
    ("killed.best", " 12 ", 12), ("killed.best", "", None), ("category", "bombing", "bombing"),
    ("date.value", "2013-06-25", "2013-06-25"), ("location.country_code", "af", "AF"),
    ("perpetrators", "Taliban; ; Haqqani network", ["Taliban", "Haqqani network"]), ("location.lat", "34.5", 34.5),
])
def test_correction_values(field: str, raw: str, value: object) -> None:
    assert parse_value(field, raw) == value


@pytest.mark.parametrize("field, raw", [
    ("killed.best", "-1"), ("killed.best", "twelve"), ("category", "riot"), ("category", ""),
    ("date.value", "25/06/2013"), ("location.country_code", "AFG"), ("evidence", "x"), ("date.precision", "hour"),
])
def test_bad_correction_values(field: str, raw: str) -> None:
    with pytest.raises(CorrectionError):
        parse_value(field, raw)


@pytest.mark.parametrize("url, safe", [
    ("https://example.org/a", True), ("HTTP://example.org", True), ("javascript:alert(1)", False),
    (" JavaScript:alert(1)", False), ("data:text/html,<script>", False), ("//evil.example", False), (None, False),
])
def test_only_http_links_from_articles(url: str | None, safe: bool) -> None:
    assert (safe_url(url) is not None) == safe


ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
SERVE = ROOT / "src" / "incidentwire" / "serve"


def test_pages_load_nothing_from_other_sites() -> None:
    """Offline: templates and our scripts name no external host (no CDN, no tile server)."""
    import re

    for path in [*SERVE.glob("templates/*.html"), *SERVE.glob("static/*.js"), *SERVE.glob("static/*.css")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path
        assert not re.search(r"fetch\(\s*[\"']https?://", text), path


def test_bundled_libraries_match_the_lock_file() -> None:
    import json

    lock = json.loads((ROOT / "web" / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    bundled = dict(line.split() for line in (SERVE / "static/vendor/VERSIONS.txt").read_text().splitlines())
    assert {name.removeprefix("node_modules/"): entry["version"] for name, entry in lock.items() if name} == bundled
    for needed in ("leaflet/leaflet.js", "leaflet/leaflet.css", "topojson-client/topojson-client.min.js",
                   "world-atlas/countries-50m.json"):
        assert (SERVE / "static/vendor" / needed).stat().st_size > 1000

"""Geocode stage: real gazetteer, real spaCy parse, behaviour a user notices."""

from __future__ import annotations

import math
import random
import time
from pathlib import Path

import pytest

from incidentwire.geocode import Gazetteer, Geocoder
from incidentwire.geocode.build import index_path
from incidentwire.models import Article, Incident, Location
from incidentwire.nlp import ParsedDoc, default_pipeline

CORPUS = Path(__file__).resolve().parents[1] / "demo" / "corpus"


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def parse(text: str, published: str | None = None) -> ParsedDoc:
    return default_pipeline().parse(Article(id="t", text=text, publication_date=published))


def first_sentence_incident(parsed: ParsedDoc, containing: str | None = None) -> Incident:
    """An incident whose evidence is the first sentence (containing `containing`, if given)."""
    sent = next(s for s in parsed.doc.sents if containing is None or containing in s.text)
    return Incident(id="i", evidence=[parsed.article.evidence(sent.start_char, sent.end_char)])


def locate(geocoder: Geocoder, text: str, containing: str | None = None) -> tuple[Location, ParsedDoc]:
    parsed = parse(text)
    places = geocoder.places(parsed)
    return geocoder.locate(parsed, first_sentence_incident(parsed, containing), places), parsed


@pytest.mark.parametrize(("name", "published", "city", "lat", "lon"), [
    ("kabul-2013-06-25.txt", "2013-06-25", "Kabul", 34.5281, 69.1723),
    ("kandahar-2011-05-07.txt", "2011-05-07", "Kandahar", 31.6133, 65.7101),
])
def test_seed_articles_are_located(geocoder: Geocoder, name: str, published: str, city: str,
                                   lat: float, lon: float) -> None:
    parsed = parse((CORPUS / name).read_text(encoding="utf-8"), published)
    places = geocoder.places(parsed)
    assert any(p.name == city and p.country_code == "AF" for p in places)
    for p in places:  # offsets point into the text as given
        assert parsed.article.text[p.start:p.end] == p.text
    loc = geocoder.locate(parsed, first_sentence_incident(parsed), places)
    assert (loc.name, loc.admin1, loc.country_code, loc.precision) == (city, city, "AF", "city")
    assert loc.country == "Afghanistan"
    assert km(lat, lon, loc.lat, loc.lon) <= 10
    assert loc.evidence and city in loc.evidence[0].text
    ev = loc.evidence[0]
    assert parsed.article.text[ev.start:ev.end] == ev.text


def test_us_city_with_ap_state_abbreviation(geocoder: Geocoder) -> None:
    loc, _ = locate(geocoder, "GAINESVILLE, Fla. - One man was shot and killed on Tuesday night "
                              "outside a home, police said.")
    assert loc.name == "Gainesville" and loc.admin1 == "Florida" and loc.country_code == "US"
    assert km(29.65, -82.32, loc.lat, loc.lon) <= 10


@pytest.mark.parametrize(("text", "city", "state"), [
    ("A teenager was shot in Compton, California, late on Friday.", "Compton", "California"),
    ("Two men were wounded in a shooting in Chicago, IL on Sunday.", "Chicago", "Illinois"),
    ("A woman was shot in Springfield, Mass., early Monday.", "Springfield", "Massachusetts"),
])
def test_city_state_patterns(geocoder: Geocoder, text: str, city: str, state: str) -> None:
    loc, _ = locate(geocoder, text)
    assert (loc.name, loc.admin1) == (city, state)


def test_province_is_admin1_precision_at_its_centroid(geocoder: Geocoder) -> None:
    loc, _ = locate(geocoder, "Two police officers were killed by a roadside bomb in Kandahar province "
                              "on Monday, officials said.")
    assert loc.precision == "admin1"
    assert loc.admin1 == "Kandahar" and loc.country_code == "AF"
    assert loc.admin2 is None  # no made-up district or town
    # the centroid of the province (population-weighted), not a town of the province
    assert loc.lat is not None and km(31.6, 65.7, loc.lat, loc.lon) < 150


def test_incident_place_beats_the_capital_a_spokesman_spoke_from(geocoder: Geocoder) -> None:
    text = ("A spokesman in Kabul said three soldiers were killed in an attack in Spin Boldak district "
            "of Kandahar province on Tuesday.")
    loc, _ = locate(geocoder, text)
    assert loc.name == "Spin Boldak" and loc.admin1 == "Kandahar"


def test_demonyms_and_organisations_are_not_places(geocoder: Geocoder) -> None:
    parsed = parse("Afghan officials said the Afghan army guarded Kabul Bank while American "
                   "diplomats met Pakistani envoys in Islamabad.")
    texts = [p.text for p in geocoder.places(parsed)]
    assert "Islamabad" in texts
    for word in ("Afghan", "American", "Pakistani"):
        assert word not in texts
    assert not any("Bank" in t for t in texts)


def test_nothing_known_gives_an_empty_location(geocoder: Geocoder) -> None:
    loc, _ = locate(geocoder, "A man was shot and wounded on Tuesday night, police said.")
    assert loc == Location()


def test_thousands_of_capitalised_words_stay_fast_and_sane(geocoder: Geocoder) -> None:
    rng = random.Random(7)
    words = ("Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliet Kilo Lima Mike November "
             "Oscar Papa Quebec Romeo Sierra Tango Uniform Victor Whiskey Xray Yankee Zulu Paris Berlin "
             "London Madrid Springfield Georgia Jordan Chad Victoria Florence").split()
    text = "Gunmen attacked. " + " ".join(rng.choice(words) for _ in range(5000)) + "."
    parsed = parse(text)
    started = time.perf_counter()
    places = geocoder.places(parsed)
    geocoder.locate(parsed, first_sentence_incident(parsed), places)
    assert time.perf_counter() - started < 5.0
    assert len(places) < 5000
    assert all(parsed.article.text[p.start:p.end] == p.text for p in places)


def test_a_500_character_place_name_does_not_crash(geocoder: Geocoder) -> None:
    name = "Q" + "a" * 499
    assert geocoder.gazetteer.lookup(name) == []
    loc, parsed = locate(geocoder, f"A bomb exploded in {name} City on Monday.")
    assert isinstance(loc, Location)
    assert all(len(p.text) < 500 for p in geocoder.places(parsed))


def test_index_is_cached_and_quick_to_open() -> None:
    path = index_path()
    Gazetteer()  # builds once per cache dir
    mtime = path.stat().st_mtime
    started = time.perf_counter()
    gazetteer = Gazetteer()
    kabul = gazetteer.lookup("Kabul")
    assert time.perf_counter() - started < 2.0
    assert path.stat().st_mtime == mtime  # not rebuilt
    assert kabul and kabul[0].country_code == "AF"
    assert not list(path.parent.glob("*.tmp"))  # no half-written index left behind


def locate_article(geocoder: Geocoder, text: str, title: str | None = None) -> Location:
    parsed = default_pipeline().parse(Article(id="t", text=text, title=title))
    places = geocoder.places(parsed)
    return geocoder.locate(parsed, first_sentence_incident(parsed), places)


def test_dateline_glued_to_the_headline(geocoder: Geocoder) -> None:
    title = "Man hurt in overnight shooting | Channel 9"
    loc = locate_article(geocoder, title + "MILWAUKEE — A man was shot and wounded early Sunday, "
                                           "police said.", title)
    assert (loc.name, loc.admin1) == ("Milwaukee", "Wisconsin")


def test_town_named_by_its_police(geocoder: Geocoder) -> None:
    loc, _ = locate(geocoder, "Durham police are investigating a shooting that wounded two men on Friday.")
    assert (loc.name, loc.admin1) == ("Durham", "North Carolina")


def test_quarter_unknown_to_the_gazetteer_is_in_the_town_whose_police_report_it(geocoder: Geocoder) -> None:
    loc, _ = locate(geocoder, "Two men were wounded in a shooting in Kensington on Friday night, "
                              "Philadelphia police said.")
    assert (loc.name, loc.admin1, loc.text) == ("Philadelphia", "Pennsylvania", "Kensington")


def test_publisher_in_the_headline_is_a_last_resort(geocoder: Geocoder) -> None:
    title = "Two hurt in Muncie shooting - WXYZ Indianapolis"
    loc = locate_article(geocoder, title + "\n\nTwo people were hurt in a shooting on Saturday, police said.",
                         title)
    assert (loc.name, loc.admin1) == ("Muncie", "Indiana")


def test_street_corners_and_businesses_are_not_towns(geocoder: Geocoder) -> None:
    loc, _ = locate(geocoder, "A man was shot near Clinton & Madison on Sunday, Tulsa police said.")
    assert (loc.name, loc.admin1) == ("Tulsa", "Oklahoma")
    loc, _ = locate(geocoder, "A man was shot outside a McDonald's in Tulsa on Sunday.")
    assert (loc.name, loc.admin1) == ("Tulsa", "Oklahoma")

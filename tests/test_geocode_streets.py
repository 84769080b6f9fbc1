"""Streets and roads are place mentions without coordinates; they never become the incident's place."""

from __future__ import annotations

import pytest

from incidentwire.geocode import Geocoder
from incidentwire.geocode.streets import STREET_FEATURE, street_spans
from incidentwire.models import Article, Incident
from incidentwire.nlp import default_pipeline


def streets(text: str) -> list[str]:
    return [text[s:e] for s, e in street_spans(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The crash happened on North Cooper Street near 40th Avenue South.", ["North Cooper Street", "40th Avenue South"]),
    ("Traffic was stopped on Interstate 75, I-40, County Road 43 and U.S. Highway 12 North.",
     ["Interstate 75", "I-40", "County Road 43", "U.S. Highway 12 North"]),
    ("Four people who live at 44 Hungerford St., were arrested.", ["Hungerford St."]),
    ("He was shot on Elm Street Tuesday night.", ["Elm Street"]),
    ("The Wall Street Journal and the S.C. Highway Patrol reported it.", []),
    ("The Canned Food Drive ends Friday. On Main Street, the parade begins.", ["Main Street"]),
    ("The party expands onto Rock Hill's Main Street this afternoon.", ["Main Street"]),
    ("Dr. Smith lives in Oak Hill. On Elm Road the police found him.", ["Elm Road"]),
])
def test_street_names_are_found_by_their_shape(text: str, expected: list[str]) -> None:
    assert streets(text) == expected


def test_streets_are_listed_without_coordinates_and_never_locate_an_incident(geocoder: Geocoder) -> None:
    text = "A man was shot on Shamrock Street in Gainesville, Fla., on Tuesday night, police said."
    parsed = default_pipeline().parse(Article(id="t", text=text))
    places = geocoder.places(parsed)
    street = next(p for p in places if p.text == "Shamrock Street")
    assert (street.feature, street.lat, street.lon, street.name) == (STREET_FEATURE, None, None, None)
    town = next(p for p in places if p.text == "Gainesville")
    assert (town.admin1, town.country_code) == ("Florida", "US")
    incident = Incident(id="i", evidence=[parsed.article.evidence(0, len(text))])
    location = geocoder.locate(parsed, incident, places)
    assert (location.name, location.text) == ("Gainesville", "Gainesville")


def test_a_street_named_after_a_town_is_not_that_town(geocoder: Geocoder) -> None:
    text = "The fire at 6016 Dublin Road destroyed a mobile home in Alexandria, La., on Saturday."
    places = geocoder.places(default_pipeline().parse(Article(id="t", text=text)))
    assert not any(p.name == "Dublin" for p in places)
    assert any(p.text == "Dublin Road" and p.feature == STREET_FEATURE for p in places)

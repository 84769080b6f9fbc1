"""A car in a crime report is no place: "a silver 4 door Dodge" is not Dodge City, "a white
Chevrolet Malibu" not Malibu, California; the city of Pontiac and a county list's Lincoln stay places."""

from __future__ import annotations

import pytest

from geocode_support import places
from incidentwire.geocode import Geocoder
from incidentwire.geocode.shapes import vehicle_shaped


def test_cars_are_no_places(geocoder: Geocoder) -> None:
    found = places(geocoder, "SAVANNAH, Ga. (WTOC) - Police are looking for two men after a shooting on Sunday. The "
                             "suspects were last seen driving westbound on Abercorn Street in a silver 4-door Dodge "
                             "with a paper tag.\n\nIf you see the car, call police.")
    assert "Dodge" not in [p.text for p in found]  # was Dodge County, Georgia
    assert [p.text for p in found if p.name] == ["SAVANNAH", "Ga."]
    found = places(geocoder, "A man was shot in Savannah on Sunday. A maroon Ford Taurus and a white Chevrolet "
                             "Malibu were seen nearby.")
    assert [(p.text, p.admin1) for p in found] == [("Savannah", "Georgia")]


def test_towns_named_like_cars_stay_places(geocoder: Geocoder) -> None:
    found = places(geocoder, "PONTIAC, Mich. (WXYZ) - A man was shot. Witnesses were taken to the Pontiac "
                             "substation. Deputies from Lincoln County helped.")
    assert [p.text for p in found if p.name] == ["PONTIAC", "Mich.", "Pontiac", "Lincoln County"]


@pytest.mark.parametrize(("text", "word", "car"), [
    ("a 2004 Toyota Camry", "Toyota", True),
    ("a Ford pickup truck", "Ford", True),
    ("a Gold colored Cadillac", "Cadillac", True),
    ("the Lincoln Town Car", "Lincoln", True),
    ("in Ford City on Sunday", "Ford", False),
    ("a shooting in Malibu on Sunday", "Malibu", False),
    ("Pontiac Police Chief", "Pontiac", False),
])
def test_a_make_is_a_car_by_its_colour_year_or_model(text: str, word: str, car: bool) -> None:
    start = text.index(word)
    assert vehicle_shaped(text, start, start + len(word)) is car

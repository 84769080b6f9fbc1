"""The place inside the name of its own government, court, party or guard is a place; a bank,
a hospital or a school named after a place is not."""

from __future__ import annotations

import pytest

from incidentwire.geocode import Geocoder
from incidentwire.models import Article
from incidentwire.nlp import default_pipeline


def found(geocoder: Geocoder, text: str) -> list[tuple[str, str | None]]:
    return [(p.text, p.admin1) for p in geocoder.places(default_pipeline().parse(Article(id="t", text=text)))]


@pytest.mark.parametrize(("text", "expected"), [
    ("The Ohio Supreme Court ruled on Monday.", [("Ohio", "Ohio")]),
    ("He was a member of the Texas Army National Guard.", [("Texas", "Texas")]),
    ("The case went to Clarke County Superior Court.", [("Clarke County", "Georgia")]),
    ("Tom Del Beccaro, vice chairman of the California Republican Party, spoke.", [("California", "California")]),
    ("The man was robbed at Kabul Bank and treated at Paris Community Hospital.", []),
])
def test_places_inside_institution_names(geocoder: Geocoder, text: str, expected: list) -> None:
    assert found(geocoder, text) == expected


def test_saint_is_not_street(geocoder: Geocoder) -> None:
    text = "Mounds were built in our area from St. Albans to Charleston, W.Va., centuries ago."
    assert ("St. Albans", "West Virginia") in found(geocoder, text)


def test_a_county_named_like_a_foreign_province_is_still_found(geocoder: Geocoder) -> None:
    text = ("Seat belt use fell in Kansas last year. Leavenworth County rose, while Johnson, Douglas and "
            "Wyandotte counties fell.")
    assert ("Douglas", "Kansas") in found(geocoder, text)


@pytest.mark.parametrize(("text", "expected"), [
    ("The S.C. Highway Patrol said the crash closed the road.", ("S.C.", "South Carolina")),
    ("Lt. Mike Murphy of the Florida Highway Patrol said the vehicles overturned.", ("Florida", "Florida")),
    ("Algae blooms spread on Lake Erie this summer.", ("Lake Erie", None)),
])
def test_state_initials_patrols_and_lakes(geocoder: Geocoder, text: str, expected: tuple) -> None:
    assert expected in found(geocoder, text)

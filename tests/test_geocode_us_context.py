"""American local news names a lone town ("Syracuse", "Beebe") with no state: the article's
vocabulary (sheriff's deputies, "3 p.m.", 911, "Cook County") says the town is American; a town
an article names twice is the same town both times; "Memphis, Tennessee" in a station's banner
is Memphis."""

from __future__ import annotations

import pytest

from geocode_support import places
from incidentwire.geocode import Geocoder
from incidentwire.geocode.context import us_word_share


def test_american_news_words_are_counted_once_per_family() -> None:
    assert us_word_share("Sheriff's deputies were called at 3:15 p.m. after a 911 call.") == 1.0
    assert us_word_share("Deputies said deputies and more deputies came.") == pytest.approx(1 / 3)
    assert us_word_share("Gardaí in County Cork said the man was shot at 9.30pm.") == 0.0
    assert us_word_share("") == 0.0


def test_a_lone_town_in_american_news_is_the_american_one(geocoder: Geocoder) -> None:
    text = ("A man was shot in Syracuse on Tuesday at 9 p.m., the police department said. "
            "Sheriff's deputies and the district attorney are investigating.")
    place = next(p for p in places(geocoder, text) if p.text == "Syracuse")
    assert (place.country_code, place.admin1) == ("US", "New York")


def test_a_small_town_with_no_other_place_is_resolved_in_american_news(geocoder: Geocoder) -> None:
    text = "Police said an 18-month-old died after a shooting in Beebe on Sunday at 3 p.m. Deputies called 911."
    place = next(p for p in places(geocoder, text) if p.text == "Beebe")
    assert (place.name, place.admin1) == ("Beebe", "Arkansas")


def test_a_town_named_twice_is_resolved_both_times(geocoder: Geocoder) -> None:
    text = ("A Campbellsville man was shot Tuesday night, police said. The shooting happened on "
            "Main Street in Campbellsville.")
    found = [p for p in places(geocoder, text) if p.text == "Campbellsville"]
    assert len(found) == 2
    assert {(p.name, p.admin1) for p in found} == {("Campbellsville", "Kentucky")}


def test_a_town_and_its_state_in_a_banner_is_that_town(geocoder: Geocoder) -> None:
    text = ("Five people shot in apartment complex - WMC Action News 5 - Memphis, Tennessee\n\n"
            "(WMC) - Five people were shot at an apartment complex on Sunday.")
    place = next(p for p in places(geocoder, text) if p.text == "Memphis")
    assert (place.name, place.admin1) == ("Memphis", "Tennessee")


def test_a_side_of_a_big_city_is_that_city_not_a_hamlet_of_that_alternate_name(geocoder: Geocoder) -> None:
    place = next(p for p in places(geocoder, "A man was shot in west Charlotte on Tuesday, police said.")
                 if p.text == "west Charlotte")
    assert (place.name, place.admin1) == ("Charlotte", "North Carolina")
    found = {p.text: p.admin1 for p in places(geocoder, "He was shot in West Virginia and taken to East Orange.")}
    assert found == {"West Virginia": "West Virginia", "East Orange": "New Jersey"}

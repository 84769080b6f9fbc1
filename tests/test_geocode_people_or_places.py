"""A town the language model took for a person is still a place when the article lists it with
places or names it as a place elsewhere; a surname stays a surname."""

from __future__ import annotations

from geocode_support import places
from incidentwire.geocode import Geocoder


def test_a_town_listed_with_places_is_a_place(geocoder: Geocoder) -> None:
    found = places(geocoder, "Mosquitoes in East Providence and Barrington have tested positive for West Nile "
                             "virus, according to Rhode Island health officials.")
    assert any(p.text == "Barrington" and p.admin1 == "Rhode Island" for p in found)
    found = places(geocoder, "Floods hit Moonbi, Parkes, Berry and Wyong in regional NSW on Sunday.")
    assert {p.text for p in found if p.admin1 == "New South Wales"} >= {"Parkes", "Berry", "Wyong"}


def test_a_town_named_as_a_place_elsewhere_is_that_place_again(geocoder: Geocoder) -> None:
    found = places(geocoder, "Police in Gainesville, Fla., arrested a man. Gainesville has had three robberies "
                             "this month.")
    assert [p.admin1 for p in found if p.text == "Gainesville"] == ["Florida", "Florida"]


def test_a_surname_is_not_a_town(geocoder: Geocoder) -> None:
    found = places(geocoder, "Christine Belford was seen in Trenton and Camden. Belford, Camden and Trenton "
                             "police said, had left early.")
    assert not any(p.text == "Belford" for p in found)
    assert sum(p.text == "Camden" for p in found) == 2


def test_a_title_taken_for_a_person_does_not_make_its_place_a_surname(geocoder: Geocoder) -> None:
    # spaCy tags "Rethinking Egypt" and "Historic Dublin" PERSON; neither is anybody's name
    found = places(geocoder, "Rethinking Egypt: a talk by the former ambassador. Egypt, for its part, needs to "
                             "build its credibility. Officials in Cairo declined to comment.")
    assert [p.text for p in found if p.country_code == "EG"] == ["Egypt", "Cairo"]
    found = places(geocoder, "Volunteers from Historic Dublin met on Monday. Dublin officials said the project "
                             "would help visitors.")
    assert any(p.text == "Dublin" for p in found)


def test_a_city_used_like_a_demonym_is_a_place_but_a_demonym_is_not(geocoder: Geocoder) -> None:
    found = places(geocoder, "A Memphis man was shot Tuesday, police said.")
    assert [(p.text, p.admin1) for p in found] == [("Memphis", "Tennessee")]
    assert places(geocoder, "Two Somali men and an Afghan man were arrested by Canadian police.") == []


def test_a_place_whose_name_ends_in_a_common_word_is_found(geocoder: Geocoder) -> None:
    found = places(geocoder, "The Newport News Police Department said a man was shot.")
    assert [(p.text, p.admin1) for p in found] == [("Newport News", "Virginia")]

"""Toponym recognition and resolution on hand-written sentences (issue 3: the geo corpora's misses)."""

from __future__ import annotations

from geocode_support import places
from incidentwire.geocode import Geocoder
from incidentwire.geocode.resolve import haversine_km
from incidentwire.models import Place


def place(geocoder: Geocoder, text: str, written: str) -> Place:
    found = [p for p in places(geocoder, text) if p.text == written]
    assert found, f"{written!r} not found as a place in {text!r}"
    return found[0]


def test_a_name_after_a_sentence_opening_word_is_a_place(geocoder: Geocoder) -> None:
    p = place(geocoder, "Police said the store was robbed at noon. A Gainesville man was arrested on Tuesday "
                        "and taken to the Alachua County jail, Florida officials said.", "Gainesville")
    assert p.admin1 == "Florida"


def test_a_place_before_a_common_noun_is_a_place(geocoder: Geocoder) -> None:
    p = place(geocoder, "She was taken to a Pittsburgh hospital after the crash.", "Pittsburgh")
    assert p.country_code == "US"


def test_legislators_state_after_the_party_is_the_state(geocoder: Geocoder) -> None:
    p = place(geocoder, "Rep. Charles Rangel, D-N.Y., chairman of the committee, opposed the bill.", "N.Y.")
    assert (p.feature, p.admin1) == ("A.ADM1", "New York")


def test_regions_and_seas_the_gazetteer_lacks_are_resolved(geocoder: Geocoder) -> None:
    found = {p.name: p for p in places(geocoder, "Aid convoys reached Darfur on Monday while the ship "
                                                 "sank in the Black Sea.")}
    assert found["Darfur"].country_code == "SD"
    assert haversine_km(found["Darfur"].lat, found["Darfur"].lon, 13.5, 24.0) < 161
    assert haversine_km(found["Black Sea"].lat, found["Black Sea"].lon, 43.0, 35.0) < 161


def test_a_sparse_province_is_placed_at_its_middle_not_near_its_towns(geocoder: Geocoder) -> None:
    p = place(geocoder, "Heavy snow closed roads across Ontario on Sunday.", "Ontario")
    assert p.feature == "A.ADM1"
    assert haversine_km(p.lat, p.lon, 50.0, -85.0) < 161  # the derived centre lay 500 km south


def test_a_country_named_apart_from_its_capital_is_the_country(geocoder: Geocoder) -> None:
    found = {p.text: p for p in places(geocoder, "Health officials in Mexico confirmed 20 cases, and schools "
                                                 "in Mexico City were closed.")}
    assert found["Mexico"].feature == "A.PCLI"
    assert found["Mexico City"].feature == "P.PPLC"


def test_a_country_of_the_united_kingdom_is_not_the_kingdom(geocoder: Geocoder) -> None:
    p = place(geocoder, "Farmers in Scotland reported the first cases of the disease.", "Scotland")
    assert (p.feature, p.country_code) == ("A.ADM1", "GB")


def test_a_possessive_is_not_part_of_the_name(geocoder: Geocoder) -> None:
    p = next(p for p in places(geocoder, "A statement from the United Kingdom's Health Ministry followed.")
             if "United Kingdom" in p.text)
    assert p.country_code == "GB"


def test_a_list_of_counties_makes_each_name_a_county(geocoder: Geocoder) -> None:
    found = {p.text: p for p in places(geocoder, "Flood warnings were issued for Butler, Clark and Warren "
                                                 "counties in Ohio on Friday.")}
    assert found["Clark"].feature == "A.ADM2"
    assert found["Butler"].admin1 == "Ohio"


def test_demonyms_stay_out_while_misread_names_come_in(geocoder: Geocoder) -> None:
    texts = [p.text for p in places(geocoder, "Syrian and Russian officials discussed the evacuation of "
                                              "Aleppo, Syria's largest city.")]
    assert "Aleppo" in texts
    assert "Syrian" not in texts and "Russian" not in texts


def test_an_incident_in_a_region_has_area_precision_not_a_town():
    """Regions and seas from geocode/regions.py are areas: the record must not claim city precision."""
    from incidentwire import extract

    darfur = extract("Gunmen attacked a village in Darfur on Monday, killing 12 people.", published="2014-03-03")[0]
    assert (darfur.location.name, darfur.location.precision) == ("Darfur", "admin1")
    sea = extract("Pirates attacked a ship in the Black Sea on Monday, killing two sailors.", published="2014-03-03")[0]
    assert sea.location.precision == "country"

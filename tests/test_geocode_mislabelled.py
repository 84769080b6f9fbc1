"""A town the named-entity model labels as something else is still a place: "a shooting in
Chattanooga Sunday" (one DATE entity), "Teen dies in Chattanooga laundromat shooting" (PRODUCT);
the words of a date ("Memorial Day", "Good Friday") stay no places."""

from __future__ import annotations

from geocode_support import places
from incidentwire.geocode import Geocoder


def test_a_town_read_as_part_of_a_date_or_a_product_is_a_place(geocoder: Geocoder) -> None:
    text = ("Teen dies in Chattanooga laundromat shooting\n\nPublished on Jun 24, 2013\n\nA teenager is dead and "
            "three other men are injured after a shooting in Chattanooga Sunday.")
    found = [(p.text, p.admin1) for p in places(geocoder, text) if p.name]
    assert found == [("Chattanooga", "Tennessee"), ("Chattanooga", "Tennessee")]


def test_the_words_of_a_date_are_no_places(geocoder: Geocoder) -> None:
    found = places(geocoder, "Two men were shot in Memphis on Memorial Day and a third on Good Friday.")
    assert [p.text for p in found if p.name] == ["Memphis"]

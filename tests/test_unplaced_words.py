"""A place the incident's sentence names that the gazetteer lacks ("near Lingle") gives the
location its words, while the coordinates stay those of the place we could resolve (Goshen
County); with nothing resolved, the words alone and no made-up coordinates."""

from __future__ import annotations

import pytest

from incidentwire import learned
from incidentwire.geocode import Geocoder
from incidentwire.geocode.incident_place import _isolated
from incidentwire.models import Article, Incident, Location, Place
from incidentwire.nlp import default_pipeline


def locate_first_sentence(geocoder: Geocoder, text: str) -> Location:
    parsed = default_pipeline().parse(Article(id="t", text=text))
    first = next(iter(parsed.doc.sents))
    incident = Incident(id="i", evidence=[parsed.article.evidence(first.start_char, first.end_char)])
    return geocoder.locate(parsed, incident, geocoder.places(parsed))


@pytest.mark.parametrize("rules", [False, True])
def test_an_unknown_village_keeps_its_words_and_the_county_places_it(geocoder: Geocoder, rules: bool) -> None:
    text = "A man was shot near Lingle on Sunday, the Goshen County Sheriff's Office said."
    if rules:
        with learned.rules_only():
            loc = locate_first_sentence(geocoder, text)
    else:
        loc = locate_first_sentence(geocoder, text)
    assert (loc.name, loc.admin1, loc.precision, loc.text) == ("Goshen County", "Wyoming", "admin2", "Lingle")
    assert loc.lat is not None
    assert loc.evidence and "near Lingle" in loc.evidence[0].text


def test_a_place_said_in_passing_does_not_rename_the_location(geocoder: Geocoder) -> None:
    loc = locate_first_sentence(geocoder, "A man was shot in Gainesville, Fla., on Sunday. He grew up in Lingle.")
    assert (loc.name, loc.text) == ("Gainesville", "Gainesville")


def place(name: str, lat: float, lon: float, admin1: str, feature: str = "P.PPL") -> Place:
    return Place(text=name, start=0, end=len(name), name=name, lat=lat, lon=lon, admin1=admin1,
                 country_code="US", feature=feature, geonames_id=hash(name) % 10_000)


def test_a_town_far_from_every_other_place_of_the_article_is_isolated() -> None:
    ensley_fla = place("Ensley", 30.52, -87.27, "Florida")
    birmingham = place("Birmingham", 33.52, -86.80, "Alabama")
    hoover = place("Hoover", 33.41, -86.81, "Alabama")
    alabama = place("Alabama", 32.75, -86.75, "Alabama", "A.ADM1")
    assert _isolated(ensley_fla, [birmingham])
    assert not _isolated(hoover, [birmingham])
    assert not _isolated(hoover, [alabama])  # inside the state the article names
    assert not _isolated(ensley_fla, [])  # nothing to be far from


def test_a_quarter_is_quoted_and_placed_at_its_town(geocoder: Geocoder) -> None:
    text = "A Memphis man was shot in the Whitehaven neighborhood on Sunday, Memphis police said."
    parsed = default_pipeline().parse(Article(id="t", text=text))
    quarter = next(p for p in geocoder.places(parsed) if p.text == "Whitehaven")
    assert quarter.lat is None and quarter.name is None  # not Whitehaven, England
    loc = locate_first_sentence(geocoder, text)
    assert (loc.name, loc.admin1, loc.precision, loc.text) == ("Memphis", "Tennessee", "city", "Whitehaven")


def test_a_large_quarter_the_text_qualifies_with_its_city_is_named_by_the_city(geocoder: Geocoder) -> None:
    """ "East Flatbush, Brooklyn" (178,000 people in cities500) is Brooklyn at East Flatbush's
    coordinates; Pasadena, merely near Los Angeles in the same article, stays Pasadena."""
    loc = locate_first_sentence(geocoder, "Four young men were shot at a party in East Flatbush, Brooklyn, early "
                                          "Sunday, police said.")
    assert (loc.name, loc.admin2, loc.text) == ("Brooklyn", "Kings County", "East Flatbush")
    assert (round(loc.lat or 0, 2), round(loc.lon or 0, 2)) == (40.65, -73.93)  # East Flatbush, not Brooklyn's centre
    loc = locate_first_sentence(geocoder, "A man was shot in Pasadena on Sunday, Los Angeles County deputies said. "
                                          "Los Angeles police were not involved.")
    assert loc.name == "Pasadena"


def test_a_dateline_town_the_gazetteer_lacks_keeps_its_words(geocoder: Geocoder) -> None:
    """"PINETOWN, N.C." was read as North Carolina alone and the record said only Beaufort County;
    a byline's "in News" is no village."""
    loc = locate_first_sentence(geocoder, "PINETOWN, N.C. (WNCT) - A 6-year-old girl was killed Tuesday in a "
                                          "shooting, the Beaufort County Sheriff's Office said.")
    assert (loc.name, loc.admin1, loc.precision, loc.text) == ("Beaufort County", "North Carolina", "admin2",
                                                               "PINETOWN")
    parsed = default_pipeline().parse(Article(id="t", text=(
        "Boy dead after shooting in Gilmer County\n\nBy Alex Wiederspiel in News | November 23, 2016\n\n"
        "TROY, W.Va. - A ten-year-old boy is dead following an accidental shooting in Gilmer County.")))
    lead = next(s for s in parsed.doc.sents if "ten-year-old" in s.text)
    incident = Incident(id="i", evidence=[parsed.article.evidence(lead.start_char, lead.end_char)])
    loc = geocoder.locate(parsed, incident, geocoder.places(parsed))
    assert (loc.name, loc.text) == ("Gilmer County", "TROY")
    # a dateline that names the state itself is no town, and a resolved dateline town stays itself
    loc = locate_first_sentence(geocoder, "GAINESVILLE, Fla. - A man was shot on Sunday in Alachua County.")
    assert loc.text != "Fla."


def test_the_headline_names_the_dateline_town_not_its_namesake_elsewhere(geocoder: Geocoder) -> None:
    """The gazetteer knows only Howland, Maine: "HOWLAND, Ohio" is Ohio, and so is the headline's
    "Howland", which used to put the shooting in Maine."""
    text = ("Four victims named in Howland shooting\n\nHOWLAND, Ohio (WKBN) - Police have named four victims "
            "from Saturday's shooting at a home on Niles Road.")
    parsed = default_pipeline().parse(Article(id="t", text=text))
    places = geocoder.places(parsed)
    assert [(p.text, p.admin1) for p in places if p.text.lower() == "howland"] == [("Howland", "Ohio"),
                                                                                 ("HOWLAND", "Ohio")]
    lead = next(s for s in parsed.doc.sents if "Police" in s.text)
    loc = geocoder.locate(parsed, Incident(id="i", evidence=[parsed.article.evidence(lead.start_char, lead.end_char)]),
                          places)
    assert loc.admin1 == "Ohio" and loc.text.lower() == "howland"


def test_a_town_the_gazetteer_lacks_in_a_sentence_keeps_its_words(geocoder: Geocoder) -> None:
    """Not only a dateline's: "in Pinetown, North Carolina" (only Pinetown, South Africa in the
    gazetteer) is the Beaufort County of the same sentence, in the words "Pinetown"."""
    loc = locate_first_sentence(geocoder, "A woman died in an accidental shooting on Main Street in Pinetown, North "
                                          "Carolina, the Beaufort County Sheriff's Office said.")
    assert (loc.name, loc.admin1, loc.precision, loc.text) == ("Beaufort County", "North Carolina", "admin2",
                                                               "Pinetown")


def test_a_county_named_after_a_state_is_no_state(geocoder: Geocoder) -> None:
    loc = locate_first_sentence(geocoder, "A boy was shot in Chester, Delaware County on Monday afternoon.")
    assert (loc.name, loc.admin1) == ("Chester", "Pennsylvania")

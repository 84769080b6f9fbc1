"""The US states an article's words name (also inside organisation names) decide between
namesakes in different states: Kansas City, Kan. vs Kansas City, Mo.; Springfield, Mo. vs Mass."""

from __future__ import annotations

import pytest

from incidentwire.geocode import Geocoder
from incidentwire.geocode.context import state_mentions, state_shares
from incidentwire.geocode.resolve import FEATURES, HAND, learned_weights
from incidentwire.models import Article
from incidentwire.nlp import default_pipeline


def admin1_of(geocoder: Geocoder, text: str, name: str) -> str | None:
    parsed = default_pipeline().parse(Article(id="t", text=text))
    return next(p.admin1 for p in geocoder.places(parsed) if p.text == name)


def codes(text: str) -> list[str]:
    return sorted(code for _, _, code in state_mentions(text))


def test_state_names_and_abbreviations_are_found_where_they_stand() -> None:
    assert codes("The Tennessee Bureau of Investigation said") == ["US.TN"]
    assert codes("MANCHESTER, IL (KMOX) - Illinois State Police") == ["US.IL", "US.IL"]
    assert codes("in Athens, Ga., on Friday") == ["US.GA"]


def test_places_named_after_a_state_are_not_the_state() -> None:
    assert codes("He was shot in Kansas City near Georgia Avenue in Virginia Beach") == []
    assert codes("a rally in Washington, D.C.") == ["US.DC"]
    assert codes("officials in Washington said") == []  # the capital, mostly


def test_a_state_name_does_not_vouch_for_itself() -> None:
    states = state_mentions("Georgia police said a man from Georgia was shot in Ohio.")
    start = 0
    assert state_shares(states, start, start + len("Georgia")) == {"US.GA": 0.5, "US.OH": 0.5}
    assert state_shares([], 0, 0) == {}


@pytest.mark.parametrize(("text", "state"), [
    ("A man was killed in Kansas City on Sunday night, the Kansas Bureau of Investigation said.", "Kansas"),
    ("A man was killed in Kansas City on Sunday night, police said.", "Missouri"),
    ("A woman was shot in Springfield on Tuesday. The Missouri State Highway Patrol is investigating.", "Missouri"),
    ("A woman was shot in Springfield on Tuesday. Massachusetts State Police are investigating.", "Massachusetts"),
])
def test_the_articles_state_words_choose_the_namesake(geocoder: Geocoder, text: str, state: str) -> None:
    assert admin1_of(geocoder, text, text.split(" in ")[1].split(" on ")[0]) == state


def test_shipped_weights_know_the_state_context_feature() -> None:
    weights = learned_weights()
    assert weights is not HAND
    assert weights.weights[FEATURES.index("text_state")] > 0


def test_town_unknown_in_its_stated_state_falls_back_to_the_state(geocoder: Geocoder) -> None:
    # The bundled gazetteer knows a small Mannsville in Oklahoma, none in Kentucky.
    text = ("A man was shot in Mannsville, Ky., on Friday. Kentucky State Police said the Kentucky "
            "man was taken to a hospital.")
    parsed = default_pipeline().parse(Article(id="t", text=text))
    place = next(p for p in geocoder.places(parsed) if p.text == "Mannsville")
    assert (place.name, place.admin1, place.feature) == ("Kentucky", "Kentucky", "A.ADM1")


def test_a_town_the_state_does_have_is_kept(geocoder: Geocoder) -> None:
    text = "A man was shot in Lexington, Ky., on Friday. Kentucky State Police are investigating."
    assert admin1_of(geocoder, text, "Lexington") == "Kentucky"
    parsed = default_pipeline().parse(Article(id="t", text=text))
    assert next(p for p in geocoder.places(parsed) if p.text == "Lexington").name == "Lexington"

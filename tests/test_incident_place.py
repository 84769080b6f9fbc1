"""The learned choice of the incident's place among the article's places, and its rules fallback."""

from __future__ import annotations

import pytest

from incidentwire import learned
from incidentwire.geocode import Geocoder
from incidentwire.geocode.incident_place import MODEL_NAME, candidates
from incidentwire.geocode.locate import choose_by_rules
from incidentwire.models import Article, Incident, Location
from incidentwire.nlp import ParsedDoc, default_pipeline


def parse(text: str, title: str | None = None) -> ParsedDoc:
    return default_pipeline().parse(Article(id="t", text=text, title=title))


def incident_of(parsed: ParsedDoc, *containing: str) -> Incident:
    """An incident whose evidence is the sentences containing each of `containing` (in order)."""
    sents = [next(s for s in parsed.doc.sents if c in s.text) for c in containing]
    return Incident(id="i", evidence=[parsed.article.evidence(s.start_char, s.end_char) for s in sents])


def locate(geocoder: Geocoder, text: str, *containing: str, title: str | None = None) -> Location:
    parsed = parse(text, title)
    return geocoder.locate(parsed, incident_of(parsed, *containing), geocoder.places(parsed))


def features_by_name(geocoder: Geocoder, text: str, *containing: str) -> dict[str, dict[str, float]]:
    parsed = parse(text)
    places = geocoder.places(parsed)
    inc = incident_of(parsed, *containing)
    rule = choose_by_rules(parsed, inc, places)
    return {c.place.name or "": c.features for c in candidates(parsed, inc, places, rule, geocoder._population.get)}


def test_the_model_is_shipped_with_held_out_weights_for_every_fold() -> None:
    model = learned.model(MODEL_NAME)
    assert model is not None and model.weights
    for fold in range(5):
        with learned.held_out(fold):
            assert learned.model(MODEL_NAME) is not None
    with learned.rules_only():
        assert learned.model(MODEL_NAME) is None


def test_candidates_describe_how_the_article_names_each_place(geocoder: Geocoder) -> None:
    feats = features_by_name(
        geocoder, "A man was shot and killed Tuesday night in Gainesville, Florida, police said. "
                  "He was taken to a hospital in Ocala, where he died.", "shot and killed")
    gainesville, ocala, florida = feats["Gainesville"], feats["Ocala"], feats["Florida"]
    assert gainesville.get("locative_in_evidence") and gainesville.get("inside_named_admin1")
    assert gainesville.get("rule_choice") and not ocala.get("rule_choice")
    assert not ocala.get("in_evidence") and ocala.get("transport_context")
    assert florida.get("level_admin1") and florida.get("contains_named_city")


@pytest.mark.parametrize("rules", [False, True])
def test_the_town_of_the_shooting_not_the_hospital_town(geocoder: Geocoder, rules: bool) -> None:
    text = ("A 17-year-old was shot in Gainesville on Saturday night, police said. "
            "He was taken to a hospital in Ocala, where he is in stable condition.")
    with learned.rules_only() if rules else learned.held_out(None):
        loc = locate(geocoder, text, "was shot", "hospital")
    assert (loc.name, loc.admin1, loc.precision) == ("Gainesville", "Florida", "city")


@pytest.mark.parametrize("rules", [False, True])
def test_only_a_state_named_gives_admin1_precision(geocoder: Geocoder, rules: bool) -> None:
    with learned.rules_only() if rules else learned.held_out(None):
        loc = locate(geocoder, "Two hunters were wounded in a shooting accident in rural Montana on Sunday.",
                     "hunters")
    assert (loc.name, loc.admin1, loc.precision) == ("Montana", "Montana", "admin1")

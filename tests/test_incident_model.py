"""The learned relevance and category of candidate incidents, and the rules they fall back to."""

from __future__ import annotations

import pytest

from incidentwire import extract, learned
from incidentwire.extractors import incident_model
from incidentwire.extractors.incident_model import CATEGORY, RELEVANCE, class_scores

REPORT = ("Gunmen shot and killed two farmers in the village of San Pedro on Monday, police said. "
          "The attackers fled on foot.")
BOMBING = ("A car bomb exploded outside the electricity company's offices in the capital on Tuesday, "
           "wounding three guards and destroying the building's front.")
KIDNAPPING = ("Armed men kidnapped a businessman on Friday as he left his home in the city, "
              "and his family has received a ransom demand.")


def test_the_category_model_is_shipped_and_the_relevance_model_is_not() -> None:
    """The relevance model scored worse than the rules on muc4_dev (scripts/train_incident_models.py)."""
    assert learned.model(CATEGORY) is not None
    assert learned.model(RELEVANCE) is None


@pytest.mark.parametrize(("text", "category"), [(REPORT, "armed_assault"), (BOMBING, "bombing"),
                                                (KIDNAPPING, "kidnapping")])
def test_a_report_is_an_incident_of_its_kind_with_and_without_models(text: str, category: str) -> None:
    learned_incidents = extract(text, published="1990-02-04")
    with learned.rules_only():
        rules_incidents = extract(text, published="1990-02-04")
    for incidents in (learned_incidents, rules_incidents):
        assert incidents, text
        assert incidents[0].category == category


TWO_INCIDENTS = ("Gunmen shot dead a judge outside the court in the capital on Monday, police said. "
                 "Last year, a bomb killed 12 people at the same court.")


def _with_relevance(monkeypatch: pytest.MonkeyPatch, model: learned.LinearModel) -> None:
    real = learned.model
    monkeypatch.setattr(incident_model.learned, "model", lambda name: model if name == RELEVANCE else real(name))


NO_CASUALTIES = ("Gunmen attacked a police post in the capital on Monday and fled after a brief exchange of fire, "
                 "police said.")


def test_an_article_the_relevance_model_rejects_reports_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    with learned.rules_only():
        assert extract(NO_CASUALTIES, published="2020-03-04")
    _with_relevance(monkeypatch, learned.LinearModel(RELEVANCE, {}, bias=-10.0))
    assert extract(NO_CASUALTIES, published="2020-03-04") == []
    assert len(extract(TWO_INCIDENTS, published="2020-03-04")) == 2  # casualties: never dropped by the model


def test_a_relevant_article_keeps_the_background_incidents_the_rules_keep(monkeypatch: pytest.MonkeyPatch) -> None:
    # probable: the main candidate only; the background one stays because the rules keep it
    _with_relevance(monkeypatch, learned.LinearModel(RELEVANCE, {"main": 20.0}, bias=-10.0))
    incidents = extract(TWO_INCIDENTS, published="2020-03-04")
    assert [i.category for i in incidents] == ["armed_assault", "bombing"]
    assert incidents[1].killed.best == 12


def test_rules_only_uses_no_model() -> None:
    with learned.rules_only():
        assert learned.model(RELEVANCE) is None
        assert learned.model(CATEGORY) is None


def test_class_scores_read_a_multinomial_model() -> None:
    model = learned.LinearModel("m", {"bombing|bias": -1.0, "bombing|t=bomb": 3.0, "armed_assault|bias": 0.5}, 0.0)
    scores = class_scores(model, {"t=bomb": 1.0})
    assert scores == {"bombing": 2.0, "armed_assault": 0.5}
    assert class_scores(model, {}) == {"bombing": -1.0, "armed_assault": 0.5}


def test_a_battle_with_casualties_is_reported_although_muc4_would_not_count_it():
    """The relevance model learned MUC-4's notion of relevance (no army-guerrilla fighting); our
    users code battles, so a report with casualties is never dropped by it."""
    from incidentwire import extract

    text = ("Heavy fighting between the army and rebels near Gulu on Monday left five rebels and two soldiers "
            "dead, the army said.")
    incidents = extract(text, published="2014-03-04")
    assert incidents and incidents[0].killed.best in (5, 7)

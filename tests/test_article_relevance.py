"""Whether an article reports an act at all (`extractors.article_relevance`), and one incident per
act in upper-case wire reports (`incidents.split_acts`), with the rules they fall back to."""

from __future__ import annotations

import pytest

from incidentwire import extract, learned
from incidentwire.extractors import article_relevance
from incidentwire.extractors.article_relevance import ACT_SENTENCE, ARTICLE_RELEVANCE, section_tags

TWO_ACTS = ("LIMA, 10 MAR 89 (EFE) -- [TEXT] IT WAS OFFICIALLY REPORTED TODAY THAT ALLEGED TERRORISTS "
            "MURDERED THREE PEASANTS IN THE TOWN OF SAN JUAN, AYACUCHO DEPARTMENT.\n\n"
            "   THE ATTACKERS FLED AFTER THE MURDER.\n\n"
            "   POLICE ALSO REPORTED THAT ON THE SAME DAY GUNMEN KILLED A MAYOR IN HUANTA.\n\n"
            "   THE MAYOR WAS SHOT FIVE TIMES.")
ATTACK = ("Gunmen attacked a police post in the capital on Monday and fled after a brief exchange of fire, "
          "police said.")


def test_both_models_are_shipped() -> None:
    assert learned.model(ACT_SENTENCE) is not None
    assert learned.model(ARTICLE_RELEVANCE) is not None


def test_section_tags_of_a_wire_header() -> None:
    header = "SAN SALVADOR, 20 OCT 89 (DOMESTIC SERVICE) -- [SPEECH] [PRESIDENT ALFREDO CRISTIANI] [TEXT] FELLOW"
    assert section_tags(header) == {"speech", "text"}  # a tag of more than two words is a name, not a section
    assert section_tags("A man was shot [pictured] on Monday.") == {"pictured"}
    assert section_tags("No tags here.") == set()


def test_an_upper_case_wire_report_of_two_acts_gives_two_incidents() -> None:
    incidents = extract(TWO_ACTS, published="1989-03-10")
    assert len(incidents) == 2
    first, second = ([e.text for e in i.evidence] for i in incidents)
    assert any("MURDERED THREE PEASANTS" in t for t in first)
    assert any("THE ATTACKERS FLED" in t for t in first)  # says more about the first act
    assert any("KILLED A MAYOR" in t for t in second)
    assert any("THE MAYOR WAS SHOT" in t for t in second)  # "the mayor": the act just told, not a new one
    assert incidents[0].killed.best == 3
    assert incidents[1].killed.best == 1


def test_without_the_models_the_acts_stay_one_incident() -> None:
    with learned.rules_only():
        incidents = extract(TWO_ACTS, published="1989-03-10")
    assert len(incidents) == 1
    assert len(incidents[0].evidence) == 4


def test_mixed_case_news_is_not_split_into_acts() -> None:
    """A news story retells its one shooting sentence after sentence; only wire reports list acts."""
    mixed = TWO_ACTS.lower().replace("lima", "Lima")
    assert len(extract(mixed, published="1989-03-10")) == 1


def _with_article_model(monkeypatch: pytest.MonkeyPatch, model: learned.LinearModel) -> None:
    real = learned.model
    monkeypatch.setattr(article_relevance.learned, "model",
                        lambda name: model if name == ARTICLE_RELEVANCE else real(name))


def test_a_wire_report_the_model_finds_no_report_of_yields_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    wire = ATTACK.upper()
    assert extract(wire, published="2020-03-04")
    _with_article_model(monkeypatch, learned.LinearModel(ARTICLE_RELEVANCE, {}, bias=-10.0))
    assert extract(wire, published="2020-03-04") == []
    # mixed-case news: the model only ever saw reports there, so the rules decide
    assert extract(ATTACK, published="2020-03-04")
    # a speech tag counts against a report, an act sentence for it
    _with_article_model(monkeypatch, learned.LinearModel(ARTICLE_RELEVANCE, {"tag=speech": -20.0, "act_max": 20.0},
                                                         bias=-5.0))
    assert extract(wire, published="2020-03-04")
    assert extract("[SPEECH] " + wire, published="2020-03-04") == []


def test_the_rules_decide_without_the_article_model() -> None:
    with learned.rules_only():
        assert extract("[SPEECH] " + ATTACK, published="2020-03-04")

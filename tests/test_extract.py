"""Extraction on the two founding articles and on small hand-written texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentwire import extract
from incidentwire.extractors.dates import find_dates
from incidentwire.extractors.numbers import parse_number
from incidentwire.models import Incident

CORPUS = Path(__file__).resolve().parents[1] / "demo" / "corpus"


@pytest.fixture(scope="module")
def kabul() -> tuple[str, list[Incident]]:
    text = (CORPUS / "kabul-2013-06-25.txt").read_text(encoding="utf-8")
    return text, extract(text, published="2013-06-25", article_id="kabul")


@pytest.fixture(scope="module")
def kandahar() -> tuple[str, list[Incident]]:
    text = (CORPUS / "kandahar-2011-05-07.txt").read_text(encoding="utf-8")
    return text, extract(text, published="2011-05-07", article_id="kandahar")


def test_kabul_main_incident(kabul):
    text, incidents = kabul
    main = incidents[0]
    assert main.category == "armed_assault"
    assert (main.date.value, main.date.precision) == ("2013-06-25", "day")
    assert "Tuesday" in main.date.text
    assert main.killed.best == 4  # "four militants ..." + "all militants were shot dead"
    assert any(p.name == "Taliban" and p.type == "organization" and p.claimed for p in main.perpetrators)
    assert main.location.name == "Kabul" and main.location.country_code == "AF"
    claim = next(c for c in main.claims if c.claimant == "Taliban")
    assert claim.speaker == "Zabiullah Mujahid"


def test_kandahar_main_and_background_incidents_stay_apart(kandahar):
    text, incidents = kandahar
    main = incidents[0]
    assert main.category == "bombing"
    assert main.date.value == "2011-05-07"
    assert (main.wounded.min, main.wounded.max, main.wounded.best) == (24, None, 24)
    assert "at least 24" in main.wounded.evidence[0].text
    assert any(p.name == "Taliban" for p in main.perpetrators)
    assert not main.in_passing
    prison = next(i for i in incidents if i.subcategory == "prison_break")
    assert prison is not main and prison.in_passing
    assert (prison.date.value, prison.date.precision) == ("2011-04-01", "month")
    killing = next(i for i in incidents if any("bin Laden" in v.text for v in i.victims))
    assert killing is not main and killing.in_passing and killing.location.country_code == "PK"
    assert killing.killed.best == 1
    main_text = " ".join(e.text for e in main.evidence)
    assert "bin Laden" not in main_text and "escaped from a jail" not in main_text


def test_every_evidence_offset_points_into_the_original_text(kabul, kandahar):
    for text, incidents in (kabul, kandahar):
        for incident in incidents:
            spans = list(incident.evidence) + incident.date.evidence + incident.location.evidence
            spans += incident.killed.evidence + incident.wounded.evidence
            for group in (incident.perpetrators, incident.targets, incident.victims, incident.weapons, incident.claims):
                for item in group:
                    spans += item.evidence
            assert spans
            for ev in spans:
                assert text[ev.start:ev.end] == ev.text


def test_spec_shape_has_every_key(kabul):
    record = kabul[1][0].to_json()
    assert set(record) == {"id", "category", "subcategory", "date", "location", "perpetrators", "targets",
                           "victims", "weapons", "killed", "wounded", "claims", "summary", "confidence",
                           "evidence", "in_passing"}
    assert set(record["killed"]) == {"min", "max", "best", "evidence"}
    assert record["summary"].endswith(".") and "Kabul" in record["summary"]


def test_upper_case_wire_copy_is_extracted():
    text = ("SAN SALVADOR, 12 MAR 90 (RADIO) -- [TEXT] URBAN GUERRILLAS TODAY DETONATED A CAR BOMB "
            "OUTSIDE THE NATIONAL GUARD HEADQUARTERS IN SAN SALVADOR, KILLING THREE SOLDIERS AND "
            "WOUNDING FIVE CIVILIANS. THE EXPLOSION DESTROYED TWO VEHICLES.")
    incidents = extract(text, published="1990-03-12")
    assert incidents, "upper-case copy produced no incident"
    main = incidents[0]
    assert main.category == "bombing"
    assert main.date.value == "1990-03-12"
    assert main.killed.best == 3 and main.wounded.best == 5
    assert any("GUERRILLAS" in p.name.upper() for p in main.perpetrators)


def test_missing_publication_date_never_invents_a_day():
    text = "Gunmen shot and killed two police officers on Tuesday near the market, police said."
    incident = extract(text)[0]
    assert incident.date.value is None and incident.date.precision is None
    assert incident.killed.best == 2


def test_text_without_violence_gives_no_incident():
    assert extract("The city council approved the new budget for parks and libraries on Monday.",
                   published="2020-01-01") == []


@pytest.mark.parametrize(("phrase", "expected"), [
    ("at least 24", (24, None, 24)), ("four", (4, 4, 4)), ("up to 30", (None, 30, 30)),
    ("dozens", (24, None, 24)), ("twenty-one", (21, 21, 21)), ("1,200", (1200, 1200, 1200)),
    ("more than 100", (101, None, 100)),
])
def test_number_phrases(phrase, expected):
    figure = parse_number(phrase)
    assert (figure.min, figure.max, figure.best) == expected


def test_dates_resolve_against_publication_date():
    from datetime import date

    published = date(2013, 6, 25)  # a Tuesday
    found = {d.text: (d.iso, d.precision) for d in find_dates(
        "early Tuesday morning; last month; Wednesday; 4 FEB 90; on June 2; 3 days ago; in 2010", published)}
    assert found["early Tuesday"] == ("2013-06-25", "day")
    assert found["last month"] == ("2013-05-01", "month")
    assert found["Wednesday"] == ("2013-06-19", "day")
    assert found["4 FEB 90"] == ("1990-02-04", "day")
    assert found["June 2"] == ("2013-06-02", "day")
    assert found["3 days ago"] == ("2013-06-22", "day")
    assert found["in 2010"] == ("2010-01-01", "year")
    assert not find_dates("He may be charged.", published)


def test_denied_claim_does_not_mark_the_group_as_claimant():
    from incidentwire.extractors.claims import is_denial

    text = ("A car bomb exploded outside a police station in Kabul on Monday, killing three officers. "
            "The Taliban denied responsibility for the bombing.")
    main = extract(text, published="2014-03-03")[0]
    denial = next(c for c in main.claims if c.claimant == "Taliban")
    assert is_denial(denial)
    assert not any(p.claimed for p in main.perpetrators)


def test_numbers_are_whole_words():
    from incidentwire.extractors.numbers import find_numbers

    assert find_numbers("Someone often said it was done.") == []
    assert [f.best for _, _, f in find_numbers("two men and 14 others")] == [2, 14]


def test_claims_are_statements_with_channel_and_status():
    text = ("A suicide bomber attacked a police convoy in Kandahar on Monday, killing four officers. "
            "The Taliban claimed responsibility for the attack in a statement on Telegram. "
            "The claim could not be independently verified.")
    main = extract(text, published="2014-03-03")[0]
    claim = next(c for c in main.claims if c.claimant == "Taliban")
    assert claim.channel == "Telegram" and claim.status == "disputed"
    assert claim.evidence and "Telegram" in claim.evidence[0].text
    assert any(p.name == "Taliban" and p.claimed for p in main.perpetrators)


def test_competing_claims_are_both_disputed():
    text = ("A car bomb exploded in a market in Peshawar on Friday, killing 12 people. "
            "The Pakistani Taliban claimed responsibility in a phone call to reporters. "
            "Islamic State also claimed responsibility through its Amaq news agency.")
    main = extract(text, published="2014-03-07")[0]
    assert len(main.claims) == 2
    assert {c.status for c in main.claims} == {"disputed"}
    assert [c.channel for c in main.claims] == ["phone call", "Amaq news agency"]

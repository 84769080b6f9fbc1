"""Output formats, on hand-built results (the extractor is not what is tested here)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from incidentwire import export
from incidentwire.models import (
    Article,
    ArticleResult,
    Count,
    Incident,
    IncidentDate,
    Location,
    Perpetrator,
    SourceRef,
    StoredIncident,
    Target,
    Weapon,
)

TEXT = "Taliban militants attacked the palace in Kabul on Tuesday, killing at least 8 and wounding 3-5."


def make_incident(article: Article) -> Incident:
    return Incident(
        id="inc-1", category="armed_assault", subcategory="assassination",
        date=IncidentDate(value="2013-06-25", precision="day", text="Tuesday"),
        location=Location(name="Kabul", admin1="Kabul", country_code="AF", lat=34.53, lon=69.17,
                          precision="city"),
        perpetrators=[Perpetrator(name="Taliban", type="organization"),
                      Perpetrator(name="Haqqani Network", type="organization")],
        targets=[Target(text="the palace", type="government")],
        weapons=[Weapon(text="rifles", type="firearms")],
        killed=Count(min=8, max=None, best=8), wounded=Count(min=3, max=5, best=4),
        summary="Taliban militants attacked the palace.", confidence=0.8,
        evidence=[article.evidence(0, len(TEXT))])


@pytest.fixture
def results() -> list[ArticleResult]:
    first = Article(id="a1", text=TEXT, title="Palace attack", publication_date="2013-06-25")
    skipped = Article(id="a2", text="Ein Text auf Deutsch.")
    empty = Article(id="a3", text="A report about the weather.")
    return [ArticleResult(article=first, incidents=[make_incident(first)]),
            ArticleResult(article=skipped, skipped="not English", warnings=["skipped: not English"]),
            ArticleResult(article=empty)]


@pytest.fixture
def stored(results: list[ArticleResult]) -> list[StoredIncident]:
    incident = results[0].incidents[0]
    return [StoredIncident(**incident.model_dump(), sources=[
        SourceRef(article_id="a1", url="https://example.org/1", title="Palace attack",
                  publication_date="2013-06-25"),
        SourceRef(article_id="copy", url="https://example.net/2")])]


def write(name: str, kind: export.Kind, items: list) -> str:
    out = io.StringIO()
    export.writer(name, kind)(iter(items), out)
    return out.getvalue()


def test_registry_lists_formats_by_kind() -> None:
    assert export.formats("results") == ["csv", "json", "jsonl", "table"]
    assert {"jsonl", "csv", "table"} <= set(export.formats("incidents"))
    with pytest.raises(ValueError, match="choose from: csv, json, jsonl, table"):
        export.writer("xml", "results")


def test_jsonl_results_are_the_contract(results: list[ArticleResult]) -> None:
    lines = write("jsonl", "results", results).splitlines()
    assert [json.loads(line) for line in lines] == [r.to_json() for r in results]
    assert [json.loads(line)["article"]["id"] for line in lines] == ["a1", "a2", "a3"]
    assert all(set(json.loads(line)) == {"article", "incidents", "places"} for line in lines)


def test_json_is_an_array_of_the_jsonl_objects(results: list[ArticleResult]) -> None:
    assert json.loads(write("json", "results", results)) == [r.to_json() for r in results]
    assert json.loads(write("json", "results", [])) == []


def test_csv_results_one_row_per_incident(results: list[ArticleResult]) -> None:
    rows = list(csv.DictReader(io.StringIO(write("csv", "results", results))))
    assert len(rows) == 1
    row = rows[0]
    assert row["article_id"] == "a1" and row["incident_id"] == "inc-1"
    assert row["perpetrators"] == "Taliban; Haqqani Network"
    assert (row["killed"], row["killed_min"], row["killed_max"]) == ("8", "8", "")
    assert (row["wounded"], row["wounded_min"], row["wounded_max"]) == ("4", "3", "5")
    assert (row["location"], row["country_code"], row["lat"]) == ("Kabul", "AF", "34.53")
    assert row["date"] == "2013-06-25" and row["date_precision"] == "day"
    for column in ("subcategory", "admin1", "lon", "location_precision", "targets", "victims", "weapons",
                   "summary", "confidence"):
        assert column in row


def test_table_results(results: list[ArticleResult]) -> None:
    shown = write("table", "results", results)
    for cell in ("2013-06-25", "Kabul, AF", "armed_assault", "Taliban", "8+ / 3-5", "Palace attack",
                 "1 incidents in 3 articles (1 skipped)"):
        assert cell in shown


def test_jsonl_incidents_have_sources(stored: list[StoredIncident]) -> None:
    [record] = [json.loads(line) for line in write("jsonl", "incidents", stored).splitlines()]
    assert record == stored[0].to_json()
    assert [s["article_id"] for s in record["sources"]] == ["a1", "copy"]
    assert set(record["sources"][1]) == {"article_id", "url", "title", "publication_date", "in_passing"}


def test_csv_incidents(stored: list[StoredIncident]) -> None:
    [row] = csv.DictReader(io.StringIO(write("csv", "incidents", stored)))
    assert row["sources"] == "a1; copy"
    assert row["source_urls"] == "https://example.org/1; https://example.net/2"
    assert row["perpetrators"] == "Taliban; Haqqani Network"


def test_table_incidents(stored: list[StoredIncident]) -> None:
    shown = write("table", "incidents", stored)
    for cell in ("Kabul, AF", "Taliban", "Palace attack", "https://example.net/2", "1 incidents"):
        assert cell in shown


def test_gtd_claim_columns_follow_the_claims(stored: list[StoredIncident]) -> None:
    """A denial is not a claim; a claim's channel gives GTD's claim mode; two claimants compete."""
    from incidentwire.models import Claim

    def gtd_row(claims: list[Claim]) -> dict[str, str]:
        incident = stored[0].model_copy(update={"claims": claims})
        return next(csv.DictReader(io.StringIO(write("gtd", "incidents", [incident]))))

    assert gtd_row([Claim(claimant="Taliban", status="denied", text="The Taliban denied it.")])["claimed"] == "0"
    one = gtd_row([Claim(claimant="Taliban", channel="Telegram", text="The Taliban claimed it on Telegram.")])
    assert (one["claimed"], one["claimmode_txt"], one["compclaim"]) == ("1", "Posted to website, blog, etc.", "0")
    two = gtd_row([Claim(claimant="Taliban", channel="phone call", status="disputed", text="..."),
                   Claim(claimant="Islamic State", status="disputed", text="...")])
    assert (two["claimmode_txt"], two["compclaim"]) == ("Call (post-incident)", "1")

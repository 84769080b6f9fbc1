"""`incidentwire places` and the places of `extract`: spans, resolved places, bias, dateline,
honest fallbacks, and texts that would make a naive geoparser slow or crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incidentwire.cli import app
from incidentwire.geocode.resolve import FEATURES, HAND, learned_weights

CORPUS = Path(__file__).resolve().parents[1] / "demo" / "corpus"
KABUL_FILE = CORPUS / "kabul-2013-06-25.txt"
KABUL_ID = 1138958
KEYS = {"text", "start", "end", "name", "country_code", "admin1", "admin2", "lat", "lon", "geonames_id",
        "feature", "feature_class", "feature_code", "confidence"}


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def places_of(tmp_path: Path, text: str, *options: str) -> list[dict]:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    result = run("places", str(path), "--format", "jsonl", "--published", "2013-06-25", *options)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])["places"]


def test_every_mention_has_its_span_and_resolved_place() -> None:
    result = run("places", str(KABUL_FILE), "--format", "jsonl", "--published", "2013-06-25")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    text = KABUL_FILE.read_text(encoding="utf-8")
    assert record["article"]["id"]
    places = record["places"]
    assert places
    for p in places:
        assert set(p) == KEYS
        assert text[p["start"]:p["end"]] == p["text"]
        if p["lat"] is not None:
            assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180
            assert 0 < p["confidence"] <= 1
            assert p["feature"] == f"{p['feature_class']}.{p['feature_code']}"
    kabul = [p for p in places if p["geonames_id"] == KABUL_ID]
    assert kabul and kabul[0]["country_code"] == "AF" and kabul[0]["feature_class"] == "P"
    assert kabul[0]["admin1"] and abs(kabul[0]["lat"] - 34.53) < 0.1 and abs(kabul[0]["lon"] - 69.17) < 0.1


def test_extract_fills_places_the_same_way() -> None:
    common = [str(KABUL_FILE), "--format", "jsonl", "--published", "2013-06-25"]
    from_places = json.loads(run("places", *common).stdout.splitlines()[0])["places"]
    from_extract = json.loads(run("extract", *common).stdout.splitlines()[0])["places"]
    assert [{k: v for k, v in p.items() if k not in ("feature_class", "feature_code")} for p in from_places] \
        == from_extract


def test_table_format_lists_one_row_per_mention() -> None:
    result = run("places", str(KABUL_FILE), "--format", "table", "--published", "2013-06-25")
    assert result.exit_code == 0
    assert "Kabul" in result.stdout and "place mentions in 1 articles" in result.stdout


def test_country_option_biases_an_ambiguous_name(tmp_path: Path) -> None:
    text = "Gunmen opened fire on a bus in Hyderabad on Tuesday, killing four people, officials said."
    plain = [p for p in places_of(tmp_path, text) if p["text"] == "Hyderabad"]
    biased = [p for p in places_of(tmp_path, text, "--country", "PK") if p["text"] == "Hyderabad"]
    assert plain[0]["country_code"] == "IN"
    assert biased[0]["country_code"] == "PK"


def test_dateline_is_used_without_being_asked(tmp_path: Path) -> None:
    text = "KARACHI, Pakistan (Reuters) - Gunmen opened fire on a bus in Hyderabad on Tuesday, police said."
    places = places_of(tmp_path, text)
    assert places[0]["text"].upper() == "KARACHI" and places[0]["country_code"] == "PK"
    assert [p["country_code"] for p in places if p["text"] == "Hyderabad"] == ["PK"]


def test_province_resolves_to_the_province_not_a_town(tmp_path: Path) -> None:
    places = places_of(tmp_path, "Two soldiers were killed in a roadside bombing in Kandahar province on Monday.")
    kandahar = [p for p in places if p["text"].startswith("Kandahar")]
    assert kandahar and kandahar[0]["feature"] == "A.ADM1" and kandahar[0]["country_code"] == "AF"


def test_a_county_the_model_leaves_outside_the_name_is_the_county_not_the_state(tmp_path: Path) -> None:
    # spaCy tags "Texas" alone; "Texas County Sheriff" is Texas County, Missouri, not the state
    places = places_of(tmp_path, "A southern Missouri sheriff identified the victims.\n\nTexas County Sheriff James "
                                 "Sigman announced Saturday that three people died in the shooting.")
    county = [p for p in places if p["text"].startswith("Texas")]
    assert [(p["text"], p["name"], p["admin1"], p["feature"]) for p in county] == [
        ("Texas County", "Texas County", "Missouri", "A.ADM2")]


def test_a_state_written_after_the_name_overrules_the_only_namesake_abroad(tmp_path: Path) -> None:
    # the gazetteer's only Pinetown is in South Africa; "PINETOWN, N.C." says North Carolina:
    # the state, at admin1 precision, never the namesake abroad
    places = places_of(tmp_path, "PINETOWN, N.C. (WNCT) - A 6-year-old girl was shot and killed, deputies say.")
    assert [(p["name"], p["feature"]) for p in places if p["text"] == "PINETOWN"] == [("North Carolina", "A.ADM1")]


def test_incident_with_only_a_province_has_admin1_precision(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("A roadside bomb killed two soldiers in Helmand province on Monday, officials said.",
                    encoding="utf-8")
    result = run("extract", str(path), "--format", "jsonl", "--published", "2013-06-25")
    location = json.loads(result.stdout)["incidents"][0]["location"]
    assert location["precision"] == "admin1" and location["country_code"] == "AF"
    province = [p for p in json.loads(result.stdout)["places"] if p["text"].startswith("Helmand")][0]
    assert (location["lat"], location["lon"]) == (province["lat"], province["lon"])  # the province's centroid


def test_demonyms_and_organisations_are_not_places(tmp_path: Path) -> None:
    places = places_of(tmp_path, "Afghan officials said a Kabul Bank branch was robbed in Herat on Monday.")
    texts = [p["text"] for p in places]
    assert "Afghan" not in texts and "Kabul Bank" not in texts and "Herat" in texts


def test_thousands_of_capitalised_words(tmp_path: Path) -> None:
    """A results table or a list of names: 6,000 capitalised words, many of them also towns."""
    row = "The Board Of The Smith And Jones Company In Georgia And The Paris Office Of The Lincoln Trust"
    table = " ".join([row] * 330)
    places = places_of(tmp_path, f"A bomb exploded in Kabul on Monday, police said. {table}.")
    assert [p for p in places if p["geonames_id"] == KABUL_ID]
    assert len(places) < 2_000


def test_a_500_character_place_name(tmp_path: Path) -> None:
    name = "Llan" + "gollen" * 82
    places = places_of(tmp_path, f"Gunmen attacked a checkpoint in {name} and later in Kandahar on Monday.")
    assert all(len(p["text"]) < 500 for p in places)
    assert any(p["text"] == "Kandahar" for p in places)


def test_bad_inputs_are_reported_not_fatal(tmp_path: Path) -> None:
    german = tmp_path / "german.txt"
    german.write_text("Das ist ein kurzer Bericht auf Deutsch über das Wetter in der Stadt und auf dem Land.",
                      encoding="utf-8")
    result = run("places", str(german), str(KABUL_FILE), str(tmp_path / "missing.txt"), "--format", "jsonl")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2 and lines[0]["places"] == [] and lines[1]["places"]
    assert "missing.txt: no such file" in " ".join(result.output.split())
    assert "1 skipped (1 not English)" in " ".join(result.output.split())
    assert run("places", str(tmp_path / "missing.txt")).exit_code == 2
    assert run("places", str(KABUL_FILE), "--country", "Afghanistan").exit_code == 2
    assert run("places", str(KABUL_FILE), "--format", "csv").exit_code == 2


def test_the_shipped_learned_weights_are_the_ones_used() -> None:
    weights = learned_weights()
    assert weights is not HAND and len(weights.weights) == len(FEATURES)


@pytest.mark.parametrize("feature", ["log_population", "container", "state"])
def test_learned_weights_reward_the_obvious_evidence(feature: str) -> None:
    """A sanity check on what the regression learned: bigger places, "X, Y" containers and
    "City, ST" states make a candidate likelier, as any reader would expect."""
    assert learned_weights().weights[FEATURES.index(feature)] > 0

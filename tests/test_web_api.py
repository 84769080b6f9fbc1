"""The HTTP API: the real app over a real SQLite database built by the real pipeline."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from incidentwire.cli import app as cli
from incidentwire.serve import create_app
from incidentwire.store import Store
from pg_support import PG_URL, SKIP_REASON, pg_schema_url
from webapp_support import TOKEN, XSS_ID, build_demo_db, copy_db, pipeline

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("webapi") / "template.db"
    build_demo_db(path)
    return path


@pytest.fixture
def db_url(template_db: Path, tmp_path: Path) -> str:
    return copy_db(template_db, tmp_path / "demo.db")


@pytest.fixture
def client(db_url: str) -> TestClient:
    return TestClient(create_app(Store(db_url), token=TOKEN, make_pipeline=pipeline), raise_server_exceptions=False)


def all_incidents(client: TestClient) -> list[dict]:
    return client.get("/api/incidents", params={"per_page": 1000}).json()["incidents"]


def test_list_pages_and_sorts(client: TestClient) -> None:
    everything = all_incidents(client)
    assert len(everything) >= 3
    first = client.get("/api/incidents", params={"per_page": 2}).json()
    second = client.get("/api/incidents", params={"per_page": 2, "page": 2}).json()
    assert first["total"] == len(everything) and first["pages"] == (len(everything) + 1) // 2
    assert len(first["incidents"]) == 2
    assert not {i["id"] for i in first["incidents"]} & {i["id"] for i in second["incidents"]}
    by_killed = client.get("/api/incidents", params={"sort": "-killed"}).json()["incidents"]
    killed = [i["killed"]["best"] for i in by_killed if i["killed"]["best"] is not None]
    assert killed == sorted(killed, reverse=True) and killed[0] > 0


def test_filters_narrow_the_list(client: TestClient) -> None:
    everything = all_incidents(client)
    bombings = client.get("/api/incidents", params={"category": "bombing"}).json()["incidents"]
    assert bombings and len(bombings) < len(everything)
    assert all(i["category"] == "bombing" for i in bombings)
    since = client.get("/api/incidents", params={"since": "2013-01-01"}).json()["incidents"]
    assert since and all(i["date"]["value"] >= "2013-01-01" for i in since)
    governor = client.get("/api/incidents", params={"q": "GOVERNOR'S compound"}).json()["incidents"]
    assert governor and all(any(s["article_id"] == "kandahar-2011-05-07" for s in i["sources"]) for i in governor)
    assert client.get("/api/incidents", params={"perpetrator": "no such group"}).json()["total"] == 0


@pytest.mark.parametrize("params, message", [
    ({"since": "2013-02-30"}, "since"), ({"until": "yesterday"}, "until"), ({"category": "riot"}, "category"),
    ({"country": "Afghanistan"}, "country"), ({"since": "2014-01-01", "until": "2013-01-01"}, "after"),
    ({"sort": "colour"}, "sort"), ({"page": "0"}, "page"), ({"per_page": "x"}, "per_page"),
    ({"format": "xlsx"}, "format"),
])
def test_invalid_filters_are_422_with_a_message(client: TestClient, params: dict, message: str) -> None:
    response = client.get("/api/incidents", params=params)
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_map_and_timeline_reject_bad_values(client: TestClient) -> None:
    assert client.get("/api/map", params={"bbox": "1,2,3"}).status_code == 422
    assert client.get("/api/map", params={"zoom": "99"}).status_code == 422
    assert client.get("/api/timeline", params={"category": "x"}).status_code == 422


def test_file_formats(client: TestClient) -> None:
    total = client.get("/api/incidents").json()["total"]
    sheet = list(csv.DictReader(io.StringIO(client.get("/api/incidents", params={"format": "csv"}).text)))
    assert len(sheet) == total and sheet[0]["incident_id"]
    geo = client.get("/api/incidents", params={"format": "geojson"})
    assert geo.headers["content-type"].startswith("application/geo+json")
    features = geo.json()["features"]
    assert len(features) == total
    located = [f for f in features if f["geometry"]]
    assert located and all(-180 <= f["geometry"]["coordinates"][0] <= 180 for f in located)
    acled = list(csv.DictReader(io.StringIO(client.get("/api/incidents", params={"format": "acled"}).text)))
    assert {"event_date", "event_type", "actor1", "fatalities"} <= set(acled[0])
    table = pq.read_table(io.BytesIO(client.get("/api/incidents", params={"format": "parquet"}).content))
    assert table.num_rows == total
    record = json.loads(table.column("record")[0].as_py())
    assert "evidence" in record and "sources" in record


def test_get_incident_and_article(client: TestClient) -> None:
    incident = all_incidents(client)[0]
    got = client.get(f"/api/incidents/{incident['id']}").json()
    assert got["id"] == incident["id"] and got["corrections"] == []
    article_id = incident["sources"][0]["article_id"]
    article = client.get(f"/api/articles/{article_id}").json()
    assert incident["id"] in [i["id"] for i in article["incidents"]]
    assert article["article"]["text"][incident["evidence"][0]["start"]:incident["evidence"][0]["end"]] == \
        incident["evidence"][0]["text"]
    assert client.get("/api/incidents/inc-nope").status_code == 404
    assert client.get("/api/articles/nope").status_code == 404


def test_post_articles_needs_the_token_and_ingests(client: TestClient) -> None:
    body = {"id": "posted-1", "publication_date": "2014-03-02", "title": "Bombing in Quetta",
            "text": "QUETTA, Pakistan - A bomb exploded at a crowded market in Quetta on Sunday, killing "
                    "eleven people and wounding 30 others, police said."}
    assert client.post("/api/articles", json=body).status_code == 401
    assert client.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    done = client.post("/api/articles", json=body, headers=AUTH).json()
    assert done["new"] == 1 and done["articles"][0]["incidents"]
    new_id = done["articles"][0]["incidents"][0]
    stored = client.get(f"/api/incidents/{new_id}").json()
    assert stored["location"]["country_code"] == "PK" and stored["sources"][0]["article_id"] == "posted-1"
    again = client.post("/api/articles", json=[body], headers=AUTH).json()
    assert again["unchanged"] == 1 and again["new"] == 0


@pytest.mark.parametrize("body", [{"id": "x"}, {"id": "x", "text": "   "}, [], "not json at all"])
def test_post_bad_articles_is_422(client: TestClient, body: object) -> None:
    kwargs = {"content": body} if isinstance(body, str) else {"json": body}
    response = client.post("/api/articles", headers={**AUTH, "content-type": "application/json"}, **kwargs)
    assert response.status_code == 422 and response.json()["detail"]


def test_correction_is_stored_applied_and_filterable(client: TestClient) -> None:
    target = next(i for i in all_incidents(client) if i["category"] != "kidnapping")
    path = f"/api/incidents/{target['id']}/corrections"
    assert client.post(path, json={"field": "category", "value": "kidnapping", "user": "ana"}).status_code == 401
    made = client.post(path, json={"field": "category", "value": "kidnapping", "user": "ana", "note": "abduction"},
                       headers=AUTH).json()
    assert made["previous"] == target["category"] and made["user"] == "ana"
    got = client.get(f"/api/incidents/{target['id']}").json()
    assert got["category"] == "kidnapping" and got["corrections"][0]["note"] == "abduction"
    kidnappings = client.get("/api/incidents", params={"category": "kidnapping"}).json()["incidents"]
    assert target["id"] in [i["id"] for i in kidnappings]
    bad = client.post(path, json={"field": "killed.best", "value": "many", "user": "ana"}, headers=AUTH)
    assert bad.status_code == 422 and "whole number" in bad.json()["detail"]
    assert client.post(path, json={"field": "evidence", "value": "x", "user": "ana"}, headers=AUTH).status_code == 422
    assert client.post(path, json={"field": "summary", "value": "x"}, headers=AUTH).status_code == 422  # no user


def test_correction_survives_reingesting(db_url: str, client: TestClient) -> None:
    body = {"id": "posted-2", "publication_date": "2014-03-02",
            "text": "Gunmen killed four soldiers at an army post in Peshawar on Sunday, officials said."}
    incident_id = client.post("/api/articles", json=body, headers=AUTH).json()["articles"][0]["incidents"][0]
    client.post(f"/api/incidents/{incident_id}/corrections", json={"field": "killed.best", "value": "5",
                                                                  "user": "ben"}, headers=AUTH)
    client.post("/api/articles", json=body, headers=AUTH)  # the same article again: a no-op
    body["text"] += " The army said it had begun a search."  # the same article, updated by its publisher
    assert client.post("/api/articles", json=body, headers=AUTH).json()["updated"] == 1
    assert client.get(f"/api/incidents/{incident_id}").json()["killed"]["best"] == 5
    exported = CliRunner().invoke(cli, ["export", "--format", "ucdp", "--db", db_url])
    assert exported.exit_code == 0, exported.output
    row = next(r for r in csv.DictReader(io.StringIO(exported.stdout)) if r["id"] == incident_id)
    assert row["best"] == "5"


def test_reads_can_require_the_token(db_url: str) -> None:
    closed = TestClient(create_app(Store(db_url), token=TOKEN, open_reads=False))
    assert closed.get("/api/incidents").status_code == 401
    assert closed.get("/api/incidents", headers=AUTH).status_code == 200
    page = closed.get("/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_pages_send_a_strict_content_security_policy_and_no_cors(client: TestClient) -> None:
    response = client.get("/", headers={"Origin": "https://elsewhere.example"})
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "access-control-allow-origin" not in response.headers
    assert client.get("/api/openapi.json").json()["paths"]["/api/incidents"]


def test_login_only_redirects_within_the_site(client: TestClient) -> None:
    response = client.post("/login", data={"token": TOKEN, "user": "ana", "next": "https://evil.example/"},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert "iw_token" in response.headers["set-cookie"] and "samesite=strict" in response.headers["set-cookie"].lower()


def test_hostile_article_is_escaped_in_html(client: TestClient) -> None:
    html = client.get(f"/articles/{XSS_ID}").text
    assert "<script>window.__xss" not in html and "&lt;script&gt;window.__xss" in html
    assert "<img src=x onerror" not in html
    assert 'href="javascript:' not in html


def test_export_command_formats(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    for fmt in ("acled", "gtd", "ucdp", "geojson"):
        result = runner.invoke(cli, ["export", "-f", fmt, "--db", db_url, "--category", "bombing"])
        assert result.exit_code == 0, result.output
    target = tmp_path / "out.parquet"
    assert runner.invoke(cli, ["export", "-f", "parquet", "--db", db_url, "-o", str(target)]).exit_code == 0
    assert pq.read_table(target).num_rows == len(Store(db_url).incidents())
    bad = runner.invoke(cli, ["export", "-f", "xlsx", "--db", db_url])
    assert bad.exit_code == 2 and "unknown format" in bad.output


def test_serve_command_prints_a_token_and_serves(db_url: str) -> None:
    import os
    import subprocess
    import sys
    import time

    import httpx

    from webapp_support import free_port

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "INCIDENTWIRE_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "incidentwire", "serve", "--db", db_url, "--port", str(port)],
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/incidents")
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["total"] > 0
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=20)
    token = next(line.rsplit(" ", 1)[1] for line in stderr.splitlines() if line.startswith("write token"))
    assert len(token) >= 20 and f"http://127.0.0.1:{port}/" in stderr


def test_serve_command_rejects_a_bad_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", f"sqlite:///{tmp_path}/missing/dir/x.db"])
    assert result.exit_code == 2 and "cannot" in result.output


@pytest.mark.skipif(not PG_URL, reason=SKIP_REASON)
def test_web_reads_on_postgresql() -> None:
    """Paging, search, the timeline, map clusters and corrections on PostgreSQL, in a schema of its own."""
    from incidentwire.store import ingest
    from webapp_support import demo_articles

    with pg_schema_url("iw_web") as url, Store(url) as store:
        ingest(store, demo_articles(), pipeline())
        client = TestClient(create_app(store, token=TOKEN))
        listed = client.get("/api/incidents", params={"sort": "-killed", "per_page": 2}).json()
        assert listed["total"] >= 3 and len(listed["incidents"]) == 2 and listed["pages"] >= 2
        with_passing = client.get("/api/incidents", params={"with_passing": "true"}).json()
        assert with_passing["total"] > listed["total"]  # the seeds' background incidents are stored too
        assert client.get("/api/incidents", params={"q": "governor's"}).json()["total"] >= 1
        clusters = client.get("/api/map", params={"zoom": 6, "bbox": "55,20,80,40"}).json()
        located = [i for i in all_incidents(client) if i["location"]["lat"] is not None]
        assert clusters["total"] == len(located)
        assert sum(len(c["incidents"]) for c in clusters["clusters"]) == len(located)
        assert client.get("/api/timeline").json()
        target = listed["incidents"][0]["id"]
        client.post(f"/api/incidents/{target}/corrections", json={"field": "category", "value": "arson",
                                                                  "user": "pg"}, headers=AUTH)
        assert client.get(f"/api/incidents/{target}").json()["category"] == "arson"
        assert client.get("/").status_code == 200 and client.get(f"/incidents/{target}").status_code == 200


junk = st.one_of(st.text(max_size=30), st.sampled_from(["nan", "inf", "-1", "1e400", "99999999999999999999999",
                                                       "2013-02-29", "%", "_", "'; drop table incidents; --",
                                                       "1,2,3,4", "nan,0,1,1", "-inf,-90,inf,90", "\x00"]))
PARAMS = ["since", "until", "category", "country", "perpetrator", "q", "sort", "page", "per_page", "format",
          "zoom", "bbox"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(PARAMS), junk, max_size=4),
       path=st.sampled_from(["/api/incidents", "/api/map", "/api/timeline", "/", "/incidents"]))
def test_any_query_is_answered_or_refused_never_a_server_error(client: TestClient, params: dict, path: str) -> None:
    response = client.get(path, params=params)
    assert response.status_code in (200, 422), (path, params, response.text[:300])


def test_merge_and_split_are_stored_decisions(client: TestClient) -> None:
    incidents = all_incidents(client)
    bombing = next(i for i in incidents if i["category"] == "bombing")
    kabul = next(i for i in incidents if any(s["article_id"] == "kabul-2013-06-25" for s in i["sources"]))
    path = f"/api/incidents/{kabul['id']}/merge"
    assert client.post(path, json={"other": bombing["id"], "user": "ana"}).status_code == 401
    assert client.post(path, json={"other": kabul["id"], "user": "ana"}, headers=AUTH).status_code == 422
    assert client.post(path, json={"other": "inc-nope", "user": "ana"}, headers=AUTH).status_code == 422
    merged = client.post(path, json={"other": bombing["id"], "user": "ana"}, headers=AUTH).json()["incident"]
    whole = client.get(f"/api/incidents/{merged}").json()
    assert {"kabul-2013-06-25", "kandahar-2011-05-07"} <= {s["article_id"] for s in whole["sources"]}
    assert client.get("/api/incidents").json()["total"] == len(incidents) - 1
    page = client.get(f"/incidents/{merged}").text
    assert "merge" in page and "ana" in page
    split = client.post(f"/api/incidents/{merged}/split", json={"article_id": "kandahar-2011-05-07", "user": "ben"},
                        headers=AUTH).json()
    assert split["split_off"] and split["remaining"]
    remaining = client.get(f"/api/incidents/{split['remaining']}").json()
    assert "kandahar-2011-05-07" not in {s["article_id"] for s in remaining["sources"]}
    assert client.post(f"/api/incidents/{split['remaining']}/split", json={"article_id": "nope", "user": "ben"},
                       headers=AUTH).status_code == 422


def test_corrections_follow_an_incident_through_a_merge(client: TestClient) -> None:
    incidents = all_incidents(client)
    bombing = next(i for i in incidents if i["category"] == "bombing")
    kabul = next(i for i in incidents if any(s["article_id"] == "kabul-2013-06-25" for s in i["sources"]))
    client.post(f"/api/incidents/{bombing['id']}/corrections", json={"field": "summary", "value": "checked",
                                                                   "user": "ana"}, headers=AUTH)
    merged = client.post(f"/api/incidents/{kabul['id']}/merge", json={"other": bombing["id"], "user": "ana"},
                         headers=AUTH).json()["incident"]
    got = client.get(f"/api/incidents/{merged}").json()
    assert got["summary"] == "checked" and got["corrections"][0]["user"] == "ana"

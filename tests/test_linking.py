"""Cross-article linking: reports of one incident become one record, reconciled and explainable.

Store-level tests use hand-built extraction results (the extractor is not under test here) in
real SQLite files; the last tests run the real pipeline on gva_dev articles.
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from incidentwire.cli import app
from incidentwire.link import cluster_reports
from incidentwire.link.cluster import Link
from incidentwire.link.reconcile import Report, reconcile
from incidentwire.models import (
    Article,
    ArticleResult,
    Count,
    Incident,
    IncidentDate,
    Location,
    Victim,
)
from incidentwire.serve import create_app
from incidentwire.store import DecisionError, Store
from pg_support import PG_URL, SKIP_REASON, pg_schema_url

SHARED = Path(__file__).resolve().parents[2] / "shared"
GVA = SHARED / "eval/dev/gva_dev.jsonl"

PLACES = {
    "Dayton": ("Ohio", 39.7589, -84.1916),
    "Tulsa": ("Oklahoma", 36.154, -95.9928),
    "Fresno": ("California", 36.7477, -119.7724),
}


def report(article_id: str, *, text: str, place: str = "Dayton", day: str = "2016-03-05",
           published: str = "2016-03-06", killed: int | None = 1, wounded: int | None = None,
           victim: str | None = None, precision: str = "day") -> ArticleResult:
    """One article telling one incident, as the extractor would have returned it."""
    article = Article(id=article_id, text=text, title=text.split(".")[0], publication_date=published,
                      url=f"https://news.example/{article_id}")
    end = text.index(".") + 1
    evidence = [article.evidence(0, end)]
    admin1, lat, lon = PLACES[place]

    def count(n: int | None) -> Count:
        return Count(min=n, max=n, best=n, evidence=evidence) if n is not None else Count(best=0)

    incident = Incident(
        id=f"inc-{article_id}", category="armed_assault",
        date=IncidentDate(value=day, precision=precision, text="Saturday", evidence=evidence),
        location=Location(name=place, admin1=admin1, country="United States", country_code="US", lat=lat,
                          lon=lon, precision="city", evidence=evidence),
        victims=[Victim(text=victim, status="killed", evidence=evidence)] if victim else [],
        killed=count(killed), wounded=count(wounded), summary=text.split(".")[0] + ".", confidence=0.7,
        evidence=evidence)
    return ArticleResult(article=article, incidents=[incident])


def dayton(article_id: str, **kw: object) -> ArticleResult:
    """The same shooting as told by another outlet (another text: not a syndicated copy)."""
    text = ("Marcus Bellweather, 24, was shot and killed Saturday night on Kiwanis Street in Dayton. "
            f"Police said the gunman fled in a grey Oldsmobile, the {article_id} newsroom learned.")
    return report(article_id, text=text, victim="Marcus Bellweather", **kw)  # type: ignore[arg-type]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The linking store tests on SQLite, and on PostgreSQL when INCIDENTWIRE_TEST_PG_URL is set."""
    if request.param == "sqlite":
        with Store(f"sqlite:///{tmp_path / 'link.db'}") as s:
            yield s
        return
    if not PG_URL:
        pytest.skip(SKIP_REASON)
    with pg_schema_url("iw_link") as url, Store(url) as s:
        yield s


def sources(store: Store) -> set[frozenset[str]]:
    return {frozenset(s.article_id for s in i.sources) for i in store.incidents()}


# --- the pure parts ---------------------------------------------------------------------------

def test_clusters_do_not_depend_on_link_order() -> None:
    articles = {f"r{i}": f"a{i}" for i in range(8)}
    links = [Link("r0", "r1", 0.9), Link("r1", "r2", 0.8), Link("r3", "r4", 0.95), Link("r5", "r6", 0.5),
             Link("r2", "r3", 0.45), Link("r6", "r7", 0.7)]
    expected = cluster_reports(articles, links)
    for seed in range(20):
        shuffled = links[:]
        random.Random(seed).shuffle(shuffled)
        assert cluster_reports(articles, shuffled) == expected
    assert expected["r1"] == expected["r0"] == "r0"


def test_two_reports_of_one_article_stay_apart_unless_an_analyst_merges_them() -> None:
    articles = {"main": "a", "background": "a", "other": "b"}
    links = [Link("main", "other", 0.9), Link("background", "other", 0.8)]
    mapping = cluster_reports(articles, links)
    assert mapping["main"] == mapping["other"] != mapping["background"]
    manual = cluster_reports(articles, [*links, Link("main", "background", None)])
    assert len(set(manual.values())) == 1


def test_cohesion_stops_one_vague_report_from_chaining_two_incidents() -> None:
    articles = {"x1": "a", "x2": "b", "vague": "c", "y1": "d", "y2": "e"}
    links = [Link("x1", "x2", 0.95), Link("y1", "y2", 0.95), Link("vague", "x1", 0.6), Link("vague", "y1", 0.55)]
    chained = cluster_reports(articles, links)
    assert len(set(chained.values())) == 1
    kept = cluster_reports(articles, links, cohesion=0.25)
    assert kept["x1"] != kept["y1"]


def test_pinned_article_takes_no_automatic_link() -> None:
    articles = {"r1": "a", "r2": "b"}
    assert len(set(cluster_reports(articles, [Link("r1", "r2", 0.99)], pinned=frozenset({"b"})).values())) == 2


def _rep(article_id: str, published: str, killed: int, day: str = "2016-03-05", precision: str = "day") -> Report:
    result = dayton(article_id, killed=killed, day=day, published=published, precision=precision)
    return Report(f"inc-{article_id}", article_id, published, result.incidents[0].to_json())


def test_reconcile_keeps_every_figure_and_prefers_the_latest_toll() -> None:
    record, conflicts = reconcile([_rep("early", "2016-03-06", 12), _rep("later", "2016-03-08", 15)], "inc-x")
    assert (record["killed"]["min"], record["killed"]["best"], record["killed"]["max"]) == (12, 15, 15)
    assert conflicts == []
    assert {e["article_id"] for e in record["killed"]["evidence"]} == {"early", "later"}


def test_reconcile_flags_contradictory_counts() -> None:
    _, conflicts = reconcile([_rep("a", "2016-03-06", 3), _rep("b", "2016-03-06", 30)], "inc-x")
    assert conflicts == [{"field": "killed", "values": [{"article_id": "a", "value": 3},
                                                          {"article_id": "b", "value": 30}]}]


def test_reconcile_takes_the_most_precise_date() -> None:
    record, _ = reconcile([_rep("a", "2016-03-06", 1, day="2016-03-01", precision="month"),
                           _rep("b", "2016-03-07", 1)], "inc-x")
    assert (record["date"]["value"], record["date"]["precision"]) == ("2016-03-05", "day")


# --- the store ---------------------------------------------------------------------------------

def test_reports_of_one_incident_become_one_record_with_all_sources(store: Store) -> None:
    store.save(dayton("daily-news"))
    store.save(dayton("tv-station", published="2016-03-07", wounded=None))
    store.save(report("tulsa", text="A woman was shot dead outside a Tulsa bar on Saturday. Police are looking for "
                      "two men.", place="Tulsa"))
    assert store.counts().articles == 3
    assert sources(store) == {frozenset({"daily-news", "tv-station"}), frozenset({"tulsa"})}
    assert store.counts().incidents == 2


def test_a_follow_up_weeks_later_joins_its_incident(store: Store) -> None:
    store.save(dayton("first"))
    follow_up = ("A man was charged Tuesday in the killing of Marcus Bellweather on Kiwanis Street in Dayton. "
                 "The Oldsmobile was found in March.")
    store.save(report("follow-up", text=follow_up, published="2016-04-20", day="2016-04-19",
                      victim="Marcus Bellweather"))
    assert sources(store) == {frozenset({"first", "follow-up"})}


def test_contradictory_reports_are_both_kept_and_flagged(store: Store) -> None:
    store.save(dayton("says-3", killed=3))
    store.save(dayton("says-30", killed=30))
    [incident] = store.incidents()
    assert incident.killed.min == 3 and incident.killed.max == 30
    assert [c.field for c in incident.conflicts] == ["killed"]
    assert {v.value for v in incident.conflicts[0].values} == {3, 30}


def test_identical_text_under_two_ids_is_one_article_two_sources(store: Store) -> None:
    first = dayton("wire")
    store.save(first)
    copy = first.model_copy(update={"article": first.article.model_copy(update={"id": "reprint", "url": "https://b/x"})})
    assert store.save(copy).status == "duplicate"
    [incident] = store.incidents()
    assert {s.article_id for s in incident.sources} == {"wire", "reprint"}


def test_any_ingest_order_gives_the_same_incidents(tmp_path: Path) -> None:
    results = [dayton(f"d{i}", published=f"2016-03-0{6 + i % 3}") for i in range(4)]
    results += [report(f"t{i}", text=f"A woman was shot dead outside a Tulsa bar on Saturday. Report {i}.",
                       place="Tulsa") for i in range(3)]
    results += [report("f0", text="Two teenagers were wounded in a drive-by shooting in Fresno on Friday.",
                       place="Fresno", day="2016-03-04", killed=None, wounded=2)]
    seen = []
    for seed in range(3):
        order = results[:]
        random.Random(seed).shuffle(order)
        with Store(f"sqlite:///{tmp_path / f'order-{seed}.db'}") as s:
            for r in order:
                s.save(r)
            seen.append(sorted(json.dumps(i.to_json(), sort_keys=True) for i in s.incidents()))
    assert seen[0] == seen[1] == seen[2]


def test_split_and_merge_are_stored_and_survive_new_reports(store: Store) -> None:
    store.save(dayton("a"))
    store.save(dayton("b"))
    [incident] = store.incidents()
    [alone] = store.split(incident.id, "b", user="ana")
    assert sources(store) == {frozenset({"a"}), frozenset({"b"})}
    store.save(dayton("c"))  # a new report of the same event links to "a", never to the pinned "b"
    assert sources(store) == {frozenset({"a", "c"}), frozenset({"b"})}
    explanation = store.explain(alone)
    assert explanation is not None and explanation.pinned == ["b"]
    assert [(d.kind, d.user) for d in explanation.decisions] == [("split", "ana")]
    merged = store.merge(store.resolve_id("inc-a") or "", alone, user="ben")
    assert sources(store) == {frozenset({"a", "b", "c"})}
    assert store.get_incident(merged) is not None
    with pytest.raises(DecisionError, match="not a source"):
        store.split(merged, "nowhere", user="ana")


def test_an_updated_article_leaves_its_old_incident(store: Store) -> None:
    store.save(dayton("a"))
    store.save(dayton("b"))
    rewritten = report("b", text="Two teenagers were wounded in a drive-by shooting in Fresno on Friday.",
                       place="Fresno", day="2016-03-04", killed=None, wounded=2)
    assert store.save(rewritten).status == "updated"
    assert sources(store) == {frozenset({"a"}), frozenset({"b"})}


# --- the commands -------------------------------------------------------------------------------

def test_show_why_count_merge_split_commands(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    with Store(db) as s:
        s.save(dayton("says-3", killed=3))
        s.save(dayton("says-30", killed=30, published="2016-03-07"))
        s.save(report("tulsa", text="A woman was shot dead outside a Tulsa bar on Saturday. Police said so.",
                      place="Tulsa"))
        linked = next(i.id for i in s.incidents() if len(i.sources) == 2)
    runner = CliRunner()
    shown = runner.invoke(app, ["show", linked, "--db", db, "--json"])
    assert shown.exit_code == 0, shown.output
    said = json.loads(shown.stdout)["said_by"]["killed"]
    assert {(s["article_id"], s["value"]) for s in said} == {("says-3", "3"), ("says-30", "30")}
    why = runner.invoke(app, ["why", linked, "--db", db])
    assert why.exit_code == 0 and "linked" in why.stdout and "threshold" not in why.stderr
    assert "says-3" in why.stdout and "says-30" in why.stdout and "probability >=" in why.stdout
    counted = runner.invoke(app, ["count", "--db", db, "--admin1", "ohio", "--killed"])
    assert counted.exit_code == 0 and counted.stdout.strip() == "30"  # the latest toll, counted once
    assert runner.invoke(app, ["count", "--db", db]).stdout.strip() == "2"
    split = runner.invoke(app, ["split", linked, "--article", "says-30", "--db", db, "--user", "ana"])
    assert split.exit_code == 0, split.output
    assert runner.invoke(app, ["count", "--db", db]).stdout.strip() == "3"
    again = runner.invoke(app, ["merge", linked, split.stdout.strip(), "--db", db])
    assert again.exit_code == 0 and runner.invoke(app, ["count", "--db", db]).stdout.strip() == "2"
    missing = runner.invoke(app, ["why", "inc-nope", "--db", db])
    assert missing.exit_code == 2 and "no incident" in missing.stderr


def test_an_incident_mentioned_only_in_passing_is_left_out_unless_asked_for(tmp_path: Path) -> None:
    text = "A man was shot dead on Saturday in Dayton. Her husband was murdered outside a Tulsa club in 2005."
    main = report("daily", text=text)
    past = report("daily", text=text, place="Tulsa", day="2005-01-01", precision="year").incidents[0]
    second = text.index("Her")
    evidence = [main.article.evidence(second, len(text))]
    past = past.model_copy(update={"id": "inc-daily-past", "evidence": evidence, "in_passing": True})
    db = f"sqlite:///{tmp_path / 'passing.db'}"
    with Store(db) as s:
        s.save(main.model_copy(update={"incidents": [*main.incidents, past]}))
        assert [i.location.name for i in s.incidents()] == ["Dayton"]
        every = s.incidents(with_passing=True)
        assert {i.location.name: [src.in_passing for src in i.sources] for i in every} == {
            "Dayton": [False], "Tulsa": [True]}
        assert {i.location.name: i.in_passing for i in every} == {"Dayton": False, "Tulsa": True}
        tulsa = next(i.id for i in every if i.location.name == "Tulsa")
    runner = CliRunner()
    assert runner.invoke(app, ["count", "--db", db]).stdout.strip() == "1"
    assert runner.invoke(app, ["count", "--db", db, "--with-passing"]).stdout.strip() == "2"
    assert runner.invoke(app, ["count", "--db", db, "--main-only"]).stdout.strip() == "1"  # the default, said
    listed = runner.invoke(app, ["incidents", "--db", db, "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    [line] = listed.stdout.splitlines()
    assert json.loads(line)["sources"][0] == {"article_id": "daily", "url": "https://news.example/daily",
                                              "title": "A man was shot dead on Saturday in Dayton",
                                              "publication_date": "2016-03-06", "in_passing": False}
    listed = runner.invoke(app, ["incidents", "--db", db, "--with-passing", "--format", "jsonl"])
    assert [json.loads(line)["in_passing"] for line in listed.stdout.splitlines()] == [True, False]  # 2005 first
    shown = runner.invoke(app, ["show", tulsa, "--db", db])
    assert shown.exit_code == 0 and "in passing" in shown.stdout
    exported = runner.invoke(app, ["export", "--db", db, "--format", "csv"])
    assert exported.exit_code == 0, exported.output
    assert [row["location"] for row in csv.DictReader(io.StringIO(exported.stdout))] == ["Dayton"]
    exported = runner.invoke(app, ["export", "--db", db, "--with-passing", "--format", "csv"])
    assert sorted(row["location"] for row in csv.DictReader(io.StringIO(exported.stdout))) == ["Dayton", "Tulsa"]
    with Store(db) as s, TestClient(create_app(s, token="secret", open_reads=True)) as client:
        default = client.get("/api/incidents").json()["incidents"]
        every_api = client.get("/api/incidents", params={"with_passing": "true"}).json()["incidents"]
    assert [i["location"]["name"] for i in default] == ["Dayton"] and len(every_api) == 2


# --- the real pipeline on gva_dev ------------------------------------------------------------------

def _without_evidence(value: object) -> object:
    if isinstance(value, dict):
        return {k: _without_evidence(v) for k, v in value.items() if k != "evidence"}
    if isinstance(value, list):
        return [_without_evidence(v) for v in value]
    return value


def _by_sources(store: Store) -> dict[frozenset[str], str]:
    out = {}
    for incident in store.incidents():
        record = incident.to_json()
        fields = {k: _without_evidence(record[k])
                  for k in ("category", "killed", "wounded", "perpetrators", "victims", "weapons")}
        fields["date"] = (record["date"]["value"], record["date"]["precision"])
        fields["location"] = (record["location"]["name"], record["location"]["lat"], record["location"]["lon"])
        out[frozenset(s.article_id for s in incident.sources)] = json.dumps(fields, sort_keys=True)
    return out


@pytest.mark.skipif(not GVA.exists(), reason="needs ../shared/eval/dev/gva_dev.jsonl")
def test_real_reports_link_the_same_in_any_order(tmp_path: Path) -> None:
    from incidentwire.evaluate.run import gold_article, read_gold
    from incidentwire.pipeline import default

    gold = read_gold(GVA)
    by_incident: dict[str, list[dict]] = {}
    for row in gold:
        by_incident.setdefault(row["incidents"][0]["incident_id"], []).append(row)
    multi = [rows for rows in by_incident.values() if len(rows) >= 3][:8]
    rows = [r for rows in multi for r in rows]
    results = list(default().run(gold_article(r) for r in rows))
    stored = []
    for seed in (None, 1):
        order = results[:]
        if seed is not None:
            random.Random(seed).shuffle(order)
        with Store(f"sqlite:///{tmp_path / f'gva-{seed}.db'}") as s:
            for r in order:
                s.save(r)
            stored.append(_by_sources(s))
            clusters = sources(s)
    # Same incidents: the same sources, the same reconciled fields. (Ids may differ where two
    # articles carry one text: the copy ingested first lends the incident its id.)
    assert stored[0] == stored[1]
    # Most of these multi-article incidents come out as one record holding several sources.
    gold_of = {r["id"]: r["incidents"][0]["incident_id"] for r in rows}
    merged = [c for c in clusters if len(c) >= 2]
    assert len(merged) >= len(multi) // 2
    assert all(len({gold_of[a] for a in c}) == 1 for c in merged)


def test_the_two_seed_articles_stay_two_separate_main_incidents(tmp_path: Path) -> None:
    from incidentwire.models import Article
    from incidentwire.pipeline import default

    corpus = Path(__file__).resolve().parents[1] / "demo/corpus"
    articles = [Article(id=p.stem, text=p.read_text(encoding="utf-8"), publication_date=p.stem[-10:])
                for p in sorted(corpus.glob("*.txt"))]
    with Store(f"sqlite:///{tmp_path / 'seeds.db'}") as s:
        for result in default().run(articles):
            s.save(result)
        places = {i.location.name: {x.article_id for x in i.sources} for i in s.incidents()}
    assert places["Kabul"] == {"kabul-2013-06-25"}
    assert places["Kandahar"] == {"kandahar-2011-05-07"}


def test_an_analysts_correction_survives_relinking(store: Store) -> None:
    from incidentwire.store.corrections import Corrections

    store.save(dayton("first", killed=1))
    [incident] = store.incidents()
    Corrections(store).add(incident.id, "killed.best", "2", user="ana")
    store.save(dayton("second", killed=1))  # linking rewrites the incident row
    [linked] = store.incidents()
    assert len(linked.sources) == 2
    assert linked.killed.best == 2 and store.count().killed == 2


def test_a_split_shows_on_both_resulting_incidents(store: Store) -> None:
    store.save(dayton("a"))
    store.save(dayton("b"))
    [incident] = store.incidents()
    [alone] = store.split(incident.id, "b", user="ana")
    rest = next(i.id for i in store.incidents() if i.id != alone)
    for incident_id in (alone, rest):
        explanation = store.explain(incident_id)
        assert explanation is not None and [d.kind for d in explanation.decisions] == ["split"]


def test_the_summary_agrees_with_the_reconciled_toll() -> None:
    early, later = _rep("early", "2016-03-06", 12), _rep("later", "2016-03-08", 15)
    early.record["summary"], later.record["summary"] = "12 killed.", "15 killed."
    record, _ = reconcile([early, later], "inc-x")
    assert record["killed"]["best"] == 15 and record["summary"] == "15 killed."

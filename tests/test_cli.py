"""The real command line (typer's CliRunner, and subprocesses for `python -m` and kill -9).

Assertions do not depend on extraction quality: the extractor changes under these tests.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incidentwire.cli import app
from incidentwire.models import Article, ArticleResult, Count, Incident, IncidentDate, Location, Perpetrator
from incidentwire.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "demo" / "corpus"
KABUL = (CORPUS / "kabul-2013-06-25.txt").read_text(encoding="utf-8")
KANDAHAR = (CORPUS / "kandahar-2011-05-07.txt").read_text(encoding="utf-8")
SHORT_KABUL = KABUL[:400]
SHORT_KANDAHAR = KANDAHAR[:400]
GERMAN = "Das ist ein kurzer Bericht auf Deutsch über das Wetter in der Stadt und auf dem Land."


def run(*args: str) -> object:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def flat(output: str) -> str:
    """Rich's error box, as one line of words."""
    return " ".join(output.replace("│", " ").split())


def jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def record(article_id: str, text: str, **kw: str) -> dict:
    return {"id": article_id, "text": text, "publication_date": "2013-06-25", **kw}


def db_url(tmp_path: Path, name: str = "iw.db") -> str:
    return f"sqlite:///{tmp_path / name}"


# --- extract --------------------------------------------------------------------------------------

def test_extract_jsonl_one_line_per_article_in_order(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "in.jsonl", record("k2", SHORT_KANDAHAR), record("de", GERMAN),
                record("k1", SHORT_KABUL, title="Kabul"))
    result = run("extract", str(src), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["article"]["id"] for line in lines] == ["k2", "de", "k1"]
    for line in lines:
        assert set(line) == {"article", "incidents", "places"}
        assert set(line["article"]) == {"id", "title", "publication_date", "url", "source"}
    assert lines[1]["incidents"] == []  # skipped (not English), still one line
    assert lines[2]["article"]["title"] == "Kabul"
    assert "3 articles read" in result.stderr and "1 not English" in result.stderr


def test_extract_text_files_with_published(tmp_path: Path) -> None:
    result = run("extract", str(CORPUS / "kabul-2013-06-25.txt"), "--published", "2013-06-25", "-f", "jsonl")
    assert result.exit_code == 0, result.output
    [line] = [json.loads(x) for x in result.stdout.splitlines()]
    assert line["article"]["publication_date"] == "2013-06-25"


def test_extract_malformed_line_reported_others_processed(tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text(json.dumps(record("a", SHORT_KABUL)) + "\n{not json\n"
                   + json.dumps(record("b", SHORT_KANDAHAR)) + "\n", encoding="utf-8")
    result = run("extract", str(src), "-f", "jsonl")
    assert result.exit_code == 0
    assert [json.loads(x)["article"]["id"] for x in result.stdout.splitlines()] == ["a", "b"]
    assert f"{src}:2" in result.stderr
    assert "1 read problem" in result.stderr


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_extract_other_formats(tmp_path: Path, fmt: str) -> None:
    src = jsonl(tmp_path / "in.jsonl", record("k1", SHORT_KABUL), record("de", GERMAN))
    out = tmp_path / f"out.{fmt}"
    result = run("extract", str(src), "--format", fmt, "--output", str(out))
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    if fmt == "json":
        assert [x["article"]["id"] for x in json.loads(written)] == ["k1", "de"]
    elif fmt == "csv":
        assert written.splitlines()[0].startswith("article_id,incident_id,date,date_precision,category")
    else:
        assert "in 2 articles (1 skipped)" in written


def test_extract_missing_input_exits_2(tmp_path: Path) -> None:
    result = run("extract", str(tmp_path / "nope.jsonl"))
    assert result.exit_code == 2
    assert "nope.jsonl: no such file or directory" in result.stderr


def test_extract_one_missing_input_among_good_ones(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "in.jsonl", record("k1", SHORT_KABUL))
    result = run("extract", str(src), str(tmp_path / "nope.txt"), "-f", "jsonl")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    assert "nope.txt: no such file or directory" in result.stderr


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--published", "2013-13-01", "expected a date YYYY-MM-DD"),
    ("--published", "yesterday", "expected a date YYYY-MM-DD"),
    ("--country", "Afghanistan", "two-letter ISO country code"),
    ("--format", "xml", "unknown format 'xml'"),
])
def test_extract_bad_options(tmp_path: Path, option: str, value: str, message: str) -> None:
    result = run("extract", str(CORPUS), option, value)
    assert result.exit_code != 0
    assert message in flat(result.output)


# --- ingest ---------------------------------------------------------------------------------------

def counts(url: str) -> tuple[int, int]:
    with Store(url) as store:
        return tuple(store.counts())


def test_ingest_twice_changes_nothing(tmp_path: Path) -> None:
    url = db_url(tmp_path)
    src = jsonl(tmp_path / "in.jsonl", record("k1", SHORT_KABUL), record("k2", SHORT_KANDAHAR),
                record("de", GERMAN))
    first = run("ingest", str(src), "--db", url)
    assert first.exit_code == 0, first.output
    assert "2 new, 0 unchanged" in first.stderr and "1 skipped (1 not English)" in first.stderr
    before = counts(url)
    assert before[0] == 3
    with Store(url) as store:
        stored = [i.to_json() for i in store.incidents()]
    second = run("ingest", str(src), "--db", url)
    assert second.exit_code == 0
    assert "0 new, 3 unchanged, 0 updated" in second.stderr and "0 incidents stored" in second.stderr
    assert counts(url) == before
    with Store(url) as store:
        assert [i.to_json() for i in store.incidents()] == stored


def test_ingest_syndicated_copy_becomes_a_second_source(tmp_path: Path) -> None:
    url = db_url(tmp_path)
    src = jsonl(tmp_path / "in.jsonl", record("wire", SHORT_KANDAHAR, url="https://wire.example/1"),
                record("paper", SHORT_KANDAHAR, url="https://paper.example/9"))
    result = run("ingest", str(src), "--db", url)
    assert "1 new" in result.stderr and "1 duplicates" in result.stderr
    later = jsonl(tmp_path / "later.jsonl", record("blog", SHORT_KANDAHAR))
    assert "1 duplicates" in run("ingest", str(later), "--db", url).stderr
    with Store(url) as store:
        assert store.counts().articles == 3
        for incident in store.incidents():
            # the first copy, then by date and id
            assert [s.article_id for s in incident.sources] == ["wire", "blog", "paper"]
    listed = run("incidents", "--db", url, "-f", "jsonl")
    for line in listed.stdout.splitlines():
        assert {s["url"] for s in json.loads(line)["sources"]} >= {"https://paper.example/9"}


def test_ingest_same_id_new_text_updates(tmp_path: Path) -> None:
    url = db_url(tmp_path)
    run("ingest", str(jsonl(tmp_path / "a.jsonl", record("x", SHORT_KABUL))), "--db", url)
    result = run("ingest", str(jsonl(tmp_path / "b.jsonl", record("x", SHORT_KANDAHAR))), "--db", url)
    assert "0 new, 0 unchanged, 1 updated" in result.stderr
    assert counts(url)[0] == 1
    with Store(url) as store:
        assert store.known(Article(id="x", text=SHORT_KANDAHAR))
        for incident in store.incidents():
            assert all(e.text in SHORT_KANDAHAR for e in incident.evidence)


def test_ingest_read_only_database(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    Store(f"sqlite:///{path}").close()
    result = run("ingest", str(CORPUS), "--db", f"sqlite:///file:{path}?mode=ro&uri=true")
    assert result.exit_code == 2
    assert "cannot write to database" in result.stderr and "readonly" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file permissions")
def test_ingest_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    Store(f"sqlite:///{path}").close()
    path.chmod(0o444)
    result = run("ingest", str(CORPUS), "--db", str(path))
    assert result.exit_code == 2 and "readonly" in result.stderr


def test_unreachable_postgresql(tmp_path: Path) -> None:
    for command in (["ingest", str(CORPUS)], ["incidents"]):
        result = run(*command, "--db", "postgresql://localhost:1/x")
        assert result.exit_code == 2
        assert "cannot open database postgresql://localhost:1/x" in result.stderr


def test_malformed_database_url(tmp_path: Path) -> None:
    result = run("incidents", "--db", "postgresql://u:pw@host:port/db")
    assert result.exit_code == 2 and "not a valid database URL" in result.stderr
    assert "pw" not in result.stderr.replace("postgresql", "")


def test_database_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTWIRE_DB", db_url(tmp_path, "env.db"))
    assert run("ingest", str(jsonl(tmp_path / "a.jsonl", record("x", SHORT_KABUL)))).exit_code == 0
    assert (tmp_path / "env.db").exists()


# --- incidents ------------------------------------------------------------------------------------

@pytest.fixture
def filled(tmp_path: Path) -> str:
    """A database with hand-made incidents, so filters are tested apart from the extractor."""
    url = db_url(tmp_path, "filled.db")
    specs = [("a", "2013-06-25", "AF", "bombing", "Taliban", "Kabul"), ("b", "2011-05-07", "AF", "armed_assault",
             "Haqqani Network", "Kandahar"), ("c", "2012-03-01", "IQ", "kidnapping", "unknown gunmen", "Basra")]
    with Store(url) as store:
        for article_id, day, country, category, perpetrator, place in specs:
            article = Article(id=article_id, text=f"Report {article_id}.", title=f"Title {article_id}")
            store.save(ArticleResult(article=article, incidents=[Incident(
                id=f"inc-{article_id}", category=category, date=IncidentDate(value=day, precision="day"),
                location=Location(name=place, admin1=f"{place} Province", country_code=country),
                perpetrators=[Perpetrator(name=perpetrator)], killed=Count(best=2))]))
    return url


@pytest.mark.parametrize(("options", "expected"), [
    ([], ["inc-b", "inc-c", "inc-a"]),
    (["--since", "2012-01-01"], ["inc-c", "inc-a"]),
    (["--until", "2012-12-31"], ["inc-b", "inc-c"]),
    (["--country", "af"], ["inc-b", "inc-a"]),
    (["--category", "kidnapping"], ["inc-c"]),
    (["--perpetrator", "haqqani"], ["inc-b"]),
    (["--limit", "2"], ["inc-b", "inc-c"]),
    (["--admin1", "kandahar"], ["inc-b"]),
    (["--place", "basr"], ["inc-c"]),
])
def test_incidents_filters(filled: str, options: list[str], expected: list[str]) -> None:
    result = run("incidents", "--db", filled, "-f", "jsonl", *options)
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["id"] for x in lines] == expected
    assert all(x["sources"][0]["title"].startswith("Title") for x in lines)


def test_incidents_csv_and_table(filled: str) -> None:
    sheet = run("incidents", "--db", filled, "-f", "csv").stdout.splitlines()
    assert len(sheet) == 4
    assert sheet[0].startswith("incident_id,") and sheet[0].endswith(",sources,source_urls")
    table = run("incidents", "--db", filled, "-f", "table").stdout
    assert "Haqqani Network" in table and "Title c" in table


@pytest.mark.parametrize(("options", "message"), [
    (["--category", "riot"], "unknown category 'riot'; valid: armed_assault, bombing"),
    (["--since", "2013-02-30"], "expected a date YYYY-MM-DD"),
    (["--since", "2014-01-01", "--until", "2013-01-01"], "is after --until"),
    (["--limit", "0"], "--limit"),
])
def test_incidents_bad_options(filled: str, options: list[str], message: str) -> None:
    result = run("incidents", "--db", filled, *options)
    assert result.exit_code == 2
    assert message in flat(result.output)


# --- evaluate, python -m ---------------------------------------------------------------------------

def test_evaluate(tmp_path: Path) -> None:
    gold = jsonl(tmp_path / "gold.jsonl", {"id": "k", "text": SHORT_KABUL, "publication_date": "2013-06-25",
                                          "incidents": None, "toponyms": None})
    preds = tmp_path / "preds.jsonl"
    result = run("evaluate", str(gold), "--json", "--predictions", str(preds))
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert "predictions" not in figures and "table" not in figures and figures["articles"] == 1
    assert json.loads(preds.read_text(encoding="utf-8"))["article"]["id"] == "k"
    table = run("evaluate", str(gold))
    assert table.exit_code == 0 and table.stdout.strip()


def test_evaluate_errors_shows_the_worst_articles_side_by_side(tmp_path: Path) -> None:
    """A gold file where one article's gold toll disagrees with the text: --errors lists that
    article first, with the gold and the predicted figure and the sentence it came from."""
    gold_incident = {"incident_id": "x", "category": None, "date": "2013-06-25",
                     "location": {"names": ["Kabul"], "admin1": None, "country_code": "AF"},
                     "killed": 99, "wounded": None}
    right = dict(gold_incident, killed=None)
    gold = jsonl(tmp_path / "gold.jsonl",
                 {**record("wrong-toll", KABUL), "incidents": [gold_incident], "toponyms": None},
                 {**record("all-right", SHORT_KABUL), "incidents": [right], "toponyms": None},
                 {**record("irrelevant", "The council met on Tuesday to discuss the budget for parks."),
                  "incidents": [], "toponyms": None})
    result = run("evaluate", str(gold), "--errors", "5", "--json")
    assert result.exit_code == 0, result.output
    worst = json.loads(result.stdout)["worst_articles"]
    assert [w["article_id"] for w in worst] == ["wrong-toll"]
    killed = next(r for r in worst[0]["incidents"][0] if r["name"] == "killed")
    assert killed["gold"] == "99" and not killed["correct"] and killed["predicted"] != "99"
    assert "killed" in killed["evidence"].lower() or "dead" in killed["evidence"].lower()
    table = run("evaluate", str(gold), "--errors", "1")
    assert table.exit_code == 0 and "wrong-toll" in table.stdout and "1 worst-scored" in table.stdout


def test_evaluate_bad_gold(tmp_path: Path) -> None:
    assert run("evaluate", str(tmp_path / "nope.jsonl")).exit_code == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    result = run("evaluate", str(bad))
    assert result.exit_code == 2 and f"{bad}:1" in result.stderr


def test_python_dash_m() -> None:
    done = subprocess.run([sys.executable, "-m", "incidentwire", "--help"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0
    for command in ("extract", "ingest", "incidents", "evaluate"):
        assert command in done.stdout


# --- kill -9 mid-ingest ---------------------------------------------------------------------------

def stored_articles(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
            return conn.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_kill_9_mid_ingest_then_resume(tmp_path: Path) -> None:
    n = 40
    src = jsonl(tmp_path / "many.jsonl", *[
        record(f"art-{i:02d}", (KABUL if i % 2 else KANDAHAR) + f"\n\nReport number {i}.") for i in range(n)])
    db = tmp_path / "kill.db"
    command = [sys.executable, "-m", "incidentwire", "ingest", str(src), "--db", f"sqlite:///{db}"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while stored_articles(db) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the ingest ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    committed = stored_articles(db)
    assert 0 < committed < n

    resumed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{n - committed} new, {committed} unchanged" in resumed.stderr

    # every article once, each report a clean extraction gives exactly once, and the same linked
    # incidents (ids and sources) as an ingest that was never interrupted
    expected = {}
    extracted = run("extract", str(src), "-f", "jsonl")
    for line in extracted.stdout.splitlines():
        data = json.loads(line)
        expected[data["article"]["id"]] = sorted(i["id"] for i in data["incidents"])
    clean_db = tmp_path / "clean.db"
    clean = subprocess.run([*command[:-1], f"sqlite:///{clean_db}"], capture_output=True, text=True, timeout=300)
    assert clean.returncode == 0, clean.stderr

    def linked(path: Path) -> tuple[list[str], dict[str, list[str]], list[tuple[str, str]]]:
        with sqlite3.connect(path) as conn:
            ids = sorted(r[0] for r in conn.execute("select id from articles"))
            reports: dict[str, list[str]] = {}
            for report_id, article_id in conn.execute("select id, article_id from reports"):
                reports.setdefault(article_id, []).append(report_id)
            sources = sorted(conn.execute("select incident_id, article_id from incident_sources").fetchall())
        return ids, {a: sorted(v) for a, v in reports.items()}, sources

    ids, reports, sources = linked(db)
    assert ids == sorted(expected)
    assert reports == {a: v for a, v in expected.items() if v}
    assert {a for _, a in sources} == {a for a, v in expected.items() if v}
    assert (ids, reports, sources) == linked(clean_db)

    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert f"0 new, {n} unchanged" in again.stderr

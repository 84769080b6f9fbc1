"""`incidentwire watch` and `fetch` from the command line, against a real local HTTP server.

Includes the two figures of the issue: the seed articles watched as HTML pages give the same
incidents as `extract` on the text files, and 200 feed items survive a kill -9 half-way with
zero duplicates and nothing missing.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from incidentwire.cli import app
from watch_server import LocalServer, article_page, rss, serving

CORPUS = Path(__file__).resolve().parents[1] / "demo" / "corpus"
FAST = "[politeness]\nhost_delay = 0.0\nbackoff = 0.05\ntimeout = 5.0\n"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serving() as s:
        yield s


def run(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def feeds_toml(path: Path, *feeds: str, pages: tuple[str, ...] = (), extra: str = FAST) -> Path:
    body = extra + "".join(f'\n[[feed]]\nurl = "{u}"\n' for u in feeds)
    body += "".join(f'\n[[page]]\nurl = "{u}"\n' for u in pages)
    path.write_text(body, encoding="utf-8")
    return path


def comparable(incident: dict[str, Any]) -> str:
    """An incident without what names its article (ids differ: a file stem vs a URL)."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("id", "sources", "conflicts", "article_id")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return json.dumps(strip(incident), sort_keys=True)


def test_watch_once_over_the_seed_pages_gives_the_incidents_of_extract(server: LocalServer, tmp_path: Path) -> None:
    links = []
    expected: list[str] = []
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        day = path.stem[-10:]
        paragraphs = [line for line in text.split("\n") if line.strip()]
        links.append(server.route(f"/world/{path.stem}", article_page(path.stem.split("-")[0].title(), paragraphs,
                                                                      published=day)))
        result = run("extract", str(path), "--published", day, "-f", "jsonl")
        assert result.exit_code == 0
        [line] = result.stdout.splitlines()
        expected += [comparable(i) for i in json.loads(line)["incidents"]]
    feed = server.route("/rss.xml", rss([(u, u, None) for u in links]))
    db = f"sqlite:///{tmp_path / 'seeds.db'}"
    watched = run("watch", str(feeds_toml(tmp_path / "FEEDS.toml", feed)), "--once", "--db", db)
    assert watched.exit_code == 0, watched.output
    assert "2 new" in watched.output
    listed = run("incidents", "--with-passing", "--db", db, "-f", "jsonl")
    got = [comparable(json.loads(line)) for line in listed.stdout.splitlines()]
    assert expected and sorted(got) == sorted(expected)

    status = run("watch", "--status", "--db", db)
    assert status.exit_code == 0
    row = next(line for line in status.stdout.splitlines() if "rss.xml" in line)
    cells = [cell.strip() for cell in row.split("│")[1:-1]]
    assert cells[2] != "never" and cells[3] == "-"  # last success, last error
    assert cells[4:] == ["2", str(len(expected)), "0", "0"]  # articles, incidents, pending, failed


def test_watch_reports_a_dead_feed_and_exits_non_zero_when_nothing_worked(server: LocalServer,
                                                                          tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    dead = server.route("/dead.xml", "no", status=503)
    result = run("watch", str(feeds_toml(tmp_path / "F.toml", dead)), "--once", "--db", db)
    assert result.exit_code == 1
    assert "HTTP 503" in result.output and "next try after" in result.output
    again = run("watch", str(feeds_toml(tmp_path / "F.toml", dead)), "--once", "--db", db)
    assert "backed off" in again.output and again.exit_code == 0
    status = run("watch", "--status", "--json", "--db", db)
    [record] = [json.loads(line) for line in status.stdout.splitlines()]
    assert record["url"] == dead and record["last_success"] is None and record["failures"] == 1
    assert "HTTP 503" in record["last_error"] and record["backoff_until"] > record["last_error_at"]
    assert "503" in run("watch", "--status", "--db", db).stdout  # the table for people


@pytest.mark.parametrize(("content", "message"), [
    ("not = [toml", "not valid TOML"),
    ("interval = '15m'\n", "no [[feed]] or [[page]]"),
    ("[[feed]]\nurl = 'ftp://x.org/rss'\n", "is not an http(s) URL"),
    ("[[feed]]\nurl = 'http://x.org/rss'\n[politeness]\ntimeout = 'soon'\n", "timeout must be float"),
    ("interval = 'often'\n[[feed]]\nurl = 'http://x.org/rss'\n", "not a duration"),
])
def test_bad_feeds_file_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "FEEDS.toml"
    path.write_text(content, encoding="utf-8")
    result = run("watch", str(path), "--once", "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.exit_code == 2 and message in " ".join(result.output.split())


def test_fetch_single_pages(server: LocalServer, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'f.db'}"
    good = server.route("/a", article_page("A", [CORPUS.joinpath("kabul-2013-06-25.txt").read_text()[:600]]))
    result = run("fetch", good, "--db", db)
    assert result.exit_code == 0 and "1 new" in result.output
    again = run("fetch", good, server.url("/missing"), "--db", db)
    assert again.exit_code == 1 and "HTTP 404" in again.output and "1 unchanged" in again.output
    assert run("fetch", "file:///etc/passwd", "--db", db).exit_code == 2


# --- 200 items, kill -9 half-way, restart -----------------------------------------------------------

def story(i: int) -> list[str]:
    return [f"A roadside bomb killed {i % 9 + 2} soldiers near the town of Sangin in Helmand province on "
            f"Tuesday, officials said in report number {i}.",
            f"Another {i % 5 + 1} soldiers were wounded in the blast, which the Taliban claimed."]


def count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_200_items_kill_9_half_way_then_restart_no_duplicates_nothing_missing(server: LocalServer,
                                                                             tmp_path: Path) -> None:
    n = 200
    links = [server.route(f"/news/{i:03d}", article_page(f"Bomb {i}", story(i), published="2024-04-02"))
             for i in range(n)]
    feed = server.route("/big.xml", rss([(u, u, None) for u in links]))
    db = tmp_path / "big.db"
    command = [sys.executable, "-m", "incidentwire", "watch", str(feeds_toml(tmp_path / "F.toml", feed)), "--once",
               "--db", f"sqlite:///{db}"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while count(db, "select count(*) from articles") < 40 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the watcher ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    committed = count(db, "select count(*) from articles")
    assert 0 < committed < n
    assert count(db, "select count(*) from watch_items where status = 'pending'") > 0

    resumed = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert "0 new items" in resumed.stderr  # the items were remembered, not found again
    with sqlite3.connect(db) as conn:
        urls = [r[0] for r in conn.execute("select url from articles")]
        hashes = {r[0] for r in conn.execute("select content_hash from articles")}
        copies = conn.execute("select count(*) from articles where duplicate_of is not null").fetchone()[0]
        items = dict(conn.execute("select status, count(*) from watch_items group by status").fetchall())
        reports = conn.execute("select article_id, incident_id from reports").fetchall()
        incidents = {r[0] for r in conn.execute("select id from incidents")}
        sourced = conn.execute("select incident_id, article_id from incident_sources").fetchall()
    assert sorted(urls) == sorted(links)  # nothing missing, nothing twice
    assert len(hashes) == n and copies == 0
    assert items == {"done": n}
    # Every story's bombing was stored once (one report per article), in an incident that lists the
    # story among its sources (the linker may join these look-alike stories into fewer incidents).
    assert sorted(a for a, _ in reports) == sorted(links)
    assert {i for _, i in reports} == incidents
    assert set(sourced) == {(i, a) for a, i in reports}
    assert max(len(server.hits(f"/news/{i:03d}")) for i in range(n)) <= 2  # refetched only if cut mid-batch

    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "0 pages fetched" in again.stderr


def test_watch_keeps_polling_at_the_interval_until_interrupted(server: LocalServer, tmp_path: Path) -> None:
    feed = server.route("/empty.xml", rss([]), content_type="application/rss+xml")
    command = [sys.executable, "-m", "incidentwire", "watch", str(feeds_toml(tmp_path / "F.toml", feed)),
               "--interval", "1s", "--db", f"sqlite:///{tmp_path / 'loop.db'}"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(server.hits("/empty.xml")) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()[1]
    proc.send_signal(signal.SIGINT)
    try:
        _, stderr = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail(f"watch went on after Ctrl-C; its stderr ends: {proc.communicate()[1][-1500:]}")
    assert proc.returncode == 130 and "stopped" in stderr and "next poll in" in stderr
    starts = [r.started for r in server.hits("/empty.xml")]
    assert all(later - earlier >= 0.9 for earlier, later in zip(starts, starts[1:], strict=False))

"""Web app load times over a store of 100,000 generated incidents (part of `make bench`).

Generates a SQLite store (10 incidents per article, random places, dates, categories and counts),
serves it with uvicorn, and times what an analyst's browser asks for: the map page, the map
clusters at world and country zoom, the table (first and a deep page, sorted), a text search, one
incident page; then, when Chromium is installed, the whole map page in the browser until the
markers are drawn. Rewrites the "Web app" section of docs/PERFORMANCE.md.

    python scripts/bench_web.py [--incidents 100000] [--repeat 5] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from incidentwire.models import CATEGORIES, Count, Evidence, Incident, IncidentDate, Location, Perpetrator  # noqa: E402
from incidentwire.store import Store  # noqa: E402
from incidentwire.store.schema import ArticleRow, IncidentRow, IncidentSourceRow  # noqa: E402

START, END = "<!-- bench_web:start -->", "<!-- bench_web:end -->"
PLACES = [("Kabul", "AF", 34.53, 69.17), ("Kandahar", "AF", 31.61, 65.71), ("Baghdad", "IQ", 33.34, 44.40),
          ("Mosul", "IQ", 36.34, 43.13), ("Lagos", "NG", 6.45, 3.39), ("Maiduguri", "NG", 11.85, 13.16),
          ("Chicago", "US", 41.88, -87.63), ("Houston", "US", 29.76, -95.37), ("Bogota", "CO", 4.71, -74.07),
          ("Karachi", "PK", 24.86, 67.01), ("Mogadishu", "SO", 2.05, 45.32), ("Manila", "PH", 14.60, 120.98)]
GROUPS = ["Taliban", "Islamic State", "Boko Haram", "al-Shabaab", "unknown gunmen", "FARC", "police"]


def generate(url: str, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    per_article = 10
    now = datetime.now(UTC)
    with Store(url) as store, store.engine.begin() as conn:
        for first in range(0, n, 10_000):
            articles, incidents, sources = [], [], []
            for a in range(first // per_article, min(n, first + 10_000) // per_article):
                name, cc, lat, lon = rng.choice(PLACES)
                text = (f"Attackers struck near {name} on Tuesday, officials said. Several people were killed "
                        f"and others wounded in the attack, report {a}.")
                article_id = f"bench-{a}"
                articles.append({"id": article_id, "content_hash": f"{a:064x}", "title": f"Attack near {name}",
                                 "publication_date": None, "url": f"https://example.org/{a}", "source": "bench",
                                 "meta": {}, "text": text, "places": [], "skipped": None, "duplicate_of": None,
                                 "ingested_at": now})
                for k in range(per_article):
                    day = (date(2000, 1, 1) + timedelta(days=rng.randrange(9000))).isoformat()
                    killed = rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 40])
                    ev = Evidence(article_id=article_id, start=0, end=text.index(".") + 1, text=text[:text.index(".") + 1])
                    incident = Incident(
                        id=f"inc-bench-{a}-{k}", category=rng.choice(CATEGORIES),
                        date=IncidentDate(value=day, precision="day", text="Tuesday", evidence=[ev]),
                        location=Location(name=name, country_code=cc, lat=lat + rng.uniform(-2, 2),
                                          lon=lon + rng.uniform(-2, 2), precision="city", evidence=[ev]),
                        perpetrators=[Perpetrator(name=rng.choice(GROUPS), type="group", evidence=[ev])],
                        killed=Count(min=killed, max=killed, best=killed, evidence=[ev]),
                        wounded=Count(min=0, best=rng.randrange(30)), summary=f"Generated incident {a}-{k}.",
                        confidence=0.5, evidence=[ev])
                    record = incident.to_json()
                    loc = record["location"]
                    incidents.append({"id": incident.id, "article_id": article_id, "record": record,
                                      "category": incident.category, "date_value": day,
                                      "country_code": cc, "admin1": None, "lat": loc["lat"], "lon": loc["lon"],
                                      "killed_best": killed, "wounded_best": record["wounded"]["best"],
                                      "perpetrators": incident.perpetrators[0].name})
                    sources.append({"incident_id": incident.id, "article_id": article_id})
            conn.execute(insert(ArticleRow), articles)
            conn.execute(insert(IncidentRow), incidents)
            conn.execute(insert(IncidentSourceRow), sources)


def timed(client: httpx.Client, path: str, repeat: int) -> tuple[float, int]:
    times = []
    size = 0
    for _ in range(repeat):
        t = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - t)
        response.raise_for_status()
        size = len(response.content)
    return statistics.median(times), size


def browser_load(base: str, repeat: int) -> tuple[float, float] | None:
    """Median (seconds from navigation start until the clusters are drawn, ... until the outlines are
    drawn too), as the page itself measures them (performance.now()), in a fresh page each time."""
    chromium = shutil.which("/usr/bin/chromium") or shutil.which("chromium")
    if not chromium:
        return None
    from playwright.sync_api import sync_playwright

    ready, outlines = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for _ in range(repeat):
            page = browser.new_page()  # a fresh page: nothing cached
            page.goto(base + "/")
            page.wait_for_selector("#map[data-ready='1'][data-outlines]", timeout=60_000)
            ready.append(int(page.get_attribute("#map", "data-ready-at")) / 1000)
            outlines.append(int(page.get_attribute("#map", "data-outlines-at")) / 1000)
            page.close()
        browser.close()
    return statistics.median(ready), statistics.median(outlines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/PERFORMANCE.md alone")
    args = parser.parse_args()
    from webapp_support import live_server

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        t = time.perf_counter()
        generate(url, args.incidents)
        print(f"generated {args.incidents:,} incidents in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        paths = [("map page (HTML: filters, timeline, first 25 rows)", "/"),
                 ("map clusters, whole world (zoom 2)", "/api/map?zoom=2&bbox=-180,-85,180,85"),
                 ("map clusters, one country (zoom 6)", "/api/map?zoom=6&bbox=60,28,75,38"),
                 ("map page filtered: category + date range", "/?category=bombing&since=2005-01-01&until=2010-12-31"),
                 ("table, page 1 (50 rows)", "/incidents"),
                 ("table sorted by killed, page 1000", "/incidents?sort=-killed&page=1000"),
                 ("text search over article text", "/?q=report%20777."),
                 ("incident page", "/incidents/inc-bench-4242-3"),
                 ("API list, 100 incidents as JSON", "/api/incidents?per_page=100")]
        rows = []
        with live_server(url) as base, httpx.Client(base_url=base, timeout=120) as client:
            for label, path in paths:
                seconds, size = timed(client, path, args.repeat)
                rows.append((label, path, seconds, size))
                print(f"{seconds * 1000:8.0f} ms  {size:>9,} B  {label}", file=sys.stderr)
            full = browser_load(base, args.repeat)
    if full is not None:
        print(f"{full[0] * 1000:8.0f} ms  map page in Chromium until the clusters are drawn; "
              f"{full[1] * 1000:.0f} ms until the outlines are too", file=sys.stderr)
    report = render(args, rows, full)
    print(report)
    if not args.no_write:
        write(report)


def render(args: argparse.Namespace, rows: list[tuple[str, str, float, int]],
           full: tuple[float, float] | None) -> str:
    lines = [START, "## Web app (`incidentwire serve`)", "",
             f"Produced by `make bench-web` (`python scripts/bench_web.py --incidents {args.incidents}`; `make bench` "
             f"runs it too) on this machine ({platform.machine()}, {platform.python_version()}): a SQLite store of "
             f"{args.incidents:,} generated incidents (10 per article), uvicorn on 127.0.0.1, median of "
             f"{args.repeat} requests; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores when it ran "
             f"(the machine is shared).", "",
             "| request | ms | bytes |", "|---|---|---|"]
    lines += [f"| {label} (`{path}`) | {seconds * 1000:.0f} | {size:,} |" for label, path, seconds, size in rows]
    lines.append("")
    if full is not None:
        lines.append(f"- Whole map page in headless Chromium, from navigation start (the page's own "
                     f"`performance.now()`, fresh page each time) until the incident clusters are drawn: "
                     f"**{full[0]:.2f} s** (target: under 2 s); until the country outlines are drawn too: "
                     f"{full[1]:.2f} s.")
    else:
        lines.append("- Chromium is not installed here: the in-browser page load was not measured.")
    lines.append(f"- Slowest single request: **{max(r[2] for r in rows) * 1000:.0f} ms**.")
    lines.append(END)
    return "\n".join(lines) + "\n"


def write(report: str) -> None:
    doc = ROOT / "docs" / "PERFORMANCE.md"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
    if START in text and END in text:
        text = text[:text.index(START)] + report + text[text.index(END) + len(END) + 1:]
    else:
        text = text.rstrip("\n") + "\n\n" + report
    doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

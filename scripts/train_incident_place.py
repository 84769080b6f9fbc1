"""Learn which of an article's places is the incident's (model "incident_place", `make train`).

For every gva_dev article (parsed from the parse cache), the incidents are extracted as the
pipeline does and matched to the gold incidents with the shared scorer's agreement; each matched
incident's candidates (incidentwire.geocode.incident_place: the article's distinct resolved
places with their features) are examples, labelled 1 when the location it would give is the gold one (its name,
county or mention text matches a gold name, or it lies within 10 km of the gold point). A
pairwise logistic regression (scikit-learn, fixed seed) is fitted per cross-validation fold
(`evaluate.folds`, by gold incident) and on everything; the printed figures are held out: the
share of incidents whose top-scored candidate is a right one, next to the rules' share and the
best possible. No text is stored: only feature weights.

    python scripts/train_incident_place.py [--dev ../shared/eval/dev] [--limit N] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import sklearn
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from incidentwire import learned
from incidentwire.evaluate import scorer
from incidentwire.evaluate.folds import FOLDS, fold_of_article
from incidentwire.evaluate.parse_cache import parsed_articles
from incidentwire.evaluate.run import gold_article, read_gold
from incidentwire.extractors import extract_incidents
from incidentwire.geocode import Geocoder
from incidentwire.geocode.incident_place import MODEL_NAME
from incidentwire.geocode.locate import choices, choose_by_rules, municipality, to_location
from incidentwire.geocode.outlet import read_outlet
from incidentwire.models import Location
from incidentwire.nlp import default_pipeline
from incidentwire.pipeline import skip_reason

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "incidentwire" / "data" / "models" / f"{MODEL_NAME}.json"
SEED = 20261123
C = 0.1
RIGHT_KM = 10.0


def is_right(place: Location, gold_location: dict) -> bool:
    """The gold place: a matching name (as the scorer compares them) or within 10 km."""
    names = [scorer.norm_loc(n) for n in gold_location.get("names") or []]
    mine = [scorer.norm_loc(v) for v in (place.name, place.admin2, place.text)]
    if any(scorer.contains(a, b) for a in mine for b in names):
        return True
    if gold_location.get("lat") is None or place.lat is None:
        return False
    return scorer.haversine(gold_location["lat"], gold_location["lon"], place.lat, place.lon) <= RIGHT_KM


def collect(dev: Path, limit: int | None, cache_dir: Path, dataset: str = "gva_dev") -> list[dict]:
    """One group per matched (gold, predicted) incident: fold (None outside gva_dev: in every
    fold's training set), candidates' features and labels."""
    gold = read_gold(dev / f"{dataset}.jsonl")
    gold = gold[:limit] if limit else gold
    rows = [g for g in gold if skip_reason(gold_article(g)) is None]
    articles = [gold_article(g) for g in rows]
    geocoder = Geocoder()
    groups = []
    for row, parsed in zip(rows, parsed_articles(articles, default_pipeline(), cache_dir=cache_dir),
                           strict=True):
        if not row["incidents"]:
            continue
        fold = fold_of_article(row) if dataset == "gva_dev" else None
        with learned.held_out(fold):
            incidents = extract_incidents(parsed)
        places = geocoder.places(parsed)
        rules = []
        for inc in incidents:
            rule = choose_by_rules(parsed, inc, places)
            city = municipality(rule, places, geocoder._population.get) if rule is not None else None
            inc.location = to_location(parsed, rule, city)
            rules.append(rule)
        preds = [json.loads(inc.model_dump_json()) for inc in incidents]
        pairs = scorer.assign([[scorer.agreement(g, p) for p in preds] for g in row["incidents"]])
        for gi, pi in pairs:
            loc = row["incidents"][gi].get("location") or {}
            if not loc.get("names") or row["incidents"][gi].get("optional"):
                continue
            options = choices(parsed, incidents[pi], places, rules[pi], geocoder._population.get,
                              read_outlet(parsed, geocoder.gazetteer))
            if not options:
                continue
            # each judged as the location the pipeline would give if it were picked
            labels = [int(is_right(to_location(parsed, final, municipality(final, places, geocoder._population.get)),
                                   loc)) for _, final in options]
            cands = [c for c, _ in options]
            groups.append({"fold": fold, "features": [c.features for c in cands], "labels": labels,
                           "names": [c.place.name for c in cands], "article": row["id"]})
    return groups


def fit(groups: list[dict], vec: DictVectorizer) -> LogisticRegression:
    """A conditional (pairwise) logistic regression: for every right and wrong candidate of one
    incident, the difference of their features should say which is right. Only the ranking
    within an incident matters, so there is no intercept."""
    xs, ys = [], []
    for g in groups:
        x = vec.transform(g["features"])
        right = [j for j, y in enumerate(g["labels"]) if y]
        wrong = [j for j, y in enumerate(g["labels"]) if not y]
        for r in right:
            for w in wrong:
                xs += [x[r] - x[w], x[w] - x[r]]
                ys += [1, 0]
    model = LogisticRegression(C=C, max_iter=5000, fit_intercept=False, random_state=SEED)
    model.fit(np.array(xs), np.array(ys))
    return model


def top1(groups: list[dict], vec: DictVectorizer, model: LogisticRegression) -> float:
    right = 0
    for g in groups:
        scores = model.decision_function(vec.transform(g["features"]))
        right += g["labels"][int(np.argmax(scores))]
    return right / max(1, len(groups))


def weights_of(vec: DictVectorizer, model: LogisticRegression) -> tuple[dict[str, float], float]:
    names = vec.get_feature_names_out()
    return ({str(n): round(float(w), 5) for n, w in zip(names, model.coef_[0], strict=True) if w},
            round(float(model.intercept_[0]), 5))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "eval" / "dev")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--cache-dir", type=Path, default=ROOT / "out" / "cache", help="the parse cache")
    ap.add_argument("--no-muc4", dest="muc4", action="store_false",
                    help="gva_dev only (default: muc4_train's incidents join every fold's training set)")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    t0 = time.time()
    groups = collect(args.dev, args.limit, args.cache_dir)
    if args.muc4:
        groups += collect(args.dev, args.limit, args.cache_dir, "muc4_train")
    vec = DictVectorizer(sparse=False).fit([f for g in groups for f in g["features"]])
    print(f"{len(groups)} incidents, {sum(len(g['labels']) for g in groups)} candidates "
          f"({time.time() - t0:.0f} s)", file=sys.stderr)
    folds, held = {}, []
    for k in range(FOLDS):
        train = [g for g in groups if g["fold"] != k]  # muc4_train (fold None) is always trained on
        test = [g for g in groups if g["fold"] == k]
        model = fit(train, vec)
        folds[k] = weights_of(vec, model)
        held.append((len(test), top1(test, vec, model)))
    cv = sum(n * a for n, a in held) / max(1, sum(n for n, _ in held))
    gva = [g for g in groups if g["fold"] is not None]
    rules = sum(g["labels"][g["features"].index(next((f for f in g["features"] if f.get("rule_choice")),
                                                     g["features"][0]))] for g in gva) / max(1, len(gva))
    oracle = sum(max(g["labels"]) for g in gva) / max(1, len(gva))
    print(f"top-1 right place, held out: model {cv:.3f}, rules {rules:.3f}, best possible {oracle:.3f}")
    shipped = fit(groups, vec)
    weights, bias = weights_of(vec, shipped)
    for name, w in sorted(weights.items(), key=lambda kv: -abs(kv[1])):
        print(f"  {name:24s} {w:+.3f}")
    if args.no_write:
        return 0
    doc = learned.model_document(
        MODEL_NAME, weights, bias, folds=folds,
        trained_on="gva_dev" + (" + muc4_train" if args.muc4 else "") + " (matched gold incidents)",
        examples=len(groups),
        cross_validated={"top1_model": round(cv, 4), "top1_rules": round(rules, 4), "top1_best_possible": round(oracle, 4)},
        command="python scripts/train_incident_place.py" + ("" if args.muc4 else " --no-muc4"), seed=SEED, C=C, sklearn=sklearn.__version__)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({time.time() - t0:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

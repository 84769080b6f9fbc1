"""Learn the place resolver's candidate weights on the dev corpora (`make train-places`).

For every place mention we find that overlaps a gold toponym of geo_lgl, geo_trnews or
geo_geovirus (or names the incident town of a gva_dev article), each gazetteer candidate is one
example: its FEATURES (incidentwire.geocode.resolve), and whether it is the candidate nearest the
gold point (and within 161 km of it). A pairwise logistic regression (scikit-learn, fixed seed)
learns the weights. The figures printed
are cross-validated by document: each article is resolved with weights fitted on the other
folds (GroupKFold by article), then scored end to end with the shared scorer. The weights fitted
on all articles are written to src/incidentwire/data/place_weights.json (no text is stored).

    python scripts/train_places.py [--dev ../shared/eval/dev] [--folds 5] [--no-write] [--cache out/cache]

Parses come from the parse cache (out/cache; parsed and stored on the first run).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from itertools import islice
from pathlib import Path

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from incidentwire.evaluate.parse_cache import parsed_articles
from incidentwire.evaluate.run import gold_article, read_gold
from incidentwire.evaluate.scorer import score_places
from incidentwire.geocode import Geocoder
from incidentwire.geocode.context import state_mentions, us_word_share
from incidentwire.geocode.names import key as name_key
from incidentwire.geocode.resolve import FEATURES, HAND, WEIGHTS_FILE, Weights, candidate_features, haversine_km
from incidentwire.nlp import ParsedDoc, default_pipeline
from incidentwire.pipeline import skip_reason

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ("geo_lgl", "geo_trnews", "geo_geovirus")
SEED = 20261122
C = 1.0
CORRECT_KM = 161.0
GVA_SKIP = 800


def load(dev: Path, gva: int) -> list[dict]:
    """The geo corpora, then GVA articles GVA_SKIP+1 .. GVA_SKIP+gva (US local news, whose
    incident towns teach what the geo corpora have little of; the first GVA_SKIP stay unseen
    so `incidentwire evaluate gva_dev.jsonl --limit 800` measures weights that never saw them)."""
    docs = []
    for name in DATASETS:
        with (dev / f"{name}.jsonl").open(encoding="utf-8") as fh:
            docs += [json.loads(line) for line in fh if line.strip()]
    with (dev / "gva_dev.jsonl").open(encoding="utf-8") as fh:
        docs += [json.loads(line) for line in islice(fh, GVA_SKIP, GVA_SKIP + gva)]
    return docs


def parses(dev: Path, cache: Path) -> dict[str, ParsedDoc]:
    """spaCy parses of every article of the files `load` reads, by id, through the parse cache
    (the same articles `incidentwire evaluate` parses, so both share one cache entry per file).
    Articles the pipeline skips (empty, not English) are left out."""
    nlp = default_pipeline()
    out: dict[str, ParsedDoc] = {}
    for name in (*DATASETS, "gva_dev"):
        articles = [gold_article(row) for row in read_gold(dev / f"{name}.jsonl")]
        todo = [a for a in articles if skip_reason(a) is None]
        out.update((p.article.id, p) for p in parsed_articles(todo, nlp, cache_dir=cache))
    return out


def _incident_places(gold: dict) -> list[tuple[set[str], float, float]]:
    """GVA gold: (name keys, lat, lon) of each incident's town ("New York (Manhattan)" -> both)."""
    out = []
    for incident in gold.get("incidents") or []:
        loc = incident.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        keys = {name_key(part) for n in loc.get("names") or [] for part in re.split(r"[()]", n) if part.strip()}
        out.append((keys, loc["lat"], loc["lon"]))
    return out


def _gold_point(m, gold: dict) -> dict | None:
    """The gold toponym the mention overlaps (geo corpora), or the incident town it names (GVA)."""
    if gold.get("toponyms") is not None:
        return next((t for t in gold["toponyms"] if t["start"] < m.end and m.start < t["end"]
                     and t.get("lat") is not None), None)
    for keys, lat, lon in _incident_places(gold):
        if m.keys and m.keys[0] in keys:
            return {"lat": lat, "lon": lon}
    return None


def examples(geocoder: Geocoder, parsed, gold: dict) -> list[tuple[list[list[float]], list[int]]]:
    """For each mention that overlaps a gold toponym: its candidates' feature rows and labels."""
    mentions = geocoder.mentions(parsed)
    feats = candidate_features(mentions, states=state_mentions(parsed.article.text),
                               us_words=us_word_share(parsed.article.text))
    out = []
    for m, fs in zip(mentions, feats, strict=True):
        if len(m.candidates) < 2:
            continue  # nothing to choose
        g = _gold_point(m, gold)
        if g is None:
            continue
        # One right answer: the candidate nearest the gold point (the city "Kabul", not the
        # province around it, though both lie within 161 km), when it is near enough at all.
        km = [haversine_km(c.lat, c.lon, g["lat"], g["lon"]) for c in m.candidates]
        nearest = min(range(len(km)), key=km.__getitem__)
        if km[nearest] <= CORRECT_KM:
            out.append((fs, [int(j == nearest) for j in range(len(km))]))
    return out


def fit(x: np.ndarray, y: np.ndarray, mention: np.ndarray) -> Weights:
    """Pairwise logistic regression (a ranking model): for each mention, the right candidate's
    features minus each wrong one's, both ways round; every mention weighs the same however
    many namesakes it has. Only which candidate scores highest matters, so there is no intercept."""
    diffs, labels, weight = [], [], []
    starts = np.flatnonzero(np.diff(mention, prepend=-1))  # rows of one mention are consecutive
    for rows in np.split(np.arange(len(y)), starts[1:]):
        right, wrong = rows[y[rows] == 1], rows[y[rows] == 0]
        if len(right) != 1 or not len(wrong):
            continue
        d = x[right[0]] - x[wrong]
        diffs += [d, -d]
        labels += [np.ones(len(d)), np.zeros(len(d))]
        weight += [np.full(len(d), 1.0 / len(d))] * 2
    xd, yd, wd = np.vstack(diffs), np.concatenate(labels), np.concatenate(weight)
    model = LogisticRegression(C=C, max_iter=5000, random_state=SEED, fit_intercept=False)
    model.fit(xd, yd, sample_weight=wd)
    # A feature the dev data never shows (the user's --country bias) keeps its hand-set weight.
    unseen = ~x.any(axis=0)
    coef = np.where(unseen, np.array(HAND.weights), model.coef_[0])
    return Weights(tuple(round(float(w), 4) for w in coef), 0.0)


def figures(docs: list[dict], preds: dict[str, dict]) -> dict[str, dict]:
    out = {}
    for name in DATASETS:
        gold = [d for d in docs if d.get("dataset") == name]
        out[name] = score_places(gold, preds)
    return out


def table(rows: list[tuple[str, dict[str, dict]]]) -> str:
    lines = ["| dataset | weights | toponym recall | precision | acc@161km | median error km |",
             "|---|---|---|---|---|---|"]
    for name in DATASETS:
        for label, res in rows:
            r = res[name]
            median = r["median_error_km"]
            lines.append(f"| {name} | {label} | {r['recall']:.3f} | {r['precision']:.3f} | "
                         f"{r['acc_161km']['accuracy']:.3f} ({r['acc_161km']['correct']}/{r['acc_161km']['total']}) | "
                         f"{'–' if median is None or math.isnan(median) else f'{median:.1f}'} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "eval" / "dev")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--gva", type=int, default=1500, help="GVA articles to learn from (0: geo corpora only)")
    ap.add_argument("--no-write", action="store_true", help="only print the cross-validated figures")
    ap.add_argument("--cache", type=Path, default=ROOT / "out" / "cache", help="parse cache (evaluate.parse_cache)")
    args = ap.parse_args()

    started = time.perf_counter()
    by_id = parses(args.dev, args.cache)
    every = load(args.dev, args.gva)  # scored in full: an article the pipeline skips counts as missed
    docs = [d for d in every if d["id"] in by_id]
    parsed = [by_id[d["id"]] for d in docs]
    print(f"parsed {len(parsed)} articles in {time.perf_counter() - started:.0f}s", file=sys.stderr)

    geocoder = Geocoder()
    per_doc = [examples(geocoder, p, d) for p, d in zip(parsed, docs, strict=True)]
    rows, labels, doc_ids, mention_ids = [], [], [], []
    mentions = 0
    for i, found in enumerate(per_doc):
        for fs, ys in found:
            rows += fs
            labels += ys
            doc_ids += [i] * len(fs)
            mention_ids += [mentions] * len(fs)
            mentions += 1
    x, y = np.array(rows, dtype=float), np.array(labels)
    groups, mention = np.array(doc_ids), np.array(mention_ids)
    print(f"{len(y)} candidates of {len(set(groups.tolist()))} articles, {int(y.sum())} correct",
          file=sys.stderr)

    def places_with(weights: Weights, indices) -> dict[str, dict]:
        g = Geocoder(weights=weights)
        return {docs[i]["id"]: {"places": [p.to_json() for p in g.places(parsed[i])]} for i in indices}

    geo = [i for i, d in enumerate(docs) if d["toponyms"] is not None]  # scored; GVA docs only teach
    hand = places_with(HAND, geo)
    crossed: dict[str, dict] = {}
    doc_fold = {}
    folds = GroupKFold(n_splits=args.folds, shuffle=True, random_state=SEED)
    for k, (train, test) in enumerate(folds.split(x, y, groups)):
        for i in set(groups[test].tolist()):
            doc_fold[i] = k
        weights = fit(x[train], y[train], mention[train])
        held_out = [i for i in geo if doc_fold.get(i) == k]
        crossed.update(places_with(weights, held_out))
    # Articles with no training example (nothing ambiguous) never fed any fold: any weights will do.
    rest = [i for i in geo if i not in doc_fold]
    final = fit(x, y, mention)
    crossed.update(places_with(final, rest))

    print(table([("hand-tuned", figures(every, hand)), ("learned, 5-fold CV by article", figures(every, crossed))]))
    print("\nweights: " + ", ".join(f"{n} {w:+.2f}" for n, w in zip(FEATURES, final.weights, strict=True))
          + f", intercept {final.intercept:+.2f}")
    if not args.no_write:
        path = ROOT / "src" / "incidentwire" / "data" / WEIGHTS_FILE
        path.write_text(json.dumps({
            "features": list(FEATURES), "weights": list(final.weights), "intercept": final.intercept,
            "trained_on": [*DATASETS, f"gva_dev articles {GVA_SKIP + 1}-{GVA_SKIP + args.gva}"], "examples": int(len(y)), "model": "LogisticRegression",
            "C": C, "seed": SEED, "scikit_learn": sklearn.__version__,
            "rebuild": "make train-places",
        }, indent=1) + "\n")
        print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)
    print(f"done in {time.perf_counter() - started:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    main()

"""`make eval`: score the pipeline on every dev file with incidents and rewrite docs/ACCURACY.md.

    python scripts/eval.py [--eval-dir ../shared/eval/dev] [--limit N] [--only gva_dev] [--no-write]

Predictions go to out/eval/<name>.pred.jsonl; the scores are those of the shared scorer
(the copy in incidentwire.evaluate.scorer, kept identical by a test).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from incidentwire.evaluate import evaluate_file

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ["seeds", "gva_dev", "gvdb_dev", "muc4_dev"]
FIELDS = ["date", "location_name", "admin1", "country_code", "within_10km", "within_161km", "killed",
          "wounded", "category"]
PLACES_SECTION = "## Places"  # kept as it is when the tables above are rewritten
ROLES = ["perpetrators", "perpetrator_orgs", "targets", "victims", "weapons", "overall"]


def fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def markdown(results: dict[str, dict], command: str, seconds: float) -> str:
    names = list(results)
    out = ["# Accuracy on the development data", "",
           f"Produced by `{command}` ({seconds / 60:.1f} min on this machine); every figure comes from the",
           "shared scorer (`../shared/eval/score.py`, copied unchanged as `incidentwire.evaluate.scorer`).",
           "The extractor is rules over a spaCy parse; nothing but the place resolver's weights (see Places",
           "below) is fitted to these files, but the rules and their thresholds were written while reading",
           "dev errors, so held-out figures will be lower. The",
           "case-restoration table (`scripts/build_truecase.py`) counts word casings in gva_dev, gvdb_dev and",
           "the geo corpora; it is used only on upper-case text (MUC-4), which it never saw.", "",
           "## Relevance (the article reports at least one incident)", "",
           "| dataset | articles | precision | recall | F1 |", "|---|---|---|---|---|"]
    for n in names:
        r = results[n]["relevance"]
        out.append(f"| {n} | {results[n]['articles']} | {fmt(r['precision'])} | {fmt(r['recall'])} | {fmt(r['f1'])} |")
    out += ["", "## Fields of matched incidents (accuracy; an unmatched gold incident counts as wrong)", "",
            "| field | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for f in FIELDS:
        cells = []
        for n in names:
            d = results[n]["fields"].get(f, {})
            cells.append(f"{fmt(d.get('accuracy'))} ({d.get('correct', 0)}/{d.get('total', 0)})" if d.get("total") else "–")
        out.append(f"| {f} | " + " | ".join(cells) + " |")
    out += ["", "## Role fillers (micro F1; precision / recall in brackets)", "",
            "| role | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for role in ROLES:
        cells = []
        for n in names:
            d = results[n]["roles"].get(role)
            cells.append(f"{fmt(d['f1'])} ({fmt(d['precision'])} / {fmt(d['recall'])})" if d and d.get("gold") else "–")
        out.append(f"| {role} | " + " | ".join(cells) + " |")
    out += ["", "Caveats (from `../shared/eval/README.md`): GVA and GVDB roles list only *named* people, so",
            "descriptive predictions count against precision there (read recall); GVDB is crowd-annotated;",
            "GVA gold comes from the GVA database, not from reading the article.", ""]
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared/eval/dev"))
    ap.add_argument("--limit", type=int)
    ap.add_argument("--only", action="append")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    out_dir = ROOT / "out/eval"
    out_dir.mkdir(parents=True, exist_ok=True)
    results, start = {}, time.time()
    for name in args.only or DATASETS:
        t = time.time()
        res = evaluate_file(Path(args.eval_dir) / f"{name}.jsonl", limit=args.limit,
                            predictions_out=out_dir / f"{name}.pred.jsonl")
        print(f"== {name} ({time.time() - t:.0f} s)\n{res['table']}\n", flush=True)
        res.pop("predictions")
        results[name] = res
        (out_dir / f"{name}.scores.json").write_text(json.dumps({k: v for k, v in res.items() if k != "table"}, indent=1))
    if not args.no_write and not args.limit and not args.only:
        path = ROOT / "docs/ACCURACY.md"
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        places = old[old.index(PLACES_SECTION):] if PLACES_SECTION in old else ""  # written by hand
        path.write_text(markdown(results, "make eval", time.time() - start) + ("\n" + places if places else ""))
        print("wrote docs/ACCURACY.md", file=sys.stderr)


if __name__ == "__main__":
    main()

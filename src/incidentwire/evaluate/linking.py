"""Score cross-article linking: store extraction results, export the incidents, score them.

The extraction is taken as given (the `extract` lines of an earlier run), so linking can be
measured and tuned in seconds rather than re-running the NLP; the store, linker and export are
the ones `incidentwire ingest` and `incidentwire incidents` use.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from incidentwire.evaluate import scorer
from incidentwire.evaluate.run import gold_article
from incidentwire.models import ArticleResult, Incident, Place


def results_from(gold: list[dict[str, Any]], prediction_lines: list[dict[str, Any]]) -> list[ArticleResult]:
    """Extraction results for the gold articles, their text taken from the gold file."""
    by_id = {line["article"]["id"]: line for line in prediction_lines}
    out = []
    for row in gold:
        line = by_id.get(str(row["id"]))
        if line is None:
            continue
        out.append(ArticleResult(article=gold_article(row),
                                 incidents=[Incident.model_validate(i) for i in line["incidents"]],
                                 places=[Place.model_validate(p) for p in line.get("places", [])]))
    return out


def link_and_score(gold: list[dict[str, Any]], prediction_lines: list[dict[str, Any]], *, db_url: str,
                   seed: int | None = None, incidents_out: str | Path | None = None,
                   progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Save every result into a new store at `db_url` (in shuffled order when `seed` is given),
    export the incidents (as `incidents` does: without those only mentioned in passing) and score
    them. RETURNS the scorer's result plus "table", "incidents" and "with_passing" (the linking
    figures and count of the `incidents --with-passing` export)."""
    from incidentwire.store import Store

    results = results_from(gold, prediction_lines)
    if seed is not None:
        random.Random(seed).shuffle(results)
    with Store(db_url) as store:
        for n, result in enumerate(results, 1):
            store.save(result)
            if progress:
                progress(n, len(results))
        lines = [json.loads(json.dumps(i.to_json())) for i in store.incidents()]
        every = [json.loads(json.dumps(i.to_json())) for i in store.incidents(with_passing=True)]
    if incidents_out:
        with open(incidents_out, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    res = scorer.score(gold, *scorer.index_pred(lines))
    res["table"] = scorer.table(res)
    res["incidents"] = len(lines)
    res["with_passing"] = {"linking": scorer.score(gold, *scorer.index_pred(every))["linking"],
                           "incidents": len(every)}
    return res

"""Run the pipeline over a gold file and score the predictions with the shared scorer."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from incidentwire.evaluate import scorer
from incidentwire.models import Article, ArticleResult

GOLD_KEYS = ("incidents", "toponyms")


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Gold articles in the SPEC.md evaluation schema (one JSON object a line)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{number}: not valid JSON ({err.msg})") from err
            if not isinstance(row, dict) or "id" not in row or "text" not in row:
                raise ValueError(f"{path}:{number}: a gold line needs at least 'id' and 'text'")
            row.setdefault("incidents", None)
            row.setdefault("toponyms", None)
            out.append(row)
    return out


def gold_article(row: dict[str, Any]) -> Article:
    return Article(id=str(row["id"]), text=row["text"], title=row.get("title"),
                   publication_date=row.get("publication_date"), url=row.get("url"),
                   source=row.get("dataset"))


def evaluate_file(gold_path: str | Path, *, limit: int | None = None,
                  predictions_out: str | Path | None = None, pipeline: Any = None,
                  progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Run the pipeline on every article of `gold_path` (or the first `limit`), score with the
    shared scorer. RETURNS the scorer's result dict, plus "table" (its readable report) and
    "predictions" (the `extract` lines)."""
    from incidentwire.pipeline import default

    gold = read_gold(gold_path)[:limit] if limit else read_gold(gold_path)
    runner = pipeline or default()
    lines: list[dict[str, Any]] = []
    results: list[ArticleResult] = []
    for n, result in enumerate(runner.run(gold_article(row) for row in gold), 1):
        lines.append(result.to_json())
        results.append(result)
        if progress:
            progress(n, len(gold))
    if predictions_out:
        with open(predictions_out, "w", encoding="utf-8") as fh:
            for line in lines:
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    scored_lines = json.loads(json.dumps(lines))  # the scorer mutates nothing, but takes plain JSON
    res = {"gold_file": str(gold_path), **scorer.score(gold, *scorer.index_pred(scored_lines))}
    res["table"] = scorer.table(res)
    res["predictions"] = lines
    return res

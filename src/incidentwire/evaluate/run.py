"""Run the pipeline over a gold file and score the predictions with the shared scorer."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from incidentwire import learned
from incidentwire.evaluate import scorer
from incidentwire.evaluate.folds import fold_of_article
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
                  progress: Callable[[int, int], None] | None = None,
                  cache_dir: Path | None = None, cross_validate: bool = False,
                  rules_only: bool = False) -> dict[str, Any]:
    """Run the pipeline on every article of `gold_path` (or the first `limit`), score with the
    shared scorer. RETURNS the scorer's result dict, plus "table" (its readable report) and
    "predictions" (the `extract` lines). With `cache_dir`, spaCy's parses are kept there and
    reused (`parse_cache`): same predictions, a fraction of the time on the next run.
    `cross_validate`: each article is extracted with the learned weights that never saw its
    gold incident's fold (`folds.fold_of_article`) — the honest figure on data the models were
    trained on. `rules_only`: no learned model at all (the ablation)."""
    from incidentwire.pipeline import default

    gold = read_gold(gold_path)[:limit] if limit else read_gold(gold_path)
    runner = pipeline or default()
    lines: list[dict[str, Any]] = []
    articles = [gold_article(row) for row in gold]
    folds = [fold_of_article(row) for row in gold] if cross_validate else [None] * len(gold)
    stream = _run(runner, articles, folds, cache_dir=cache_dir, rules=rules_only)
    for n, result in enumerate(stream, 1):
        lines.append(result.to_json())
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


def _run(runner: Any, articles: list[Article], folds: list[int | None], *, cache_dir: Path | None,
         rules: bool) -> Iterator[ArticleResult]:
    """`runner.run(articles)`, each article extracted under its fold's weights (or rules only),
    with the parses taken from (or written to) the parse cache when `cache_dir` is given."""
    from incidentwire.evaluate.parse_cache import parsed_articles
    from incidentwire.pipeline import skip_reason

    reasons = [skip_reason(a) for a in articles]
    todo = [a for a, r in zip(articles, reasons, strict=True) if r is None]
    parsed = parsed_articles(todo, runner.nlp, cache_dir=cache_dir) if cache_dir else runner.nlp.parse_many(todo)
    for article, reason, fold in zip(articles, reasons, folds, strict=True):
        if reason is not None:
            yield ArticleResult(article=article, skipped=reason, warnings=[f"skipped: {reason}"])
            continue
        with learned.held_out(fold), (learned.rules_only() if rules else nullcontext()):
            result = runner.process_parsed(next(parsed))
        yield result
    for _ in parsed:  # let the cache be written
        pass

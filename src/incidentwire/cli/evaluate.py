"""`incidentwire evaluate`: the pipeline scored against a gold file with the shared scorer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from incidentwire.cli.common import app, escape, fail, progress_bar


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold articles in the SPEC.md evaluation schema (JSONL).",
                                         show_default=False, metavar="GOLD.jsonl")],
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N gold articles.")] = None,
    predictions: Annotated[Path | None, typer.Option(
        help="Also write the predictions (extract JSONL) here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    errors: Annotated[int, typer.Option(min=0, metavar="N", help=(
        "Also show the N worst-scored articles, gold and predicted fields side by side."))] = 0,
) -> None:
    """Run the pipeline on a gold file and print the shared scorer's report."""
    from incidentwire.evaluate import evaluate_file

    if not gold.is_file():
        fail(f"{gold}: no such file")
    with progress_bar(None, "evaluating") as tick:
        try:
            result = evaluate_file(gold, limit=limit, predictions_out=predictions,
                                   progress=lambda done, total: tick(total))
        except (ValueError, OSError) as error:
            fail(str(error))
    worst = []
    if errors:
        from incidentwire.evaluate import read_gold
        from incidentwire.evaluate.errors import worst_articles

        gold_rows = read_gold(gold)[:limit] if limit else read_gold(gold)
        worst = worst_articles(gold_rows, json.loads(json.dumps(result["predictions"])), errors)
    if as_json:
        figures = {k: v for k, v in result.items() if k not in ("predictions", "table")}
        if errors:
            figures["worst_articles"] = [w.to_json() for w in worst]
        typer.echo(json.dumps(figures, indent=2, ensure_ascii=False, default=str))
        return
    typer.echo(result["table"])
    if errors:
        print_errors(worst)


def print_errors(worst: list[Any]) -> None:
    """One table per article: each field's gold and predicted value, and the sentence it came from."""
    from rich.table import Table

    console = Console()
    console.print(f"\n[bold]{len(worst)} worst-scored articles[/bold] (share of wrong fields, then count)")
    for article in worst:
        console.print(f"\n[bold]{escape(article.article_id)}[/bold] {escape(article.title or '')}  "
                      f"[red]{article.wrong}/{article.checked} wrong[/red] ({article.problem})")
        for n, rows in enumerate(article.incidents, 1):
            table = Table(title=f"incident {n}", title_justify="left", show_lines=False)
            for column in ("field", "gold", "predicted", "", "evidence"):
                table.add_column(column, overflow="fold")
            for row in rows:
                mark = "[green]✓[/green]" if row.correct else "[red]✗[/red]"
                table.add_row(row.name, escape(row.gold), escape(row.predicted), mark, escape(row.evidence))
            console.print(table)

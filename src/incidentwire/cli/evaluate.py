"""`incidentwire evaluate`: the pipeline scored against a gold file with the shared scorer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from incidentwire.cli.common import app, fail, progress_bar


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold articles in the SPEC.md evaluation schema (JSONL).",
                                         show_default=False, metavar="GOLD.jsonl")],
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N gold articles.")] = None,
    predictions: Annotated[Path | None, typer.Option(
        help="Also write the predictions (extract JSONL) here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
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
    if as_json:
        figures = {k: v for k, v in result.items() if k not in ("predictions", "table")}
        typer.echo(json.dumps(figures, indent=2, ensure_ascii=False, default=str))
    else:
        typer.echo(result["table"])

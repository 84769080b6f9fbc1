"""Evaluation: run the pipeline on a gold file (SPEC.md evaluation schema) and score it.

`scorer.py` is an unmodified copy of the project's shared scorer (`shared/eval/score.py`), so
users score their own annotated data with exactly the figures we report;
`tests/test_evaluate.py` fails if the copy drifts from the original.
"""

from incidentwire.evaluate.run import evaluate_file, read_gold

__all__ = ["evaluate_file", "read_gold"]

"""`incidentwire evaluate` scores with exactly the shared scorer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from incidentwire.evaluate import evaluate_file

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"
pytestmark = pytest.mark.skipif(not SHARED.exists(), reason="../shared/eval is not beside the repository")


def test_bundled_scorer_is_the_shared_scorer():
    bundled = Path(__file__).resolve().parents[1] / "src/incidentwire/evaluate/scorer.py"
    assert bundled.read_bytes() == (SHARED / "score.py").read_bytes()


def test_seed_figures(tmp_path):
    res = evaluate_file(SHARED / "dev" / "seeds.jsonl", predictions_out=tmp_path / "pred.jsonl")
    fields = {k: v["accuracy"] for k, v in res["fields"].items() if v["total"]}
    assert res["relevance"]["recall"] == 1.0
    for name in ("date", "within_10km", "killed", "wounded", "category"):
        assert fields[name] == 1.0, name
    assert res["roles"]["perpetrator_orgs"]["recall"] == 1.0
    lines = [json.loads(x) for x in (tmp_path / "pred.jsonl").read_text().splitlines()]
    assert [line["article"]["id"] for line in lines] == ["seed-000", "seed-004"]
    assert len(lines[1]["incidents"]) >= 3  # main attack, prison break, bin Laden killing

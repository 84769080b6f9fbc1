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


def test_cached_parses_give_the_same_predictions(tmp_path):
    """Evaluating from the parse cache (as `make eval` and the training scripts do) must not
    change a single prediction, and the second run must read the cache rather than parse."""
    gold = SHARED / "dev" / "seeds.jsonl"
    fresh = evaluate_file(gold)["predictions"]
    first = evaluate_file(gold, cache_dir=tmp_path)["predictions"]
    cached = list(tmp_path.glob("parses-*.spacy"))
    assert len(cached) == 1
    again = evaluate_file(gold, cache_dir=tmp_path)["predictions"]
    assert fresh == first == again
    assert list(tmp_path.glob("parses-*.spacy")) == cached


def test_rules_only_and_held_out_evaluations_run(tmp_path):
    """The ablation (no learned model) and the cross-validated run both score every seed."""
    gold = SHARED / "dev" / "seeds.jsonl"
    rules = evaluate_file(gold, cache_dir=tmp_path, rules_only=True)
    held_out = evaluate_file(gold, cache_dir=tmp_path, cross_validate=True)
    assert rules["relevance"]["recall"] == held_out["relevance"]["recall"] == 1.0

"""Learned choices among rule-made candidates: the shipped linear models and the two switches
evaluation needs.

Each model is a logistic regression over named features, shipped as JSON under
`incidentwire/data/models/` (one per extractor that uses one) and rebuilt by `make train`;
scoring is a dot product, so the runtime needs no machine-learning library and every choice can
be explained feature by feature.

A model file holds the weights fitted on all training data and, for cross-validation, one set per
held-out fold (`folds`): inside `held_out(k)` the weights that never saw fold k are used, so an
evaluation of fold k's articles is honest. Inside `rules_only()` no model is loaded and every
extractor falls back to its rules — the ablation in docs/ACCURACY.md.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Any

_RULES_ONLY: ContextVar[bool] = ContextVar("incidentwire_rules_only", default=False)
_FOLD: ContextVar[int | None] = ContextVar("incidentwire_held_out_fold", default=None)


@contextmanager
def rules_only() -> Iterator[None]:
    """Extract with the rules alone (no learned model), for the ablation table."""
    token = _RULES_ONLY.set(True)
    try:
        yield
    finally:
        _RULES_ONLY.reset(token)


@contextmanager
def held_out(fold: int | None) -> Iterator[None]:
    """Use the weights fitted without `fold` (cross-validated evaluation); None = shipped weights."""
    token = _FOLD.set(fold)
    try:
        yield
    finally:
        _FOLD.reset(token)


@dataclass(frozen=True)
class LinearModel:
    name: str
    weights: dict[str, float]
    bias: float
    threshold: float = 0.5

    def score(self, features: Mapping[str, float]) -> float:
        return self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.score(features)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    @cached_property
    def classes(self) -> frozenset[str]:
        """The classes of a multinomial model shipped as one, its weights keyed "<class>|<feature>"
        (computed once: the weights are thousands)."""
        return frozenset(k.split("|", 1)[0] for k in self.weights)

    def explain(self, features: Mapping[str, float]) -> list[tuple[str, float]]:
        """(feature, points) of each feature, largest first."""
        parts = [(k, v * self.weights.get(k, 0.0)) for k, v in features.items()]
        return sorted(parts, key=lambda p: -abs(p[1]))


@cache
def _read(name: str) -> dict[str, Any] | None:
    path = resources.files("incidentwire.data").joinpath("models", f"{name}.json")
    if not path.is_file():
        return None
    return json.loads(path.read_text("utf-8"))


@cache
def _model(name: str, fold: int | None) -> LinearModel | None:
    data = _read(name)
    if data is None:
        return None
    # no folds: the model never saw gva_dev (e.g. trained on muc4_train only), so it is held out already
    part = data if fold is None or "folds" not in data else data["folds"].get(str(fold))
    if part is None:
        raise ValueError(f"model {name!r} has no weights for held-out fold {fold}; run `make train`")
    return LinearModel(name=name, weights=part["weights"], bias=part["bias"],
                       threshold=part.get("threshold", data.get("threshold", 0.5)))


def model(name: str) -> LinearModel | None:
    """The model called `name` for the current context; None when rules only or not shipped."""
    if _RULES_ONLY.get():
        return None
    return _model(name, _FOLD.get())


def model_document(name: str, weights: Mapping[str, float], bias: float, *,
                   folds: Mapping[int, tuple[Mapping[str, float], float]] | None = None,
                   threshold: float = 0.5, **info: Any) -> dict[str, Any]:
    """The JSON a training script writes: shipped weights, what it measured and — for a model
    trained on gva_dev — the weights of each cross-validation fold (`evaluate.folds`)."""
    doc: dict[str, Any] = {"name": name, "weights": dict(weights), "bias": bias, "threshold": threshold, **info}
    if folds is not None:
        doc["folds"] = {str(k): {"weights": dict(w), "bias": b} for k, (w, b) in sorted(folds.items())}
    return doc

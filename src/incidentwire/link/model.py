"""The link model: a logistic regression over `features.FEATURES`, with its decision threshold.

Weights and threshold are learned from gva_dev by `make train-linker`
(`scripts/train_linker.py`, cross-validated by gold incident) and shipped as `linker.json`; the
runtime is a dot product, so scoring needs no machine-learning library.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from incidentwire.link.features import FEATURES


@dataclass(frozen=True)
class Contribution:
    feature: str
    value: float
    weight: float

    @property
    def points(self) -> float:
        return self.value * self.weight


@dataclass(frozen=True)
class LinkModel:
    weights: dict[str, float]
    bias: float
    threshold: float  # link when probability >= threshold
    cohesion: float = 0.0  # groups join when their mean link score reaches this (`cluster_reports`)
    trained_on: str = ""

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def explain(self, features: dict[str, float]) -> list[Contribution]:
        """Each feature's part in the score, largest first."""
        parts = [Contribution(k, v, self.weights.get(k, 0.0)) for k, v in features.items()]
        return sorted(parts, key=lambda c: -abs(c.points))

    def to_json(self) -> dict[str, Any]:
        return {"weights": self.weights, "bias": self.bias, "threshold": self.threshold,
                "cohesion": self.cohesion, "trained_on": self.trained_on}


@cache
def load_model() -> LinkModel:
    data = json.loads(resources.files("incidentwire.link").joinpath("linker.json").read_text("utf-8"))
    unknown = set(data["weights"]) - set(FEATURES)
    if unknown:
        raise ValueError(f"linker.json has weights for unknown features: {sorted(unknown)}")
    return LinkModel(weights=data["weights"], bias=data["bias"], threshold=data["threshold"],
                     cohesion=data.get("cohesion", 0.0), trained_on=data.get("trained_on", ""))

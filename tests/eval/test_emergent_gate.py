"""Accuracy gate for the Emergent 3-way head (claim vs article headline) on its test split (524 rows, ~10 s).

Full run: ``newstrace eval emergent --data ../shared/data/emergent --json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.evaluation import emergent

FLOORS = json.loads((Path(__file__).parent / "floors" / "emergent.json").read_text(encoding="utf-8"))


@pytest.mark.eval
def test_emergent_test_scores_stay_above_their_floors(shared: Path) -> None:
    metrics = emergent.evaluate(shared / "data" / "emergent")["metrics"]
    for name in ("accuracy", "macro_f1", "f1_for", "f1_against", "f1_observing"):
        assert metrics[name] >= FLOORS[name], f"{name} {metrics[name]:.4f} < floor {FLOORS[name]}"

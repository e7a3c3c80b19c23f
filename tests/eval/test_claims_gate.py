"""Accuracy gate for check-worthy claim detection: CLEF-2019 CheckThat! task 1 test set (7 documents, ~10 s).

Full run: ``newstrace eval claims --data ../shared/data/clef2019-checkthat-task1 --json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.evaluation import claims

FLOORS = json.loads((Path(__file__).parent / "floors" / "claims.json").read_text(encoding="utf-8"))


@pytest.mark.eval
def test_clef2019_ranking_stays_above_its_floors(shared: Path) -> None:
    metrics = claims.evaluate(shared / "data" / "clef2019-checkthat-task1")["metrics"]
    for name in ("map", "mrr", "r_precision"):
        assert metrics[name] >= FLOORS[name], f"{name} {metrics[name]:.4f} < floor {FLOORS[name]}"

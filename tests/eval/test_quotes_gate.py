"""Accuracy gate: attribution on quotes-dev must not fall below the pinned floors.

Full run (all 34 texts, well under 3 minutes on 2 cores):
    .venv/bin/python -m pytest -m eval tests/eval/test_quotes_gate.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FLOORS = json.loads((Path(__file__).parent / "floors" / "quotes.json").read_text(encoding="utf-8"))


@pytest.mark.eval
def test_attribution_meets_the_pinned_floors_on_quotes_dev(shared: Path) -> None:
    from newstrace.evaluation.quotes import evaluate

    metrics = evaluate(shared / "data" / "quotes-dev")["metrics"]
    below = {k: (metrics[k], floor) for k, floor in FLOORS.items() if metrics[k] < floor}
    assert not below, f"below the floor (measured, floor): {below}"

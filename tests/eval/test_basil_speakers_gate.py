"""Accuracy gate: who said BASIL's quoted spans, through the whole pipeline.

The gate runs a fixed subset, the BASIL dev split (the 58 named spans of its 14 stories; about
25 s of CPU on 2 cores), with ``embeddings="off"``: that setting changes the article stance
model, not attribution, and without it the stance stage does not embed every sentence (the dev
figures are the same as in the full run with the extra). Measured on 2026-12-07: found 0.948,
speaker accuracy 0.673 (0.795 where the gold speaker is not a group), right speaker over all
spans 0.638; after the speakers branch (reading-order resolution, block quotes, page parts): found
1.0, speaker accuracy 0.828 (0.979 where the gold speaker is not a group), over all spans 0.828; after the
speakers-3 branch (a group keeps the names that narrow it: "House Democrats"): found 1.0, speaker accuracy
0.793 (0.979), over all spans 0.793 -- the two spans lost are of one sentence whose speakers the text calls
"House Democrats" and BASIL labels senate_Democrats, which matched the bare "Democrats" the system said before.
The floors in ``floors/basil_speakers.json`` sit 0.03 below (one span of the dev split is 0.017).
The full run, all 380 named spans of the 70 stories that have one (about 6 minutes of CPU), is one
command:

    .venv/bin/newstrace eval basil-speakers --data ../shared/data/basil --json
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.evaluation import basil_speakers

FLOORS = json.loads((Path(__file__).parent / "floors" / "basil_speakers.json").read_text(encoding="utf-8"))


@pytest.mark.eval
def test_basil_speaker_attribution_on_the_dev_split_stays_above_its_floors(shared: Path) -> None:
    data = shared / "data" / "basil"
    if not (data / "quoted_spans.jsonl").is_file():
        pytest.skip("needs ../shared/data/basil")
    result = basil_speakers.evaluate(data, splits=("dev",), embeddings="off")
    metrics = result["metrics"]
    assert metrics["spans"] == 58
    assert result["outcome_counts"].get("article_failed", 0) == 0
    below = {k: (metrics[k], v) for k, v in FLOORS.items() if metrics[k] < v}
    assert not below, f"below the floor (measured, floor): {below}"

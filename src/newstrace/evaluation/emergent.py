"""Emergent (Ferreira & Vlachos 2016): claim ↔ article-headline stance, 3 classes (for/against/observing).

The 3-way head (``data/models/emergent_head.txt.gz``, trained by
``python scripts/train_stance.py --emergent ../shared/data/emergent`` on the train split only) reads the
pair features of :mod:`newstrace.stages.stance._features` (claim as headline, article headline as body), the
shipped FNC-1 model's four probabilities, and which general cue words (refuting, hedging, boosting,
reporting, negating) the article headline contains.

Full run: ``newstrace eval emergent --data ../shared/data/emergent --json`` (``limit`` keeps the rows of the
first ``limit`` claim ids in sorted order).
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError
from newstrace.stages.stance._features import LEXICONS, tokens

LABELS: tuple[str, ...] = ("for", "against", "observing")
TEST_FILE = "url-versions-2015-06-14-clean-test.csv"
TRAIN_FILE = "url-versions-2015-06-14-clean-train.csv"
HEAD_FILE = "emergent_head.txt.gz"

#: Every cue word of the general lexicons, one indicator feature each (sorted: a stable order).
CUE_VOCABULARY: tuple[str, ...] = tuple(sorted(set().union(*LEXICONS.values())))


def read_rows(path: Path) -> list[tuple[str, str, str, str]]:
    """Rows ``(claim, article headline, stance, claim id)`` in file order."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (r["claimHeadline"], r["articleHeadline"], r["articleHeadlineStance"], r["claimId"])
            for r in csv.DictReader(fh)
        ]


def features(pairs: Sequence[tuple[str, str]], model_dir: Path | None = None) -> npt.NDArray[np.float32]:
    """Feature rows for (claim, article headline) pairs (with the stance model in ``model_dir``, default shipped)."""
    from newstrace.stages.stance import _model as stance_model

    m = stance_model.load(model_dir) if model_dir is not None else stance_model.load()
    bodies = {h: m.body(h, [(0, len(h))]) for h in {h for _, h in pairs}}
    base = m.features([(claim, bodies[h]) for claim, h in pairs])
    proba = m.predict_proba(base).astype(np.float32)
    index = {w: i for i, w in enumerate(CUE_VOCABULARY)}
    cues = np.zeros((len(pairs), len(CUE_VOCABULARY) + 2), dtype=np.float32)
    for row, (_, headline) in enumerate(pairs):
        for tok in tokens(headline):
            j = index.get(tok)
            if j is not None:
                cues[row, j] = 1.0
        cues[row, -2] = float("?" in headline)
        cues[row, -1] = float(any(q in headline for q in "'\"‘“"))
    return np.hstack([base, proba, cues])


@functools.lru_cache(maxsize=1)
def load_head(path: Path | None = None) -> Any:
    from newstrace.stages.stance._model import MODEL_DIR, read_booster

    target = path or MODEL_DIR / HEAD_FILE
    try:
        return read_booster(target)
    except Exception as exc:  # LightGBM raises its own error type
        raise ModelError(
            f"cannot load the Emergent head {target}: {exc}; run python scripts/train_stance.py --emergent PATH",
            code="E402",
        ) from None


def scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    confusion = [[0] * len(LABELS) for _ in LABELS]
    for g, p in zip(gold, predicted, strict=True):
        confusion[LABELS.index(g)][LABELS.index(p)] += 1
    metrics: dict[str, Any] = {}
    f1s = []
    for i, label in enumerate(LABELS):
        tp = confusion[i][i]
        fp = sum(row[i] for row in confusion) - tp
        fn = sum(confusion[i]) - tp
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        metrics[f"f1_{label}"] = f1
        f1s.append(f1)
    metrics["accuracy"] = sum(confusion[i][i] for i in range(len(LABELS))) / max(1, len(gold))
    metrics["macro_f1"] = sum(f1s) / len(f1s)
    metrics["n"] = len(gold)
    return {"metrics": metrics, "confusion": {"labels": list(LABELS), "rows_gold": confusion}}


def evaluate(data: Path, *, predictions: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    rows = read_rows(data / TEST_FILE)
    if limit is not None:
        keep = set(sorted({r[3] for r in rows})[:limit])
        rows = [r for r in rows if r[3] in keep]
    x = features([(c, h) for c, h, _, _ in rows])
    predicted = [LABELS[int(i)] for i in np.argmax(load_head().predict(x), axis=1)]
    if predictions is not None:
        predictions.parent.mkdir(parents=True, exist_ok=True)
        with predictions.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["claimHeadline", "articleHeadline", "articleHeadlineStance"])
            writer.writerows([(c, h, p) for (c, h, _, _), p in zip(rows, predicted, strict=True)])
    result = scores([r[2] for r in rows], predicted)
    result["limit"] = limit
    return result

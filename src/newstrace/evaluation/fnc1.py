"""FNC-1 (Fake News Challenge stage 1): headline ↔ body stance on the competition test set.

``evaluate(data)`` predicts every pair of ``competition_test_stances.csv`` with the shipped
stance model and scores it with the official weighting (+0.25 for related/unrelated right,
+0.75 more for the exact stance of a related pair), reported relative to the maximum, plus
the per-class F1, macro-F1 over the four classes and the confusion matrix. ``limit`` scores
a fixed deterministic subset: the test pairs of the first ``limit`` body ids in sorted order.

Full run: ``newstrace eval fnc1 --data ../shared/data/fnc-1 --json``.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.text.embeddings import is_bundled

log = logging.getLogger(__name__)

LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
RELATED = frozenset(LABELS[:3])


def read_bodies(path: Path) -> dict[int, str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {int(row["Body ID"]): row["articleBody"] for row in csv.DictReader(fh)}


def read_stances(path: Path) -> list[tuple[str, int, str]]:
    """Rows ``(headline, body_id, stance)`` in file order (stance is "" in the unlabeled file)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [(row["Headline"], int(row["Body ID"]), row.get("Stance", "")) for row in csv.DictReader(fh)]


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    """The official FNC-1 score and its maximum for the gold labels."""
    score = 0.0
    best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        best += 0.25 if g == "unrelated" else 1.0
        if (g in RELATED) == (p in RELATED):
            score += 0.25
            if g in RELATED and g == p:
                score += 0.75
    return score, best


def scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """fnc_score (relative), macro_f1, f1 per class, accuracy and the confusion matrix (rows gold)."""
    raw, best = fnc_score(gold, predicted)
    confusion = [[0] * len(LABELS) for _ in LABELS]
    index = {label: i for i, label in enumerate(LABELS)}
    for g, p in zip(gold, predicted, strict=True):
        confusion[index[g]][index[p]] += 1
    metrics: dict[str, Any] = {"fnc_score": raw / best if best else 0.0, "fnc_raw": raw, "fnc_max": best}
    f1s = []
    for i, label in enumerate(LABELS):
        tp = confusion[i][i]
        fp = sum(confusion[j][i] for j in range(len(LABELS))) - tp
        fn = sum(confusion[i]) - tp
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        metrics[f"f1_{label}"] = f1
        f1s.append(f1)
    metrics["macro_f1"] = sum(f1s) / len(f1s)
    metrics["accuracy"] = sum(confusion[i][i] for i in range(len(LABELS))) / max(1, len(gold))
    metrics["n"] = len(gold)
    return {"metrics": metrics, "confusion": {"labels": list(LABELS), "rows_gold": confusion}}


def claim_components(rows: Sequence[tuple[str, int, str]]) -> list[list[int]]:
    """The claims of ``rows`` as sorted lists of body ids: the components of the graph whose edges are
    the related (headline, body) pairs. No headline has related pairs in two components."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(node: tuple[str, str]) -> tuple[str, str]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for headline, body, stance in rows:
        if stance != "unrelated":
            parent[find(("h", headline))] = find(("b", str(body)))
    members: dict[tuple[str, str], list[int]] = {}
    for body in sorted({b for _, b, _ in rows}):
        members.setdefault(find(("b", str(body))), []).append(body)
    return sorted(members.values())


def shuffled_claims(rows: Sequence[tuple[str, int, str]], seed: int) -> list[list[int]]:
    """:func:`claim_components` in a seeded random order."""
    components = claim_components(rows)
    return [components[i] for i in np.random.default_rng(seed).permutation(len(components))]


def claim_folds(rows: Sequence[tuple[str, int, str]], k: int, *, seed: int = 1337) -> list[int]:
    """Per row, one of ``k`` folds; whole claims (:func:`claim_components`) at a time, dealt in a seeded order."""
    fold_of = {body: n % k for n, claim in enumerate(shuffled_claims(rows, seed)) for body in claim}
    return [fold_of[b] for _, b, _ in rows]


def claim_disjoint_dev(rows: Sequence[tuple[str, int, str]], share: float = 0.2, *, seed: int = 1337) -> set[int]:
    """Body ids of whole claims (:func:`claim_components`) making up ~share of bodies."""
    claims = shuffled_claims(rows, seed)
    total = sum(len(c) for c in claims)
    chosen: set[int] = set()
    for claim in claims:
        if len(chosen) >= share * total:
            break
        chosen.update(claim)
    return chosen


def claim_holdout(rows: Sequence[tuple[str, int, str]], bodies: set[int]) -> tuple[list[bool], list[bool]]:
    """Per row: (held out, fit to train on). Held out is every pair on one of ``bodies`` (whole claims); the
    rest is fit unless its headline is one of the held-out claims' (so no held-out claim is seen in training)."""
    held_heads = {h for h, b, s in rows if b in bodies and s != "unrelated"}
    held = [b in bodies for _, b, _ in rows]
    fit = [not d and h not in held_heads for (h, _, _), d in zip(rows, held, strict=True)]
    return held, fit


def claim_disjoint_split(rows: Sequence[tuple[str, int, str]], *, seed: int = 1337) -> tuple[list[bool], list[bool]]:
    """Per row: (in dev, fit to train on), the :func:`claim_holdout` of the :func:`claim_disjoint_dev` bodies."""
    return claim_holdout(rows, claim_disjoint_dev(rows, seed=seed))


def predict_pairs(
    rows: Sequence[tuple[str, int, str]], bodies: dict[int, str], *, semantic: bool = True
) -> tuple[list[str], str]:
    """Predict each (headline, body id) row with the shipped trees (the semantic model when ``semantic`` and
    the bundled all-MiniLM-L6-v2 weights are installed; a cross-encoder when one is); also the model's name."""
    from newstrace.stages.stance import _model as stance_model

    m = stance_model.load(semantic=semantic)
    cache = {bid: m.body(bodies[bid]) for bid in sorted({r[1] for r in rows})}
    texts = [(headline, bodies[bid]) for headline, bid, _ in rows]
    return m.predict([(headline, cache[bid]) for headline, bid, _ in rows], texts), m.name


def write_predictions(path: Path, rows: Sequence[tuple[str, int, str]], predicted: Sequence[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Headline", "Body ID", "Stance"])
        for (headline, bid, _), label in zip(rows, predicted, strict=True):
            writer.writerow([headline, bid, label])


def subset(rows: list[tuple[str, int, str]], limit: int | None) -> list[tuple[str, int, str]]:
    """The pairs of the first ``limit`` body ids (sorted): a fixed, deterministic subset."""
    if limit is None:
        return rows
    keep = set(sorted({r[1] for r in rows})[:limit])
    return [r for r in rows if r[1] in keep]


def evaluate(
    data: Path, *, predictions: Path | None = None, limit: int | None = None, embeddings: str = "auto"
) -> dict[str, Any]:
    """Score the test set; ``embeddings="off"`` scores the lexical model even where the semantic one would run."""
    semantic = is_bundled(embeddings)
    rows = subset(read_stances(data / "competition_test_stances.csv"), limit)
    bodies = read_bodies(data / "competition_test_bodies.csv")
    log.info("fnc1: predicting %d pairs", len(rows))
    predicted, model_name = predict_pairs(rows, bodies, semantic=semantic)
    if predictions is not None:
        write_predictions(predictions, rows, predicted)
    result = scores([r[2] for r in rows], predicted)
    result["metrics"]["stance_model"] = model_name
    result["limit"] = limit
    return result


def score_file(data: Path, submission: Path) -> dict[str, Any]:
    """Score a predictions CSV (Headline,Body ID,Stance in test-file order) against the gold labels."""
    gold = read_stances(data / "competition_test_stances.csv")
    pred = read_stances(submission)
    if [(h, b) for h, b, _ in gold] != [(h, b) for h, b, _ in pred]:
        raise ValueError(f"{submission} does not list the test pairs in the order of the test file")
    return scores([g[2] for g in gold], [p[2] for p in pred])

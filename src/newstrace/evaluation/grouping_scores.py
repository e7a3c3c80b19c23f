"""Scores of a grouping against gold labels: B-cubed precision, recall and F1, and the adjusted Rand index."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sklearn.metrics import adjusted_rand_score


def bcubed(predicted: Sequence[object], gold: Sequence[object]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998) of two labelings of the same items."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold labelings differ in length")
    if not gold:
        return 0.0, 0.0, 0.0
    pred_size, gold_size = Counter(predicted), Counter(gold)
    both = Counter(zip(predicted, gold, strict=True))
    n = len(gold)
    precision = sum(both[(p, g)] / pred_size[p] for p, g in zip(predicted, gold, strict=True)) / n
    recall = sum(both[(p, g)] / gold_size[g] for p, g in zip(predicted, gold, strict=True)) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_groups(groups: Sequence[Sequence[str]], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed P/R/F1 and ARI of predicted groups of keys against gold labels of the same keys."""
    label = {key: i for i, group in enumerate(groups) for key in group}
    keys = sorted(gold)
    predicted = [label[k] for k in keys]
    truth = [gold[k] for k in keys]
    precision, recall, f1 = bcubed(predicted, truth)
    return {
        "bcubed_precision": round(precision, 4),
        "bcubed_recall": round(recall, 4),
        "bcubed_f1": round(f1, 4),
        "ari": round(float(adjusted_rand_score(truth, predicted)), 4),
        "items": len(keys),
        "gold_groups": len(set(truth)),
        "predicted_groups": len(groups),
    }

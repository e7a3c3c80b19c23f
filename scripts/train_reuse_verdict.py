"""Train the shipped reuse verdict (newstrace.stages.stories._verdict) on COUNTER's train split.

    python scripts/train_reuse_verdict.py --data ../shared/data/counter-urdu-reuse \
        [--out src/newstrace/data/models/reuse_verdict.json]

Reads only the **train** split of ``splits.json`` (352 pairs). Every choice — the feature set,
the regularisation ``C`` and the class weighting — is made by cross-validation on that split:
five folds that keep pairs sharing an agency story together (the split's own groups), stratified
by label, repeated with three seeds; the objective is mean macro-F1 + binary F1 (derived = WD + PD
against ND) of each fold. The chosen model is then fitted on the whole train split and written as
JSON with its numbers rounded, so a rebuild is byte-identical. The dev and test splits are never
read here; ``newstrace eval reuse`` scores them.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold

from newstrace.evaluation.reuse import ORDER, load_pairs, pair_features
from newstrace.settings import Settings
from newstrace.stages.stories._params import reuse_params
from newstrace.stages.stories._verdict import FEATURES, MODEL_PATH, Verdict

SEEDS = (1, 2, 3)
FOLDS = 5
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
WEIGHTS = (None, "balanced")
#: candidate feature sets, from the detector's passages alone to every feature
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "passages": ("derived_share", "source_share", "longest_passage", "passages"),
    "passages+containment_k": ("derived_share", "source_share", "longest_passage", "passages", "containment_k"),
    "containment": ("containment_1", "containment_2", "containment_k", "length_ratio"),
    "all": FEATURES,
}
DIGITS = 6


def fit(
    x: np.ndarray, y: np.ndarray, c: float, weight: str | None
) -> tuple[np.ndarray, np.ndarray, LogisticRegression]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=c, class_weight=weight, max_iter=5000)
    clf.fit((x - mean) / scale, y)
    return mean, scale, clf


def objective(gold: np.ndarray, proba: np.ndarray) -> tuple[float, float]:
    """(macro-F1 over three classes, binary F1 of derived) for class indices in ORDER."""
    predicted = proba.argmax(axis=1)
    macro = float(f1_score(gold, predicted, labels=[0, 1, 2], average="macro", zero_division=0.0))
    independent = ORDER.index(Verdict.INDEPENDENT)
    derived = proba[:, [i for i in range(3) if i != independent]].sum(axis=1) >= 0.5
    binary = float(f1_score(gold != independent, derived, zero_division=0.0))
    return macro, binary


def cross_validate(
    x: np.ndarray, y: np.ndarray, groups: Sequence[str], c: float, weight: str | None
) -> tuple[float, float]:
    macros, binaries = [], []
    for seed in SEEDS:
        folds = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
        for fit_idx, held_idx in folds.split(x, y, groups):
            mean, scale, clf = fit(x[fit_idx], y[fit_idx], c, weight)
            proba = clf.predict_proba((x[held_idx] - mean) / scale)
            macro, binary = objective(y[held_idx], proba)
            macros.append(macro)
            binaries.append(binary)
    return float(np.mean(macros)), float(np.mean(binaries))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the counter-urdu-reuse folder")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()

    groups_of = {
        pid: group
        for group, ids in json.loads((args.data / "splits.json").read_text(encoding="utf-8"))["groups"].items()
        for pid in ids
    }
    train = [p for p in load_pairs(args.data) if p.split == "train"]
    params = reuse_params(Settings.load())
    rows = pair_features(train, params)
    y = np.array([ORDER.index(p.label) for p in train])
    groups = [groups_of[p.pair_id] for p in train]
    print(f"train pairs: {len(train)} ({', '.join(f'{o.value} {int((y == i).sum())}' for i, o in enumerate(ORDER))})")

    best: tuple[float, str, float, str | None] | None = None
    for name, features in FEATURE_SETS.items():
        x = np.array([[r[f] for f in features] for r in rows])
        for weight in WEIGHTS:
            for c in C_GRID:
                macro, binary = cross_validate(x, y, groups, c, weight)
                print(f"{name:24s} weight={weight!s:9s} C={c:<5} cv macro-F1 {macro:.4f}  binary F1 {binary:.4f}")
                if best is None or macro + binary > best[0] + 1e-9:
                    best = (macro + binary, name, c, weight)
    assert best is not None
    _, name, c, weight = best
    features = FEATURE_SETS[name]
    print(f"chosen: {name}, C={c}, class_weight={weight}")

    x = np.array([[r[f] for f in features] for r in rows])
    mean, scale, clf = fit(x, y, c, weight)
    labels = [ORDER[int(k)].value for k in clf.classes_]
    model = {
        "about": "reuse verdict: multinomial logistic regression over standardised alignment features; "
        "built by scripts/train_reuse_verdict.py on the COUNTER train split",
        "features": list(features),
        "labels": labels,
        "mean": [round(float(v), DIGITS) for v in mean],
        "scale": [round(float(v), DIGITS) for v in scale],
        "coef": [[round(float(v), DIGITS) for v in row] for row in clf.coef_],
        "intercept": [round(float(v), DIGITS) for v in clf.intercept_],
        "chosen_by": {
            "cv": f"{FOLDS}-fold stratified group k-fold x seeds {list(SEEDS)} on train",
            "feature_set": name,
            "C": c,
            "class_weight": weight,
        },
        "train_pairs": len(train),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

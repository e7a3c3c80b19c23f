"""The semantic stance model: its features, the pair head, claim folds, and when the model is used."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from newstrace.errors import ModelError
from newstrace.evaluation.fnc1 import claim_folds, claim_holdout
from newstrace.stages.stance import _model as stance_model
from newstrace.stages.stance._semantic import SEMANTIC_FEATURE_NAMES, PairHead, semantic_rows
from newstrace.text import embeddings


class AxisEmbedder:
    """Texts that start with the same word share an axis: a deterministic stand-in for a model."""

    name = "axes"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 4), dtype=np.float32)
        axes = {"snow": 0, "bridge": 1, "vote": 2}
        for i, text in enumerate(texts):
            out[i, axes.get(text.split()[0].lower(), 3)] = 1.0
        return out


def test_semantic_features_read_each_body_against_each_headline() -> None:
    sentences = {
        1: ["Snow fell overnight.", "Bridge traffic was slow.", "Snow closed schools."],
        2: ["Vote counts rose."],
    }
    rows = [("Snow closes schools", 1), ("Vote delayed", 1), ("Vote delayed", 2), ("Snow closes schools", 2)]
    x = semantic_rows(AxisEmbedder(), rows, sentences).similarities
    assert x.shape == (4, len(SEMANTIC_FEATURE_NAMES))
    best, top3, first, _, close = x[0]
    assert (best, first, close) == (1.0, 1.0, 2.0)
    assert top3 == pytest.approx(2 / 3, abs=1e-3)  # features are kept to three decimals
    assert x[1].tolist()[:3] == [0.0, 0.0, 0.0]  # no sentence of body 1 is about the vote
    assert x[2][0] == 1.0 and x[3][0] == 0.0


def test_a_pair_vector_compares_the_headline_with_its_closest_sentences() -> None:
    sentences = {1: ["Snow fell overnight.", "Bridge traffic was slow.", "Snow closed schools.", "Vote counts rose."]}
    pairs = semantic_rows(AxisEmbedder(), [("Snow closes schools", 1)], sentences).pair_vectors
    assert pairs.shape == (1, 12)
    product, distance, closest = pairs[0, :4], pairs[0, 4:8], pairs[0, 8:]
    # the three closest: both snow sentences (axis 0) and the first of the tied others in text order (bridge)
    assert closest == pytest.approx([2 / 3, 1 / 3, 0.0, 0.0])
    assert product == pytest.approx([2 / 3, 0.0, 0.0, 0.0])
    assert distance == pytest.approx([1 / 3, 1 / 3, 0.0, 0.0])


def test_a_body_without_sentences_gets_zeros() -> None:
    rows = semantic_rows(AxisEmbedder(), [("Snow closes schools", "empty")], {"empty": []})
    assert rows.similarities.tolist() == [[0.0] * len(SEMANTIC_FEATURE_NAMES)]
    assert not rows.pair_vectors.any()


def test_the_pair_head_matches_the_logistic_regression_it_was_taken_from(tmp_path: Path) -> None:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 6)).astype(np.float32)
    y = np.argmax(x[:, :3] + 0.5 * rng.normal(size=(300, 3)), axis=1)
    clf = LogisticRegression(max_iter=1000).fit(x, y)
    head = PairHead(coef=clf.coef_, intercept=clf.intercept_)
    assert head.proba(x) == pytest.approx(clf.predict_proba(x), abs=1e-3)
    head.save(tmp_path / "head.npz")
    again = PairHead.load(tmp_path / "head.npz")
    assert again.proba(x) == pytest.approx(head.proba(x), abs=2e-3)  # the file keeps five decimals


def test_claim_folds_never_split_a_claim() -> None:
    rows = [
        ("Snow closes schools", 1, "agree"),
        ("Snow closes schools", 2, "discuss"),
        ("Schools shut by snow", 2, "agree"),
        ("Vote delayed", 3, "disagree"),
        ("Vote delayed", 1, "unrelated"),
        ("Bridge reopens", 4, "agree"),
    ]
    folds = claim_folds(rows, 3, seed=7)
    assert folds[0] == folds[1] == folds[2]  # bodies 1 and 2 share a claim
    assert len({folds[0], folds[3], folds[5]}) == 3  # three claims dealt to three folds
    assert folds[4] == folds[0]  # a row goes with its body's claim
    assert claim_folds(rows, 3, seed=7) == folds


def test_claim_holdout_keeps_held_out_headlines_out_of_training() -> None:
    rows = [
        ("Snow closes schools", 1, "agree"),
        ("Snow closes schools", 2, "unrelated"),  # a held-out claim's headline on another body
        ("Vote delayed", 2, "disagree"),
        ("Vote delayed", 1, "unrelated"),
        ("Bridge reopens", 3, "agree"),
    ]
    held, fit = claim_holdout(rows, {1})
    assert held == [True, False, False, True, False]
    assert fit == [False, False, True, False, True]


def test_decide_reads_the_threshold_then_the_rescaled_stances() -> None:
    proba = np.array(
        [
            [0.30, 0.05, 0.25, 0.40],  # related 0.60: agree
            [0.20, 0.15, 0.25, 0.40],  # discuss, unless disagree is scaled up
            [0.22, 0.08, 0.10, 0.60],  # related 0.40
        ]
    )
    assert stance_model.decide(proba, 0.5, (1.0, 1.0, 1.0)) == ["agree", "discuss", "unrelated"]
    assert stance_model.decide(proba, 0.35, (1.0, 2.0, 1.0)) == ["agree", "disagree", "agree"]
    assert stance_model.decide(np.zeros((0, 4)), 0.5, (1.0, 1.0, 1.0)) == []


def test_rescaled_probabilities_keep_the_related_mass_and_the_decision() -> None:
    proba = np.array([[0.15, 0.45, 0.40, 0.0], [0.0, 0.0, 0.0, 1.0], [0.5, 0.1, 0.1, 0.3]])
    scale = (0.6, 0.5, 1.0)
    weighed = stance_model.rescaled(proba, scale)
    assert weighed.sum(axis=1) == pytest.approx(proba.sum(axis=1))
    assert weighed[:, 3] == pytest.approx(proba[:, 3])
    assert weighed[0, :3] == pytest.approx(np.array([0.09, 0.225, 0.40]) / 0.715)  # disagree no longer leads
    assert [stance_model.LABELS[int(i)] for i in np.argmax(weighed, axis=1)] == stance_model.decide(proba, 0.5, scale)


def test_without_the_bundled_model_the_stance_model_stays_lexical(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "load", lambda spec: None)
    stance_model.load.cache_clear()
    try:
        model = stance_model.load(semantic=True)
        assert model.embedder is None and model.name == "trees"
        assert model.semantic_features([("a headline", model.body("A body. Two sentences."))]) is None
    finally:
        stance_model.load.cache_clear()


@pytest.mark.skipif(embeddings.load("auto") is None, reason="needs the bundled weights (make install brings them)")
def test_with_the_bundled_model_both_boosters_read_the_semantic_features() -> None:
    model = stance_model.load(semantic=True)
    assert model.embedder is not None and model.pair_head is not None
    assert model.name == "trees + all-MiniLM-L6-v2 (related + stance)"
    body = model.body("Heavy snow closed every school in the region on Monday. Officials expect more snow.")
    pairs = [("Snowstorm shuts schools", body), ("Parliament passes the budget", body)]
    proba = model.pair_proba(pairs)
    assert proba.shape == (2, 4)
    assert proba[0, 3] < proba[1, 3]  # the snow headline is the related one
    assert model.pair_proba([]).shape == stance_model.load(semantic=False).pair_proba([]).shape == (0, 4)
    with pytest.raises(ValueError, match="semantic features"):
        model.predict_proba(model.features(pairs))
    assert stance_model.load(semantic=False).embedder is None


@pytest.mark.skipif(embeddings.load("auto") is None, reason="needs the bundled weights (make install brings them)")
def test_a_stale_or_incomplete_semantic_model_says_how_to_retrain(tmp_path: Path) -> None:
    stale = tmp_path / "stale"
    shutil.copytree(stance_model.MODEL_DIR, stale)
    meta = json.loads((stale / "stance_meta.json").read_text())
    meta["semantic"]["class_features"] = meta["semantic"]["class_features"][:-1]
    (stale / "stance_meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="trained on other features; retrain it with"):
        stance_model.load(stale, semantic=True)
    assert stance_model.load(stale, semantic=False).pair_head is None  # the lexical model is unaffected

    incomplete = tmp_path / "incomplete"
    shutil.copytree(stance_model.MODEL_DIR, incomplete)
    (incomplete / stance_model.PAIR_HEAD_FILE).unlink()
    with pytest.raises(ModelError, match="cannot load the semantic stance model"):
        stance_model.load(incomplete, semantic=True)

"""The semantic related booster: its features, and when the stance model uses it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from newstrace import embeddings
from newstrace.stance import model as stance_model
from newstrace.stance.semantic import SEMANTIC_FEATURE_NAMES, semantic_matrix


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
    x = semantic_matrix(AxisEmbedder(), rows, sentences)
    assert x.shape == (4, len(SEMANTIC_FEATURE_NAMES))
    best, top3, first, _, close = x[0]
    assert (best, first, close) == (1.0, 1.0, 2.0)
    assert top3 == pytest.approx(2 / 3, abs=1e-3)  # features are kept to three decimals
    assert x[1].tolist()[:3] == [0.0, 0.0, 0.0]  # no sentence of body 1 is about the vote
    assert x[2][0] == 1.0 and x[3][0] == 0.0


def test_a_body_without_sentences_gets_zeros() -> None:
    x = semantic_matrix(AxisEmbedder(), [("Snow closes schools", "empty")], {"empty": []})
    assert x.tolist() == [[0.0] * len(SEMANTIC_FEATURE_NAMES)]


def test_without_the_bundled_model_the_stance_model_stays_lexical(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "load", lambda spec: None)
    stance_model.load.cache_clear()
    try:
        model = stance_model.load(semantic=True)
        assert model.embedder is None and model.name == "trees"
        assert model.semantic_features([("a headline", model.body("A body. Two sentences."))]) is None
    finally:
        stance_model.load.cache_clear()


@pytest.mark.skipif(embeddings.load("auto") is None, reason="needs the embeddings extra (make test installs it)")
def test_with_the_bundled_model_the_related_booster_reads_the_semantic_features() -> None:
    model = stance_model.load(semantic=True)
    assert model.embedder is not None and "all-MiniLM-L6-v2" in model.name
    body = model.body("Heavy snow closed every school in the region on Monday. Officials expect more snow.")
    pairs = [("Snowstorm shuts schools", body), ("Parliament passes the budget", body)]
    proba = model.pair_proba(pairs)
    assert proba.shape == (2, 4)
    assert proba[0, 3] < proba[1, 3]  # the snow headline is the related one
    with pytest.raises(ValueError, match="semantic features"):
        model.predict_proba(model.features(pairs))
    assert stance_model.load(semantic=False).embedder is None

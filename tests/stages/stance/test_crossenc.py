"""The optional stance cross-encoder: its passage, its blend with the trees, and its fallback."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newstrace.stages.stance import _crossenc as crossenc
from newstrace.stages.stance import _model as stance_model
from newstrace.stages.stance._crossenc import stance_passage
from newstrace.stages.stance._model import blend, with_cross_encoder

BODY = (
    "The city council met on Tuesday evening. "
    "Members discussed the budget for the coming year at length. "
    "The mayor denied that the bridge would be closed next month. "
    "Parking fees will rise in the spring. "
    "A spokesman said the bridge closure rumour was false."
)


def test_the_passage_keeps_the_lead_and_the_sentences_about_the_headline_in_body_order() -> None:
    passage = stance_passage("Bridge to be closed next month", BODY)
    assert passage.startswith("The city council met on Tuesday evening.")
    assert "The mayor denied that the bridge would be closed next month." in passage
    assert passage.index("mayor denied") < passage.index("closure rumour")
    assert "Parking fees" not in passage  # shares no word with the headline


def test_the_passage_stays_within_its_budget() -> None:
    long_body = " ".join(f"The bridge story number {i} goes on and on about the bridge." for i in range(200))
    assert len(stance_passage("The bridge", long_body, budget=50).split()) <= 65


def test_an_empty_body_has_an_empty_passage() -> None:
    assert stance_passage("Anything", "") == ""


def _proba() -> np.ndarray:
    # agree, disagree, discuss, unrelated (rows sum to 1)
    return np.array([[0.4, 0.1, 0.3, 0.2], [0.05, 0.0, 0.05, 0.9], [0.1, 0.1, 0.6, 0.2]])


def test_weight_zero_leaves_the_trees_alone_and_weight_one_hands_the_stances_over() -> None:
    proba, rows = _proba(), np.array([0, 2])
    ce = np.array([[0.0, 1.0, 0.0], [0.2, 0.2, 0.6]])
    assert np.allclose(blend(proba, rows, ce, 0.0), proba)
    out = blend(proba, rows, ce, 1.0)
    assert np.allclose(out[0], [0.0, 0.8, 0.0, 0.2])  # P(related) 0.8 kept, split as the cross-encoder says
    assert np.allclose(out[1], proba[1])  # a row not sent to the cross-encoder is untouched
    assert np.allclose(out.sum(axis=1), 1.0)


class FakeEncoder:
    """Says "disagree" for every pair and records what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def proba(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[float, float, float]]:
        self.asked.extend(pairs)
        return [(0.0, 1.0, 0.0)] * len(pairs)


def test_refine_sends_only_the_pairs_the_trees_call_related() -> None:
    fake = FakeEncoder()
    base = stance_model.StanceModel(space=None, related=None, classes=None, threshold=0.5)  # type: ignore[arg-type]
    model = dataclasses.replace(base, cross_encoder=fake, ce_weight=0.9)
    texts = [("h0", "b0"), ("h1", "b1"), ("h2", "b2")]
    labels = model.decide(model.refine(_proba(), texts))
    assert fake.asked == [("h0", "b0"), ("h2", "b2")]
    assert labels == ["disagree", "unrelated", "disagree"]
    assert base.decide(base.refine(_proba(), texts)) == ["agree", "unrelated", "discuss"]


def test_without_the_cross_encoders_files_the_trees_keep_their_own_settings(tmp_path: Path) -> None:
    base = stance_model.StanceModel(space=None, related=None, classes=None, threshold=0.4)  # type: ignore[arg-type]
    settings = {"weight": 0.6, "threshold": 0.5, "class_scale": [1.0, 2.0, 1.0]}
    assert with_cross_encoder(base, settings, tmp_path / "missing") is base
    assert with_cross_encoder(base, {**settings, "weight": 0.0}, crossenc.CE_DIR) is base

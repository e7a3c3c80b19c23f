"""Combining one speaker's quote readings into a stance."""

from __future__ import annotations

import pytest

from newstrace.model import Assessment, Claim, Quote, QuoteKind, StanceLabel
from newstrace.stages.stance import QuoteReading, speaker_stance

CLAIM = Claim("c1", "The company is selling the plant")


def _reading(
    n: int,
    related: float,
    *,
    denial: bool = False,
    negated_denial: bool = False,
    certainty: float = 0.7,
    hypothetical: bool = False,
    own: float | None = None,
    frame: int = 0,
) -> QuoteReading:
    quote = Quote(f"q{n}", QuoteKind.DIRECT, "x", 0, 1)
    assessment = Assessment(certainty, (), denial, negated_denial, False, False, hypothetical, frame)
    return QuoteReading(quote, related, assessment, (), own=related if own is None else own)


@pytest.mark.parametrize(
    ("readings", "label"),
    [
        ([_reading(1, 0.8)], StanceLabel.SUPPORTS),
        ([_reading(1, 0.8, denial=True)], StanceLabel.REFUTES),
        ([_reading(1, 0.8, denial=True, negated_denial=True)], StanceLabel.SUPPORTS),
        ([_reading(1, 0.8, hypothetical=True)], StanceLabel.DISCUSSES),
        ([_reading(1, 0.6), _reading(2, 0.6, denial=True)], StanceLabel.DISCUSSES),
        # related only through the sentence around it: a plain statement takes no side, a denial keeps its own
        ([_reading(1, 0.5, own=0.1)], StanceLabel.DISCUSSES),
        ([_reading(1, 0.5, own=0.1, denial=True)], StanceLabel.REFUTES),
        ([_reading(1, 0.5, own=0.1, denial=True, negated_denial=True)], StanceLabel.SUPPORTS),
        ([_reading(1, 0.7, denial=True), _reading(2, 0.5, own=0.1)], StanceLabel.REFUTES),
        # the frame around a quote comes first: "denied that <the claim>", "would not rule out that <the claim>"
        ([_reading(1, 0.8, frame=-1)], StanceLabel.REFUTES),
        ([_reading(1, 0.8, denial=True, frame=1)], StanceLabel.SUPPORTS),
    ],
)
def test_relatedness_weighted_vote(readings: list[QuoteReading], label: StanceLabel) -> None:
    stance = speaker_stance("A Speaker", readings, CLAIM, 0.9, related_min=0.5, own_min=0.3, discuss_margin=0.2)
    assert stance.label is label
    assert 0.0 <= stance.probability <= 1.0
    assert stance.holder_kind == "speaker"


def test_a_speaker_the_relatedness_model_puts_below_the_threshold_is_unrelated() -> None:
    stance = speaker_stance("A Speaker", [_reading(1, 0.8, denial=True)], CLAIM, 0.2, related_min=0.5)
    assert stance.label is StanceLabel.UNRELATED
    assert stance.probability == pytest.approx(0.8)


def test_certainty_is_the_weighted_certainty_of_the_winning_quotes() -> None:
    stance = speaker_stance(
        "A Speaker", [_reading(1, 0.8, certainty=0.9), _reading(2, 0.6, certainty=0.3)], CLAIM, 0.9, related_min=0.5
    )
    assert stance.certainty == pytest.approx((0.8 * 0.9 + 0.6 * 0.3) / 1.4, abs=1e-3)


def test_only_the_quotes_about_the_claim_by_themselves_vote() -> None:
    # a denial that is not about the claim (0.3 < related_min) does not outvote the related statement
    readings = [_reading(1, 0.6), _reading(2, 0.3, denial=True), _reading(3, 0.35, denial=True)]
    stance = speaker_stance("A Speaker", readings, CLAIM, 0.9, related_min=0.5, own_min=0.0, discuss_margin=0.0)
    assert stance.label is StanceLabel.SUPPORTS
    assert stance.quote_ids == ("q1",)
    # when none of them is, all of them vote (the speaker as a whole is about the claim)
    stance = speaker_stance("A Speaker", readings[1:], CLAIM, 0.9, related_min=0.5, own_min=0.0, discuss_margin=0.0)
    assert stance.label is StanceLabel.REFUTES
    assert stance.quote_ids == ("q3", "q2")  # the one more about the claim first: it is shown as the words behind


def test_with_no_margin_the_heavier_side_wins_and_only_a_sideless_speaker_discusses() -> None:
    mixed = [_reading(1, 0.7), _reading(2, 0.6, denial=True)]
    assert speaker_stance("A", mixed, CLAIM, 0.9, related_min=0.5, discuss_margin=0.0).label is StanceLabel.SUPPORTS
    assert speaker_stance("A", mixed, CLAIM, 0.9, related_min=0.5, discuss_margin=0.2).label is StanceLabel.DISCUSSES
    sideless = [_reading(1, 0.7, hypothetical=True)]
    assert speaker_stance("A", sideless, CLAIM, 0.9, related_min=0.5, discuss_margin=0.0).label is StanceLabel.DISCUSSES

"""The plug-in interface for a local cross-encoder / NLI checkpoint (no transformer needed in CI)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from newstrace.errors import ConfigError
from newstrace.model import StanceLabel
from newstrace.stages.stance._nli import LocalCrossEncoder, StanceScorer, scorer_from_settings, to_stances


class FakeScorer:
    """Supports whatever mentions the claim's last word, else discusses."""

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[dict[StanceLabel, float]]:
        out = []
        for claim, passage in pairs:
            hit = claim.split()[-1].lower() in passage.lower()
            out.append({StanceLabel.SUPPORTS: 0.9 if hit else 0.1, StanceLabel.DISCUSSES: 0.1 if hit else 0.9})
        return out


def test_a_plain_object_with_score_is_a_stance_scorer() -> None:
    scorer = FakeScorer()
    assert isinstance(scorer, StanceScorer)
    assert scorer.score([("Prices rose", "Prices rose sharply")])[0][StanceLabel.SUPPORTS] == 0.9


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["contradiction", "entailment", "neutral"], {StanceLabel.REFUTES: 0.2, StanceLabel.SUPPORTS: 0.5}),
        (["agree", "disagree", "discuss"], {StanceLabel.SUPPORTS: 0.2, StanceLabel.REFUTES: 0.5}),
    ],
)
def test_model_labels_map_onto_stances(labels: list[str], expected: dict[StanceLabel, float]) -> None:
    mapped = to_stances(labels, [0.2, 0.5, 0.3])
    for label, p in expected.items():
        assert mapped[label] == pytest.approx(p)


def test_empty_setting_means_no_scorer() -> None:
    assert scorer_from_settings("") is None


def test_a_missing_model_directory_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        LocalCrossEncoder(tmp_path / "nowhere")


def test_labels_come_from_the_model_config(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"id2label": {"0": "entailment", "1": "neutral", "2": "contradiction"}}')
    assert LocalCrossEncoder(tmp_path).labels == ["entailment", "neutral", "contradiction"]

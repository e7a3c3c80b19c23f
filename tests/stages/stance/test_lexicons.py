"""The stance stage's lexicons: the FNC-1 model's feature lists as it was trained on them, the NLI label table."""

from __future__ import annotations

import hashlib

import pytest

from newstrace.model import StanceLabel
from newstrace.stages.stance import _features as features
from newstrace.stages.stance._nli import to_stances
from newstrace.text import lexicons

#: The FNC-1 model's cue lexicons, as it was trained on them: sha256 of the sorted entries, one a line.
#: A change here means the model reads other features than it learned: retrain it (scripts/train_stance.py),
#: then update the digests.
MODEL_LEXICONS = {
    "fnc_refute.txt": (52, "a2ff6c8a62860257"),
    "fnc_hedge.txt": (45, "8471f671f8940e29"),
    "fnc_booster.txt": (28, "d47ccc92af932ce3"),
    "fnc_discuss.txt": (27, "5c7f409286186750"),
    "fnc_negation.txt": (12, "0aa98d938810277c"),
    "fnc_stop.txt": (125, "1e9be7e5ff50c0a3"),
}


def _digest(entries: tuple[str, ...]) -> str:
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()[:16]


@pytest.mark.parametrize(("name", "pinned"), sorted(MODEL_LEXICONS.items()))
def test_the_model_bound_lexicons_are_the_ones_the_model_was_trained_on(name: str, pinned: tuple[int, str]) -> None:
    entries = lexicons.lines(f"stages/stance/lexicons/{name}")
    assert len(set(entries)) == len(entries), f"{name} lists a word twice"
    assert (len(entries), _digest(entries)) == pinned, f"{name} changed: retrain the stance model"


def test_the_feature_lexicons_are_read_from_their_files() -> None:
    assert features.LEXICONS["refute"] == lexicons.words("stages/stance/lexicons/fnc_refute.txt")
    assert "denied" in features.REFUTE_WORDS and "the" in features.STOP_WORDS


def test_nli_label_names_map_onto_every_stance() -> None:
    table = lexicons.table("stages/stance/lexicons/nli_labels.txt")
    assert {StanceLabel(v) for v in table.values()} == set(StanceLabel)
    assert to_stances(["ENTAILMENT", "Contradiction", "neutral", "other"], [0.5, 0.2, 0.2, 0.1]) == {
        StanceLabel.SUPPORTS: 0.5,
        StanceLabel.REFUTES: 0.2,
        StanceLabel.DISCUSSES: 0.2,
    }

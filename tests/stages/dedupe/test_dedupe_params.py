"""Dedupe's numbers are settings: the defaults file and the code agree, and a setting takes effect."""

from __future__ import annotations

import random

from newstrace.model import Article, Document
from newstrace.settings import Settings
from newstrace.stages.dedupe import DedupeParams, find_duplicates, scores, shingle_hashes

VOCABULARY = [
    "river",
    "bridge",
    "council",
    "flood",
    "barrier",
    "budget",
    "residents",
    "repairs",
    "station",
    "school",
    "engineers",
    "mayor",
]


def _doc(key: str, text: str) -> Document:
    return Document(Article(key, key, text), text=text)


def _pair() -> tuple[str, str]:
    """A generated text of 300 words and a copy with every twelfth word replaced."""
    rng = random.Random(1)
    words = [f"{rng.choice(VOCABULARY)}{rng.randint(0, 50)}" for _ in range(300)]
    edited = ["edited" if i % 12 == 0 else w for i, w in enumerate(words)]
    return " ".join(words), " ".join(edited)


def test_the_defaults_file_and_the_code_agree() -> None:
    assert DedupeParams() == DedupeParams.from_settings(Settings.load())


def test_the_candidate_settings_reach_the_indexes() -> None:
    base, edited = _pair()
    resemblance, _ = scores(shingle_hashes(base, 3), shingle_hashes(edited, 3))
    assert 0.5 <= resemblance < 0.7  # a near duplicate by the default resemblance threshold
    docs = [_doc("a", base), _doc("b", edited)]
    assert len(find_duplicates(docs, DedupeParams.from_settings(Settings.load())).near) == 1
    # candidate indexes at 0.9 that weigh a false candidate over a missed pair never propose the pair,
    # so it is never verified (the verified thresholds are unchanged)
    strict = Settings.load(
        overrides={
            "dedupe.candidate_margin": "0.0",
            "dedupe.min_candidate_threshold": "0.9",
            "dedupe.ensemble_false_positive_weight": "0.8",
            "dedupe.ensemble_false_negative_weight": "0.2",
        }
    )
    assert find_duplicates(docs, DedupeParams.from_settings(strict)).near == {}

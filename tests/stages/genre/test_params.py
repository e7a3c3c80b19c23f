"""The genre stage's settings: defaults that cannot drift, and settings that take effect."""

from __future__ import annotations

import dataclasses
import re

from newstrace.model import Genre
from newstrace.settings import Settings
from newstrace.stages.genre import GenreParams, GenreStage
from newstrace.stages.genre._signals import EVALUATIVE, FIRST_PERSON, classify_text
from newstrace.stages.stance._features import split_sentences

NEWS = (
    "The port reopened on Monday after a week of repairs. Ships queued outside the harbour overnight. "
    '"We expect normal traffic by Friday," the harbour master said. Two cranes remain out of service. '
    "The repairs cost 3 million euros, the port authority said in a statement on Sunday."
)


def _genre(text: str, params: GenreParams) -> Genre:
    quoted = [(m.start(), m.end()) for m in re.finditer(r'"[^"]+"', text)]
    return classify_text(text, split_sentences(text), quoted, params)[0]


def test_the_params_defaults_are_the_settings_defaults() -> None:
    assert GenreParams() == GenreParams.from_settings(Settings.load())


def test_the_stage_reads_its_settings() -> None:
    stage = GenreStage(Settings.load(overrides={"genre.bias": "1.5", "genre.min_words": "10"}))
    assert (stage.params.bias, stage.params.min_words) == (1.5, 10)


def test_bias_and_minimums_decide_the_genre() -> None:
    assert _genre(NEWS, GenreParams()) is Genre.NEWS
    assert _genre(NEWS, GenreParams(bias=5.0)) is Genre.OPINION
    assert _genre(NEWS, GenreParams(min_words=10_000)) is Genre.OTHER


def test_weights_follow_the_signal_names() -> None:
    params = GenreParams()
    assert list(params.weights) == [f.name for f in dataclasses.fields(params)][: len(params.weights)]


def test_the_word_lists_are_read_from_their_files() -> None:
    assert {"i", "we", "ourselves"} <= FIRST_PERSON
    assert "frankly" in EVALUATIVE

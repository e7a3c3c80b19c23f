"""The stance stage's settings: defaults that cannot drift, and settings that take effect."""

from __future__ import annotations

from typing import Any

import pytest

from newstrace.model import CueClass
from newstrace.settings import Settings
from newstrace.stages.stance import StanceParams, leans_on_context
from newstrace.stages.stance._certainty import CertaintyParams, assess


def test_the_params_defaults_are_the_settings_defaults() -> None:
    settings = Settings.load()
    assert StanceParams() == StanceParams.from_settings(settings)
    assert CertaintyParams() == CertaintyParams.from_settings(settings)


def test_a_certainty_setting_reaches_the_params() -> None:
    settings = Settings.load(overrides={"stance.hedge_weight": "-0.3", "stance.anchor_limit": "2"})
    params = StanceParams.from_settings(settings)
    assert (params.certainty.hedge_weight, params.anchor_limit) == (-0.3, 2)


def test_the_certainty_weights_decide_the_certainty(nlp: Any) -> None:
    hedged = nlp("The report is perhaps accurate.")
    plain = nlp("The army supplied the rebels.")
    assert assess(hedged, params=CertaintyParams(hedge_weight=-0.4)).certainty < assess(hedged).certainty
    assert assess(plain, params=CertaintyParams(base=0.5)).certainty == pytest.approx(0.5)
    endorsed = CertaintyParams(endorsing_cue=0.2)
    assert assess(plain, CueClass.ENDORSING, params=endorsed).certainty == pytest.approx(0.9)
    assert assess(hedged, params=CertaintyParams(base=0.0, floor=0.2)).certainty == pytest.approx(0.2)


def test_the_quote_length_settings_decide_when_a_quote_leans_on_its_context() -> None:
    quote = "That decision hurt farmers across the northern provinces"  # anaphoric, six content words
    assert leans_on_context(quote)
    assert not leans_on_context(quote, StanceParams(anaphoric_quote_words=6))
    assert leans_on_context("It hurt farmers badly", StanceParams(anaphoric_quote_words=0))  # three: short

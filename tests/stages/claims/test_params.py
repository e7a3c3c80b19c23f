"""The claims stages' settings: defaults that cannot drift, and the stages read them."""

from __future__ import annotations

from newstrace.settings import Settings
from newstrace.stages.claims import ClaimParams, ClaimsStage, CoreClaimParams
from newstrace.stages.claims._propositions import FRAME_VERBS, STATE_HEADS, STATIVE


def test_the_params_defaults_are_the_settings_defaults() -> None:
    settings = Settings.load()
    assert ClaimParams() == ClaimParams.from_settings(settings)
    assert CoreClaimParams() == CoreClaimParams.from_settings(settings)


def test_settings_reach_the_params() -> None:
    settings = Settings.load(overrides={"claims.max_per_document": "5", "claims.min_articles": "3"})
    assert ClaimsStage(settings).params.max_per_document == 5
    assert CoreClaimParams.from_settings(settings).min_articles == 3


def test_the_word_lists_are_read_from_their_files() -> None:
    assert {"say", "deny", "be"} <= FRAME_VERBS and "have" not in FRAME_VERBS
    assert "government" in STATE_HEADS
    assert "own" in STATIVE

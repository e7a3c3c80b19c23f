"""The attribution stage's tuning numbers: the same defaults in code and in defaults.toml, and they reach the rules."""

from __future__ import annotations

import dataclasses
from typing import Any

from newstrace.model import QuoteKind
from newstrace.settings import Settings
from newstrace.stages.attribution import AttributionParams, RuleAttributor, attribute


def test_the_defaults_in_code_are_the_settings_defaults() -> None:
    assert AttributionParams() == AttributionParams.from_settings(Settings.load())


def test_every_attribution_setting_is_a_parameter_and_back() -> None:
    settings: dict[str, Any] = Settings.load().get("attribution")
    assert set(settings) == {f.name for f in dataclasses.fields(AttributionParams)}


def test_the_stage_builds_its_parameters_from_the_settings() -> None:
    settings = Settings.load(overrides={"attribution.min_direct_words": "2", "attribution.confidence_name": "0.5"})
    params = RuleAttributor(settings).params
    assert params.min_direct_words == 2
    assert params.confidence_name == 0.5


TEXT = 'The council met on Monday. "Absolutely disgraceful." Residents left early.\n'


def test_min_direct_words_decides_whether_a_short_uncued_quotation_is_a_statement(nlp: Any) -> None:
    doc = nlp(TEXT)
    quotes, _ = attribute(doc)
    assert not any("disgraceful" in q.content for q in quotes)
    quotes, _ = attribute(doc, params=AttributionParams(min_direct_words=2))
    assert [(q.kind, q.content) for q in quotes] == [(QuoteKind.DIRECT, "Absolutely disgraceful.")]


def test_the_confidence_of_a_named_speaker_is_the_setting(nlp: Any) -> None:
    doc = nlp("“We will not leave,” Maria Lopez said.")
    for confidence in (0.95, 0.5):
        quotes, _ = attribute(doc, params=AttributionParams(confidence_name=confidence))
        assert quotes[0].speaker is not None
        assert quotes[0].speaker.resolved_by == "mention"
        assert quotes[0].speaker.confidence == confidence

"""The attribution stage's tuning numbers: ``[attribution]`` in ``defaults.toml``, where each is explained.

Token windows are *reaches*: a cue "within 12 tokens after" a quotation is 1 to 11 tokens past
its last token. Confidences are the figures a speaker resolution reports (0..1); the factors
multiply a confidence found another way.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from newstrace.settings import Settings


@dataclass(frozen=True, slots=True)
class AttributionParams:
    # finding statements
    min_direct_words: int = 4
    direct_fill_share: float = 0.6
    min_content_chars: int = 2
    title_min_word_chars: int = 4
    cue_reach_after: int = 12
    cue_reach_before: int = 25
    condition_climb_steps: int = 4
    subject_climb_steps: int = 6
    left_subject_climb_steps: int = 12
    noun_after_quote_reach: int = 12
    continuation_lookback_lines: int = 6
    scene_sentences: int = 2
    # resolving speakers
    pronoun_reach_mentions: int = 80
    pronoun_max_sentences: int = 6
    pronoun_near_sentences: int = 1
    role_reach_mentions: int = 200
    group_clause_max_words: int = 10
    # confidences
    confidence_name: float = 0.95
    confidence_short_form: float = 0.85
    confidence_proper_noun: float = 0.7
    confidence_role_noun: float = 0.75
    confidence_description: float = 0.8
    confidence_author: float = 0.7
    confidence_indefinite_pronoun: float = 0.6
    confidence_first_second: float = 0.3
    confidence_pronoun_near: float = 0.9
    confidence_pronoun_far: float = 0.7
    loose_pronoun_factor: float = 0.8
    relative_pronoun_factor: float = 0.9
    confidence_unspecified: float = 0.5
    confidence_previous_quote: float = 0.7
    confidence_credited_report: float = 0.6

    @classmethod
    def from_settings(cls, settings: Settings) -> AttributionParams:
        return cls(**{f.name: settings.get(f"attribution.{f.name}") for f in dataclasses.fields(cls)})

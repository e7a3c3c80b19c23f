"""Read the ``[stories]`` settings into the parameter objects the pure functions take."""

from __future__ import annotations

from newstrace.settings import Settings
from newstrace.stages.stories._grouping import GroupingParams
from newstrace.stages.stories._reuse import ReuseParams


def grouping_params(settings: Settings, *, headline: bool = False) -> GroupingParams:
    """Grouping thresholds; ``headline=True`` for bare headlines (no body, no entities)."""
    return GroupingParams(
        threshold=float(settings.get("stories.headline_threshold" if headline else "stories.threshold")),
        word_weight=float(settings.get("stories.word_weight")),
        entity_weight=float(settings.get("stories.entity_weight")),
        block_terms=int(settings.get("stories.block_terms")),
        block_max_df=int(settings.get("stories.block_max_df")),
        time_grace_days=float(settings.get("stories.time_grace_days")),
        time_scale_days=float(settings.get("stories.time_scale_days")),
    )


def reuse_params(settings: Settings) -> ReuseParams:
    return ReuseParams(
        shingle_words=int(settings.get("stories.shingle_words")),
        min_shared_shingles=int(settings.get("stories.min_shared_shingles")),
        min_passage_words=int(settings.get("stories.min_passage_words")),
        shingle_max_df=int(settings.get("stories.shingle_max_df")),
        copy_share=float(settings.get("stories.copy_share")),
    )

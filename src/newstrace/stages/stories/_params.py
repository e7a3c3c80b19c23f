"""Read the ``[stories]`` (and ``[matching]``) settings into the parameter objects the pure functions take."""

from __future__ import annotations

from dataclasses import dataclass, field

from newstrace.settings import Settings
from newstrace.stages.stories._agreement import AgreementParams
from newstrace.stages.stories._grouping import GroupingParams
from newstrace.stages.stories._headlines import HeadlineParams
from newstrace.stages.stories._reuse import ReuseParams
from newstrace.stages.stories._variants import VariantParams


def grouping_params(settings: Settings) -> GroupingParams:
    """Grouping of full articles into events and stories."""
    return GroupingParams.from_settings(settings)


def headline_params(settings: Settings, *, headline: bool = False) -> HeadlineParams:
    """Headline grouping thresholds; ``headline=True`` for bare headlines, else body leads."""
    return HeadlineParams.from_settings(settings, headline=headline)


def reuse_params(settings: Settings) -> ReuseParams:
    return ReuseParams.from_settings(settings)


@dataclass(frozen=True, slots=True)
class CompareParams:
    """Everything ``stories.compare.v1`` reads: reuse, quote variants, agreement and exclusives."""

    reuse: ReuseParams = field(default_factory=ReuseParams)
    variants: VariantParams = field(default_factory=VariantParams)
    agreement: AgreementParams = field(default_factory=AgreementParams)

    @classmethod
    def from_settings(cls, settings: Settings) -> CompareParams:
        return cls(
            ReuseParams.from_settings(settings),
            VariantParams.from_settings(settings),
            AgreementParams.from_settings(settings),
        )

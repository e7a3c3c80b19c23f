"""Dates around a quote, normalised against the publication date, and compared."""

from __future__ import annotations

import pytest

from newstrace.stages.stories._variants import find_variants
from newstrace.text.dates import agree, normalise_when
from tests.seedcorpus import seed_documents


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("on Monday", "2017-04-25", "2017-04-24"),  # 2017-04-25 was a Tuesday
        ("on Tuesday", "2017-04-25", "2017-04-25"),
        ("in April", "2017-07-26", "2017-04"),
        ("in December", "2017-07-26", "2016-12"),
        ("on March 3", "2017-07-26", "2017-03-03"),
        ("late last month", "2017-04-25", "2017-03"),
        ("yesterday", "2017-01-01", "2016-12-31"),
        ("in the morning", "2017-01-01", None),
        ("on Monday", None, None),
    ],
)
def test_date_phrases_are_normalised_against_publication(
    phrase: str, published: str | None, expected: str | None
) -> None:
    assert normalise_when(phrase, published) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("2017-04-24", "2017-04", True), ("2017-04-24", "2017-07", False), (None, "2017-04", None)],
)
def test_dates_agree_at_the_coarser_precision(a: str | None, b: str | None, expected: bool | None) -> None:
    assert agree(a, b) is expected


def test_the_seeds_agree_on_when_the_nicholson_remark_was_made() -> None:
    [variant] = [v for v in find_variants(seed_documents()) if "Nicholson" in v.speaker]
    assert variant.a.when_date == "2017-04-24" and variant.b.when_date == "2017-04"
    assert variant.context_agrees is True and "context" not in variant.kinds

"""When the seeds' Nicholson remark was made, read from spaCy's date spans around each printing (the resolver's own
tests are in tests/text/test_when.py)."""

from __future__ import annotations

from newstrace.stages.stories._variants import find_variants
from tests.seedcorpus import seed_documents


def test_the_seeds_agree_on_when_the_nicholson_remark_was_made() -> None:
    [variant] = [v for v in find_variants(seed_documents()) if "Nicholson" in v.speaker]
    assert variant.a.when_date == "2017-04-24" and variant.b.when_date == "2017-04"
    assert variant.context_agrees is True and "context" not in variant.kinds

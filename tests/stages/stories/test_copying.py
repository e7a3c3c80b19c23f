"""Reuse means copying: quotations, datelines and stock phrases are discounted, each pair carries a
verdict, and the origin an article credits is named instead of guessing among the copies."""

from __future__ import annotations

from newstrace.stages.stories._credits import credit_spans, credited, external_credits
from newstrace.stages.stories._reuse import ReuseParams, Text, find_reuse
from newstrace.stages.stories._verdict import judge_pair

REPORT = (
    "The harbour authority closed the northern pier on Tuesday after inspectors found cracks in three of its "
    "concrete pillars, leaving ferries to dock at the older southern quay for at least a month while engineers "
    "decide whether the structure can be repaired or must be rebuilt from the seabed up."
)
REMARK = (
    "We will not reopen the pier until every pillar has been tested and every engineer has signed off on the "
    "repairs, and we expect that to take the whole of the summer season"
)
OTHER_PROSE = (
    "Fishermen said the closure would cost them the best weeks of the season, and the council promised a "
    "review of how the pier had been maintained since it was last renovated twenty years ago."
)
DIFFERENT = (
    "Ferry passengers queued for hours at the southern quay as crews tried to move vehicles through a single "
    "narrow ramp, and local traders reported a sharp fall in visitors at the weekend markets."
)


def _pairs(texts: list[Text], story_of: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return find_reuse(texts, ReuseParams(), story_of, judge_pair)


def test_two_outlets_printing_one_remark_have_not_copied_each_other() -> None:
    a = f'{OTHER_PROSE}\n\nThe director said: "{REMARK}."'
    b = f'{DIFFERENT}\n\n"{REMARK}," the director told reporters.'
    quoted = lambda t: ((t.index(REMARK), t.index(REMARK) + len(REMARK)),)  # noqa: E731
    pairs, _ = _pairs([Text("a", a, discounted=quoted(a)), Text("b", b, discounted=quoted(b))])
    assert pairs == []
    undiscounted, _ = _pairs([Text("a", a), Text("b", b)])
    assert len(undiscounted) == 1  # the same texts, the remark not marked as a quotation


def test_a_copied_report_gets_a_verdict_and_joins_a_copy_group() -> None:
    pairs, summary = _pairs([Text("a", REPORT, "2024-05-01"), Text("b", f"{REPORT}\n\n{OTHER_PROSE}", "2024-05-02")])
    [pair] = pairs
    assert pair.verdict in ("derived", "partly_derived") and pair.derived
    assert abs(sum(pair.verdict_probabilities.values()) - 1) < 0.01
    assert (pair.source_id, pair.copy_id, pair.direction_basis) == ("a", "b", "date")
    assert ("a", "b") in summary.copy_groups and summary.derived_pairs == 1


def test_a_credited_origin_outside_the_corpus_is_named_instead_of_a_guess() -> None:
    a = Text("a", f"PORTVILLE (Harbour Wire) - {REPORT}", "2024-05-01", outlet="Daily Ledger")
    b = Text("b", f"{REPORT}\n\nPosted with permission from Harbour Wire.", "2024-05-02", outlet="Evening Post")
    a = Text(a.id, a.text, a.published, outlet=a.outlet, credits=credited(a.text), discounted=credit_spans(a.text))
    b = Text(b.id, b.text, b.published, outlet=b.outlet, credits=credited(b.text), discounted=credit_spans(b.text))
    [pair] = _pairs([a, b])[0]
    assert (pair.direction, pair.origin, pair.source_id, pair.direction_basis) == (
        "common_origin",
        "Harbour Wire",
        None,
        "credit",
    )


def test_an_article_crediting_another_outlet_of_the_corpus_is_its_copy() -> None:
    a = Text("a", REPORT, None, outlet="Daily Ledger")
    text = f"{REPORT}\n\nThis story originally appeared in the Daily Ledger."
    b = Text("b", text, None, outlet="Evening Post", credits=credited(text))
    [pair] = _pairs([a, b])[0]
    assert (pair.source_id, pair.copy_id, pair.direction_basis) == ("a", "b", "credit")


def test_a_phrase_recurring_across_stories_is_stock_not_copying() -> None:
    stock = "the longest serving member of the regional transport committee and a former harbour pilot"
    texts = [
        Text("a", f"{OTHER_PROSE} Jan Doe, {stock}, was not available."),
        Text("b", f"{DIFFERENT} Jan Doe, {stock}, declined to comment."),
        Text("c", f"{REPORT} Jan Doe, {stock}, left the meeting early."),
    ]
    stories = {"a": "s1", "b": "s2", "c": "s3"}
    assert _pairs(texts, stories)[0] == []
    assert len(_pairs(texts)[0]) == 3  # without stories nothing tells a stock phrase from a copy


def test_credit_lines_are_read_and_names_outside_the_corpus_kept() -> None:
    text = "CAIRO (Nile Agency) — The talks ended.\n\nThe Harbour Wire contributed to this report."
    assert credited(text) == ("Nile Agency", "The Harbour Wire")
    assert external_credits(credited(text), ["harbourwire", "Daily Ledger"]) == ("Nile Agency",)
    assert credited("He said the agency (which he named) was wrong.") == ()

"""The shipped check-worthiness model."""

from __future__ import annotations

from newstrace.stages.claims._checkworthy import claim_tokens, score


def test_scores_are_probabilities_in_input_order() -> None:
    sentences = ["Thank you very much.", "Unemployment fell by 3 percent last year, the lowest rate since 1990."]
    scores = score(sentences)
    assert len(scores) == 2
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores[1] > scores[0]


def test_empty_input_gives_no_scores() -> None:
    assert score([]) == []


def test_numbers_are_folded_into_one_token() -> None:
    assert claim_tokens("We cut 12,000 jobs, 5% of them")[:6] == ["we", "cut", "<num>", "jobs", "<pct>", "of"]

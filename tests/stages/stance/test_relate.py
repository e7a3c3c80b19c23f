"""RelatednessTable: every pair's lexical relatedness equal to the pair-by-pair function, to the last bit."""

from __future__ import annotations

import itertools

import pytest

from newstrace.model import Claim, Document
from newstrace.stages.stance import (
    StanceParams,
    chained_relatedness,
    claim_anchors,
    document_relatedness,
    quote_context,
    story_relatedness,
)
from newstrace.stages.stance import _model as stance_model
from newstrace.stages.stance._features import TextSpace, relatedness, split_sentences
from newstrace.stages.stance._relate import RelatednessTable
from tests.seedcorpus import BLOG_ID, REPORT_ID, cleaned, seed_documents

#: Claims with no word in the space, only stop words, a possessive, or nothing at all.
ODD = ["", "it was the", "Russia's arming of the Taliban", "Xqzv blorft!", "didn't"]


@pytest.fixture(scope="module")
def space() -> TextSpace:
    return stance_model.load().space


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_every_pair_equals_the_pair_function(space: TextSpace) -> None:
    news, blog = _sentences(cleaned(REPORT_ID)), _sentences(cleaned(BLOG_ID))
    claims = news[::4] + blog[::5] + ODD
    passages = news + blog + [" ".join(p) for p in itertools.pairwise(news[:12])] + ODD
    table = RelatednessTable(space, claims, passages)
    values = [(table(c, p), relatedness(space, c, p)) for c in claims for p in passages]
    assert len(values) > 1000
    assert sum(1 for got, _ in values if got > 0) > 100  # the texts do relate: not a table of zeros
    assert [got for got, _ in values] == [want for _, want in values]


def test_texts_outside_the_table_are_computed_pair_by_pair(space: TextSpace) -> None:
    table = RelatednessTable(space, ["Russia is arming the Taliban"], ["The Taliban got weapons."])
    passage = "Moscow denies arming the Taliban, officials said."
    assert not table.holds("Russia is arming the Taliban", passage)
    assert table("Russia is arming the Taliban", passage) == relatedness(space, "Russia is arming the Taliban", passage)
    assert table(passage, "The Taliban got weapons.") == relatedness(space, passage, "The Taliban got weapons.")


def test_the_stage_tables_give_the_stages_values(space: TextSpace) -> None:
    """The tables the stage builds (per story, per document) hold every pair it asks for, with the same values."""
    docs: list[Document] = seed_documents()
    claims = [Claim("c1", "Russia is arming the Taliban"), Claim("c2", "The general did not refute the reports")]
    params = StanceParams()
    story = story_relatedness(space, claims, docs)
    anchors = {c.id: claim_anchors(space, c, docs, params, story) for c in claims}
    assert anchors == {c.id: claim_anchors(space, c, docs, params) for c in claims}
    assert any(anchors.values())
    for doc in docs:
        assert doc.quotes
        table = document_relatedness(space, doc, claims, anchors, params, sentences=True)
        for claim, quote in itertools.product(claims, doc.quotes):
            passage = " ".join(doc.text[s.start : s.end] for s in quote_context(doc, quote, params))
            for text in (passage, quote.content):
                chained = chained_relatedness(space, claim, text, anchors[claim.id], table)
                assert chained == chained_relatedness(space, claim, text, anchors[claim.id])
                assert table.holds(claim.text, text)
                assert all(table.holds(claim.text, a) and table.holds(a, text) for a in anchors[claim.id])

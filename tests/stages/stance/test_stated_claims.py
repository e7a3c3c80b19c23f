"""An article asserts a claim that is its own sentence word for word; other claims are read from its text."""

from __future__ import annotations

import dataclasses

from newstrace.model import Article, Claim, Document, Genre, Quote, QuoteKind, Sentence, StanceLabel
from newstrace.stages.stance import article_stance, stated_by

TEXT = (
    "The teacher did not resign over the exam scandal. "
    "“The board forced her out,” a colleague said. "
    "Nobody has explained the missing papers."
)


def _document(genre: Genre) -> Document:
    first, second = TEXT.index("“The board"), TEXT.index("Nobody")
    content = "The board forced her out,"
    quote = Quote("q1", QuoteKind.DIRECT, content, first + 1, first + 1 + len(content))
    return Document(
        article=Article("d1", "d1.txt", TEXT),
        text=TEXT,
        sentences=(Sentence(0, first - 1), Sentence(first, second - 1), Sentence(second, len(TEXT))),
        quotes=(quote,),
        genre=genre,
    )


def test_a_claim_read_from_the_articles_own_sentence_is_supported_by_it() -> None:
    for genre in (Genre.NEWS, Genre.OPINION):
        doc = _document(genre)
        first = doc.sentences[0]
        claim = Claim("k1", TEXT[first.start : first.end], "d1", first.start, first.end, None, "cluster")
        assert stated_by(doc, claim, [(q.start, q.end) for q in doc.quotes]) == 0
        stance = article_stance(doc, claim)
        assert stance.label is StanceLabel.SUPPORTS
        assert (stance.sentences[0].start, stance.sentences[0].end) == (first.start, first.end)


def test_a_claim_from_a_quote_another_article_or_the_user_is_read_as_before() -> None:
    doc = _document(Genre.NEWS)
    quoted = [(q.start, q.end) for q in doc.quotes]
    q = doc.quotes[0]
    from_quote = Claim("k2", "The board forced her out", "d1", q.start, q.end, None, "cluster")
    from_elsewhere = Claim("k3", "The teacher did not resign over the exam scandal.", "d2", 0, 49, None, "cluster")
    from_user = Claim("k4", "The teacher did not resign over the exam scandal.")
    first = doc.sentences[0]
    rendered = Claim("k5", "The teacher resigned", "d1", first.start, first.end, None, "cluster")
    claims = (from_quote, from_elsewhere, from_user, rendered)
    assert [stated_by(doc, c, quoted) for c in claims] == [None, None, None, None]
    # the user's claim and the other article's give the same stance: what the model reads of the text
    assert dataclasses.replace(article_stance(doc, from_elsewhere), claim_id="k4") == article_stance(doc, from_user)

"""The FNC-1 model's reading of an article's text is made once and serves every claim alike."""

from __future__ import annotations

from newstrace.model import Article, Claim, Document, Sentence
from newstrace.stages.stance import article_body, article_stance

TEXT = "The city council voted to close the bridge. Repairs will take a year. Residents protested the decision."
CLAIMS = (
    Claim("c1", "The council closes the bridge"),
    Claim("c2", "Residents oppose the bridge closure"),
    Claim("c3", "A new stadium opens downtown"),
)


def _document() -> Document:
    bounds = [(0, 43), (44, 69), (70, len(TEXT))]
    return Document(
        article=Article("d1", "d1.txt", TEXT), text=TEXT, sentences=tuple(Sentence(a, b) for a, b in bounds)
    )


def test_the_body_made_once_gives_each_claim_the_stance_made_alone() -> None:
    doc = _document()
    body = article_body(doc)
    assert [TEXT[a:b] for a, b in body.sentences] == [TEXT[s.start : s.end] for s in doc.sentences]
    for claim in CLAIMS:
        assert article_stance(doc, claim, body=body) == article_stance(doc, claim)

"""Claim sentences of one document: its headline and its check-worthy sentences (``claims.v1``)."""

from __future__ import annotations

import dataclasses

from newstrace.model import Claim, Document
from newstrace.stages.claims import _checkworthy as checkworthy


def headline_claim(doc: Document) -> Claim | None:
    """The article's headline as a claim: its title, or a first sentence that is a paragraph of its own."""
    title = (doc.article.title or "").strip()
    if title:
        at = doc.text.find(title, 0, len(title) + 500)
        start, end = (at, at + len(title)) if at >= 0 else (None, None)
        return Claim(f"{doc.id}:h", title, doc.id, start, end, None, "headline")
    if len(doc.sentences) >= 2 and doc.sentences[1].paragraph > doc.sentences[0].paragraph:
        first = doc.sentences[0]
        return Claim(f"{doc.id}:h", doc.text[first.start : first.end], doc.id, first.start, first.end, None, "headline")
    return None


def document_claims(doc: Document, min_score: float, limit: int) -> tuple[Claim, ...]:
    """The headline claim and the check-worthy sentence claims of one document (pure)."""
    headline = headline_claim(doc)
    texts = [doc.text[s.start : s.end] for s in doc.sentences]
    scores = checkworthy.score(texts) if texts else []
    out: list[Claim] = []
    if headline is not None:
        score = checkworthy.score([headline.text])[0]
        out.append(dataclasses.replace(headline, checkworthiness=round(score, 4)))
    ranked = sorted(
        (i for i, s in enumerate(scores) if s >= min_score and not _is_headline(doc, i, headline)),
        key=lambda i: -scores[i],
    )[:limit]
    for n, i in enumerate(sorted(ranked), start=1):
        sent = doc.sentences[i]
        out.append(Claim(f"{doc.id}:c{n}", texts[i], doc.id, sent.start, sent.end, round(scores[i], 4), "sentence"))
    return tuple(out)


def _is_headline(doc: Document, index: int, headline: Claim | None) -> bool:
    return headline is not None and headline.start == doc.sentences[index].start

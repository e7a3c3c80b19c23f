"""Genre: news report, opinion/commentary or other, per document (see :mod:`newstrace.stages.genre._signals`)."""

from __future__ import annotations

import dataclasses

from newstrace.model import Document
from newstrace.pipeline import DocumentStage, RunContext, register
from newstrace.stages.genre._signals import classify_text


def document_genre(doc: Document) -> Document:
    """The document with ``genre`` and ``genre_scores`` set from its sentences and quotes (pure)."""
    sentences = [(s.start, s.end) for s in doc.sentences]
    quoted = [(q.start, q.end) for q in doc.quotes if q.nested_in is None]
    genre, scores, _ = classify_text(doc.text, sentences, quoted)
    return dataclasses.replace(doc, genre=genre, genre_scores=scores)


@register
class GenreStage(DocumentStage):
    name = "genre.v1"
    requires = frozenset({"parse", "quotes"})
    provides = frozenset({"genre"})
    description = "news / opinion / other from narrator-voice signals (questions, first person, evaluation, quotes)"

    def process(self, doc: Document, ctx: RunContext) -> Document:
        return document_genre(doc)

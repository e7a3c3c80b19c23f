"""Genre of an article: news report, opinion/commentary or other — scored from narrator-voice signals.

News reports keep the narrator impersonal and let sources speak (much quoted text); commentary
speaks in the first person, asks rhetorical questions, evaluates (attitude markers, Hyland 2005),
addresses the reader and puts words in scare quotes. :func:`signals` measures these on the text
outside quotations; :func:`classify` combines them with fixed, documented weights (a scored model,
not a learned one: no labelled news/opinion corpus is on hand to fit one honestly). "other" is
for texts too short or too fragmentary to be either (listings, captions, page furniture).
The weights, the bias and the minimums are ``[genre]`` settings (:class:`GenreParams`); the word
lists are data files in ``lexicons/`` (hedges and boosters, shared with stance, in ``data/lexicons/``).
"""

from __future__ import annotations

import dataclasses

from newstrace.model import Document
from newstrace.pipeline import DocumentStage, RunContext, register
from newstrace.settings import Settings
from newstrace.stages.genre._signals import DEFAULT_PARAMS, GenreParams, classify, classify_text, signals

__all__ = ["GenreParams", "GenreStage", "classify", "classify_text", "document_genre", "signals"]


def document_genre(doc: Document, params: GenreParams = DEFAULT_PARAMS) -> Document:
    """The document with ``genre`` and ``genre_scores`` set from its sentences and quotes (pure)."""
    sentences = [(s.start, s.end) for s in doc.sentences]
    quoted = [(q.start, q.end) for q in doc.quotes if q.nested_in is None]
    genre, scores, _ = classify_text(doc.text, sentences, quoted, params)
    return dataclasses.replace(doc, genre=genre, genre_scores=scores)


@register
class GenreStage(DocumentStage):
    name = "genre.v1"
    requires = frozenset({"document.text", "document.sentences", "document.quotes"})
    provides = frozenset({"document.genre", "document.genre_scores"})
    description = "news / opinion / other from narrator-voice signals (questions, first person, evaluation, quotes)"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.params = GenreParams.from_settings(settings)

    def process(self, doc: Document, ctx: RunContext) -> Document:
        return document_genre(doc, self.params)

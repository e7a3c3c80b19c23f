"""Attribution: who said what, to whom, when and where, in one article.

``attribution.rules.v1`` fills ``Document.quotes`` and ``Document.entities`` from the parse:
direct, mixed and indirect quotes with their cue (and its class), speakers resolved through
pronouns, role nouns and short forms, addressee, time and occasion. The rules live in private
modules, one concern each: ``_marks`` (the quote-mark reader), ``_cues`` (the cue lexicon with
classes), ``_speakers`` (speaker expansion, resolution and entities), ``_context`` (addressee,
time, occasion) and ``_core`` (``attribute``, the pure function over a parsed article). The word
lists are data files in ``lexicons/``; the tuning numbers are ``[attribution]`` settings
(``AttributionParams``, built once per stage and passed down).
"""

from __future__ import annotations

import dataclasses

from newstrace.errors import StageError
from newstrace.model import Document
from newstrace.pipeline import DocumentStage, RunContext, register
from newstrace.settings import Settings
from newstrace.stages.attribution._core import attribute
from newstrace.stages.attribution._params import AttributionParams

__all__ = ["AttributionParams", "RuleAttributor", "attribute"]


@register
class RuleAttributor(DocumentStage):
    name = "attribution.rules.v1"
    requires = frozenset({"parse", "document.text", "document.article"})
    provides = frozenset({"document.quotes", "document.entities"})
    description = (
        "direct, mixed and indirect quotes with cue class, speakers resolved through pronouns, role nouns and "
        "short forms, addressee, time and occasion (rules over the spaCy parse)"
    )

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.params = AttributionParams.from_settings(settings)

    def process(self, doc: Document, ctx: RunContext) -> Document:
        parse = ctx.parse(doc)
        if not doc.text.startswith(parse.text):  # annotate may parse only a prefix (annotate.max_chars)
            raise StageError(f"the parse of {doc.article.source} is not of its cleaned text", code="E321")
        quotes, entities = attribute(parse.doc, published=doc.article.published, params=self.params)
        return dataclasses.replace(doc, quotes=tuple(quotes), entities=tuple(entities))

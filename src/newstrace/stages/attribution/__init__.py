"""Attribution stage: fills ``Document.quotes`` and ``Document.entities`` from the spaCy parse.

A thin registered wrapper over ``newstrace.stages.attribution.attribute`` (see that package for the
method). It reads the parsed ``Doc`` that ``annotate.spacy.v1`` left in the run context.
"""

from __future__ import annotations

import dataclasses

from newstrace.errors import StageError
from newstrace.model import Document
from newstrace.pipeline import DocumentStage, RunContext, register
from newstrace.stages.annotate import SCRATCH_KEY
from newstrace.stages.attribution._core import attribute


@register
class RuleAttributor(DocumentStage):
    name = "attribution.rules.v1"
    requires = frozenset({"clean", "parse"})
    provides = frozenset({"quotes", "entities"})
    description = (
        "direct, mixed and indirect quotes with cue class, speakers resolved through pronouns, role nouns and "
        "short forms, addressee, time and occasion (rules over the spaCy parse)"
    )

    def process(self, doc: Document, ctx: RunContext) -> Document:
        spacy_doc = ctx.take(doc.id, SCRATCH_KEY)
        if spacy_doc is None:
            raise StageError(f"no parse for {doc.article.source}; run annotate.spacy.v1 first", code="E320")
        if not doc.text.startswith(spacy_doc.text):  # annotate may parse only a prefix (annotate.max_chars)
            raise StageError(f"the parse of {doc.article.source} is not of its cleaned text", code="E321")
        quotes, entities = attribute(spacy_doc, published=doc.article.published)
        return dataclasses.replace(doc, quotes=tuple(quotes), entities=tuple(entities))

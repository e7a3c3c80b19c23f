"""Claims: what each article asserts, and what each story is about.

- ``claims.v1`` (per document): the check-worthy sentences of each document, and its headline, as
  ``Claim`` items. Each sentence is scored by a ClaimBuster/CLEF-trained model (``_checkworthy``);
  those at or above ``claims.min_checkworthiness`` become claims (at most
  ``claims.max_per_document``, best first, then listed in text order). The headline
  (``Article.title``, or a first line that stands alone as its own paragraph) becomes a claim with
  ``origin="headline"``. Offsets slice ``Document.text``.
- ``claims.core.v1`` (per story, after grouping): the story's core claims, the user's claims when
  given, else the propositions its articles repeat most (``_core``, ``_propositions``), matched
  lexically and, with embeddings, semantically (:mod:`newstrace.text.matching`).
"""

from __future__ import annotations

import dataclasses
import logging

from newstrace.model import Document, Story
from newstrace.pipeline import Corpus, CorpusStage, DocumentStage, RunContext, register
from newstrace.stages.claims._core import article_predications, core_claims
from newstrace.stages.claims._sentences import document_claims, headline_claim
from newstrace.text import embeddings

__all__ = ["ClaimsStage", "CoreClaimsStage", "core_claims", "document_claims", "headline_claim"]

log = logging.getLogger(__name__)


@register
class ClaimsStage(DocumentStage):
    name = "claims.v1"
    requires = frozenset({"document.text", "document.sentences", "document.article"})
    provides = frozenset({"document.claims"})
    description = "check-worthy claim sentences (ClaimBuster/CLEF-trained model) and the headline as claims"

    def process(self, doc: Document, ctx: RunContext) -> Document:
        claims = document_claims(
            doc,
            float(self.settings.get("claims.min_checkworthiness")),
            int(self.settings.get("claims.max_per_document")),
        )
        return dataclasses.replace(doc, claims=claims)


@register
class CoreClaimsStage(CorpusStage):
    name = "claims.core.v1"
    requires = frozenset(
        {
            "corpus.stories",
            "corpus.user_claims",
            "parse",
            "document.text",
            "document.sentences",
            "document.claims",
            "document.quotes",
            "document.article",
        }
    )
    provides = frozenset({"story.claims"})
    description = "each story's core claims: the user's, or the propositions its articles repeat most"

    def run(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        embedder = embeddings.load(str(self.settings.get("embeddings.model")))
        max_claims = int(self.settings.get("stories.max_core_claims"))
        live = corpus.live()
        props = self.each(live, ctx, lambda doc: article_predications(ctx.parse(doc).doc))
        by_id = {d.id: d for d in live if d.id in props}
        stories: list[Story] = []
        for story in corpus.stories:
            members = [by_id[a] for a in story.article_ids if a in by_id]
            claims = core_claims(story.id, members, corpus.user_claims, max_claims, props, embedder)
            stories.append(dataclasses.replace(story, claims=claims))
        return dataclasses.replace(corpus, stories=tuple(stories))

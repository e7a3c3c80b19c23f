"""Claims: what each article asserts, and what each story is about.

- ``claims.v1`` (per document): the check-worthy sentences of each document, and its headline, as
  ``Claim`` items. Each sentence is scored by a ClaimBuster/CLEF-trained model (``_checkworthy``);
  those at or above ``claims.min_checkworthiness`` become claims (at most
  ``claims.max_per_document``, best first, then listed in text order). The headline
  (``Article.title``, or a first line that stands alone as its own paragraph) becomes a claim with
  ``origin="headline"``. Offsets slice ``Document.text``.
- ``claims.core.v1`` (per story, after grouping): the story's core claims, the user's claims when
  given, else the propositions its articles repeat most (``_core``, ``_propositions``), matched
  lexically and, with embeddings, semantically (:mod:`newstrace.text.matching`). How many:
  ``stories.max_core_claims``.

The thresholds and bonuses of both are ``[claims]`` settings (:class:`ClaimParams`,
:class:`CoreClaimParams`); the verb and head lists are data files in ``lexicons/``.
"""

from __future__ import annotations

import dataclasses
import logging

from newstrace.model import Claim, Document
from newstrace.pipeline import Corpus, CorpusStage, DocumentStage, RunContext, register
from newstrace.settings import Settings
from newstrace.stages.claims._core import CoreClaimParams, article_propositions, core_claims
from newstrace.stages.claims._sentences import ClaimParams, document_claims, headline_claim
from newstrace.text import embeddings

__all__ = [
    "ClaimParams",
    "ClaimsStage",
    "CoreClaimParams",
    "CoreClaimsStage",
    "core_claims",
    "document_claims",
    "headline_claim",
]

log = logging.getLogger(__name__)


@register
class ClaimsStage(DocumentStage):
    name = "claims.v1"
    requires = frozenset({"parse", "document.text", "document.sentences", "document.article"})
    provides = frozenset({"document.claims", "document.propositions"})
    description = (
        "check-worthy claim sentences (ClaimBuster/CLEF-trained model) and the headline as claims; the "
        "article's predications for the story's core claims"
    )

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.params = ClaimParams.from_settings(settings)

    def process(self, doc: Document, ctx: RunContext) -> Document:
        propositions = article_propositions(ctx.parse(doc).doc)
        return dataclasses.replace(doc, claims=document_claims(doc, self.params), propositions=propositions)


@register
class CoreClaimsStage(CorpusStage):
    name = "claims.core.v1"
    requires = frozenset(
        {
            "corpus.stories",
            "corpus.user_claims",
            "document.text",
            "document.sentences",
            "document.claims",
            "document.propositions",
            "document.quotes",
            "document.article",
        }
    )
    provides = frozenset({"story.claims"})
    description = "each story's core claims: the user's, or the propositions its articles repeat most"

    def run(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        embedder = embeddings.load(str(self.settings.get("embeddings.model")))
        max_claims = int(self.settings.get("stories.max_core_claims"))
        params = CoreClaimParams.from_settings(self.settings)
        live = corpus.live()
        seen = self.each(live, ctx, lambda doc: doc.id)  # each article, so that one failing is left out alone
        by_id = {d.id: d for d in live if d.id in seen}
        members = [[by_id[a] for a in story.article_ids if a in by_id] for story in corpus.stories]

        def claims_of(i: int) -> tuple[Claim, ...]:
            return core_claims(corpus.stories[i].id, members[i], corpus.user_claims, max_claims, embedder, params)

        # each story on its own, in the worker processes when there are several (the sentences they embed come back)
        found = self.map(range(len(members)), ctx, claims_of, size=lambda i: len(members[i]))
        stories = (dataclasses.replace(s, claims=c) for s, c in zip(corpus.stories, found, strict=True))
        return dataclasses.replace(corpus, stories=tuple(stories))

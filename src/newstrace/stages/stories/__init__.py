"""Stages across outlets: group documents into stories, then compare the coverage inside each.

- ``stories.group.v1``   articles -> Story objects with their core claims
- ``stories.compare.v1`` reuse, quote variants, agreement, exclusives, evidence summary, timeline
- ``evidence.v1``        per document: the evidence it offers (see ``newstrace.stages.evidence._evidence``)

The first two match claims to sentences lexically, and semantically too when ``embeddings.model``
gives an embedder (:mod:`newstrace.text.embeddings`).

The work is done by pure functions in ``newstrace.stages.stories``; these classes only read settings.
"""

from __future__ import annotations

import dataclasses
import logging

from newstrace.model import Document, Failure, Story
from newstrace.pipeline import Corpus, CorpusStage, DocumentStage, RunContext, is_dead, register
from newstrace.stages.evidence._evidence import extract_evidence
from newstrace.stages.stories._compare import compare_story, corpus_reuse
from newstrace.stages.stories._documents import group_documents
from newstrace.stages.stories._params import grouping_params, reuse_params
from newstrace.text import embeddings

log = logging.getLogger(__name__)


@register
class GroupStories(CorpusStage):
    name = "stories.group.v1"
    requires = frozenset({"clean", "quotes"})
    provides = frozenset({"stories"})
    description = "group articles into stories (TF-IDF + entities + time, blocking, average linkage); core claims"

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        stories = group_documents(
            list(corpus.documents),
            grouping_params(self.settings),
            int(self.settings.get("stories.lead_chars")),
            corpus.user_claims,
            int(self.settings.get("stories.max_core_claims")),
            {d.id: ctx.take(d.id, "spacy") for d in corpus.documents if ctx.take(d.id, "spacy") is not None},
            embeddings.load(str(self.settings.get("embeddings.model"))),
        )
        log.info("%d stories from %d documents", len(stories), len(corpus.documents))
        return dataclasses.replace(corpus, stories=stories)


@register
class CompareStories(CorpusStage):
    name = "stories.compare.v1"
    requires = frozenset({"stories", "quotes"})
    provides = frozenset({"reuse", "quote_variants", "agreement"})
    description = (
        "inside each story: reuse with direction, quote variants, claim x outlet agreement, exclusives, evidence"
    )

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        by_id = {d.id: d for d in corpus.documents}
        params = reuse_params(self.settings)
        embedder = embeddings.load(str(self.settings.get("embeddings.model")))
        reuse = corpus_reuse([d for d in corpus.documents if not is_dead(d)], params)
        stories: list[Story] = []
        failures: list[Failure] = []
        for story in corpus.stories:
            try:
                members = [by_id[a] for a in story.article_ids if a in by_id]
                stories.append(compare_story(story, members, params, reuse, embedder))
            except Exception as exc:  # one story's bug must not take the run down; it stays uncompared
                log.exception("stage %s failed on %s", self.name, story.id)
                stories.append(story)
                failures.append(Failure(story.id, self.name, f"{type(exc).__name__}: {exc}", "E301"))
        return dataclasses.replace(corpus, stories=tuple(stories), failures=(*corpus.failures, *failures))


@register
class EvidenceStage(DocumentStage):
    name = "evidence.v1"
    requires = frozenset({"quotes", "parse"})
    provides = frozenset({"evidence"})
    description = (
        "evidence each article offers: officials (named/anonymous), documents, video/images, experts, "
        "interested parties, unseen material"
    )

    def process(self, doc: Document, ctx: RunContext) -> Document:
        return dataclasses.replace(doc, evidence=extract_evidence(doc, ctx.take(doc.id, "spacy")))

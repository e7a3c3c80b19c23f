"""Stories: group the articles into stories, then compare the coverage inside each.

- ``stories.group.v1`` — articles -> stories: pair similarity from word and character TF-IDF
  cosines of title + lead, entity-name overlap and a soft time penalty; candidate pairs by
  blocking on distinctive words; average linkage (``_grouping``, ``_documents``).
- ``stories.compare.v1`` — inside each story: passages one article reuses from another, with
  direction (``_reuse``; found across the whole corpus, so a copy grouped into another story is
  still found); the same remark as each outlet printed it (``_variants``); the claim x article
  agreement matrix, corroboration, first carriers, what only one outlet carries and a certainty
  timeline (``_agreement``). Claims are matched to sentences lexically, and semantically too when
  ``embeddings.model`` gives an embedder (:mod:`newstrace.text.embeddings`).

Every function is pure and order-independent: inputs are sorted by article id first. Every
number is a ``[stories]`` setting (claim matching: ``[matching]``), carried as
:class:`GroupingParams` and :class:`CompareParams`, built once by each stage.
"""

from __future__ import annotations

import dataclasses
import logging

from newstrace.model import Failure, Story
from newstrace.pipeline import Corpus, CorpusStage, RunContext, register
from newstrace.stages.stories._compare import compare_story, corpus_reuse, reuse_text
from newstrace.stages.stories._documents import group_items_into_stories, item_of
from newstrace.stages.stories._grouping import GroupingParams
from newstrace.stages.stories._params import CompareParams
from newstrace.stages.stories._reuse import find_reuse, prepared
from newstrace.text import embeddings

__all__ = ["CompareParams", "CompareStories", "GroupStories", "GroupingParams", "compare_story", "corpus_reuse"]

log = logging.getLogger(__name__)


@register
class GroupStories(CorpusStage):
    name = "stories.group.v1"
    requires = frozenset(
        {"document.text", "document.article", "document.entities", "document.quotes", "document.claims"}
    )
    provides = frozenset({"corpus.stories"})
    description = "group articles into stories (TF-IDF + entities + time, blocking, average linkage)"

    def run(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        lead_chars = int(self.settings.get("stories.lead_chars"))
        items = self.each(corpus.live(), ctx, lambda doc: item_of(doc, lead_chars))
        stories = group_items_into_stories(items, GroupingParams.from_settings(self.settings))
        log.info("%d stories from %d documents", len(stories), len(items))
        return dataclasses.replace(corpus, stories=stories)


@register
class CompareStories(CorpusStage):
    name = "stories.compare.v1"
    requires = frozenset(
        {
            "corpus.stories",
            "story.claims",
            "document.text",
            "document.sentences",
            "document.article",
            "document.quotes",
            "document.claims",
            "document.stances",
            "document.dates",
        }
    )
    provides = frozenset(
        {
            "story.reuse",
            "story.reuse_summary",
            "story.quote_variants",
            "story.agreement",
            "story.corroboration",
            "story.first_carriers",
            "story.first_quotes",
            "story.exclusive_speakers",
            "story.exclusive_quotes",
            "story.exclusive_facts",
            "story.timeline",
        }
    )
    description = "inside each story: reuse with direction, quote variants, claim x outlet agreement, exclusives"

    def run(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        params = CompareParams.from_settings(self.settings)
        embedder = embeddings.load(str(self.settings.get("embeddings.model")))
        texts = self.each(corpus.live(), ctx, lambda doc: prepared(reuse_text(doc), params.reuse))
        by_id = {d.id: d for d in corpus.live() if d.id in texts}
        reuse = find_reuse([texts[k] for k in sorted(texts)], params.reuse)
        stories: list[Story] = []
        failures: list[Failure] = []
        for story in corpus.stories:
            try:
                members = [by_id[a] for a in story.article_ids if a in by_id]
                stories.append(compare_story(story, members, params, reuse, embedder))
            except Exception as exc:  # a bug in one story's comparison: that story stays uncompared, the rest go on
                log.exception("stage %s failed on %s", self.name, story.id)
                stories.append(story)
                failures.append(Failure(story.id, self.name, f"{type(exc).__name__}: {exc}", "E306"))
        return dataclasses.replace(corpus, stories=tuple(stories), failures=(*corpus.failures, *failures))

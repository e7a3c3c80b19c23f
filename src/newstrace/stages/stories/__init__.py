"""Stories: group the articles into stories, then compare the coverage inside each.

- ``stories.group.v1`` — articles -> events -> stories: the probability that two articles report
  one event, from fixed-weight word cosines (whole text, lead, title, proper words), entity-name
  overlap and the gap between their dates; candidate pairs by blocking on distinctive words;
  events and stories as connected components, so adding articles never scatters a group
  (``_grouping``, ``_vectors``, ``_documents``).
- ``stories.compare.v1`` — inside each story: passages of own prose one article reuses from
  another (quotations, datelines, credit lines and stock phrases discounted), each pair with a
  derived / partly derived / independent verdict and a direction from credit lines, dates or
  containment (``_reuse``, ``_verdict``, ``_credits``; found across the whole corpus, so a copy grouped
  into another story is still found); the same remark as each outlet printed it, sought across the
  whole corpus, identical printings counted, not listed (``_variants``); the claim x article
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
from newstrace.stages.stories._compare import compare_story, corpus_reuse, reuse_text, story_of
from newstrace.stages.stories._documents import group_items_into_stories, item_of
from newstrace.stages.stories._grouping import GroupingParams
from newstrace.stages.stories._params import CompareParams
from newstrace.stages.stories._reuse import find_reuse, prepared
from newstrace.stages.stories._variants import find_variants
from newstrace.stages.stories._verdict import judge_pair
from newstrace.text import embeddings

__all__ = ["CompareParams", "CompareStories", "GroupStories", "GroupingParams", "compare_story", "corpus_reuse"]

log = logging.getLogger(__name__)


@register
class GroupStories(CorpusStage):
    name = "stories.group.v1"
    requires = frozenset({"document.text", "document.article", "document.entities", "document.quotes"})
    provides = frozenset({"corpus.stories", "story.events"})
    description = "group articles into events and events into stories (fixed-weight cosines, entities, dates; blocking)"

    def run(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        items = self.each(corpus.live(), ctx, item_of)
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
            "story.identical_quotes",
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
        reuse = find_reuse([texts[k] for k in sorted(texts)], params.reuse, story_of(corpus.stories), judge_pair)
        variants = find_variants([by_id[k] for k in sorted(by_id)], params.variants)

        def compared(story: Story) -> tuple[Story, Failure | None]:
            try:
                members = [by_id[a] for a in story.article_ids if a in by_id]
                return compare_story(story, members, params, reuse, embedder, variants), None
            except Exception as exc:  # a bug in one story's comparison: that story stays uncompared, the rest go on
                log.exception("stage %s failed on %s", self.name, story.id)
                return story, Failure(story.id, self.name, f"{type(exc).__name__}: {exc}", "E306")

        # story by story over the workers: the corpus-wide reuse and variants above are inherited, not sent
        done = self.map(corpus.stories, ctx, compared, size=lambda story: len(story.article_ids))
        stories = tuple(story for story, _ in done)
        failures = tuple(failure for _, failure in done if failure is not None)
        return dataclasses.replace(corpus, stories=stories, failures=(*corpus.failures, *failures))

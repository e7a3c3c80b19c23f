"""Stages across outlets: group documents into stories, then compare the coverage inside each.

- ``stories.group.v1``   articles -> Story objects with their core claims
- ``stories.compare.v1`` reuse, quote variants, agreement, exclusives, evidence summary, timeline
- ``evidence.v1``        per document: the evidence it offers (see ``newstrace.stories.evidence``)

The work is done by pure functions in ``newstrace.stories``; these classes only read settings.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import date

from newstrace.model import Document, Story
from newstrace.pipeline import Corpus, CorpusStage, DocumentStage, RunContext, is_dead, register
from newstrace.settings import Settings
from newstrace.stories.claims import core_claims
from newstrace.stories.compare import compare_story, corpus_reuse
from newstrace.stories.evidence import extract_evidence
from newstrace.stories.grouping import GroupingParams, Item, group_items, story_id
from newstrace.stories.params import grouping_params, reuse_params
from newstrace.stories.tokens import tokenize

log = logging.getLogger(__name__)


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def entity_keys(doc: Document) -> frozenset[str]:
    """Last words of the entity and speaker names an article mentions, case-folded."""
    names = [e.name for e in doc.entities] + [q.speaker.name for q in doc.quotes if q.speaker and q.speaker.name]
    keys = set()
    for name in names:
        words = [t.norm for t in tokenize(name) if t.is_word]
        if words:
            keys.add(words[-1])
    return frozenset(keys)


def item_of(doc: Document, lead_chars: int) -> Item:
    """What the grouping reads of one document: title, lead, claim sentences, date, entities."""
    parts = [doc.article.title or "", doc.text[:lead_chars], *(c.text for c in doc.claims if c.origin == "headline")]
    return Item(doc.id, "\n".join(p for p in parts if p), parse_date(doc.article.published), entity_keys(doc))


def group_documents(
    docs: list[Document],
    params: GroupingParams,
    lead_chars: int,
    user_claims: tuple[object, ...] = (),
    max_claims: int = 3,
) -> tuple[Story, ...]:
    live = sorted((d for d in docs if not is_dead(d)), key=lambda d: d.id)
    by_id = {d.id: d for d in live}
    stories = []
    for members in group_items([item_of(d, lead_chars) for d in live], params):
        sid = story_id(members)
        claims = core_claims(sid, [by_id[m] for m in members], user_claims, max_claims)  # type: ignore[arg-type]
        stories.append(Story(id=sid, article_ids=members, claims=claims))
    return tuple(stories)


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
        reuse = corpus_reuse([d for d in corpus.documents if not is_dead(d)], params)
        stories = tuple(
            compare_story(s, [by_id[a] for a in s.article_ids if a in by_id], params, reuse) for s in corpus.stories
        )
        return dataclasses.replace(corpus, stories=stories)


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


def default_settings() -> Settings:
    return Settings.load()

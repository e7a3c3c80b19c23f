"""Fill one story's cross-outlet fields from its documents (pure; the stage is a thin wrapper)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from newstrace.model import Document, ReusePair, ReuseSummary, Story
from newstrace.stages.stories._agreement import agreement_matrix, exclusives, first_quotes, timeline
from newstrace.stages.stories._params import CompareParams
from newstrace.stages.stories._reuse import ReuseParams, Text, copy_groups, find_reuse
from newstrace.stages.stories._variants import find_variants
from newstrace.text.embeddings import Embedder


def reuse_text(doc: Document) -> Text:
    """What reuse reads of one document."""
    return Text(doc.id, doc.text, doc.article.published, tuple((s.start, s.end) for s in doc.sentences))


def corpus_reuse(docs: Sequence[Document], params: ReuseParams | None = None) -> tuple[list[ReusePair], ReuseSummary]:
    """Reuse across the whole corpus (candidate generation is linear), so a copy is found even
    when the copying article was grouped into another story."""
    return find_reuse([reuse_text(d) for d in docs], params)


def story_reuse(
    story: Story, pairs: Sequence[ReusePair], summary: ReuseSummary
) -> tuple[list[ReusePair], ReuseSummary]:
    """The corpus reuse that touches a story's articles, and the story's own copy groups."""
    members = set(story.article_ids)
    mine = [p for p in pairs if p.a_id in members or p.b_id in members]
    inside = [p for p in mine if p.a_id in members and p.b_id in members]
    groups = copy_groups(sorted(members), inside, summary.copy_share)
    shares = {a: summary.shares.get(a, 0.0) for a in sorted(members)}
    return mine, ReuseSummary(shares, groups, len(groups), summary.copy_share)


def compare_story(
    story: Story,
    docs: Sequence[Document],
    params: CompareParams | None = None,
    reuse: tuple[Sequence[ReusePair], ReuseSummary] | None = None,
    embedder: Embedder | None = None,
) -> Story:
    """The story with reuse, quote variants, agreement, exclusives and timeline filled in.

    ``params`` are the comparison's settings (:class:`CompareParams`, the defaults without it).
    ``reuse`` is the corpus-wide reuse (``corpus_reuse``); without it reuse is computed inside the story.
    With ``embedder``, the sentences that carry each claim are matched semantically too
    (:mod:`newstrace.text.matching`).
    """
    params = params or CompareParams()
    docs = sorted(docs, key=lambda d: d.id)
    pairs, summary = story_reuse(story, *(reuse or corpus_reuse(docs, params.reuse)))
    variants = find_variants(docs, params.variants)
    matrix = agreement_matrix(story, docs, summary.copy_groups, embedder, params.agreement)
    only = exclusives(docs, variants, params.agreement)
    return dataclasses.replace(
        story,
        reuse=tuple(pairs),
        reuse_summary=summary,
        quote_variants=tuple(variants),
        agreement=matrix.cells,
        corroboration=matrix.corroboration,
        first_carriers=matrix.first_carriers,
        first_quotes=tuple(first_quotes(docs, variants)),
        exclusive_speakers=only.speakers,
        exclusive_quotes=only.quotes,
        exclusive_facts=only.facts,
        timeline=tuple(timeline(story, docs, params.agreement)),
    )

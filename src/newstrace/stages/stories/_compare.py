"""Fill one story's cross-outlet fields from its documents (pure; the stage is a thin wrapper)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from newstrace.model import Document, Story
from newstrace.stages.evidence._evidence import evidence_summary
from newstrace.stages.stories._agreement import agreement_matrix, claim_carriers, exclusives, first_quotes, timeline
from newstrace.stages.stories._reuse import ReusePair, ReuseParams, ReuseSummary, Text, copy_groups, find_reuse
from newstrace.stages.stories._variants import find_variants
from newstrace.text.embeddings import Embedder


def as_dict(obj: Any) -> dict[str, object]:
    out: dict[str, object] = dataclasses.asdict(obj)
    return out


def corpus_reuse(docs: Sequence[Document], params: ReuseParams | None = None) -> tuple[list[ReusePair], ReuseSummary]:
    """Reuse across the whole corpus (candidate generation is linear), so a copy is found even
    when the copying article was grouped into another story."""
    texts = [Text(d.id, d.text, d.article.published, tuple((s.start, s.end) for s in d.sentences)) for d in docs]
    return find_reuse(texts, params)


def story_reuse(
    story: Story, pairs: Sequence[ReusePair], summary: ReuseSummary
) -> tuple[list[ReusePair], ReuseSummary]:
    """The corpus reuse that touches a story's articles, and the story's own copy groups."""
    members = set(story.article_ids)
    mine = [p for p in pairs if p.a_id in members or p.b_id in members]
    groups = copy_groups(
        sorted(members), [p for p in mine if p.a_id in members and p.b_id in members], summary_share(summary)
    )
    shares = {a: summary.shares.get(a, 0.0) for a in sorted(members)}
    return mine, ReuseSummary(shares, groups, len(groups), summary.copy_share)


def summary_share(summary: ReuseSummary) -> float:
    return summary.copy_share


def compare_story(
    story: Story,
    docs: Sequence[Document],
    reuse_params: ReuseParams | None = None,
    reuse: tuple[Sequence[ReusePair], ReuseSummary] | None = None,
    embedder: Embedder | None = None,
) -> Story:
    """The story with reuse, quote variants, agreement, exclusives, evidence summary and timeline filled in.

    ``reuse`` is the corpus-wide reuse (``corpus_reuse``); without it reuse is computed inside the story.
    With ``embedder``, the sentences that carry each claim are matched semantically too
    (:mod:`newstrace.text.matching`).
    """
    docs = sorted(docs, key=lambda d: d.id)
    pairs, summary = story_reuse(story, *(reuse or corpus_reuse(docs, reuse_params)))
    variants = find_variants(docs)
    matrix = agreement_matrix(story, docs, summary.copy_groups, embedder)
    return dataclasses.replace(
        story,
        reuse=(*(as_dict(p) for p in pairs), as_dict(summary)),
        quote_variants=tuple(as_dict(v) for v in variants),
        agreement=(*matrix, *first_quotes(docs, variants)),
        exclusives=tuple(exclusives(docs, variants)),
        evidence_summary=tuple(evidence_summary(story, docs, pairs, summary, claim_carriers(story, matrix))),
        timeline=tuple(timeline(story, docs)),
    )

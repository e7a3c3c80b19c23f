"""Fill one story's cross-outlet fields from its documents (pure; the stage is a thin wrapper)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from newstrace.model import Document, QuoteKind, QuoteVariant, ReusePair, ReuseSummary, Story
from newstrace.stages.stories._agreement import agreement_matrix, exclusives, first_quotes, timeline
from newstrace.stages.stories._credits import credit_spans, credited
from newstrace.stages.stories._params import CompareParams
from newstrace.stages.stories._reuse import ReuseParams, Text, copy_groups, find_reuse
from newstrace.stages.stories._variants import find_variants, split_identical
from newstrace.stages.stories._verdict import judge_pair
from newstrace.text.embeddings import Embedder

#: text between a pair of double quotation marks (curly or straight) inside one paragraph
_MARKED = re.compile(r"“[^”“\n]{1,3000}”|\"[^\"\n]{1,3000}\"")


def quoted_spans(doc: Document) -> list[tuple[int, int]]:
    """Quoted text of a document: direct quotes, mixed quotes' verbatim fragments (as attribution
    found them) and any text between paired double quotation marks (a quotation attribution gave no
    speaker: a tweet, a statement, a slogan)."""
    spans = [(q.start, q.end) for q in doc.quotes if q.kind == QuoteKind.DIRECT]
    spans += [(f.start, f.end) for q in doc.quotes if q.kind == QuoteKind.MIXED for f in q.fragments]
    spans += [m.span() for m in _MARKED.finditer(doc.text)]
    return spans


def reuse_text(doc: Document) -> Text:
    """What reuse reads of one document: its text, date, outlet, sentences, what it credits, and
    what is not its own prose (quotations, dateline, byline, credit lines)."""
    discounted = sorted({*quoted_spans(doc), *credit_spans(doc.text)})
    return Text(
        doc.id,
        doc.text,
        doc.article.published,
        tuple((s.start, s.end) for s in doc.sentences),
        tuple(discounted),
        doc.article.outlet,
        credited(doc.text),
    )


def corpus_reuse(
    docs: Sequence[Document], params: ReuseParams | None = None, stories: Sequence[Story] = ()
) -> tuple[list[ReusePair], ReuseSummary]:
    """Reuse across the whole corpus (candidate generation is linear), so a copy is found even
    when the copying article was grouped into another story; ``stories`` enable the stock-phrase discount."""
    return find_reuse([reuse_text(d) for d in docs], params, story_of(stories), judge_pair)


def story_of(stories: Sequence[Story]) -> dict[str, str]:
    """Article id -> the id of its story."""
    return {a: s.id for s in stories for a in s.article_ids}


def story_reuse(
    story: Story, pairs: Sequence[ReusePair], summary: ReuseSummary
) -> tuple[list[ReusePair], ReuseSummary]:
    """The corpus reuse that touches a story's articles, and the story's own copy groups."""
    members = set(story.article_ids)
    mine = [p for p in pairs if p.a_id in members or p.b_id in members]
    inside = [p for p in mine if p.a_id in members and p.b_id in members]
    groups = copy_groups(sorted(members), inside, summary.copy_share)
    shares = {a: summary.shares.get(a, 0.0) for a in sorted(members)}
    return mine, ReuseSummary(
        shares,
        groups,
        len(groups),
        summary.copy_share,
        derived_pairs=sum(1 for p in mine if p.derived),
        independent_pairs=sum(1 for p in mine if p.verdict == "independent"),
    )


def compare_story(
    story: Story,
    docs: Sequence[Document],
    params: CompareParams | None = None,
    reuse: tuple[Sequence[ReusePair], ReuseSummary] | None = None,
    embedder: Embedder | None = None,
    variants: Sequence[QuoteVariant] | None = None,
) -> Story:
    """The story with reuse, quote variants, agreement, exclusives and timeline filled in.

    ``params`` are the comparison's settings (:class:`CompareParams`, the defaults without it).
    ``reuse`` is the corpus-wide reuse (``corpus_reuse``); without it reuse is computed inside the story.
    ``variants`` are the corpus-wide quote variants (``find_variants`` over every document); the story
    lists those touching its articles that differ and counts the identical ones. Without them the
    variants are sought inside the story.
    With ``embedder``, the sentences that carry each claim are matched semantically too
    (:mod:`newstrace.text.matching`).
    """
    params = params or CompareParams()
    docs = sorted(docs, key=lambda d: d.id)
    pairs, summary = story_reuse(story, *(reuse or corpus_reuse(docs, params.reuse)))
    members = set(story.article_ids)
    if variants is None:
        variants = find_variants(docs, params.variants)
    variants = [v for v in variants if v.a.article_id in members or v.b.article_id in members]
    listed, identical = split_identical(variants)
    matrix = agreement_matrix(story, docs, summary.copy_groups, embedder, params.agreement)
    only = exclusives(docs, variants, params.agreement)
    return dataclasses.replace(
        story,
        reuse=tuple(pairs),
        reuse_summary=summary,
        quote_variants=tuple(listed),
        identical_quotes=identical,
        agreement=matrix.cells,
        corroboration=matrix.corroboration,
        first_carriers=matrix.first_carriers,
        first_quotes=tuple(first_quotes(docs, variants)),
        exclusive_speakers=only.speakers,
        exclusive_quotes=only.quotes,
        exclusive_facts=only.facts,
        timeline=tuple(timeline(story, docs, params.agreement)),
    )

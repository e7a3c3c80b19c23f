"""From pipeline Documents to grouping items, and from groups to Story objects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from newstrace.model import Claim, Document, Story
from newstrace.pipeline import is_dead
from newstrace.stages.claims._core import core_claims
from newstrace.stages.stories._grouping import GroupingParams, Item, group_items, story_id
from newstrace.text.embeddings import Embedder
from newstrace.text.tokens import tokenize


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
    user_claims: Sequence[Claim] = (),
    max_claims: int = 3,
    parses: Mapping[str, Any] | None = None,
    embedder: Embedder | None = None,
) -> tuple[Story, ...]:
    """Stories of the live documents with their core claims; the same for any input order."""
    live = sorted((d for d in docs if not is_dead(d)), key=lambda d: d.id)
    by_id = {d.id: d for d in live}
    stories = []
    for members in group_items([item_of(d, lead_chars) for d in live], params):
        sid = story_id(members)
        claims = core_claims(sid, [by_id[m] for m in members], user_claims, max_claims, parses, embedder)
        stories.append(Story(id=sid, article_ids=members, claims=claims))
    return tuple(stories)

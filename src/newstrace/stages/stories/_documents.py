"""From pipeline Documents to grouping items, and from groups to Story objects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from newstrace.model import Document, Story
from newstrace.pipeline import is_dead
from newstrace.stages.stories._grouping import GroupingParams, Item, group_items, story_id
from newstrace.text.isodate import as_date
from newstrace.text.tokens import tokenize


def parse_date(value: str | None) -> date | None:
    """The publication date as a date (the first day of its month or year when that is all it gives)."""
    return as_date(value)[0]


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


def group_documents(docs: Sequence[Document], params: GroupingParams, lead_chars: int) -> tuple[Story, ...]:
    """Stories of the live documents (their core claims come later); the same for any input order."""
    return group_items_into_stories({d.id: item_of(d, lead_chars) for d in docs if not is_dead(d)}, params)


def group_items_into_stories(items: Mapping[str, Item], params: GroupingParams) -> tuple[Story, ...]:
    """Stories of grouping items keyed by article id; the same for any order of the items."""
    ordered = [items[k] for k in sorted(items)]
    return tuple(Story(id=story_id(members), article_ids=members) for members in group_items(ordered, params))

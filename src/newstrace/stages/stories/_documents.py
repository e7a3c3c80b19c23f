"""From pipeline Documents to grouping items, and from groups to Story objects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from newstrace.model import Document, Story, StoryEvent
from newstrace.pipeline import is_dead
from newstrace.stages.stories._grouping import GroupingParams, Item, event_id, group, story_id
from newstrace.text.isodate import as_date
from newstrace.text.tokens import tokenize


def parse_date(value: str | None) -> date | None:
    """The publication date as a date (the first day of its month or year when that is all it gives)."""
    return as_date(value)[0]


def entity_keys(doc: Document) -> frozenset[str]:
    """Last words of the named entity and speaker names an article mentions, case-folded."""
    names = [e.name for e in doc.entities if not e.anonymous] + [
        q.speaker.name for q in doc.quotes if q.speaker and q.speaker.name and not q.speaker.anonymous
    ]
    keys = set()
    for name in names:
        words = [t.norm for t in tokenize(name) if t.is_word]
        if words:
            keys.add(words[-1])
    return frozenset(keys)


def item_of(doc: Document, lead_chars: int = 0) -> Item:
    """What the grouping reads of one document: title, whole text, date, entities.

    ``lead_chars`` is unused (the lead is the grouping's own setting); kept for callers."""
    title = doc.article.title or ""
    text = doc.text if not title or doc.text.lstrip().startswith(title.strip()) else f"{title}\n\n{doc.text}"
    return Item(doc.id, text, parse_date(doc.article.published), entity_keys(doc), title)


def group_documents(docs: Sequence[Document], params: GroupingParams, lead_chars: int = 0) -> tuple[Story, ...]:
    """Stories of the live documents (their core claims come later); the same for any input order."""
    return group_items_into_stories({d.id: item_of(d) for d in docs if not is_dead(d)}, params)


def group_items_into_stories(items: Mapping[str, Item], params: GroupingParams) -> tuple[Story, ...]:
    """Stories (with their events) of grouping items keyed by article id; the same for any order of the items."""
    grouped = group([items[k] for k in sorted(items)], params)
    out = []
    for events in grouped.stories:
        members = tuple(sorted(k for e in events for k in e))
        story_events = tuple(_event(e, items) for e in events)
        out.append(Story(id=story_id(members), article_ids=members, events=tuple(sorted(story_events, key=_when))))
    return tuple(sorted(out, key=lambda s: s.article_ids[0]))


def _event(keys: Sequence[str], items: Mapping[str, Item]) -> StoryEvent:
    dates = sorted(d for d in (items[k].date for k in keys) if d is not None)
    return StoryEvent(
        id=event_id(keys),
        article_ids=tuple(sorted(keys)),
        first_date=dates[0].isoformat() if dates else None,
        last_date=dates[-1].isoformat() if dates else None,
    )


def _when(event: StoryEvent) -> tuple[str, str]:
    return (event.first_date or "9999", event.article_ids[0])

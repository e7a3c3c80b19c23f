"""Link the speakers of different articles to one canonical entity per real person or body.

Within an article, the attribution stage already merges "Gen. John Nicholson",
"Nicholson" and "he". Across articles this stage merges entities whose names are
compatible: the same normalised name, or one name's words contained in the other's with
the same final word (surname / head noun) and no clashing given name. Anonymous sources
are never merged across articles ("an official" in one outlet need not be the one in
another). Each linked entity gets a corpus-wide id ``E1``, ``E2``…, in order of first
appearance, and every quote's speaker points to it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from newstrace.model import Document, Entity, Evidence, Quote, SpeakerType
from newstrace.pipeline import Corpus, CorpusStage, RunContext, register
from newstrace.text.names import compatible, name_words

__all__ = ["EntityLinker", "entity_words", "link_entities"]


def _types_agree(a: SpeakerType, b: SpeakerType) -> bool:
    return a == b or SpeakerType.UNKNOWN in (a, b)


def entity_words(doc: Document) -> dict[str, tuple[str, ...]]:
    """The identifying name words of each entity of one document, by entity id."""
    return {ent.id: name_words(ent.name) for ent in doc.entities}


def link_entities(
    documents: list[Document], words_of: Mapping[str, Mapping[str, tuple[str, ...]]] | None = None
) -> list[Document]:
    """Give compatible named entities of different documents one shared id (independent of input order).

    ``words_of`` holds ``entity_words`` of each document when the caller made them already.
    """
    words_of = words_of if words_of is not None else {d.id: entity_words(d) for d in documents}
    fullest: dict[str, tuple[tuple[str, ...], Entity]] = {}  # global id -> (words of fullest name, entity)
    by_head: dict[str, list[str]] = {}  # last name word -> global ids, so lookup is not all-pairs
    mapping: dict[tuple[str, str], str] = {}

    def find(entity: Entity, words: tuple[str, ...]) -> str | None:
        if entity.anonymous or not words:
            return None
        for gid in by_head.get(words[-1], []):
            cwords, centity = fullest[gid]
            if _types_agree(entity.type, centity.type) and compatible(words, cwords, nicknames=True):
                return gid
        return None

    for doc in sorted(documents, key=lambda d: d.id):
        for ent in doc.entities:
            words = words_of[doc.id][ent.id]
            gid = find(ent, words)
            if gid is None:
                gid = f"E{len(fullest) + 1}"
                fullest[gid] = (words, ent)
                if words:
                    by_head.setdefault(words[-1], []).append(gid)
            elif len(words) > len(fullest[gid][0]):
                fullest[gid] = (words, ent)  # keep the fullest name as the canonical one
            mapping[(doc.id, ent.id)] = gid
    names = {gid: ent.name for gid, (_, ent) in fullest.items()}

    out = []
    for doc in documents:
        entities = tuple(
            dataclasses.replace(
                e,
                id=mapping[(doc.id, e.id)],
                aliases=tuple(sorted({*e.aliases, e.name} - {names[mapping[(doc.id, e.id)]]})),
                name=e.name if e.anonymous else names[mapping[(doc.id, e.id)]],
            )
            for e in doc.entities
        )
        quotes = tuple(_relink(q, doc.id, mapping, names) for q in doc.quotes)
        out.append(dataclasses.replace(doc, entities=entities, quotes=quotes, evidence=_resupplied(doc, quotes)))
    return out


def _resupplied(doc: Document, quotes: tuple[Quote, ...]) -> tuple[Evidence, ...]:
    """The document's evidence, each source named as its (now linked) quote's speaker is."""
    speaker = {q.id: (q.speaker.name or q.speaker.mention) for q in quotes if q.speaker is not None}
    return tuple(
        dataclasses.replace(ev, supplier=speaker[ev.quote_id]) if ev.quote_id in speaker else ev for ev in doc.evidence
    )


def _relink(q: Quote, doc_id: str, mapping: dict[tuple[str, str], str], names: dict[str, str]) -> Quote:
    if q.speaker is None or q.speaker.entity_id is None:
        return q
    gid = mapping.get((doc_id, q.speaker.entity_id))
    if gid is None:
        return q
    name = q.speaker.name if q.speaker.anonymous else names[gid]
    return dataclasses.replace(q, speaker=dataclasses.replace(q.speaker, entity_id=gid, name=name))


@register
class EntityLinker(CorpusStage):
    name = "entities.link.v1"
    requires = frozenset({"document.entities", "document.quotes", "document.evidence"})
    provides = frozenset({"document.entities", "document.quotes", "document.evidence"})
    description = "one canonical entity per real speaker across articles (compatible names, never anonymous ones)"

    def run(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        words_of = self.each(corpus.live(), ctx, entity_words)
        linked = {d.id: d for d in link_entities([d for d in corpus.live() if d.id in words_of], words_of)}
        return dataclasses.replace(corpus, documents=tuple(linked.get(d.id, d) for d in corpus.documents))

"""Link the speakers of different articles to one canonical entity per real person or body.

Within an article, the attribution stage already merges "Gen. John Nicholson",
"Nicholson" and "he". Across articles this stage merges entities whose names are
compatible: the same normalised name, or one name's words contained in the other's with
the same final word (surname / head noun) and no clashing given name; a short name that
fits two groups is left alone. A group is linked only to the same name: "Senate Democrats" are
some of the "Democrats", not another name for them. The canonical name is the one most articles use. Anonymous sources
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

    Fuller names are linked first; a shorter name then joins the one group it is compatible with, and
    stays on its own when it fits two ("Smith" beside "Anna Smith" and "Tom Smith"). A group's canonical
    name is the one most of its articles use, the fuller on a tie: one article's stray full name (a photo
    credit's, a namesake's) does not rename what the other articles call their speaker.
    ``words_of`` holds ``entity_words`` of each document when the caller made them already.
    """
    words_of = words_of if words_of is not None else {d.id: entity_words(d) for d in documents}
    fullest: dict[str, tuple[tuple[str, ...], Entity]] = {}  # global id -> (words of fullest name, entity)
    by_head: dict[str, list[str]] = {}  # last name word -> global ids, so lookup is not all-pairs
    mapping: dict[tuple[str, str], str] = {}
    used: dict[str, dict[str, set[str]]] = {}  # global id -> name -> ids of the documents that use it

    def find(entity: Entity, words: tuple[str, ...]) -> str | None:
        if entity.anonymous or not words:
            return None
        fits = [
            gid
            for gid in by_head.get(words[-1], [])
            if _types_agree(entity.type, fullest[gid][1].type)
            and compatible(words, fullest[gid][0], nicknames=True)
            and (words == fullest[gid][0] or SpeakerType.GROUP not in (entity.type, fullest[gid][1].type))
        ]
        fuller = [gid for gid in fits if len(fullest[gid][0]) > len(words)]
        if len(fuller) == 1:
            return fuller[0]
        if fuller:
            return None  # "Smith" beside "Anna Smith" and "Tom Smith": either, so neither
        return fits[0] if fits else None

    order = sorted(
        ((doc, n, ent) for doc in documents for n, ent in enumerate(doc.entities)),
        key=lambda item: (-len(words_of[item[0].id][item[2].id]), item[0].id, item[1]),
    )
    for doc, _, ent in order:
        words = words_of[doc.id][ent.id]
        gid = find(ent, words)
        if gid is None:
            gid = f"E{len(fullest) + 1}"
            fullest[gid] = (words, ent)
            if words and not ent.anonymous:  # an unnamed source is never merged, nor merged into
                by_head.setdefault(words[-1], []).append(gid)
        elif len(words) > len(fullest[gid][0]):
            fullest[gid] = (words, ent)
        mapping[(doc.id, ent.id)] = gid
        if not ent.anonymous:
            used.setdefault(gid, {}).setdefault(ent.name, set()).add(doc.id)
    names = {gid: _canonical(used.get(gid), ent.name) for gid, (_, ent) in fullest.items()}
    # ids in order of first appearance (documents by id), whatever order the groups were made in
    renumber: dict[str, str] = {}
    for doc in sorted(documents, key=lambda d: d.id):
        for ent in doc.entities:
            renumber.setdefault(mapping[(doc.id, ent.id)], f"E{len(renumber) + 1}")
    mapping = {key: renumber[gid] for key, gid in mapping.items()}
    names = {renumber[gid]: name for gid, name in names.items()}

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


def _canonical(used: dict[str, set[str]] | None, fallback: str) -> str:
    """The name most documents use for a group, among its fullest-worded ones when it has several words:
    more documents first, then more name words, then the longer spelling, then alphabetical order."""
    if not used:
        return fallback
    most_words = max(len(name_words(n)) for n in used)
    candidates = [n for n in used if len(name_words(n)) > 1 or most_words <= 1]
    return min(candidates, key=lambda n: (-len(used[n]), -len(name_words(n)), -len(n), n))


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

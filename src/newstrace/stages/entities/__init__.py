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
import re
import unicodedata

from newstrace.model import Document, Entity, Quote, SpeakerType
from newstrace.pipeline import Corpus, CorpusStage, RunContext, is_dead, register

#: Titles and honorifics that do not tell two people apart.
_TITLES = frozenset(
    """
    mr mrs ms miss dr prof sir dame gen general lt col colonel maj major capt captain adm admiral
    sgt sen senator rep representative gov governor pres president sec secretary amb ambassador rev
    father st saint judge justice chief minister prime deputy vice the
    """.split()  # noqa: SIM905
)
_POSSESSIVE = re.compile(r"['’]s\b")


def name_words(name: str) -> tuple[str, ...]:
    """Lower-cased words of a name without titles, possessives, punctuation or accents."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = _POSSESSIVE.sub("", folded.lower())
    words = re.findall(r"[a-z0-9]+", folded)
    return tuple(w for w in words if w not in _TITLES)


def compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Could two names denote the same entity? ("john nicholson" ~ "nicholson", not ~ "james nicholson")."""
    if not a or not b:
        return False
    if a == b:
        return True
    if a[-1] != b[-1]:
        return False
    return _given_names_fit(a[:-1], b[:-1]) or _given_names_fit(b[:-1], a[:-1])


def _given_names_fit(fewer: tuple[str, ...], more: tuple[str, ...]) -> bool:
    """Every given name in ``fewer`` appears in ``more``, or is an initial of one there."""
    return all(w in more or (len(w) == 1 and any(x.startswith(w) for x in more)) for w in fewer)


def _types_agree(a: SpeakerType, b: SpeakerType) -> bool:
    return a == b or SpeakerType.UNKNOWN in (a, b)


def link_entities(documents: list[Document]) -> list[Document]:
    """Give compatible named entities of different documents one shared id (independent of input order)."""
    fullest: dict[str, tuple[tuple[str, ...], Entity]] = {}  # global id -> (words of fullest name, entity)
    by_head: dict[str, list[str]] = {}  # last name word -> global ids, so lookup is not all-pairs
    mapping: dict[tuple[str, str], str] = {}

    def find(entity: Entity, words: tuple[str, ...]) -> str | None:
        if entity.anonymous or not words:
            return None
        for gid in by_head.get(words[-1], []):
            cwords, centity = fullest[gid]
            if _types_agree(entity.type, centity.type) and compatible(words, cwords):
                return gid
        return None

    for doc in sorted(documents, key=lambda d: d.id):
        for ent in doc.entities:
            words = name_words(ent.name)
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
        out.append(dataclasses.replace(doc, entities=entities, quotes=quotes))
    return out


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
    requires = frozenset({"entities"})
    provides = frozenset({"linked_entities"})
    description = "one canonical entity per real speaker across articles (compatible names, never anonymous ones)"

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        live = [d for d in corpus.documents if not is_dead(d)]
        linked = {d.id: d for d in link_entities(live)}
        return dataclasses.replace(corpus, documents=tuple(linked.get(d.id, d) for d in corpus.documents))

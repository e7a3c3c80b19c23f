"""The cue lexicon: words that present content as coming from a source, with their class.

The class says how the reporting word positions the writer toward what is reported
(``CueClass``): neutral *say*, distancing *claim*, endorsing *confirm*, negating *deny*,
hedged *suggest* / *reportedly*. Entries are general English reporting vocabulary, kept as
data files in ``lexicons/`` beside this module (one entry a line, each file says what it holds).
"""

from __future__ import annotations

from newstrace.model import CueClass
from newstrace.text import lexicons

_LEXICONS = "stages/attribution/lexicons/"


def _classes(name: str) -> dict[str, CueClass]:
    """A cue lexicon file (``word<TAB>class``) as word -> cue class, in file order."""
    return {word: CueClass(cls) for word, cls in lexicons.table(_LEXICONS + name).items()}


#: Reporting verbs by lemma.
VERBS: dict[str, CueClass] = _classes("cue_verbs.txt")
#: Verbs that count as cues only with a clausal complement (too common otherwise).
CLAUSE_ONLY: frozenset[str] = lexicons.words(_LEXICONS + "clause_only_verbs.txt")
#: Verbs whose complements (object, object + infinitive, "as"/"of"/"with" phrase) are the reported
#: content when there is no clause: "expects an ASP of $450", "urged them to free the girls".
OBJECT_CONTENT: frozenset[str] = lexicons.words(_LEXICONS + "object_content_verbs.txt")
#: (verb, preposition) pairs whose prepositional object is the reported content when there is no clause
#: ("fumed over the remarks", "objected to the plan").
PREP_CONTENT: frozenset[tuple[str, str]] = frozenset(
    (verb, prep)
    for verb, prep in (tuple(line.split()) for line in lexicons.lines(_LEXICONS + "prep_content_verbs.txt"))
)
#: Verbs whose object noun phrase is itself the reported content ("denied the report").
NP_CONTENT: frozenset[str] = lexicons.words(_LEXICONS + "np_content_verbs.txt")
#: Verbs whose subject holds the noun of judgement that is their object ("voiced criticism of the bill").
EXPRESSING_VERBS: frozenset[str] = lexicons.words(_LEXICONS + "expressing_verbs.txt")
#: (adjective, preposition) pairs whose prepositional object is what the subject judges ("opposed to the plan").
STANCE_ADJECTIVES: frozenset[tuple[str, str]] = frozenset(
    (adjective, prep)
    for adjective, prep in (tuple(line.split()) for line in lexicons.lines(_LEXICONS + "stance_adjectives.txt"))
)
#: Nouns that introduce reported content with a "that" clause ("claims that", "testimony that").
NOUNS: dict[str, CueClass] = _classes("cue_nouns.txt")
#: Nouns of judgement or opposition whose content may be a phrase ("criticism from X of the plan").
EVALUATION_NOUNS: frozenset[str] = lexicons.words(_LEXICONS + "evaluation_nouns.txt")
#: Adverbs that attribute their clause to unnamed sources.
ADVERBS: dict[str, CueClass] = _classes("cue_adverbs.txt")
#: Passive constructions "X is said/believed/thought to ..." (hedged, usually no named source).
PASSIVE: frozenset[str] = lexicons.words(_LEXICONS + "passive_cues.txt")
#: Nouns naming documents: a speaker with such a head is a document.
DOCUMENT_NOUNS: frozenset[str] = lexicons.words(_LEXICONS + "document_nouns.txt")
#: Nouns naming material and records (a story, a poll, footage, data): a speaker with such a head is a thing.
MATERIAL_NOUNS: frozenset[str] = lexicons.words(_LEXICONS + "material_nouns.txt")
#: Every noun whose speaker is a thing, not a person or a body: documents and material.
THING_NOUNS: frozenset[str] = DOCUMENT_NOUNS | MATERIAL_NOUNS
#: Nouns naming groups of people: plural speakers with such heads are groups.
GROUP_NOUNS: frozenset[str] = lexicons.words(_LEXICONS + "group_nouns.txt")


def verb_class(lemma: str) -> CueClass | None:
    return VERBS.get(lemma)


def noun_class(lemma: str) -> CueClass | None:
    return NOUNS.get(lemma)


#: Nouns for people: a singular common-noun speaker is a person only with such a head
#: (or a person-forming suffix: -er, -or, -ist, -ian, -man, -woman, -person, -ant, -ent).
PERSON_NOUNS: frozenset[str] = lexicons.words(_LEXICONS + "person_nouns.txt")
_PERSON_SUFFIXES = lexicons.lines(_LEXICONS + "person_suffixes.txt")
#: Nouns for bodies: "the organisation", "the company", "the paper" refer back to an organisation.
ORGANIZATION_NOUNS: frozenset[str] = lexicons.words(_LEXICONS + "organization_nouns.txt")
#: Nouns with a person's ending that name things ("number", "letter", "incident"); no -ment noun is a person.
_NOT_PERSON_NOUNS: frozenset[str] = lexicons.words(_LEXICONS + "not_person_nouns.txt")
#: Nouns of quantity whose "of" phrase says what is counted ("a number of reports", "dozens of lawmakers").
QUANTITY_NOUNS: frozenset[str] = lexicons.words(_LEXICONS + "quantity_nouns.txt")


def is_person_noun(lemma: str) -> bool:
    if lemma in PERSON_NOUNS:
        return True
    if lemma in ORGANIZATION_NOUNS or lemma in THING_NOUNS or lemma in _NOT_PERSON_NOUNS or lemma.endswith("ment"):
        return False
    return lemma.endswith(_PERSON_SUFFIXES)

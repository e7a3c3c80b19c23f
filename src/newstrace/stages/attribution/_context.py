"""The context of a statement: to whom (addressee), when, and where or on what occasion.

All three are read off the cue's own clause, never off the reported content:

- addressee: the object of *tell/ask/inform/brief/assure/warn* ("told the Journal"), or a
  "to"-phrase of other cues ("said to reporters", "confirmed the news to Mashable");
- when: a date or time phrase attached to the cue or its clause ("on Monday", "in February",
  "late last month"), resolved against the article's publication date by ``text.when.resolve``
  (the one date resolver) where the phrase names a date;
- where/occasion: a prepositional phrase of the cue naming a place or an occasion
  ("at a press conference in Kabul", "in testimony before the Senate Armed Services Committee").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newstrace.text import lexicons
from newstrace.text.when import resolve

_LEXICONS = "stages/attribution/lexicons/"
#: Cue verbs whose object is the addressee ("told the Journal").
ADDRESSEE_VERBS = lexicons.words(_LEXICONS + "addressee_verbs.txt")
#: Nouns for the occasion of a statement ("at a press conference").
OCCASION_NOUNS = lexicons.words(_LEXICONS + "occasion_nouns.txt")
#: Prepositions that introduce a place or an occasion ("at a press conference", "in Kabul").
_OCCASION_PREPOSITIONS = lexicons.words(_LEXICONS + "occasion_prepositions.txt")
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Words that introduce the time of a statement ("on Monday", "in February").
_WHEN_PREPS = lexicons.words(_LEXICONS + "when_prepositions.txt")
#: Nouns for an audience: "said to reporters" names the addressee.
_AUDIENCE = lexicons.words(_LEXICONS + "audience_nouns.txt")


@dataclass(frozen=True, slots=True)
class Context:
    addressee: str | None = None
    when: str | None = None
    when_date: str | None = None
    where: str | None = None


def context_of(cue: Token, content: tuple[int, int], published: str | None) -> Context:
    """Addressee, time and place of the statement whose cue word is ``cue``."""
    doc = cue.doc
    c_start, c_end = content

    def outside(tok: Token) -> bool:
        return not (c_start <= tok.idx < c_end)

    addressee = None
    when = None
    where = None
    lemma = cue.lemma_.lower()
    verbs = [cue]
    if cue.dep_ in ("conj", "advcl", "xcomp") and cue.head.pos_ in ("VERB", "AUX"):
        verbs.append(cue.head)  # "said on Monday, adding that..." : context of the main verb
    for verb in verbs:
        for child in verb.children:
            if not outside(child):
                continue
            if (
                addressee is None
                and lemma in ADDRESSEE_VERBS
                and child.dep_ in ("dobj", "dative", "iobj")
                and child.pos_ in ("PROPN", "NOUN", "PRON")
                and child.lemma_.lower() not in ("it", "this", "that")
            ):
                addressee = _span_text(doc, child)
            if child.dep_ in ("prep", "dative") and child.lower_ == "to" and addressee is None:
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and (obj.ent_type_ in ("ORG", "PERSON") or obj.lemma_.lower() in _AUDIENCE):
                    addressee = _span_text(doc, obj)
            if child.dep_ in ("npadvmod", "tmod") and child.ent_type_ in ("DATE", "TIME") and when is None:
                when = _span_text(doc, child)
            if child.dep_ == "prep":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is None:
                    continue
                if when is None and obj.ent_type_ in ("DATE", "TIME") and child.lower_ in _WHEN_PREPS:
                    when = _span_text(doc, child)
                elif where is None and child.lower_ in _OCCASION_PREPOSITIONS and _is_occasion(obj):
                    where = _span_text(doc, child)
        if when is None:
            when = _date_entity_near(verb, outside)
    return Context(addressee, when, resolve(when, published), where)


def _is_occasion(obj: Token) -> bool:
    if obj.lemma_.lower() in OCCASION_NOUNS or obj.ent_type_ in _PLACE_LABELS:
        return True
    return any(t.lemma_.lower() in OCCASION_NOUNS for t in obj.subtree if t.dep_ == "compound")


def _span_text(doc: Doc, tok: Token) -> str:
    """The phrase headed by ``tok``, without trailing punctuation or a trailing parenthesis ("(D-NH)")."""
    left, right = tok.left_edge.i, tok.right_edge.i
    for child in tok.children:
        if child.i > tok.i and child.text == "(":
            right = min(right, child.i - 1)
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return str(doc[left : right + 1].text)


def _date_entity_near(verb: Token, outside: Callable[[Token], bool]) -> str | None:
    """A DATE entity in the cue's own clause, outside the content (``said late last month``)."""
    for child in verb.children:
        if child.ent_type_ == "DATE" and outside(child) and child.dep_ in ("npadvmod", "advmod", "tmod", "nmod"):
            lo = hi = child.i  # the DATE entity around the child, read off the token tags
            while lo > 0 and verb.doc[lo].ent_iob_ == "I":
                lo -= 1
            while hi + 1 < len(verb.doc) and verb.doc[hi + 1].ent_iob_ == "I":
                hi += 1
            return str(verb.doc[lo : hi + 1].text)
    return None

"""The context of a statement: to whom (addressee), when, and where or on what occasion.

All three are read off the cue's own clause, never off the reported content:

- addressee: the object of *tell/ask/inform/brief/assure/warn* ("told the Journal"), or a
  "to"-phrase of other cues ("said to reporters", "confirmed the news to Mashable");
- when: a date or time phrase attached to the cue or its clause ("on Monday", "in February",
  "late last month"), normalised to an ISO date against the article's publication date where
  the phrase allows (weekdays, yesterday/today, month names, full dates);
- where/occasion: a prepositional phrase of the cue naming a place or an occasion
  ("at a press conference in Kabul", "in testimony before the Senate Armed Services Committee").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newstrace.text import lexicons
from newstrace.text.dates import MONTHS, WEEKDAYS

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
_FULL_DATE = re.compile(r"(?i)\b(" + "|".join(MONTHS) + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")


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
    return Context(addressee, when, normalise_when(when, published) if when else None, where)


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


def normalise_when(phrase: str, published: str | None) -> str | None:
    """ISO date (YYYY-MM-DD, or YYYY-MM for a month) a time phrase points to, relative to ``published``."""
    m = _FULL_DATE.search(phrase)
    if m:
        month = MONTHS.index(m.group(1).lower()) + 1
        try:
            return dt.date(int(m.group(3)), month, int(m.group(2))).isoformat()
        except ValueError:
            return None
    if not published:
        return None
    try:
        base = dt.date.fromisoformat(published[:10])
    except ValueError:
        return None
    low = phrase.lower()
    if "yesterday" in low:
        return (base - dt.timedelta(days=1)).isoformat()
    if "today" in low:
        return base.isoformat()
    for index, day in enumerate(WEEKDAYS):
        if day in low:
            delta = (base.weekday() - index) % 7
            return (base - dt.timedelta(days=delta)).isoformat()
    for number, month_name in enumerate(MONTHS, start=1):
        if re.search(rf"\b{month_name}\b", low):
            year = base.year if number <= base.month else base.year - 1
            return f"{year:04d}-{number:02d}"
    if "last month" in low:
        first = base.replace(day=1) - dt.timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"
    if "last year" in low:
        return f"{base.year - 1:04d}"
    return None

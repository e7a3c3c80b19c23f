"""When does a system's speaker name a gold speaker? The name rules of the speaker evaluations.

Shared by ``newstrace eval coverage`` and ``newstrace eval basil-speakers``, and kept apart
from the pipeline's own entity linking so that a change there cannot move the yardstick.

A name is compared as its *words*: accents folded, lower-cased, a possessive ’s and all
punctuation dropped, and titles, honorifics and articles left out ("Sen. John McCain's" →
``john mccain``; "the Journal" → ``journal``; "an AARP spokeswoman" → ``aarp spokeswoman``); a
hyphenated word stays one word ("anti-Trump" does not name Trump).
A name with no word left ("the president", "he") names nobody.

- **Same name**: the two word sequences are equal.
- **Same person** (used where the gold speaker is a person): the surnames agree, the name
  suffixes agree ("Jr.", "III"; none on both sides counts as agreeing), and every given name of
  the shorter name is in the longer one or is the initial of one there. So "Certner", "Mr.
  Certner" and "AARP legislative policy director David Certner" all name "David Certner", while
  "Melania Trump" does not name "Donald Trump" and "Trump" does not name "Donald Trump Jr.".
  The surname is the last word that is not a suffix; descriptors before a name ("Democratic
  Rep. Adam Schiff") count as given names of the longer side, so they do no harm.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

#: Titles, honorifics and articles that do not tell two speakers apart.
TITLES = frozenset(
    """
    mr mrs ms miss dr prof sir dame gen general lt col colonel maj major capt captain adm admiral
    sgt sen senator rep representative gov governor pres president sec secretary amb ambassador
    rev st judge justice a an the
    """.split()  # noqa: SIM905
)
#: Name suffixes: part of the name, but not its surname.
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_POSSESSIVE = re.compile(r"['’]s\b")
#: A word; a hyphenated one stays whole ("ocasio-cortez", and "anti-trump" is not "trump").
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: Match strengths, strongest last.
NO_MATCH, SURNAME, NAME = 0, 1, 2


def fold(text: str) -> str:
    """Accents folded to ASCII, lower-cased."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def name_words(name: str) -> tuple[str, ...]:
    """The words of a name that tell speakers apart (see the module docstring)."""
    words = _WORD.findall(_POSSESSIVE.sub("", fold(name.replace("_", " "))))
    return tuple(w for w in words if w not in TITLES)


@dataclass(frozen=True)
class PersonName:
    surname: str
    given: tuple[str, ...]
    suffix: str | None

    @classmethod
    def parse(cls, name: str) -> PersonName | None:
        words = list(name_words(name))
        suffix = words.pop() if len(words) > 1 and words[-1] in SUFFIXES else None
        if not words:
            return None
        return cls(words[-1], tuple(words[:-1]), suffix)


def _given_fit(fewer: tuple[str, ...], more: tuple[str, ...]) -> bool:
    return all(w in more or (len(w) == 1 and any(m.startswith(w) for m in more)) for w in fewer)


def same_name(a: str, b: str) -> bool:
    wa, wb = name_words(a), name_words(b)
    return bool(wa) and wa == wb


def same_person(a: str, b: str) -> bool:
    """Could ``a`` and ``b`` name the same person (surname rule of the module docstring)?"""
    pa, pb = PersonName.parse(a), PersonName.parse(b)
    if pa is None or pb is None or pa.surname != pb.surname or pa.suffix != pb.suffix:
        return False
    fewer, more = sorted((pa.given, pb.given), key=len)
    return _given_fit(fewer, more)


def match_strength(system_names: Iterable[str], gold_names: Iterable[str], *, person: bool) -> int:
    """How well any of a system speaker's names names a gold speaker: NAME, SURNAME or NO_MATCH."""
    gold = [g for g in gold_names if g]
    best = NO_MATCH
    for s in system_names:
        if not s:
            continue
        for g in gold:
            if same_name(s, g):
                return NAME
            if person and same_person(s, g):
                best = SURNAME
    return best


def shares_a_word(a: Iterable[str], b: Iterable[str]) -> bool:
    """Do two lists of names share any name word (a near miss worth showing in an error list)?"""
    wa = {w for name in a for w in name_words(name) if len(w) > 2}
    return any(w in wa for name in b for w in name_words(name) if len(w) > 2)

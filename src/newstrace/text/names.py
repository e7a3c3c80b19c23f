"""Names of people and organisations: the words that identify them, and whether two names can
denote the same entity. Shared by attribution (within an article) and entities (across articles)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

from newstrace.text import lexicons

#: Titles and honorifics written before a name, each with the role noun an abbreviation stands for
#: ("gen" -> "general"; "" when it names none). Shared with attribution and the quotes scorer.
TITLES: Mapping[str, str] = MappingProxyType(lexicons.table("data/lexicons/titles.txt"))
#: Words that do not tell two people apart: titles, words that open a title ("vice", "prime"), "the".
_NOT_NAME_WORDS = frozenset(TITLES) | lexicons.words("data/lexicons/title_words.txt") | {"the"}
_POSSESSIVE = re.compile(r"['’]s\b")


def _nickname_table() -> dict[str, frozenset[str]]:
    table = lexicons.table("data/lexicons/hypocorisms.txt")
    return {short: frozenset(f.strip() for f in formal.split(",") if f.strip()) for short, formal in table.items()}


#: short form of a given name -> the formal names it stands for ("jim" -> {"james"})
NICKNAMES: Mapping[str, frozenset[str]] = MappingProxyType(_nickname_table())


def given_name_forms(word: str) -> frozenset[str]:
    """The formal names a given name may stand for: itself, and what its short form stands for."""
    return frozenset({word, *NICKNAMES.get(word, ())})


def name_words(name: str) -> tuple[str, ...]:
    """Lower-cased words of a name without titles, possessives, punctuation or accents."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = _POSSESSIVE.sub("", folded.lower())
    words = re.findall(r"[a-z0-9]+", folded)
    return tuple(w for w in words if w not in _NOT_NAME_WORDS)


def compatible(a: tuple[str, ...], b: tuple[str, ...], *, nicknames: bool = False) -> bool:
    """Could two names denote the same entity? ("john nicholson" ~ "nicholson", not ~ "james nicholson").

    With ``nicknames``, a short form of a given name fits its formal names ("jim mattis" ~ "james mattis")."""
    if not a or not b:
        return False
    if a == b:
        return True
    if a[-1] != b[-1]:
        return False
    return _given_names_fit(a[:-1], b[:-1], nicknames) or _given_names_fit(b[:-1], a[:-1], nicknames)


def _same_given_name(w: str, x: str, nicknames: bool) -> bool:
    return w == x or (nicknames and bool(given_name_forms(w) & given_name_forms(x)))


def _given_names_fit(fewer: tuple[str, ...], more: tuple[str, ...], nicknames: bool = False) -> bool:
    """Every given name in ``fewer`` appears in ``more`` (or a form of it, with ``nicknames``), or is an
    initial of one there."""
    return all(
        any(_same_given_name(w, x, nicknames) for x in more) or (len(w) == 1 and any(x.startswith(w) for x in more))
        for w in fewer
    )

"""Names of people and organisations: the words that identify them, and whether two names can
denote the same entity. Shared by attribution (within an article) and entities (across articles)."""

from __future__ import annotations

import re
import unicodedata

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

"""Word lists as data files: one entry per line, ``#`` starts a comment, blank lines are skipped.

Lexicons live beside the stage that uses them (``stages/<stage>/lexicons/``), or in
``data/lexicons/`` when two stages share one. Paths are relative to the ``newstrace`` package,
so ``words("data/lexicons/hedges.txt")``. Entries keep their case and inner spaces; a file
of phrases is read with :func:`phrases`, a two-column file (``word<TAB>value``) with :func:`table`.
"""

from __future__ import annotations

import functools
from importlib import resources

from newstrace.errors import ModelError


@functools.cache
def lines(path: str) -> tuple[str, ...]:
    """The entries of a lexicon file, in file order, comments and blank lines left out."""
    try:
        text = resources.files("newstrace").joinpath(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(
            f"the lexicon {path} is missing from the newstrace package ({exc}); reinstall newstrace", code="E405"
        ) from None
    out = []
    for raw in text.splitlines():
        entry = raw.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return tuple(out)


def words(path: str) -> frozenset[str]:
    return frozenset(lines(path))


def phrases(path: str) -> tuple[tuple[str, ...], ...]:
    """Multi-word entries, each split into its words."""
    return tuple(tuple(entry.split()) for entry in lines(path))


def table(path: str) -> dict[str, str]:
    """Two-column entries (``key<TAB>value``, or separated by spaces), as a dict in file order."""
    out: dict[str, str] = {}
    for entry in lines(path):
        key, _, value = entry.partition("\t") if "\t" in entry else entry.partition(" ")
        out[key.strip()] = value.strip()
    return out

"""Word tokens with exact character offsets, normalised for comparison across outlets.

Curly and straight quotes and apostrophes compare equal; case is folded. Punctuation marks
are tokens of their own when ``punct=True`` (quote alignment needs them), an ellipsis
(``...`` or ``…``) is one token.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_TRANSLATE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_WORDS = re.compile(r"\w+(?:['\u2019\-]\w+)*")
_WORDS_AND_PUNCT = re.compile(r"\w+(?:['\u2019\-]\w+)*|\.\.\.+|\u2026|[^\w\s]")

ELLIPSIS = "..."


class Token(NamedTuple):
    norm: str  # lower-cased, quotes straightened, an ellipsis as "..."
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.norm[:1].isalnum() or self.norm[:1] == "_"


def normalise(text: str) -> str:
    """Lower-case, straighten curly quotes and dashes (same length, so offsets survive)."""
    return text.translate(_TRANSLATE).lower()


def tokenize(text: str, *, punct: bool = False, offset: int = 0) -> list[Token]:
    """Tokens of ``text``; ``offset`` is added to every start/end (a quote inside an article)."""
    pattern = _WORDS_AND_PUNCT if punct else _WORDS
    folded = normalise(text)
    if len(folded) != len(text):  # a character whose lower case is longer: normalise token by token
        return [
            Token(_ellipsis(normalise(m.group())), m.start() + offset, m.end() + offset) for m in pattern.finditer(text)
        ]
    return [Token(_ellipsis(m.group()), m.start() + offset, m.end() + offset) for m in pattern.finditer(folded)]


def _ellipsis(norm: str) -> str:
    return ELLIPSIS if norm == "\u2026" or norm.startswith("..") else norm

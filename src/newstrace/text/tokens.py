"""Word tokens with exact character offsets, normalised for comparison across outlets.

Curly and straight quotes and apostrophes compare equal; case is folded. Punctuation marks
are tokens of their own when ``punct=True`` (quote alignment needs them), an ellipsis
(``...`` or ``…``) is one token.

Words are runs of letters and digits in any script, together with the combining marks that
belong to them: Python's ``\\w`` leaves out combining marks (Urdu's maddah and vowel points,
Devanagari's vowel signs and virama), which would cut such words in two. A word's ``norm`` is
in Unicode NFC, so a letter written precomposed (``آ``) or as letter + mark (``ا`` + ``ٓ``)
compares equal.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache
from typing import NamedTuple

_TRANSLATE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})

ELLIPSIS = "..."


class Token(NamedTuple):
    norm: str  # lower-cased, quotes straightened, NFC, an ellipsis as "..."
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.norm[:1].isalnum() or self.norm[:1] == "_"


@cache
def _marks() -> str:
    """A character-class body holding every combining mark (categories Mn, Mc, Me)."""
    ranges: list[str] = []
    start = None
    for cp in range(sys.maxunicode + 2):
        is_mark = cp <= sys.maxunicode and unicodedata.category(chr(cp)).startswith("M")
        if is_mark and start is None:
            start = cp
        elif not is_mark and start is not None:
            ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(cp - 1)) if cp - 1 > start else ""))
            start = None
    return "".join(ranges)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(words, words and punctuation); built on first use (scanning Unicode takes a fifth of a second)."""
    word = rf"\w[\w{_marks()}]*"
    words = rf"{word}(?:['\u2019\-]{word})*"
    return re.compile(words), re.compile(rf"{words}|\.\.\.+|\u2026|[^\w\s]")


def normalise(text: str) -> str:
    """Lower-case, straighten curly quotes and dashes (same length, so offsets survive)."""
    return text.translate(_TRANSLATE).lower()


def tokenize(text: str, *, punct: bool = False, offset: int = 0) -> list[Token]:
    """Tokens of ``text``; ``offset`` is added to every start/end (a quote inside an article)."""
    words, words_and_punct = _patterns()
    pattern = words_and_punct if punct else words
    folded = normalise(text)
    if len(folded) != len(text):  # a character whose lower case is longer: normalise token by token
        return [
            Token(_norm(normalise(m.group())), m.start() + offset, m.end() + offset) for m in pattern.finditer(text)
        ]
    return [Token(_norm(m.group()), m.start() + offset, m.end() + offset) for m in pattern.finditer(folded)]


def _norm(folded: str) -> str:
    """An ellipsis as "...", any other token in NFC (ASCII tokens are already)."""
    if folded == "\u2026" or folded.startswith(".."):
        return ELLIPSIS
    return folded if folded.isascii() else unicodedata.normalize("NFC", folded)

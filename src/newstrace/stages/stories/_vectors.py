"""Word vectors of articles with *fixed* word weights, so that how alike two articles are never
depends on which other articles are in the corpus.

A word's weight is its inverse document frequency in a background corpus of news and comment
text (the training splits of FNC-1, ARC, BASIL and PAC; ``lexicons/word_df.txt``, rebuilt by
``scripts/build_word_weights.py``). A word the background never saw (most names) gets the highest
weight. Because the weights are fixed, adding an article to a corpus changes no other pair's
similarity, which is what lets grouping promise that adding articles only ever joins groups.

Words are the tokens of :mod:`newstrace.text.tokens` (any script, case folded), without English
stop words, one-letter words and bare numbers. *Proper words* are the capitalised words that do not
open a sentence (names of people, places, bodies, laws): a cheap stand-in for named entities that
needs no parse.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newstrace.text import lexicons
from newstrace.text.tokens import tokenize

WORD_DF = "stages/stories/lexicons/word_df.txt"
#: the table entry that holds the number of background documents (no token can look like it)
DOCUMENTS_KEY = "<documents>"
#: a capitalised word and what precedes it: a sentence opens after ``.!?:`` or a line break
_CAPITALISED = re.compile(r"(?<![\w'’])([A-Z][\w'’\-]*[\w])")
_OPENER = re.compile(r"(?:^|[.!?:;\n\"“”]\s*|\s[-–—]\s*)$")


@cache
def _table() -> tuple[int, dict[str, int]]:
    """(documents in the background corpus, word -> documents holding it)."""
    table = {k: int(v) for k, v in lexicons.table(WORD_DF).items()}
    total = table.pop(DOCUMENTS_KEY, 0) or max(table.values(), default=1)
    return total, table


@cache
def background_size() -> int:
    return _table()[0]


def idf(word: str) -> float:
    """Inverse document frequency of ``word`` in the background corpus (smoothed, at least 1)."""
    total, df = _table()
    return math.log((total + 1) / (df.get(word, 0) + 1)) + 1.0


def content_words(text: str) -> list[str]:
    """The words that carry content: no stop words, no one-letter words, no bare numbers."""
    return [
        t.norm
        for t in tokenize(text)
        if len(t.norm) > 1 and not t.norm.isdigit() and t.norm not in ENGLISH_STOP_WORDS and t.is_word
    ]


def proper_words(text: str) -> list[str]:
    """Capitalised words that do not open a sentence (case folded): names without a parser."""
    out = []
    for m in _CAPITALISED.finditer(text):
        before = text[max(0, m.start() - 4) : m.start()]
        if m.start() == 0 or _OPENER.search(before):
            continue
        word = m.group(1).lower()
        if word not in ENGLISH_STOP_WORDS and len(word) > 1:
            out.append(word)
    return out


class Vocabulary:
    """Column numbers for words, assigned in order of first use (columns never affect a cosine)."""

    def __init__(self) -> None:
        self.columns: dict[str, int] = {}
        self.weights: list[float] = []

    def column(self, word: str) -> int:
        col = self.columns.get(word)
        if col is None:
            col = self.columns[word] = len(self.columns)
            self.weights.append(idf(word))
        return col


def weighted_rows(bags: Iterable[Sequence[str]], vocabulary: Vocabulary) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per text: (column numbers int32, unit-length weights float32), sublinear tf x fixed idf."""
    cols_out, vals_out = [], []
    for words in bags:
        counts = Counter(words)
        cols = np.fromiter((vocabulary.column(w) for w in counts), dtype=np.int32, count=len(counts))
        vals = np.fromiter(
            (
                (1.0 + math.log(c)) * vocabulary.weights[col]
                for col, c in zip(cols.tolist(), counts.values(), strict=True)
            ),
            dtype=np.float64,
            count=len(counts),
        )
        norm = float(np.sqrt((vals * vals).sum()))
        order = np.argsort(cols)
        cols_out.append(cols[order])
        vals_out.append((vals[order] / norm if norm else vals[order]).astype(np.float32))
    return cols_out, vals_out


def matrix(cols: Sequence[np.ndarray], vals: Sequence[np.ndarray], width: int) -> sparse.csr_matrix:
    """Rows of (columns, weights) as one sparse matrix."""
    indptr = np.zeros(len(cols) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(c) for c in cols])
    indices = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int32)
    data = np.concatenate(vals) if vals else np.zeros(0, dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(cols), max(1, width)))


def pair_cosines(m: sparse.csr_matrix, pairs: np.ndarray, budget: int = 4_000_000) -> np.ndarray:
    """Dot products of unit rows for each (i, j) in ``pairs``, in chunks of bounded memory."""
    out = np.zeros(len(pairs), dtype=np.float64)
    per_row = max(1.0, m.nnz / max(1, m.shape[0]))
    chunk = max(256, int(budget / (2 * per_row)))
    for lo in range(0, len(pairs), chunk):
        p = pairs[lo : lo + chunk]
        out[lo : lo + chunk] = np.asarray(m[p[:, 0]].multiply(m[p[:, 1]]).sum(axis=1)).ravel()
    return out

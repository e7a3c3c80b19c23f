"""Lexical relatedness of many (claim, passage) pairs at once, equal to :func:`_features.relatedness` pair by pair.

The stance stage asks for the relatedness of every claim of a story with every sentence of its
articles (the anchors), and of every quote of an article with every claim and anchor. Pair by pair,
each call transforms its two texts into TF-IDF vectors (tiny sparse matrices, whose making costs far
more than the arithmetic). :class:`RelatednessTable` transforms each distinct text once, the "claim"
side as one matrix and the "passage" side as another, and takes every cosine in one sparse product.

The values are exactly those of :func:`relatedness`: each row of a TF-IDF matrix is computed on its own
(its weights, its norm), and the product adds up each cosine's terms in the same order, in float32, as
the pair's own product does; the word-coverage part is the same Python arithmetic on the same words.
``tests/stages/stance/test_relate.py`` holds them equal on news text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newstrace.stages.stance._features import TextSpace, _base, content_tokens, relatedness, stem


@dataclass(frozen=True, slots=True)
class _ClaimWords:
    """What the word-coverage part of relatedness needs of a claim: its words, their stems and idf weights."""

    stems: tuple[str, ...]
    weights: tuple[float, ...]
    total: float


class RelatednessTable:
    """``relatedness(space, claim, passage)`` for any claim of ``claims`` and passage of ``passages``.

    Calling it with a text outside the two lists still gives the right value, computed pair by pair.
    """

    def __init__(self, space: TextSpace, claims: Iterable[str], passages: Iterable[str]) -> None:
        self.space = space
        self._claims = {text: i for i, text in enumerate(dict.fromkeys(claims))}
        self._passages = {text: i for i, text in enumerate(dict.fromkeys(passages))}
        self._cosines: npt.NDArray[np.float32] = np.zeros((len(self._claims), len(self._passages)), dtype=np.float32)
        if self._claims and self._passages:
            left = space.transform(list(self._claims))
            right = space.transform(list(self._passages))
            self._cosines = np.asarray((left @ right.T).toarray(), dtype=np.float32)
        self._words: dict[str, _ClaimWords | None] = {}
        self._stems: dict[str, frozenset[str]] = {}

    def holds(self, claim: str, passage: str) -> bool:
        """Whether the pair is in the table (else a call computes it pair by pair)."""
        return claim in self._claims and passage in self._passages

    def __call__(self, claim: str, passage: str) -> float:
        i = self._claims.get(claim)
        j = self._passages.get(passage)
        if i is None or j is None:
            return relatedness(self.space, claim, passage)
        cosine = float(self._cosines[i, j])
        words = self._claim_words(claim)
        if words is None:
            return cosine
        passage_stems = self._passage_stems(passage)
        covered = sum(w for w, s in zip(words.weights, words.stems, strict=True) if s in passage_stems)
        return max(cosine, covered / words.total)

    def _claim_words(self, claim: str) -> _ClaimWords | None:
        if claim not in self._words:
            words = sorted({_base(t) for t in content_tokens(claim)})
            weights = [self.space.unigram_idf(w) for w in words]
            found = _ClaimWords(tuple(stem(w) for w in words), tuple(weights), sum(weights))
            self._words[claim] = found if words else None
        return self._words[claim]

    def _passage_stems(self, passage: str) -> frozenset[str]:
        stems = self._stems.get(passage)
        if stems is None:
            stems = self._stems[passage] = frozenset(stem(_base(t)) for t in content_tokens(passage))
        return stems

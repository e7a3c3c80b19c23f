"""Which sentences state a claim: lexical matching, and semantic matching when embeddings are installed.

A sentence *carries* a claim when their word TF-IDF cosine reaches :data:`LEXICAL_CARRIES`, or,
with an embedder (:mod:`newstrace.text.embeddings`), when their embedding cosine reaches
:data:`SEMANTIC_CARRIES`. The lexical test finds restatements that keep the claim's words; the
semantic one adds paraphrases that do not.

Both thresholds are measured by ``newstrace eval claim-matching --data ../shared/data/emergent``
(an Emergent article headline against every claim of its split): the semantic one was chosen on the
train split, maximising the F1 of the combined rule, and is reported on the test split
(docs/evaluation.md). They are the ``[matching]`` settings ``lexical_carries`` and
``semantic_carries``, carried as :class:`MatchingParams`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import TfidfVectorizer

from newstrace.settings import Settings
from newstrace.text.embeddings import Embedder, cosines

FloatMatrix = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class MatchingParams:
    """When a sentence carries a claim; the defaults are the ``[matching]`` settings."""

    lexical_carries: float = 0.3  # word TF-IDF cosine from which a sentence carries a claim
    semantic_carries: float = 0.675  # embedding cosine (all-MiniLM-L6-v2), chosen on the Emergent train split

    @classmethod
    def from_settings(cls, settings: Settings) -> MatchingParams:
        return cls(
            lexical_carries=float(settings.get("matching.lexical_carries")),
            semantic_carries=float(settings.get("matching.semantic_carries")),
        )


#: Word TF-IDF cosine from which a sentence carries a claim (the default of ``matching.lexical_carries``).
LEXICAL_CARRIES = MatchingParams().lexical_carries
#: Embedding cosine (all-MiniLM-L6-v2) from which a sentence carries a claim (Emergent train split; the
#: default of ``matching.semantic_carries``).
SEMANTIC_CARRIES = MatchingParams().semantic_carries


@dataclass(frozen=True)
class Similarities:
    """Claim x sentence similarity matrices; ``semantic`` is None without an embedder."""

    lexical: FloatMatrix
    semantic: FloatMatrix | None

    def carries(
        self, lexical_min: float = LEXICAL_CARRIES, semantic_min: float = SEMANTIC_CARRIES
    ) -> npt.NDArray[np.bool_]:
        hit = self.lexical >= lexical_min
        if self.semantic is not None:
            hit |= self.semantic >= semantic_min
        return np.asarray(hit)

    def match(self, i: int, k: int, lexical_min: float = LEXICAL_CARRIES) -> tuple[str, float]:
        """How sentence ``k`` was found to carry claim ``i`` ("lexical" or "semantic"), and the cosine
        that decided it."""
        if self.semantic is None or self.lexical[i, k] >= lexical_min:
            return "lexical", float(self.lexical[i, k])
        return "semantic", float(self.semantic[i, k])


def tfidf(texts: Sequence[str]) -> Any:
    """Unit-length word TF-IDF rows (English stop words out, sublinear tf) fitted on ``texts``, as a
    scipy sparse matrix; None when the texts hold nothing but stop words."""
    try:
        return TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:
        return None


def lexical_cosines(left: Sequence[str], right: Sequence[str], vectors: Any = None) -> FloatMatrix:
    """Word TF-IDF cosines of ``left`` to ``right``, fitted on both lists (``vectors``: the rows of
    ``tfidf([*left, *right])`` when the caller has them already)."""
    none = np.zeros((len(left), len(right)), dtype=np.float32)
    if not left or not right:
        return none
    m = vectors if vectors is not None else tfidf([*left, *right])
    if m is None:  # nothing but stop words
        return none
    return np.asarray((m[: len(left)] @ m[len(left) :].T).toarray(), dtype=np.float32)


def similarities(
    claims: Sequence[str], sentences: Sequence[str], embedder: Embedder | None = None, vectors: Any = None
) -> Similarities:
    """Lexical (and, with ``embedder``, semantic) similarity of every claim to every sentence
    (``vectors`` as in :func:`lexical_cosines`)."""
    semantic = cosines(embedder, claims, sentences) if embedder is not None else None
    return Similarities(lexical_cosines(claims, sentences, vectors), semantic)

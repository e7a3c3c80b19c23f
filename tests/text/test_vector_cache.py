"""The vector cache embeds each distinct text once, until it is told to forget."""

from __future__ import annotations

import numpy as np

from newstrace.text.embeddings.cache import FloatMatrix, VectorCache


def test_each_text_is_embedded_once_until_the_cache_is_cleared() -> None:
    embedded: list[str] = []

    def embed(texts: list[str]) -> FloatMatrix:
        embedded.extend(texts)
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)

    cache = VectorCache(10)
    first = cache.encode(["bb", "a", "bb"], embed)
    assert embedded == ["a", "bb"]  # new texts go to the model once each, in sorted order
    assert first[:, 0].tolist() == [2.0, 1.0, 2.0]
    cache.encode(["a"], embed)
    assert embedded == ["a", "bb"]
    cache.clear()
    cache.encode(["a"], embed)
    assert embedded == ["a", "bb", "a"]

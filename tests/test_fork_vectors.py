"""Sentence vectors computed in the forked processes of Stage.each(parallel=True) come back to the parent."""

from __future__ import annotations

import multiprocessing
import os

import numpy as np
import pytest

from newstrace.model import Article, Document
from newstrace.pipeline import CorpusStage, RunContext
from newstrace.settings import Settings
from newstrace.text.embeddings.cache import FloatMatrix, VectorCache

SETTINGS = Settings.load()


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_the_parent_keeps_the_vectors_its_forked_workers_embedded() -> None:
    embedded_in: list[int] = []

    def embed(texts: list[str]) -> FloatMatrix:
        embedded_in.append(os.getpid())
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)

    cache = VectorCache(100)

    class Embeds(CorpusStage):
        name = "test.embeds.v1"

    docs = [Document(Article(id=f"a{i}", source=f"s{i}", raw="x" * (i + 1))) for i in range(6)]
    ctx = RunContext(SETTINGS, workers=2)
    done = Embeds(SETTINGS).each(docs, ctx, lambda d: float(cache.encode([d.article.raw], embed)[0, 0]), parallel=True)
    assert ctx.failed == {}
    assert done == {f"a{i}": float(i + 1) for i in range(6)}
    assert os.getpid() not in embedded_in  # every text was embedded in a worker ...
    embedded_in.clear()
    again = cache.encode([d.article.raw for d in docs], embed)
    assert embedded_in == []  # ... and the parent has every vector now
    assert again[:, 0].tolist() == [float(i + 1) for i in range(6)]

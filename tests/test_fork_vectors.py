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


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_stage_map_shares_stories_out_and_gives_them_back_in_order() -> None:
    class PerStory(CorpusStage):
        name = "test.per_story.v1"

    stories = [[1], [2, 3, 4, 5], [], [6, 7]]
    stage = PerStory(SETTINGS)
    ctx = RunContext(SETTINGS, workers=2)
    pids = stage.map(stories, ctx, lambda s: os.getpid(), size=len)
    assert os.getpid() not in pids  # run in the workers ...
    assert stage.map(stories, ctx, sum, size=len) == [1, 14, 0, 13]  # ... each result in its item's place
    assert stage.map(stories, RunContext(SETTINGS, workers=1), sum) == [1, 14, 0, 13]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_stage_map_raises_what_a_worker_raised() -> None:
    class PerStory(CorpusStage):
        name = "test.per_story.v1"

    def fail_on_two(x: int) -> int:
        if x == 2:
            raise ValueError("story two")
        return x

    with pytest.raises(ValueError, match="story two"):
        PerStory(SETTINGS).map([1, 2, 3], RunContext(SETTINGS, workers=2), fail_on_two)

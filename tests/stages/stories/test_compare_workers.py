"""stories.compare.v1 compares its stories in the forked workers (Stage.map): the same stories as in one
process, and a story whose comparison raises stays uncompared with an E306 failure while the rest go on."""

from __future__ import annotations

import multiprocessing
from typing import Any

import pytest

from newstrace.codec import to_plain
from newstrace.model import Document, Story
from newstrace.pipeline import Corpus, Pipeline, RunContext
from newstrace.settings import Settings
from newstrace.stages import stories as stories_stage
from tests.smallcorpus import ten_articles

SETTINGS = Settings.load()
pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")


@pytest.fixture(scope="module")
def before_compare(nlp: Any) -> Corpus:
    """The small corpus as stories.compare.v1 receives it in a default run."""
    pipeline = Pipeline.from_settings(SETTINGS)
    corpus = Corpus(tuple(Document(a) for a in ten_articles()))
    ctx = RunContext(SETTINGS)
    for stage in pipeline.stages[: pipeline.names.index("stories.compare.v1")]:
        corpus = stage(corpus, ctx)
    assert len(corpus.stories) >= 2, "more than one story, so that the workers share them"
    return corpus


def _compare(corpus: Corpus, workers: int) -> Corpus:
    return stories_stage.CompareStories(SETTINGS)(corpus, RunContext(SETTINGS, workers=workers))


def test_two_workers_compare_every_story_as_one_process_does(before_compare: Corpus) -> None:
    serial, shared = _compare(before_compare, 1), _compare(before_compare, 2)
    assert [s.id for s in shared.stories] == [s.id for s in before_compare.stories]
    assert to_plain(shared.stories) == to_plain(serial.stories)
    assert any(s.reuse or s.agreement for s in shared.stories), "the comparison found something to compare"
    assert shared.failures == serial.failures == before_compare.failures


def test_a_story_whose_comparison_raises_in_a_worker_stays_uncompared(
    before_compare: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = before_compare.stories[-1].id
    real = stories_stage.compare_story

    def fails_on_victim(story: Story, *args: Any) -> Story:
        if story.id == victim:
            raise ValueError("broken story")
        return real(story, *args)

    monkeypatch.setattr(stories_stage, "compare_story", fails_on_victim)  # the forked workers inherit it
    out = _compare(before_compare, 2)
    failures = [f for f in out.failures if f.code == "E306"]
    assert [(f.source, f.stage) for f in failures] == [(victim, "stories.compare.v1")]
    assert "ValueError: broken story" in failures[0].message
    by_id = {s.id: s for s in out.stories}
    assert by_id[victim] == next(s for s in before_compare.stories if s.id == victim)  # left as it came
    assert all(by_id[s.id].agreement for s in before_compare.stories if s.id != victim and s.claims)

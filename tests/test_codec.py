"""The typed model survives a trip through plain JSON values exactly."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from newstrace.codec import load, to_plain
from newstrace.model import Document, Failure, Quote, QuoteKind, Speaker, SpeakerType, Story
from newstrace.pipeline import Corpus, Pipeline, RunContext
from newstrace.settings import Settings
from tests.smallcorpus import ten_articles


def test_every_document_and_story_of_a_real_run_round_trips(nlp: Any) -> None:
    settings = Settings.load()
    corpus = Corpus(tuple(Document(a) for a in ten_articles()[:4]))
    corpus = Pipeline.from_settings(settings).run(corpus, RunContext(settings))
    assert any(d.quotes for d in corpus.documents) and any(s.agreement for s in corpus.stories)
    for doc in corpus.documents:
        assert load(Document, json.loads(json.dumps(to_plain(doc)))) == doc
    for story in corpus.stories:
        assert load(Story, json.loads(json.dumps(to_plain(story)))) == story


@given(
    st.builds(
        Quote,
        id=st.text(min_size=1, max_size=5),
        kind=st.sampled_from(QuoteKind),
        content=st.text(max_size=30),
        start=st.integers(0, 100),
        end=st.integers(0, 100),
        speaker=st.none()
        | st.builds(
            Speaker,
            mention=st.none() | st.text(max_size=10),
            name=st.none() | st.text(max_size=10),
            type=st.sampled_from(SpeakerType),
        ),
        when=st.none() | st.text(max_size=10),
    )
)
def test_quotes_round_trip(quote: Quote) -> None:
    assert load(Quote, json.loads(json.dumps(to_plain(quote)))) == quote


def test_failures_round_trip() -> None:
    failure = Failure("a.txt", "stance.v1", "boom", "E301", article_id="a", fatal=True)
    assert load(Failure, to_plain(failure)) == failure

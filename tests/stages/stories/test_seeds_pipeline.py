"""The seeds through the whole default pipeline: evidence, stories, variants and exclusives as a run makes them."""

from __future__ import annotations

import pytest

from newstrace.model import Article, Document
from newstrace.pipeline import Corpus, Pipeline, RunContext
from newstrace.settings import Settings
from tests.seedcorpus import BLOG_ID, REPORT_ID, raw


@pytest.fixture(scope="module")
def corpus(nlp) -> Corpus:  # type: ignore[no-untyped-def]
    settings = Settings.load()
    articles = [
        Article(id=REPORT_ID, source=f"{REPORT_ID}.txt", raw=raw(REPORT_ID), published="2017-04-25"),
        Article(id=BLOG_ID, source=f"{BLOG_ID}.txt", raw=raw(BLOG_ID), published="2017-07-26"),
    ]
    pipeline = Pipeline.from_settings(settings)
    return pipeline.run(Corpus(tuple(Document(article=a) for a in articles)), RunContext(settings))


def test_seeds_are_one_story(corpus: Corpus) -> None:
    assert [s.article_ids for s in corpus.stories] == [(REPORT_ID, BLOG_ID)]


def test_evidence_offsets_slice_back(corpus: Corpus) -> None:
    for doc in corpus.documents:
        assert doc.evidence
        for ev in doc.evidence:
            assert doc.text[ev.start : ev.end] == ev.text


def _kinds(corpus: Corpus, doc_id: str) -> dict[str, list[str]]:
    doc = next(d for d in corpus.documents if d.id == doc_id)
    out: dict[str, list[str]] = {}
    for ev in doc.evidence:
        out.setdefault(ev.kind, []).append(f"{ev.text} / {ev.supplier}")
    return out


def test_report_evidence_is_named_officials_and_unseen_classified_reporting(corpus: Corpus) -> None:
    kinds = _kinds(corpus, REPORT_ID)
    assert len(kinds["named_official"]) >= 3
    assert any("classified reporting" in t for t in kinds["unseen_classified"])
    assert "video_image" not in kinds and "document" not in kinds


def test_blog_evidence_names_videos_taliban_fighters_and_an_anonymous_official(corpus: Corpus) -> None:
    kinds = _kinds(corpus, BLOG_ID)
    assert any("videos" in t for t in kinds["video_image"])
    assert any("Taliban" in t for t in kinds["interested_party"])
    assert "anonymous_official" in kinds


def test_evidence_summary_says_the_videos_origin_is_unknown_and_links_sentences(corpus: Corpus) -> None:
    [story] = corpus.stories
    docs = {d.id: d for d in corpus.documents}
    summary = story.evidence_summary[0]
    texts = " ".join(s.text for s in summary.statements)
    assert "not identified" in texts and "classified" in texts and "Named officials" in texts
    assert "Interested parties" in texts and "Taliban" in texts
    assert summary.support != "well supported"
    for statement in summary.statements:
        for ref in statement.refs:
            assert docs[ref.article_id].text[ref.start : ref.end].strip()


def test_nicholson_variant_is_found_through_the_real_attribution(corpus: Corpus) -> None:
    [story] = corpus.stories
    nicholson = [v for v in story.quote_variants if "Nicholson" in v.speaker]
    assert nicholson
    kinds = set(nicholson[0].kinds)
    assert {"word_substitution", "splice", "punctuation"} <= kinds


def test_only_printings_that_differ_are_listed_as_variants(corpus: Corpus) -> None:
    from newstrace.stages.stories._variants import is_identical

    [story] = corpus.stories
    assert story.quote_variants
    assert not [v.speaker for v in story.quote_variants if is_identical(v)]


def test_only_one_outlet_carries_these_speakers(corpus: Corpus) -> None:
    [story] = corpus.stories
    only = {(e.name, e.article_id) for e in story.exclusive_speakers}
    for name in ("James Mattis", "Joseph Votel", "Curtis Scaparrotti", "Alexander Mantytskiy"):
        assert (name, REPORT_ID) in only
    assert ("Sediq Sediqi", BLOG_ID) in only
    assert not any("Nicholson" in str(name) for name, _ in only)

"""The seeds through the real stages (clean, spaCy, attribution) and then the stories stages."""

from __future__ import annotations

import pytest

from newstrace.model import Article, Document
from newstrace.pipeline import Corpus, Pipeline, RunContext, registry
from newstrace.settings import Settings

from .seedcorpus import BLOG_ID, REPORT_ID, raw

STAGES = [
    "clean.heuristic.v1",
    "annotate.spacy.v1",
    "attribution.rules.v1",
    "evidence.v1",
    "stories.group.v1",
    "stories.compare.v1",
]


@pytest.fixture(scope="module")
def corpus(nlp) -> Corpus:  # type: ignore[no-untyped-def]
    import newstrace.stages.stories

    try:
        import newstrace.stages.attribution  # noqa: F401
    except ImportError:
        pytest.skip("the attribution stage is not installed")
    settings = Settings.load()
    known = registry()
    missing = [n for n in STAGES if n not in known]
    if missing:
        pytest.skip(f"stages not available: {missing}")
    pipeline = Pipeline([known[n](settings) for n in STAGES])
    articles = [
        Article(id=REPORT_ID, source=f"{REPORT_ID}.txt", raw=raw(REPORT_ID), published="2017-04-25"),
        Article(id=BLOG_ID, source=f"{BLOG_ID}.txt", raw=raw(BLOG_ID), published="2017-07-26"),
    ]
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
    texts = " ".join(str(s["text"]) for s in summary["statements"])  # type: ignore[union-attr]
    assert "not identified" in texts and "classified" in texts and "Named officials" in texts
    assert "Interested parties" in texts and "Taliban" in texts
    assert summary["support"] != "well supported"
    for statement in summary["statements"]:  # type: ignore[union-attr]
        for ref in statement["refs"]:
            assert docs[ref["article_id"]].text[ref["start"] : ref["end"]].strip()


def test_nicholson_variant_is_found_through_the_real_attribution(corpus: Corpus) -> None:
    [story] = corpus.stories
    nicholson = [v for v in story.quote_variants if "Nicholson" in str(v["speaker"])]
    assert nicholson
    kinds = set(nicholson[0]["kinds"])  # type: ignore[arg-type]
    assert {"word_substitution", "splice", "punctuation"} <= kinds


def test_only_one_outlet_carries_these_speakers(corpus: Corpus) -> None:
    [story] = corpus.stories
    only = {(e["name"], e["article_id"]) for e in story.exclusives if e["kind"] == "speaker"}
    for name in ("James Mattis", "Joseph Votel", "Curtis Scaparrotti", "Alexander Mantytskiy"):
        assert (name, REPORT_ID) in only
    assert ("Sediq Sediqi", BLOG_ID) in only
    assert not any("Nicholson" in str(name) for name, _ in only)

"""The two seed articles (and a third that copies one of them) analysed across outlets."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from newstrace.settings import Settings
from newstrace.stages.claims import core_claims
from newstrace.stages.stories._compare import compare_story, corpus_reuse
from newstrace.stages.stories._documents import group_documents
from newstrace.stages.stories._params import grouping_params
from newstrace.stages.stories._reuse import Text, find_reuse
from newstrace.stages.stories._variants import find_variants
from tests.seedcorpus import BLOG_ID, REPORT_ID, seed_documents, third_article


def _group(docs):  # type: ignore[no-untyped-def]
    """The stories of ``docs`` with their core claims (what stories.group.v1, then claims.core.v1 make)."""
    by_id = {d.id: d for d in docs}
    stories = group_documents(docs, grouping_params(Settings.load()), 2000)
    return tuple(dataclasses.replace(s, claims=core_claims(s.id, [by_id[a] for a in s.article_ids])) for s in stories)


def test_the_two_seed_articles_form_one_story() -> None:
    stories = _group(seed_documents())
    assert [s.article_ids for s in stories] == [(REPORT_ID, BLOG_ID)]
    assert stories[0].claims, "a story has core claims"


def test_story_ids_do_not_depend_on_input_order() -> None:
    docs = seed_documents()
    first = _group(docs)
    random.Random(3).shuffle(docs)
    assert _group(list(reversed(docs))) == first


def test_nicholson_remark_is_aligned_with_substitution_splice_and_punctuation() -> None:
    variants = find_variants(seed_documents())
    [variant] = [v for v in variants if "Nicholson" in v.speaker]
    assert {"word_substitution", "splice", "punctuation"} <= set(variant.kinds)
    subs = [(d.a_text, d.b_text) for d in variant.differences if d.kind == "word_substitution"]
    assert ("perpetrate", "perpetuate") in subs
    assert len(variant.a.quote_ids) == 2 and len(variant.b.quote_ids) == 1  # two remarks joined into one
    docs = {d.id: d for d in seed_documents()}
    for d in variant.differences:
        if d.a_start is not None and d.a_end is not None:
            assert docs[variant.a.article_id].text[d.a_start : d.a_end] == d.a_text
        if d.b_start is not None and d.b_end is not None:
            assert docs[variant.b.article_id].text[d.b_start : d.b_end] == d.b_text


def test_copied_paragraphs_are_found_with_direction(shared: Path) -> None:
    docs = seed_documents()
    third, pasted = third_article(shared / "data" / "fnc-1" / "train_bodies.csv")
    pairs, summary = find_reuse([Text(d.id, d.text, d.article.published) for d in (*docs, third)])
    [pair] = [p for p in pairs if third.id in (p.a_id, p.b_id)]
    assert pair.source_id == REPORT_ID and pair.copy_id == third.id and pair.direction == "a->b"
    found = " ".join(p.b_text for p in pair.passages)
    for paragraph in pasted:
        assert paragraph.strip().rstrip('.”"')[:60] in found
    for p in pair.passages:
        assert docs[0].text[p.a_start : p.a_end] == p.a_text
        assert third.text[p.b_start : p.b_end] == p.b_text
    assert summary.shares[third.id] > 0.15
    assert not any({p.a_id, p.b_id} == {REPORT_ID, BLOG_ID} for p in pairs), "the seeds share no passage"


def test_copy_direction_is_unknown_without_dates(shared: Path) -> None:
    docs = [dataclasses.replace(d, article=dataclasses.replace(d.article, published=None)) for d in seed_documents()]
    third, _ = third_article(shared / "data" / "fnc-1" / "train_bodies.csv")
    pairs, _ = find_reuse([Text(d.id, d.text, None) for d in (*docs, third)])
    assert pairs and all(p.direction == "unknown" and p.source_id is None for p in pairs)


def test_compare_fills_every_cross_outlet_field(shared: Path) -> None:
    docs = seed_documents()
    third, _ = third_article(shared / "data" / "fnc-1" / "train_bodies.csv")
    docs.append(third)
    reuse = corpus_reuse(docs)
    by_id = {d.id: d for d in docs}
    compared = [compare_story(s, [by_id[a] for a in s.article_ids], reuse=reuse) for s in _group(docs)]
    for filled in compared:
        assert filled.reuse_summary is not None
        assert filled.reuse or third.id not in filled.article_ids
    [seeds] = [s for s in compared if REPORT_ID in s.article_ids]
    exclusive_speakers = {e.name for e in seeds.exclusive_speakers}
    assert {"James Mattis", "Joseph Votel", "Curtis Scaparrotti", "Sediq Sediqi"} <= exclusive_speakers
    assert "John Nicholson" not in exclusive_speakers


def test_reused_passages_are_reported_sentence_by_sentence(shared: Path) -> None:
    docs = seed_documents()
    third, _ = third_article(shared / "data" / "fnc-1" / "train_bodies.csv")
    pairs, _ = corpus_reuse([*docs, third])
    [pair] = pairs
    sentences = [third.text[s:e] for p in pair.passages for s, e in p.b_sentences]
    assert any(s.startswith("On Monday, the general described") for s in sentences)
    # the general's own words, printed in quotation marks by both, are a quotation, not copied prose
    assert not any(s.lstrip('“"').startswith("Oh, no I") for s in sentences)


def test_a_failing_story_is_recorded_and_the_run_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    import newstrace.stages.stories as stage_module
    from newstrace.pipeline import Corpus, RunContext

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    docs = seed_documents()
    corpus = Corpus(documents=tuple(docs), stories=_group(docs))
    monkeypatch.setattr(stage_module, "compare_story", boom)
    out = stage_module.CompareStories(Settings.load())(corpus, RunContext(Settings.load()))
    assert out.stories == corpus.stories
    assert [f.stage for f in out.failures] == ["stories.compare.v1"]

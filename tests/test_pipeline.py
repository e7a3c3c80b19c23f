"""The Pipeline's contract: declared order, failure isolation, and what it keeps of the parses."""

from __future__ import annotations

import dataclasses

import pytest

from newstrace.errors import StageError
from newstrace.model import Article, Document
from newstrace.pipeline import (
    Corpus,
    CorpusStage,
    DocumentStage,
    Pipeline,
    RunContext,
    check_order,
    is_dead,
    register,
    registry,
)
from newstrace.settings import Settings

SETTINGS = Settings.load()


class Upper(DocumentStage):
    name = "test.upper.v1"
    requires = frozenset({"document.article"})
    provides = frozenset({"document.text"})

    def process(self, doc: Document, ctx: RunContext) -> Document:
        if "boom" in doc.article.raw:
            raise ValueError("exploded")
        return dataclasses.replace(doc, text=doc.article.raw.upper())


class NeedsParse(DocumentStage):
    name = "test.needs_parse.v1"
    requires = frozenset({"parse"})
    provides = frozenset({"document.quotes"})


class Broken(CorpusStage):
    name = "test.broken.v1"
    requires = frozenset({"document.text"})
    provides = frozenset({"corpus.stories"})

    def run(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        raise RuntimeError("a bug outside any article")


def _corpus(*texts: str) -> Corpus:
    return Corpus(tuple(Document(Article(id=f"a{i}", source=f"s{i}", raw=t)) for i, t in enumerate(texts)))


def test_a_failing_document_is_recorded_and_takes_no_further_part() -> None:
    result = Pipeline([Upper(SETTINGS)]).run(_corpus("fine", "boom", "also fine"), RunContext(SETTINGS))
    assert [d.text for d in result.documents] == ["FINE", "", "ALSO FINE"]
    [failure] = result.documents[1].failures
    assert (failure.stage, failure.article_id, failure.code, failure.fatal) == ("test.upper.v1", "a1", "E301", True)
    assert "exploded" in failure.message
    assert is_dead(result.documents[1]) and not is_dead(result.documents[0])


def test_a_corpus_stage_failing_as_a_whole_is_recorded_and_the_run_goes_on() -> None:
    result = Pipeline([Upper(SETTINGS), Broken(SETTINGS)]).run(_corpus("one", "two"), RunContext(SETTINGS))
    assert [d.text for d in result.documents] == ["ONE", "TWO"]
    [failure] = result.failures
    assert failure.stage == "test.broken.v1" and failure.code == "E305" and "outside any article" in failure.message


def test_requirements_are_checked_before_anything_runs() -> None:
    with pytest.raises(StageError, match=r"\[E303\].*requires parse"):
        Pipeline([Upper(SETTINGS), NeedsParse(SETTINGS)])


def test_check_order_accepts_a_consistent_order() -> None:
    check_order([Upper])


def test_a_stage_must_declare_real_fields() -> None:
    class Vague(DocumentStage):
        name = "test.vague.v1"
        requires = frozenset({"clean"})
        provides = frozenset({"document.text"})

    with pytest.raises(StageError, match=r"\[E302\].*clean"):
        register(Vague)
    assert "test.vague.v1" not in registry()


def test_default_pipeline_is_consistent_and_every_stage_is_registered() -> None:
    pipeline = Pipeline.from_settings(SETTINGS)
    assert pipeline.names == SETTINGS.get("pipeline.stages")
    assert set(pipeline.names) <= set(registry())


def test_unknown_stage_name_is_a_clear_error() -> None:
    settings = Settings.load(overrides={"pipeline.stages": '["no.such.stage"]'})
    with pytest.raises(StageError, match=r"\[E304\] unknown stage"):
        Pipeline.from_settings(settings)


def test_parses_are_dropped_after_the_last_stage_that_reads_them() -> None:
    seen: list[int] = []

    class Probe(DocumentStage):
        name = "test.probe.v1"
        requires = frozenset({"document.text"})
        provides = frozenset({"document.genre_scores"})

        def process(self, doc: Document, ctx: RunContext) -> Document:
            seen.append(len(ctx.parses))
            return doc

    class Reader(DocumentStage):
        name = "test.reader.v1"
        requires = frozenset({"parse"})
        provides = frozenset({"document.genre"})

        def process(self, doc: Document, ctx: RunContext) -> Document:
            ctx.parse(doc)
            return doc

    class Between(CorpusStage):
        name = "test.between.v1"
        requires = frozenset({"document.text"})
        provides = frozenset({"corpus.stories"})

        def run(self, corpus: Corpus, ctx: RunContext) -> Corpus:
            return corpus

    known = registry()
    stages = [known[n](SETTINGS) for n in ("clean.heuristic.v1", "annotate.spacy.v1")]
    # a reader after a corpus stage: the parses outlive their segment, so it runs unbatched
    ctx = RunContext(SETTINGS)
    pipeline = Pipeline([*stages, Probe(SETTINGS), Between(SETTINGS), Reader(SETTINGS), Probe(SETTINGS)])
    pipeline.run(_corpus("Some text."), ctx)
    assert seen == [1, 0]  # kept up to the reader, dropped right after it
    assert ctx.parses == {}
    # all in one segment: it runs batch by batch, each batch's parses dropped when the batch is done
    seen.clear()
    ctx = RunContext(SETTINGS)
    Pipeline([*stages, Probe(SETTINGS), Reader(SETTINGS), Probe(SETTINGS)]).run(_corpus("Some text."), ctx)
    assert seen == [1, 1]
    assert ctx.parses == {}


def test_segments_group_consecutive_document_stages_and_know_which_can_be_batched() -> None:
    pipeline = Pipeline.from_settings(SETTINGS)
    steps = pipeline.segments()
    assert [s.name for step in steps for s in step] == pipeline.names
    assert all(len(step) == 1 for step in steps if not isinstance(step[0], DocumentStage))
    clean = next(step for step in steps if step[0].name == "clean.heuristic.v1")
    assert pipeline.batchable(clean)
    annotate = next(step for step in steps if any(s.name == "annotate.spacy.v1" for s in step))
    later_reads_parse = any("parse" in s.requires for s in pipeline.stages[pipeline.stages.index(annotate[-1]) + 1 :])
    assert pipeline.batchable(annotate) is not later_reads_parse


def test_batches_workers_and_the_cache_change_nothing_and_a_cached_article_is_not_redone(tmp_path: object) -> None:
    from pathlib import Path

    from newstrace.pipeline import RunOptions
    from newstrace.report import build_report, report_to_dict
    from newstrace.store import StoreCache
    from tests.smallcorpus import ten_articles

    def report(options: RunOptions | None, faults: frozenset[tuple[str, str]] = frozenset()) -> dict[str, object]:
        corpus = Corpus(tuple(Document(a) for a in ten_articles()[2:7]))
        ctx = RunContext(SETTINGS, faults=faults)
        data = report_to_dict(build_report(Pipeline.from_settings(SETTINGS).run(corpus, ctx, options), SETTINGS))
        data.pop("created")
        return data

    cache = StoreCache(Path(str(tmp_path)) / "cache.duckdb")
    plain = report(None)
    assert report(RunOptions(batch_size=2, workers=2, cache=cache)) == plain
    # every batchable segment is cached now: a fault injected into a cached stage is never reached
    assert report(RunOptions(batch_size=2, cache=cache), frozenset({("clean.heuristic.v1", "r0")})) == plain

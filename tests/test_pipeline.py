import dataclasses

import pytest

from newstrace.errors import StageError
from newstrace.model import Article, Document
from newstrace.pipeline import Corpus, DocumentStage, Pipeline, RunContext, check_order, is_dead, registry
from newstrace.settings import Settings


class Upper(DocumentStage):
    name = "test.upper.v1"
    requires = frozenset({"article"})
    provides = frozenset({"clean"})

    def process(self, doc: Document, ctx: RunContext) -> Document:
        if "boom" in doc.article.raw:
            raise ValueError("exploded")
        return dataclasses.replace(doc, text=doc.article.raw.upper())


class NeedsParse(DocumentStage):
    name = "test.needs_parse.v1"
    requires = frozenset({"parse"})
    provides = frozenset({"quotes"})


def _corpus(*texts: str) -> Corpus:
    return Corpus(tuple(Document(Article(id=f"a{i}", source=f"s{i}", raw=t)) for i, t in enumerate(texts)))


def test_a_failing_document_is_recorded_and_the_run_goes_on() -> None:
    settings = Settings.load()
    result = Pipeline([Upper(settings)]).run(_corpus("fine", "boom", "also fine"), RunContext(settings))
    texts = [d.text for d in result.documents]
    assert texts == ["FINE", "", "ALSO FINE"]
    failed = result.documents[1]
    assert failed.failures[0].stage == "test.upper.v1"
    assert "exploded" in failed.failures[0].message
    assert not is_dead(failed)


def test_requirements_are_checked_before_anything_runs() -> None:
    settings = Settings.load()
    with pytest.raises(StageError, match="requires parse"):
        Pipeline([Upper(settings), NeedsParse(settings)])


def test_check_order_accepts_a_consistent_order() -> None:
    check_order([Upper])


def test_default_pipeline_is_consistent_and_every_stage_is_registered() -> None:
    settings = Settings.load()
    pipeline = Pipeline.from_settings(settings)
    assert pipeline.names == settings.get("pipeline.stages")
    assert set(pipeline.names) <= set(registry())


def test_unknown_stage_name_is_a_clear_error() -> None:
    settings = Settings.load(overrides={"pipeline.stages": '["no.such.stage"]'})
    with pytest.raises(StageError, match="unknown stage"):
        Pipeline.from_settings(settings)


def test_scratch_data_is_dropped_when_the_run_ends() -> None:
    settings = Settings.load()
    ctx = RunContext(settings)
    ctx.put("a0", "spacy", object())
    Pipeline([Upper(settings)]).run(_corpus("x"), ctx)
    assert ctx.scratch == {}

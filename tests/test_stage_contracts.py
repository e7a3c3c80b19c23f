"""Every registered stage keeps its contract on a real run.

- **Truthful declarations**: a stage run on its real input and on the same input with every field it
  does not declare in ``requires`` emptied must produce the same ``provides``; a stage must write
  nothing it does not declare. A stage that reads an undeclared field fails this check (the test
  proves it with a stage made to do so).
- **Failure isolation**: for every stage of the default pipeline, a fault injected on one article of
  ten leaves a report with nine analysed articles and one recorded failure naming the stage.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import pytest

from newstrace.model import Article, Document, Story
from newstrace.pipeline import Corpus, DocumentStage, Pipeline, RunContext, Stage
from newstrace.report import build_report, report_to_dict
from newstrace.settings import Settings
from newstrace.text.parse import Parse
from tests.smallcorpus import CLAIM, ten_articles

SETTINGS = Settings.load()
STAGES = SETTINGS.get("pipeline.stages")


def _empty(cls: type[Any], name: str) -> Any:
    field = next(f for f in dataclasses.fields(cls) if f.name == name)
    if field.default is not dataclasses.MISSING:
        return field.default
    assert field.default_factory is not dataclasses.MISSING, f"{cls.__name__}.{name} has no empty value"
    return field.default_factory()


def _blank_document(doc: Document, keep: frozenset[str]) -> Document:
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(Document):
        if f"document.{f.name}" in keep or f.name == "failures":
            continue
        if f.name == "article":  # the article's identity stays; its content and metadata go
            changes["article"] = Article(id=doc.article.id, source=doc.article.source, raw="")
        else:
            changes[f.name] = _empty(Document, f.name)
    return dataclasses.replace(doc, **changes)


def _blank_story(story: Story, keep: frozenset[str]) -> Story:
    changes = {
        f.name: _empty(Story, f.name)
        for f in dataclasses.fields(Story)
        if f.name not in ("id", "article_ids") and f"story.{f.name}" not in keep
    }
    return dataclasses.replace(story, **changes)


def blanked(corpus: Corpus, keep: frozenset[str]) -> Corpus:
    """``corpus`` with everything a stage that requires only ``keep`` must not read emptied."""
    return Corpus(
        documents=tuple(_blank_document(d, keep) for d in corpus.documents),
        stories=tuple(_blank_story(s, keep) for s in corpus.stories) if "corpus.stories" in keep else (),
        user_claims=corpus.user_claims if "corpus.user_claims" in keep else (),
        failures=corpus.failures,
    )


def _fields(corpus: Corpus, names: Iterable[str], parses: dict[str, Parse]) -> dict[str, Any]:
    """The values of ``names`` in ``corpus``, for comparison."""
    out: dict[str, Any] = {}
    for name in sorted(names):
        kind, _, field = name.partition(".")
        if kind == "document":
            out[name] = {d.id: getattr(d, field) for d in corpus.documents}
        elif kind == "story":
            out[name] = {s.id: getattr(s, field) for s in corpus.stories}
        elif name == "corpus.stories":
            out[name] = [(s.id, s.article_ids) for s in corpus.stories]
        elif name == "corpus.user_claims":
            out[name] = corpus.user_claims
        elif name == "parse":
            out[name] = {k: p.text for k, p in parses.items()}
    out["dead"] = sorted(d.id for d in corpus.documents if any(f.fatal for f in d.failures))
    return out


def _run(stage: Stage, corpus: Corpus, parses: dict[str, Parse]) -> tuple[Corpus, dict[str, Parse]]:
    ctx = RunContext(SETTINGS, parses=dict(parses))
    return stage(corpus, ctx), ctx.parses


def undeclared(stage: Stage, corpus: Corpus, parses: dict[str, Parse]) -> list[str]:
    """What ``stage`` reads or writes without declaring it, on this input (empty when it keeps its word)."""
    full, full_parses = _run(stage, corpus, parses)
    kept_parses = parses if "parse" in stage.requires else {}
    blank, blank_parses = _run(stage, blanked(corpus, stage.requires), kept_parses)
    problems = []
    want, got = _fields(full, stage.provides, full_parses), _fields(blank, stage.provides, blank_parses)
    problems += [f"reads something undeclared: {k} differs" for k in want if want[k] != got[k]]
    others = {f"document.{f.name}" for f in dataclasses.fields(Document)} - stage.provides - {"document.failures"}
    others |= {f"story.{f.name}" for f in dataclasses.fields(Story)} - stage.provides
    before, after = _fields(corpus, others, {}), _fields(full, others, {})
    for key in sorted(others):
        # only what was there before counts: documents a stage drops (exact copies) and the fields of
        # stories a stage makes are not writes
        common = before[key].keys() & after[key].keys()
        if any(before[key][i] != after[key][i] for i in common):
            problems.append(f"writes something undeclared: {key}")
    return problems


@pytest.fixture(scope="module")
def inputs(nlp: Any) -> dict[str, tuple[Corpus, dict[str, Parse]]]:
    """The corpus and the parses each stage of the default pipeline receives, on the small corpus."""
    pipeline = Pipeline.from_settings(SETTINGS)
    ctx = RunContext(SETTINGS)
    corpus = Corpus(tuple(Document(a) for a in ten_articles()))
    out = {}
    for stage in pipeline.stages:
        out[stage.name] = (corpus, dict(ctx.parses))
        corpus = stage(corpus, ctx)
    assert not [f for d in corpus.documents for f in d.failures if f.fatal], "the small corpus runs cleanly"
    assert corpus.stories and all(s.claims for s in corpus.stories), "every stage has something to work on"
    return out


@pytest.mark.parametrize("name", STAGES)
def test_each_stage_reads_and_writes_only_what_it_declares(
    name: str, inputs: dict[str, tuple[Corpus, dict[str, Parse]]]
) -> None:
    from newstrace.pipeline import registry

    stage = registry()[name](SETTINGS)
    corpus, parses = inputs[name]
    assert undeclared(stage, corpus, parses) == []


def test_the_check_catches_a_stage_that_reads_an_undeclared_field(
    inputs: dict[str, tuple[Corpus, dict[str, Parse]]],
) -> None:
    class SneakyGenre(DocumentStage):
        name = "test.sneaky.v1"
        requires = frozenset({"document.text"})  # but it reads document.genre as well
        provides = frozenset({"document.claims"})

        def process(self, doc: Document, ctx: RunContext) -> Document:
            from newstrace.model import Claim

            label = doc.genre.value if doc.genre else "none"
            return dataclasses.replace(doc, claims=(Claim(f"{doc.id}:g", f"{label}: {doc.text[:20]}"),))

    corpus, parses = inputs["stance.v1"]  # genre is set by then
    assert undeclared(SneakyGenre(SETTINGS), corpus, parses) == ["reads something undeclared: document.claims differs"]


def test_the_check_catches_a_stage_that_writes_an_undeclared_field(
    inputs: dict[str, tuple[Corpus, dict[str, Parse]]],
) -> None:
    class Overwriter(DocumentStage):
        name = "test.overwriter.v1"
        requires = frozenset({"document.text"})
        provides = frozenset({"document.claims"})

        def process(self, doc: Document, ctx: RunContext) -> Document:
            return dataclasses.replace(doc, claims=(), quotes=())

    corpus, parses = inputs["stance.v1"]
    assert undeclared(Overwriter(SETTINGS), corpus, parses) == ["writes something undeclared: document.quotes"]


@pytest.mark.parametrize("name", STAGES)
def test_a_stage_failing_on_one_article_of_ten_leaves_nine_analysed(name: str, nlp: Any) -> None:
    articles = ten_articles()
    victim = articles[3].id
    pipeline = Pipeline.from_settings(SETTINGS)
    ctx = RunContext(SETTINGS, faults=frozenset({(name, victim)}))
    from newstrace.analysis import user_claims

    corpus = Corpus(tuple(Document(a) for a in articles), user_claims=user_claims([CLAIM]))
    report = report_to_dict(build_report(pipeline.run(corpus, ctx), SETTINGS))
    assert len(report["articles"]) == 9
    assert victim not in {a["id"] for a in report["articles"]}
    failures = [f for f in report["failures"] if f["fatal"]]
    assert [(f["stage"], f["article_id"]) for f in failures] == [(name, victim)]
    assert [s["id"] for s in report["skipped"]] == [victim]
    analysed = [a for a in report["articles"] if a["stance"]]
    assert len(analysed) == 9, "the other nine go through every stage, stance included"


def test_work_shared_out_among_processes_keeps_the_results_and_the_isolation(nlp: Any) -> None:
    """The per-article segment and the stance stage's per-article work in two processes: same report, and a
    fault on one article in either still leaves nine analysed."""
    from newstrace.analysis import user_claims
    from newstrace.pipeline import RunOptions

    def run(options: RunOptions | None, faults: frozenset[tuple[str, str]]) -> dict[str, Any]:
        corpus = Corpus(tuple(Document(a) for a in ten_articles()), user_claims=user_claims([CLAIM]))
        ctx = RunContext(SETTINGS, faults=faults)
        data = report_to_dict(build_report(Pipeline.from_settings(SETTINGS).run(corpus, ctx, options), SETTINGS))
        data.pop("created")
        return data

    victim = ten_articles()[3].id
    for stage in ("annotate.spacy.v1", "stance.v1"):
        faults = frozenset({(stage, victim)})
        serial, shared = run(None, faults), run(RunOptions(batch_size=3, workers=2), faults)
        assert shared == serial
        assert len(shared["articles"]) == 9
        assert [(f["stage"], f["article_id"]) for f in shared["failures"] if f["fatal"]] == [(stage, victim)]

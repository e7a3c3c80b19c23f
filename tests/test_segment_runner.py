"""``RunOptions.runner``: the pipeline hands a batchable segment's batches to a runner (the Spark backend's hook)
and takes back what it returns; a runner that runs them elsewhere changes nothing in the report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newstrace.model import Document
from newstrace.pipeline import Corpus, Pipeline, RunContext, RunOptions, _run_stages, registry
from newstrace.report import build_report, report_to_dict
from newstrace.settings import Settings
from tests.smallcorpus import ten_articles

SETTINGS = Settings.load()


class Elsewhere:
    """Runs each batch with stages of its own (as an executor builds them), recording what it was given."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], list[int]]] = []

    def __call__(
        self,
        names: Sequence[str],
        settings: Settings,
        faults: frozenset[tuple[str, str]],
        batches: Sequence[list[Document]],
    ) -> Iterable[list[Document]]:
        self.calls.append((list(names), [len(b) for b in batches]))
        stages = [registry()[n](settings) for n in names]
        return [_run_stages(stages, batch, RunContext(settings, faults=faults)) for batch in batches]


def _report(options: RunOptions | None) -> dict[str, object]:
    corpus = Corpus(tuple(Document(a) for a in ten_articles()[2:7]))
    data = report_to_dict(
        build_report(Pipeline.from_settings(SETTINGS).run(corpus, RunContext(SETTINGS), options), SETTINGS)
    )
    data.pop("created", None)
    return data


def test_a_runner_gets_every_batchable_segment_and_changes_nothing() -> None:
    runner = Elsewhere()
    assert _report(RunOptions(batch_size=2, runner=runner)) == _report(None)
    pipeline = Pipeline.from_settings(SETTINGS)
    batchable = [[s.name for s in step] for step in pipeline.segments() if pipeline.batchable(step)]
    assert [names for names, _ in runner.calls] == batchable
    assert runner.calls[0][1] == [2, 2, 1]

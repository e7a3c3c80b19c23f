"""The pipeline and scale benchmarks' shape (their figures are measured by `newstrace bench`, never asserted here)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from newstrace.bench import _pipeline, _scale
from newstrace.pipeline import Corpus, Pipeline, RunContext
from newstrace.settings import Settings

TEXTS = [
    'The mayor said on Monday that the bridge would reopen in May. "We are on schedule," she said.',
    "Heavy snow closed every school in the region. Officials expect more snow on Tuesday, the agency said.",
    "The parliament passed the budget late on Friday after a long debate, according to two members.",
    "Police said the fire started in a kitchen. Nobody was hurt, a spokesman told reporters.",
]


def _fake_data(folder: Path) -> Path:
    """A made-up data folder in the layouts the benchmarks read (not the benchmark data)."""
    (folder / "fnc-1").mkdir(parents=True)
    with (folder / "fnc-1" / "train_bodies.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Body ID", "articleBody"])
        for i, text in enumerate(TEXTS):
            writer.writerow([i, text])
    (folder / "basil").mkdir()
    with (folder / "basil" / "articles.jsonl").open("w", encoding="utf-8") as fh:
        for i, text in enumerate(TEXTS):
            sentences = [{"text": text, "paragraph": 0}, {"text": "A second paragraph.", "paragraph": 1}]
            record = {"article_id": f"b{i}", "source": "x", "title": f"T{i}", "sentences": sentences}
            fh.write(json.dumps(record) + "\n")
    return folder


def test_every_stage_of_a_run_has_its_seconds() -> None:
    settings = Settings.load()
    pipeline = Pipeline.from_settings(settings)
    ctx = RunContext(settings)
    from newstrace.model import Article, Document

    docs = tuple(Document(Article(f"a{i}", f"a{i}.txt", t)) for i, t in enumerate(TEXTS[:2]))
    pipeline.run(Corpus(docs), ctx)
    assert set(ctx.timings) == set(pipeline.names)
    assert all(seconds >= 0 for seconds in ctx.timings.values())


def test_the_sample_is_fixed_and_half_from_each_source(tmp_path: Path) -> None:
    data = _fake_data(tmp_path)
    first = _pipeline.sample_records(data, 4)
    assert first == _pipeline.sample_records(data, 4)
    assert [r["id"] for r in first] == ["fnc1-0", "fnc1-2", "basil-b0", "basil-b2"]
    assert first[2]["text"] == f"T0\n\n{TEXTS[0]}\n\nA second paragraph."


def test_the_pipeline_bench_reports_spacy_the_pipeline_and_their_ratio() -> None:
    records = [{"id": f"t{i}", "text": t} for i, t in enumerate(TEXTS)]
    result = _pipeline.bench_pipeline(records, workers=(1, 2))
    assert (result["articles"], result["ratio"]) == (4, result["workers_1"]["ratio"])
    assert result["tokens"] > 40
    for key in ("workers_1", "workers_2"):
        run = result[key]
        assert run["spacy_seconds"] > 0 and run["pipeline_seconds"] > 0 and run["ratio"] > 0
        assert {"read", "annotate.spacy.v1", "stance.v1", "report"} <= set(run["stage_shares"])
        assert sum(run["stage_shares"].values()) == pytest.approx(1.0, abs=0.02)


def test_without_the_data_the_benchmarks_say_why_they_skipped(tmp_path: Path) -> None:
    assert "fnc-1" in _pipeline.bench_from_data(None)["skipped"]
    assert "fnc-1" in _pipeline.bench_from_data(tmp_path)["skipped"]
    assert "fnc-1" in _scale.bench_from_data(None)["skipped"]
    assert "fnc-1" in _scale.bench_from_data(tmp_path)["skipped"]


def test_a_larger_corpus_repeats_the_texts_in_disjoint_copies(tmp_path: Path) -> None:
    data = _fake_data(tmp_path)
    records = list(_scale.corpus_records(data, 10))
    assert len(records) == 10 and len({r["id"] for r in records}) == 10
    assert [r["id"] for r in records[:3]] == ["fnc1-0", "basil-b0", "fnc1-1"]
    copy = records[8]
    assert copy["id"] == "fnc1-0-1"
    assert copy["text"].startswith("The mayor1 said1 on Monday1 that the bridge1")


def test_the_scale_bench_runs_analyze_and_reports_time_and_memory(tmp_path: Path) -> None:
    data = _fake_data(tmp_path / "data")
    result = _scale.bench_scale(data, sizes=(2, 4), workers=(1,))
    for n in (2, 4):
        run = result[f"{n}_workers_1"]
        assert run["exit"] == 0, run.get("stderr_tail")
        assert run["seconds"] > 0 and run["peak_rss_mb"] > 50 and run["report_json_mb"] is not None
    assert set(result["growth_workers_1"]) == {"size_ratio", "time_ratio", "peak_rss_ratio"}

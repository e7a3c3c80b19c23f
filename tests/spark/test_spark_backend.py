"""The Spark backend gives the report the local run gives: the same stories, quotes and stances on 300
BASIL + PAC articles (read as the coverage evaluations read them, written to one Parquet file that both runs
read)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newstrace import Settings, analyze
from newstrace.bench._spark import write_corpus
from newstrace.codec import to_plain
from newstrace.model import Report
from newstrace.report import report_to_dict

pytestmark = pytest.mark.spark

ARTICLES = 300


def _stories(report: Report) -> list[tuple[list[str], list[str]]]:
    return sorted((sorted(s.article_ids), [c.text for c in s.claims]) for s in report.stories)


def _plain(report: Report) -> dict[str, Any]:
    data = report_to_dict(report)
    data.pop("created", None)
    return data


def _per_article(report: Report, name: str) -> dict[str, Any]:
    return {d.id: to_plain(getattr(d, name)) for d in report.documents}


def test_spark_run_gives_the_local_report(spark: Any, shared: Path, tmp_path: Path) -> None:
    from newstrace.spark import run_spark

    corpus = tmp_path / "articles.parquet"
    write_corpus(shared / "data", corpus, ARTICLES)
    settings = Settings.load()
    local = analyze([str(corpus)], settings)
    run = run_spark([str(corpus)], tmp_path / "out", spark=spark, settings=settings)

    assert len(local.documents) == ARTICLES
    assert [d.id for d in run.report.documents] == [d.id for d in local.documents]
    quotes = sum(len(d.quotes) for d in local.documents)
    stances = sum(len(d.stances) for d in local.documents)
    assert len(local.stories) >= 50 and quotes >= 1000 and stances >= 100, (len(local.stories), quotes, stances)
    assert _stories(run.report) == _stories(local)
    assert _per_article(run.report, "quotes") == _per_article(local, "quotes")
    assert _per_article(run.report, "stances") == _per_article(local, "stances")
    assert _plain(run.report) == _plain(local)

    on_disk = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    on_disk.pop("created", None)
    assert on_disk == json.loads(json.dumps(_plain(local)))
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "out" / "tables" / "quotes.parquet").num_rows == quotes
    assert pq.read_table(tmp_path / "out" / "tables" / "stances.parquet").num_rows == len(local.to_frames()["stances"])


def test_unreadable_rows_are_failures_not_crashes(spark: Any, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newstrace.spark import read_articles

    path = tmp_path / "mixed.parquet"
    text = "The minister said on Monday that the bridge would reopen next year. " * 5
    pq.write_table(pa.table({"text": [text, "", text], "title": ["a", "b", "c"]}), path)
    articles, failures = read_articles(spark, [str(path)], Settings.load())
    assert [a.source for a in articles] == [f"{path}:1", f"{path}:3"]
    assert [(f.source, f.code) for f in failures] == [(f"{path}:2", "E106")]
    assert len({a.id for a in articles}) == 2

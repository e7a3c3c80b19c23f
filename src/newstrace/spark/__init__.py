"""The cluster backend: the per-article stages on Spark executors, the corpus stages on the driver.

``pip install 'newstrace[spark]'`` (PySpark and a Java runtime); nothing else in newstrace imports
this package. A run reads Parquet corpora with Spark, turns each row into an Article on the
executors with the ingest's own ``record_to_article``, then runs the ordinary :class:`Pipeline`
with a :class:`SparkRunner`: every segment of document stages that the local run does batch by
batch (clean; annotate → stance.read) goes to the executors as Arrow batches, one batch of
``run.batch_size`` documents at a time, with spaCy and the stages built once per executor process.
Only the fields a segment reads travel out and only those it provides come back (as plain JSON,
:mod:`newstrace.codec`), exactly what the local run keeps in its per-article cache. The corpus
stages (dedupe, entities.link, stories, core claims, stance, comparison) run on the driver from
those results, so the report is the one the local run writes on the same input: report.json,
report.md, report.html, plus every table of ``Report.to_frames`` as Parquet under ``tables/``.

The driver holds every document's results (not its parse): its memory grows with the corpus.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from newstrace.analysis import user_claims
from newstrace.codec import from_plain, to_plain
from newstrace.errors import ConfigError
from newstrace.model import Article, Document, Failure, Report
from newstrace.pipeline import Corpus, Pipeline, RunContext, RunOptions, _applied, _document_fields, registry
from newstrace.report import build_report, write_reports
from newstrace.settings import Settings
from newstrace.spark import _executor

log = logging.getLogger(__name__)

__all__ = ["SparkRun", "SparkRunner", "read_articles", "run_spark", "session"]

#: The Arrow schema of what an executor sends back for one document.
RESULT_SCHEMA = "pos long, result string"


def session(master: str | None = None, app_name: str = "newstrace") -> Any:
    """The active SparkSession, or a new one (``master`` e.g. ``local[2]``; None: what spark-submit set)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigError("the Spark backend needs PySpark: pip install 'newstrace[spark]'") from None
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
        if master.startswith("local"):
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the local workers run this Python
    return builder.getOrCreate()


class SparkRunner:
    """A :class:`~newstrace.pipeline.SegmentRunner` that runs a segment's batches on Spark executors."""

    def __init__(self, spark: Any, partitions: int = 0) -> None:
        self.spark = spark
        self.partitions = partitions or spark.sparkContext.defaultParallelism
        self.seconds = 0.0  # wall time of the segments on the executors, transfer both ways included

    def __call__(
        self,
        names: Sequence[str],
        settings: Settings,
        faults: frozenset[tuple[str, str]],
        batches: Sequence[list[Document]],
    ) -> Iterable[list[Document]]:
        import pyarrow as pa

        docs = [d for batch in batches for d in batch]
        if not docs:
            return []
        start = time.perf_counter()
        known = registry()
        reads = _document_fields(n for name in names for n in known[name].requires)
        rows = pa.table(
            {
                "pos": pa.array(range(len(docs)), pa.int64()),
                "batch": pa.array([i for i, batch in enumerate(batches) for _ in batch], pa.int64()),
                "doc": [json.dumps(_sent(d, reads), ensure_ascii=False) for d in docs],
            }
        )
        batch_size = max(len(b) for b in batches)
        self.spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch_size))
        frame = self.spark.createDataFrame(rows).repartition(min(self.partitions, len(batches)), "batch")
        task = _executor.SegmentTask(tuple(names), settings, faults)
        results = frame.select("pos", "doc").mapInArrow(task, RESULT_SCHEMA).toArrow()
        by_pos = dict(zip(results.column("pos").to_pylist(), results.column("result").to_pylist(), strict=True))
        done = [_applied(d, json.loads(by_pos[i])) for i, d in enumerate(docs)]
        self.seconds += time.perf_counter() - start
        return [done[i : i + len(b)] for i, b in zip(_starts(batches), batches, strict=True)]


def _starts(batches: Sequence[list[Document]]) -> list[int]:
    out, at = [], 0
    for batch in batches:
        out.append(at)
        at += len(batch)
    return out


def _sent(doc: Document, reads: Sequence[str]) -> dict[str, Any]:
    """What an executor needs of ``doc``: the article and the fields the segment reads (its result depends on
    nothing else, which the local run's per-article cache relies on too)."""
    out = {f: to_plain(getattr(doc, f)) for f in reads}
    out["article"] = to_plain(doc.article)
    return out


def read_articles(
    spark: Any, inputs: Sequence[str], settings: Settings, columns: Mapping[str, str] | None = None
) -> tuple[list[Article], list[Failure]]:
    """The rows of Parquet files or folders as Articles, read on the executors, in file and row order.

    A row is named ``FILE:ROW`` as the local run names it (``FILE`` as given, or under the folder
    given; a file Spark reads from elsewhere keeps its URI). A row without text is a Failure.
    """
    names = _local_names(inputs)
    frame = spark.read.parquet(*inputs).select("*", "_metadata.file_path", "_metadata.row_index")
    task = _executor.IngestTask(settings, dict(columns or {}), names)
    table = frame.mapInArrow(task, _executor.INGEST_SCHEMA).toArrow()
    rows = sorted(zip(*(table.column(c).to_pylist() for c in ("file", "row", "kind", "item")), strict=True))
    articles: list[Article] = []
    failures: list[Failure] = []
    seen: dict[str, int] = {}
    for _, _, kind, item in rows:
        if kind == "failure":
            failures.append(from_plain(Failure, json.loads(item)))
            continue
        article: Article = from_plain(Article, json.loads(item))
        count = seen.get(article.id, 0)  # ids unique inside a run, as the local run makes them
        seen[article.id] = count + 1
        articles.append(article if count == 0 else replace(article, id=f"{article.id}-{count}"))
    return articles, failures


def _local_names(inputs: Sequence[str]) -> dict[str, str]:
    """Each local Parquet file's path (resolved) → its name as the local run gives it."""
    from newstrace.stages.ingest._source import shown

    out: dict[str, str] = {}
    for given in inputs:
        if "://" in given and not given.startswith("file:"):
            continue
        path = Path(unquote(urlparse(given).path) if given.startswith("file:") else given)
        if path.is_file():
            out[str(path.resolve())] = shown(given)
        elif path.is_dir():
            for file in sorted(path.rglob("*.parquet")):
                out[str(file.resolve())] = shown(Path(given) / file.relative_to(path))
    return out


@dataclass
class SparkRun:
    report: Report
    written: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def run_spark(
    inputs: Sequence[str],
    out: Path | None,
    *,
    spark: Any,
    settings: Settings | None = None,
    claims: Sequence[str] = (),
    columns: Mapping[str, str] | None = None,
    formats: Sequence[str] | None = None,
    partitions: int = 0,
) -> SparkRun:
    """Analyse Parquet corpora on Spark and write the reports and the Parquet tables into ``out`` (None: write
    nothing). The report is the one ``newstrace analyze`` writes on the same files."""
    settings = settings or Settings.load()
    pipeline = Pipeline.from_settings(settings)
    if not inputs:
        raise ConfigError("newstrace spark needs at least one Parquet file or folder")
    t0 = time.perf_counter()
    articles, failures = read_articles(spark, inputs, settings, columns)
    t1 = time.perf_counter()
    corpus = Corpus(
        documents=tuple(Document(article=a) for a in articles),
        user_claims=user_claims(claims),
        failures=tuple(failures),
    )
    runner = SparkRunner(spark, partitions)
    options = RunOptions(batch_size=int(settings.get("run.batch_size")), runner=runner)
    corpus = pipeline.run(corpus, RunContext(settings), options)
    report = build_report(corpus, settings)
    t2 = time.perf_counter()
    seconds = {"read": t1 - t0, "analyse": t2 - t1, "executors": runner.seconds, "driver": t2 - t1 - runner.seconds}
    run = SparkRun(report, seconds={k: round(v, 2) for k, v in seconds.items()})
    if out is not None:
        run.written = write_reports(report, out, formats or settings.get("report.formats"))
        run.written += write_tables(report, out / "tables")
    return run


def write_tables(report: Report, folder: Path) -> list[Path]:
    """Every table of ``Report.to_frames`` (articles, quotes, stances, stories, ...) as ``folder/NAME.parquet``."""
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in report.to_frames("arrow").items():
        path = folder / f"{name}.parquet"
        temp = folder / f".{name}.parquet.tmp"
        pq.write_table(table, temp)
        temp.replace(path)
        written.append(path)
    return written

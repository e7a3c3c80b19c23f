"""The Spark backend in local mode next to the local run (``newstrace bench --only spark``).

Both analyse the same Parquet file of BASIL + PAC articles (the first ``ARTICLES // 2`` of each, as
the coverage evaluations read them) with the same settings and the same number of cores: the local
run with ``run.workers`` = ``CORES`` processes, Spark as ``local[CORES]``. Reported: seconds and
articles/s of each, articles/s per core, the Spark run's split between the executors (the per-article
stages, Arrow transfer included) and the driver (reading results back, the corpus stages, the report),
the session's start-up (not counted in the run), whether the two reports are equal, and the
executor core-hours one million articles would take at the measured per-core rate (a projection: see
docs/spark.md for its assumptions).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

ARTICLES = 100
CORES = 2


def bench_from_data(data: Path | None) -> dict[str, Any]:
    if data is None or not (data / "basil").is_dir() or not (data / "pac-partisan-events").is_dir():
        return {"skipped": "needs ../shared/data/basil and ../shared/data/pac-partisan-events"}
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return {"skipped": "needs the spark extra: pip install 'newstrace[spark]'"}
    if shutil.which("java") is None:
        return {"skipped": "needs a Java runtime (17 or later) on the PATH"}
    with tempfile.TemporaryDirectory(prefix="newstrace-bench-spark-") as tmp:
        corpus = Path(tmp) / "articles.parquet"
        write_corpus(data, corpus, ARTICLES)
        return bench_spark(corpus, CORES)


def write_corpus(data: Path, path: Path, n: int) -> None:
    """The first ``n // 2`` BASIL and ``n - n // 2`` PAC articles as one Parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newstrace.evaluation.coverage_corpora import load_all

    gold = load_all([data / "basil", data / "pac-partisan-events"])
    half = n // 2
    picked = [g for g in gold if g.corpus == "basil"][:half] + [g for g in gold if g.corpus == "pac"][: n - half]
    rows = [g.article for g in picked]
    columns: dict[str, list[Any]] = {
        "id": [a.id for a in rows],
        "title": [a.title for a in rows],
        "text": [a.raw for a in rows],
        "outlet": [a.outlet for a in rows],
        "url": [a.url for a in rows],
        "date": [a.published for a in rows],
    }
    pq.write_table(pa.table(columns), path)


def bench_spark(corpus: Path, cores: int) -> dict[str, Any]:
    from newstrace.analysis import analyze
    from newstrace.report import report_to_dict
    from newstrace.settings import Settings
    from newstrace.spark import run_spark, session

    settings = Settings.load(overrides={"run.workers": cores})
    t0 = time.perf_counter()
    local = analyze([str(corpus)], settings)
    t1 = time.perf_counter()
    spark = session(f"local[{cores}]", app_name="newstrace-bench")
    spark.sparkContext.setLogLevel("ERROR")
    t2 = time.perf_counter()
    run = run_spark([str(corpus)], None, spark=spark, settings=settings)
    t3 = time.perf_counter()
    spark.stop()
    n = len(local.documents)
    local_rate = n / (t1 - t0)
    spark_rate = n / (t3 - t2)
    executor_rate = n / run.seconds["executors"] / cores
    return {
        "articles": n,
        "cores": cores,
        "load_average_1min": round(os.getloadavg()[0], 2),
        "local_seconds": round(t1 - t0, 2),
        "spark_seconds": round(t3 - t2, 2),
        "spark_session_start_seconds": round(t2 - t1, 2),
        "spark_executor_seconds": run.seconds["executors"],
        "spark_driver_seconds": round(t3 - t2 - run.seconds["executors"], 2),
        "local_articles_per_s": round(local_rate, 3),
        "spark_articles_per_s": round(spark_rate, 3),
        "local_articles_per_core_s": round(local_rate / cores, 3),
        "spark_articles_per_core_s": round(spark_rate / cores, 3),
        "spark_executor_articles_per_core_s": round(executor_rate, 3),
        "spark_to_local_throughput": round(spark_rate / local_rate, 3),
        "same_report": _plain(report_to_dict(run.report)) == _plain(report_to_dict(local)),
        "executor_core_hours_per_million_articles": round(1e6 / executor_rate / 3600, 1),
    }


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    data.pop("created", None)
    return data

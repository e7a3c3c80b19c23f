"""One local Spark session (local[2]) for every Spark test; they skip without PySpark or a Java runtime."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark", reason="the Spark tests need the spark extra: pip install -e '.[dev,spark]'")
    if shutil.which("java") is None:
        pytest.skip("the Spark tests need a Java runtime (17 or later) on the PATH")
    from newstrace.spark import session

    spark = session("local[2]", app_name="newstrace-tests")
    spark.sparkContext.setLogLevel("ERROR")
    yield spark
    spark.stop()

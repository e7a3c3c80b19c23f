"""`newstrace bench`: throughput figures, each measured side by side with its baseline in one run.

Ratios, not absolute timings, are what to compare across machines. Each benchmark is a
function ``(data_dir: Path | None) -> dict`` registered in BENCHMARKS; a benchmark whose
data is missing reports why instead of failing the others. Those in ON_REQUEST run only when
named with ``--only``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from newstrace.errors import ConfigError

log = logging.getLogger(__name__)

#: name -> "module:function"; each function takes the shared data folder (or None).
BENCHMARKS: dict[str, str] = {
    "attribution": "newstrace.bench._attribution:bench_from_data",
    "extraction": "newstrace.bench._ingest:bench_from_data",
    "pipeline": "newstrace.bench._pipeline:bench_from_data",
    "scale": "newstrace.bench._scale:bench_from_data",
    "stories": "newstrace.bench._stories:bench_from_data",
    "stance": "newstrace.bench._stance:bench_from_data",
    "spark": "newstrace.bench._spark:bench_from_data",
}


#: Run only when asked for by name (``--only scale``): analyses thousands of articles, for hours.
ON_REQUEST = frozenset({"scale"})


def default_data_dir() -> Path | None:
    here = Path.cwd()
    for base in (here, *here.parents):
        candidate = base.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return None


def _load(target: str) -> Callable[[Path | None], dict[str, Any]]:
    module, func = target.split(":")
    fn: Callable[[Path | None], dict[str, Any]] = getattr(importlib.import_module(module), func)
    return fn


def run_benchmarks(data: Path | None = None, *, only: Sequence[str] | None = None) -> dict[str, dict[str, Any]]:
    names = list(only) if only else [n for n in BENCHMARKS if n not in ON_REQUEST]
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        raise ConfigError(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    data = data or default_data_dir()
    results: dict[str, dict[str, Any]] = {}
    for name in names:
        log.info("benchmark %s", name)
        results[name] = _load(BENCHMARKS[name])(data)
    return results

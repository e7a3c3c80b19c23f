"""Public-benchmark evaluations, one module per benchmark.

Each module ``newstrace.evaluation.<name>`` exposes::

    def evaluate(data: Path, *, predictions: Path | None = None, limit: int | None = None) -> dict[str, Any]

returning ``{"metrics": {...}, ...extra detail}``; ``limit`` selects a fixed, deterministic
subset (used by the CI gates). The metric names follow docs/evaluation.md and DESIGN.md.
A benchmark in ``MULTI_DATA`` also takes a list of folders (``--data`` given more than once).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newstrace.errors import ConfigError, InputError

#: benchmark name on the command line -> module in this package
BENCHMARKS: dict[str, str] = {
    "fnc1": "fnc1",
    "emergent": "emergent",
    "extraction": "extraction",
    "quotes": "quotes",
    "stories": "stories",
    "claims": "claims",
    "claim-matching": "claim_matching",
    "coverage": "coverage",
    "basil-speakers": "basil_speakers",
    "smoke": "smoke",
    "reuse": "reuse",
}


#: Benchmarks whose result depends on the ``embeddings.model`` setting (they take ``embeddings=``).
USES_EMBEDDINGS = frozenset({"fnc1", "claim-matching", "coverage", "basil-speakers", "stories"})

#: Benchmarks that read several data folders at once (``stories``: BASIL and PAC as one corpus).
MULTI_DATA = frozenset({"stories"})


def evaluate(
    name: str,
    data: Path | Sequence[Path],
    *,
    predictions: Path | None = None,
    limit: int | None = None,
    embeddings: str = "auto",
) -> dict[str, Any]:
    if name not in BENCHMARKS:
        raise ConfigError(f"unknown benchmark '{name}'; choose one of: {', '.join(BENCHMARKS)}")
    paths = [Path(data)] if isinstance(data, str | Path) else [Path(p) for p in data]
    if not paths:
        raise ConfigError("no --data given; pass the benchmark's folder")
    if len(paths) > 1 and name not in MULTI_DATA:
        raise ConfigError(
            f"'{name}' reads one data folder; --data may be repeated only for {', '.join(sorted(MULTI_DATA))}"
        )
    for path in paths:
        if not path.exists():
            raise InputError(f"benchmark data not found at {path}; pass --data PATH to the benchmark's folder")
    module = importlib.import_module(f"newstrace.evaluation.{BENCHMARKS[name]}")
    options: dict[str, Any] = {"embeddings": embeddings} if name in USES_EMBEDDINGS else {}
    given: Path | list[Path] = paths[0] if len(paths) == 1 else paths
    result: dict[str, Any] = module.evaluate(given, predictions=predictions, limit=limit, **options)
    return result

"""Public-benchmark evaluations, one module per benchmark.

Each module ``newstrace.evaluation.<name>`` exposes::

    def evaluate(data: Path, *, predictions: Path | None = None, limit: int | None = None) -> dict[str, Any]

returning ``{"metrics": {...}, ...extra detail}``; ``limit`` selects a fixed, deterministic
subset (used by the CI gates). The metric names follow docs/evaluation.md and DESIGN.md.
"""

from __future__ import annotations

import importlib
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
}


#: Benchmarks whose result depends on the ``embeddings.model`` setting (they take ``embeddings=``).
USES_EMBEDDINGS = frozenset({"fnc1", "claim-matching", "coverage", "basil-speakers"})


def evaluate(
    name: str, data: Path, *, predictions: Path | None = None, limit: int | None = None, embeddings: str = "auto"
) -> dict[str, Any]:
    if name not in BENCHMARKS:
        raise ConfigError(f"unknown benchmark '{name}'; choose one of: {', '.join(BENCHMARKS)}")
    if not Path(data).exists():
        raise InputError(f"benchmark data not found at {data}; pass --data PATH to the benchmark's folder")
    module = importlib.import_module(f"newstrace.evaluation.{BENCHMARKS[name]}")
    options: dict[str, Any] = {"embeddings": embeddings} if name in USES_EMBEDDINGS else {}
    result: dict[str, Any] = module.evaluate(Path(data), predictions=predictions, limit=limit, **options)
    return result

"""The vector cache every embedder shares: each distinct text is embedded once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float32]
FloatVector = npt.NDArray[np.float32]


@dataclass
class VectorCache:
    """Vectors of the last ``size`` distinct texts.

    The stages that match claims and read stance embed the same sentences, once per claim. New
    texts are embedded in a canonical (sorted) order, so the same set of texts always goes to the
    model in the same batches, whatever order the caller lists them in.
    """

    size: int = 20_000
    _vectors: dict[str, FloatVector] = field(default_factory=dict)

    def encode(self, texts: Sequence[str], embed: Callable[[list[str]], FloatMatrix]) -> FloatMatrix:
        """One row per text: cached rows, and ``embed`` of the texts not seen yet."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        missing = sorted({t for t in texts if t not in self._vectors})
        fresh: dict[str, FloatVector] = {}
        if missing:
            fresh = dict(zip(missing, np.asarray(embed(missing), dtype=np.float32), strict=True))
        rows = [fresh[t] if t in fresh else self._vectors[t] for t in texts]
        self._vectors.update(fresh)
        while len(self._vectors) > self.size:  # forget the oldest texts first
            del self._vectors[next(iter(self._vectors))]
        return np.vstack(rows)

    def clear(self) -> None:
        """Forget every vector (a benchmark's runs each start cold)."""
        self._vectors.clear()

"""The vector cache every embedder shares: each distinct text is embedded once."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float32]
FloatVector = npt.NDArray[np.float32]

#: Distinct texts a cache keeps (about 2 KB each: the vector, the text, the entry). A run embeds each
#: sentence of an article in a story, and the story stages read the vectors again after the stance stage
#: (claims.core, stance, stories.compare): 1,000 news articles are about 34,000 texts. Once a run's texts
#: are more than this, the oldest are forgotten and stories.compare embeds them again.
DEFAULT_SIZE = 60_000

#: Every cache of the process, by the order it was made in; a forked child holds the same list.
_CACHES: list[weakref.ref[VectorCache]] = []


@dataclass
class VectorCache:
    """Vectors of the last ``size`` distinct texts.

    The stages that match claims and read stance embed the same sentences, once per claim. New
    texts are embedded in a canonical (sorted) order, so the same set of texts always goes to the
    model in the same batches, whatever order the caller lists them in.
    """

    size: int = DEFAULT_SIZE
    _vectors: dict[str, FloatVector] = field(default_factory=dict)
    #: The texts embedded since :func:`start_journal` (None: not recording).
    _journal: list[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        _CACHES.append(weakref.ref(self))

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
        if self._journal is not None:
            self._journal.extend(fresh)
        while len(self._vectors) > self.size:  # forget the oldest texts first
            del self._vectors[next(iter(self._vectors))]
        return np.vstack(rows)

    def clear(self) -> None:
        """Forget every vector (a benchmark's runs each start cold)."""
        self._vectors.clear()


# --- vectors made in a forked process, handed back to the parent -------------------------------------
# A stage that spreads its per-article work over forked processes (Stage.each(parallel=True)) would
# otherwise lose every vector its workers computed: the next stage in the parent embeds them again.

CacheEntries = dict[int, dict[str, FloatVector]]


def start_journal() -> None:
    """Record, from now on, the texts each cache of this process embeds."""
    for ref in _CACHES:
        cache = ref()
        if cache is not None:
            cache._journal = []


def take_journal() -> CacheEntries:
    """The vectors embedded since :func:`start_journal`, by cache (its place in the process's list)."""
    out: CacheEntries = {}
    for i, ref in enumerate(_CACHES):
        cache = ref()
        if cache is None or not cache._journal:
            continue
        out[i] = {t: cache._vectors[t] for t in cache._journal if t in cache._vectors}
        cache._journal = []
    return out


def merge_journal(entries: Mapping[int, Mapping[str, FloatVector]]) -> None:
    """Add vectors a forked child took with :func:`take_journal` to this process's caches (texts not cached yet)."""
    for i, vectors in entries.items():
        cache = _CACHES[i]() if i < len(_CACHES) else None
        if cache is None:
            continue
        for text, vector in vectors.items():
            cache._vectors.setdefault(text, vector)
        while len(cache._vectors) > cache.size:
            del cache._vectors[next(iter(cache._vectors))]

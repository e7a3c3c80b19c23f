"""A user's own sentence-transformers model folder, run with sentence-transformers (and so torch).

The bundled all-MiniLM-L6-v2 does not come this way (:mod:`newstrace.text.embeddings.bert` runs it
without torch); this is for the models a user points ``embeddings.model`` at (``all-mpnet-base-v2``,
say), installed with ``pip install 'newstrace[embeddings]'``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.errors import ModelError
from newstrace.text.embeddings.cache import DEFAULT_SIZE, FloatMatrix, VectorCache


@dataclass
class SentenceTransformerEmbedder:
    """A sentence-transformers model read from a local directory (CPU); nothing is downloaded."""

    path: Path
    name: str
    batch_size: int = 64
    cache_size: int = DEFAULT_SIZE
    _model: Any = None
    _cache: VectorCache = field(init=False)

    def __post_init__(self) -> None:
        self._cache = VectorCache(self.cache_size)

    def _load(self) -> Any:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach a model hub
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError:
                raise ModelError(
                    f"embeddings.model={self.path}: sentence-transformers is not installed; "
                    "pip install torch==2.13.0 'newstrace[embeddings]' for a model folder of your own, or set "
                    'embeddings.model = "auto" (the bundled model, no torch) or "off"',
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

    def _embed(self, texts: list[str]) -> FloatMatrix:
        vectors = self._load().encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        return self._cache.encode(texts, self._embed)

    def forget(self) -> None:
        """Forget the vectors of the texts seen so far (a benchmark's runs each start cold)."""
        self._cache.clear()


def _quiet_transformers() -> None:
    """No progress bars or loading chatter from transformers on the user's terminal (the library logs)."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call,unused-ignore]
        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call,unused-ignore]
    except ImportError:  # an older or a stripped-down transformers: nothing to silence
        pass

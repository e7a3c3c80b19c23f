"""Plug-in stance evidence from a local transformer NLI / cross-encoder checkpoint (never downloaded).

A :class:`StanceScorer` maps (claim, passage) pairs to probabilities over
:class:`~newstrace.model.StanceLabel` values. The stance stage uses one when the setting
``stance.nli_model`` names a local path (empty = off, the default; CI runs without one).

:class:`LocalCrossEncoder` loads, from a directory:

- ``model.onnx`` + ``tokenizer.json`` (+ optional ``config.json`` with ``id2label``), run with
  onnxruntime and tokenizers — no torch needed at run time; or
- a sentence-transformers ``CrossEncoder`` directory, when torch and sentence-transformers are
  installed (a development setup).

NLI label names map onto stances: entailment → supports, contradiction → refutes,
neutral → discusses; FNC-style names (agree/disagree/discuss/unrelated) map likewise.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from newstrace.errors import ConfigError, ModelError
from newstrace.model import StanceLabel
from newstrace.text import lexicons

log = logging.getLogger(__name__)

#: A model's label names (lower case) and the stances they stand for.
LABEL_MAP: dict[str, StanceLabel] = {
    name: StanceLabel(stance) for name, stance in lexicons.table("stages/stance/lexicons/nli_labels.txt").items()
}


@runtime_checkable
class StanceScorer(Protocol):
    """Anything that scores (claim, passage) pairs as stance probabilities."""

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[dict[StanceLabel, float]]:
        """One mapping per pair; the probabilities of the labels the model knows (summing to 1)."""
        ...


def to_stances(labels: Sequence[str], probabilities: Sequence[float]) -> dict[StanceLabel, float]:
    """Map a model's label names and probabilities onto stance labels (unknown names are dropped)."""
    out: dict[StanceLabel, float] = {}
    for name, p in zip(labels, probabilities, strict=True):
        label = LABEL_MAP.get(name.lower())
        if label is not None:
            out[label] = out.get(label, 0.0) + float(p)
    return out


def _softmax(logits: Any) -> Any:
    z = np.asarray(logits, dtype=np.float64)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class LocalCrossEncoder:
    """A cross-encoder read from a local directory (ONNX + tokenizer.json, or a sentence-transformers dir)."""

    def __init__(self, path: str | Path, *, batch_size: int = 16, max_length: int = 256) -> None:
        self.path = Path(path).expanduser()
        if not self.path.is_dir():
            raise ConfigError(f"stance.nli_model: {self.path} is not a directory holding a local model", code="E211")
        self.batch_size = batch_size
        self.max_length = max_length
        self.labels = self._read_labels()
        self._onnx = (self.path / "model.onnx").exists() and (self.path / "tokenizer.json").exists()
        self._model: Any = None
        self._tokenizer: Any = None

    def _read_labels(self) -> list[str]:
        config = self.path / "config.json"
        if config.exists():
            id2label = json.loads(config.read_text()).get("id2label") or {}
            if id2label:
                return [str(id2label[k]) for k in sorted(id2label, key=int)]
        return ["contradiction", "entailment", "neutral"]

    def _load(self) -> None:
        if self._model is not None:
            return
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach a model hub
        try:
            if self._onnx:
                import onnxruntime
                from tokenizers import Tokenizer

                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = 1
                self._model = onnxruntime.InferenceSession(str(self.path / "model.onnx"), options)
                self._tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
                self._tokenizer.enable_truncation(self.max_length)
                self._tokenizer.enable_padding()
            else:
                from sentence_transformers import CrossEncoder  # type: ignore[import-not-found,unused-ignore]

                self._model = CrossEncoder(str(self.path), local_files_only=True, device="cpu")
        except ImportError as exc:
            raise ModelError(
                f"stance.nli_model needs {exc.name}: pip install onnxruntime tokenizers "
                "(ONNX models) or sentence-transformers (CrossEncoder directories)",
                code="E403",
            ) from None

    def _logits(self, pairs: Sequence[tuple[str, str]]) -> Any:
        if not self._onnx:
            return self._model.predict(list(pairs), apply_softmax=False, batch_size=self.batch_size)
        encodings = self._tokenizer.encode_batch(list(pairs))
        feeds = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        wanted = {i.name for i in self._model.get_inputs()}
        return self._model.run(None, {k: v for k, v in feeds.items() if k in wanted})[0]

    def raw_proba(self, pairs: Sequence[tuple[str, str]]) -> list[list[float]]:
        """Softmax rows in the model's own label order (:attr:`labels`), one per pair."""
        if not pairs:
            return []
        self._load()
        out: list[list[float]] = []
        for start in range(0, len(pairs), self.batch_size):
            logits = np.atleast_2d(self._logits(pairs[start : start + self.batch_size]))
            out.extend(row.tolist() for row in _softmax(logits))
        return out

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[dict[StanceLabel, float]]:
        return [to_stances(self.labels, row) for row in self.raw_proba(pairs)]


def scorer_from_settings(path: str, *, max_length: int = 256) -> StanceScorer | None:
    """The configured scorer, or None when ``stance.nli_model`` is empty; it reads at most ``max_length``
    word pieces of a (claim, passage) pair (``stance.nli_max_length``)."""
    if not path.strip():
        return None
    log.info("stance: using the local cross-encoder at %s", path)
    return LocalCrossEncoder(path, max_length=max_length)

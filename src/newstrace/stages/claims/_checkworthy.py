"""Check-worthiness of sentences: how likely a sentence states a checkable fact (0..1).

A logistic regression over TF-IDF word uni/bigrams (numbers folded into one token, function words
kept: "we have cut taxes by 0" is check-worthy for its shape, not its topic), trained on ClaimBuster
(check-worthy factual sentences vs the rest) and the CLEF-2019 CheckThat! training debates by
``python scripts/train_checkworthy.py``. Shipped as ``data/models/checkworthy.npz`` (vocabulary,
idf, weights, bias): no pickles, loaded once, scored with plain numpy.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError

MODEL_FILE = Path(__file__).resolve().parents[2] / "data" / "models" / "checkworthy.npz"
_WORD = re.compile(r"\d[\d,.]*%?|[a-z]+(?:'[a-z]+)?|[$%]")


def claim_tokens(text: str) -> list[str]:
    """Lower-cased words with numbers folded to ``<num>`` (percentages ``<pct>``), uni- and bigrams."""
    words = []
    for w in _WORD.findall(text.lower().replace("’", "'")):
        if w[0].isdigit():
            words.append("<pct>" if w.endswith("%") else "<num>")
        else:
            words.append(w)
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


@dataclass(frozen=True)
class CheckworthyModel:
    vocabulary: dict[str, int]
    idf: npt.NDArray[np.float32]
    weights: npt.NDArray[np.float32]
    bias: float

    def vectors(self, sentences: Sequence[str]) -> npt.NDArray[np.float32]:
        """Dense (n, V) sublinear TF-IDF rows, l2-normalised (sentences are short: dense is fine per batch)."""
        out = np.zeros((len(sentences), len(self.vocabulary)), dtype=np.float32)
        for i, sentence in enumerate(sentences):
            for tok in claim_tokens(sentence):
                j = self.vocabulary.get(tok)
                if j is not None:
                    out[i, j] += 1.0
        nz = out > 0
        out[nz] = 1.0 + np.log(out[nz])
        out *= self.idf
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        result: npt.NDArray[np.float32] = out / norms
        return result

    def score(self, sentences: Sequence[str]) -> list[float]:
        scores: list[float] = []
        for start in range(0, len(sentences), 64):
            logits = self.vectors(sentences[start : start + 64]) @ self.weights + self.bias
            scores.extend((1.0 / (1.0 + np.exp(-logits))).tolist())
        return scores

    def save(self, path: Path) -> None:
        terms = np.array(sorted(self.vocabulary, key=self.vocabulary.__getitem__))
        np.savez_compressed(path, terms=terms, idf=self.idf, weights=self.weights, bias=np.array([self.bias]))


@functools.lru_cache(maxsize=2)
def load(path: Path = MODEL_FILE) -> CheckworthyModel:
    try:
        with np.load(path, allow_pickle=False) as data:
            terms = [str(t) for t in data["terms"]]
            return CheckworthyModel(
                {t: i for i, t in enumerate(terms)}, data["idf"], data["weights"], float(data["bias"][0])
            )
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(
            f"cannot load the check-worthiness model {path}: {exc}; run python scripts/train_checkworthy.py",
            code="E402",
        ) from None


def score(sentences: list[str]) -> list[float]:
    """Check-worthiness in [0, 1] for each sentence (same order)."""
    if not sentences:
        return []
    return load().score(sentences)

"""The shipped headline/claim ↔ body stance model (two-level LightGBM), loaded lazily.

Files in ``newstrace/data/models/`` (reproduced by ``scripts/train_stance.py``):

- ``stance_space.npz`` — the TF-IDF vocabulary, idf and SVD projection (:class:`TextSpace`);
- ``stance_related.txt.gz`` — LightGBM booster (text format, gzipped): related vs unrelated;
- ``stance_classes.txt.gz`` — LightGBM booster: agree / disagree / discuss on related pairs;
- ``stance_meta.json`` — feature names, class order and the decision threshold chosen on the dev split.
"""

from __future__ import annotations

import functools
import gzip
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError
from newstrace.stance.features import FEATURE_NAMES, BodyFeatures, TextSpace, body_features, pair_features

MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "models"
LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")


@dataclass(frozen=True)
class StanceModel:
    space: TextSpace
    related: Any  # lightgbm.Booster
    classes: Any  # lightgbm.Booster
    threshold: float = 0.5
    class_scale: tuple[float, float, float] = (1.0, 1.0, 1.0)

    def body(self, text: str, sentences: Sequence[tuple[int, int]] | None = None) -> BodyFeatures:
        return body_features(self.space, text, sentences)

    def features(self, pairs: Sequence[tuple[str, BodyFeatures]]) -> npt.NDArray[np.float32]:
        """Feature rows for (headline, body) pairs; headline vectors are computed once per headline."""
        cache: dict[str, Any] = {}
        rows = []
        for headline, body in pairs:
            hv = cache.get(headline)
            if hv is None:
                hv = cache[headline] = self.space.transform([headline])
            rows.append(pair_features(self.space, headline, body, hv))
        return np.vstack(rows) if rows else np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)

    def predict_proba(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """(n, 4) probabilities in LABELS order: P(related) times the 3-way stance, and P(unrelated)."""
        return combine(np.asarray(self.related.predict(x)), np.asarray(self.classes.predict(x)))

    def decide(self, proba: npt.NDArray[np.float64]) -> list[str]:
        return decide(proba, self.threshold, self.class_scale)

    def predict(self, pairs: Sequence[tuple[str, BodyFeatures]]) -> list[str]:
        return self.decide(self.predict_proba(self.features(pairs)))


def combine(p_related: npt.NDArray[np.float64], p_classes: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    p_related = p_related.reshape(-1, 1)
    return np.hstack([p_related * p_classes, 1.0 - p_related])


def decide(proba: npt.NDArray[np.float64], threshold: float, class_scale: Sequence[float]) -> list[str]:
    """Unrelated when P(related) < threshold, else the arg-max of the (rescaled) three stances."""
    out: list[str] = []
    scale = np.asarray(class_scale)
    for row in proba:
        if 1.0 - row[3] < threshold:
            out.append("unrelated")
        else:
            out.append(LABELS[int(np.argmax(row[:3] * scale))])
    return out


def read_booster(path: Path) -> Any:
    """A LightGBM booster from its gzipped text dump."""
    import lightgbm as lgb

    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return lgb.Booster(model_str=fh.read())


def write_booster(booster: Any, path: Path) -> None:
    """Write a booster as gzipped text, byte-for-byte reproducible (no timestamp in the gzip header)."""
    data = booster.model_to_string().encode("utf-8")
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
        fh.write(data)


@functools.lru_cache(maxsize=2)
def load(directory: Path = MODEL_DIR) -> StanceModel:
    """Load the shipped model once per process (raises ModelError with a fix if it is missing)."""
    try:
        meta = json.loads((directory / "stance_meta.json").read_text())
        if tuple(meta["features"]) != FEATURE_NAMES:
            raise ModelError(
                "the stance model was trained on other features; retrain it with "
                "python scripts/train_stance.py --data PATH/fnc-1",
                code="E402",
            )
        return StanceModel(
            space=TextSpace.load(directory / "stance_space.npz"),
            related=read_booster(directory / "stance_related.txt.gz"),
            classes=read_booster(directory / "stance_classes.txt.gz"),
            threshold=float(meta["threshold"]),
            class_scale=tuple(meta["class_scale"]),
        )
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(
            f"cannot load the stance model from {directory}: {exc}; reinstall newstrace or run "
            "python scripts/train_stance.py --data PATH/fnc-1",
            code="E402",
        ) from None

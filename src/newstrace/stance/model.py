"""The shipped headline/claim ↔ body stance model (two-level LightGBM), loaded lazily.

Files in ``newstrace/data/models/`` (reproduced by ``scripts/train_stance.py``):

- ``stance_space.npz`` — the TF-IDF vocabulary, idf and SVD projection (:class:`TextSpace`);
- ``stance_related.txt.gz`` — LightGBM booster (text format, gzipped): related vs unrelated;
- ``stance_classes.txt.gz`` — LightGBM booster: agree / disagree / discuss on related pairs;
- ``stance_meta.json`` — feature names, class order and the decision threshold chosen on the dev split;
  its ``cross_encoder`` block (from ``scripts/train_stance.py --cross-encoder``) gives the weight of the
  cross-encoder in ``stance_ce/`` (:mod:`newstrace.stance.crossenc`) in the three stances and the threshold and
  rescaling chosen with it. Without the cross-encoder's files or runtime the trees decide alone.
"""

from __future__ import annotations

import dataclasses
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
    cross_encoder: Any = None  # newstrace.stance.crossenc.StanceCrossEncoder, or None
    ce_weight: float = 0.0

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

    def refine(self, proba: npt.NDArray[np.float64], texts: Sequence[tuple[str, str]]) -> npt.NDArray[np.float64]:
        """Blend the cross-encoder into the stances of the rows the trees call related.

        ``texts`` holds the (headline, body text) of each row of ``proba``. A no-op without a
        cross-encoder; rows below the related threshold are left alone (they decide "unrelated").
        """
        if self.cross_encoder is None or self.ce_weight <= 0.0 or not len(proba):
            return proba
        rows = np.flatnonzero(1.0 - proba[:, 3] >= self.threshold)
        if not len(rows):
            return proba
        ce = np.asarray(self.cross_encoder.proba([texts[int(i)] for i in rows]), dtype=np.float64)
        return blend(proba, rows, ce, self.ce_weight)

    def decide(self, proba: npt.NDArray[np.float64]) -> list[str]:
        return decide(proba, self.threshold, self.class_scale)

    def predict(
        self, pairs: Sequence[tuple[str, BodyFeatures]], texts: Sequence[tuple[str, str]] | None = None
    ) -> list[str]:
        """Labels for (headline, body features) pairs; with ``texts`` the cross-encoder is blended in."""
        proba = self.predict_proba(self.features(pairs))
        return self.decide(self.refine(proba, texts) if texts is not None else proba)


def combine(p_related: npt.NDArray[np.float64], p_classes: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    p_related = p_related.reshape(-1, 1)
    return np.hstack([p_related * p_classes, 1.0 - p_related])


def blend(
    proba: npt.NDArray[np.float64], rows: npt.NDArray[np.intp], ce: npt.NDArray[np.float64], weight: float
) -> npt.NDArray[np.float64]:
    """``proba`` with the stances of ``rows`` mixed as (1 - weight) · trees + weight · cross-encoder.

    P(related) is kept; only its split over agree / disagree / discuss changes.
    """
    out = proba.copy()
    related = np.clip(1.0 - proba[rows, 3], 1e-9, None)[:, None]
    trees = proba[rows, :3] / related
    out[rows, :3] = related * ((1.0 - weight) * trees + weight * ce)
    return out


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
        model = StanceModel(
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
    return with_cross_encoder(model, meta.get("cross_encoder"), directory / "stance_ce")


def with_cross_encoder(model: StanceModel, settings: dict[str, Any] | None, directory: Path) -> StanceModel:
    """``model`` with the cross-encoder in ``directory`` and its decision settings, when both are there."""
    if not settings or float(settings.get("weight", 0.0)) <= 0.0:
        return model
    from newstrace.stance import crossenc

    encoder = crossenc.load(directory)
    if encoder is None:
        return model
    return dataclasses.replace(
        model,
        cross_encoder=encoder,
        ce_weight=float(settings["weight"]),
        threshold=float(settings["threshold"]),
        class_scale=tuple(settings["class_scale"]),
    )

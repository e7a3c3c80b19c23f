"""The shipped headline/claim ↔ body stance model (two-level LightGBM), loaded lazily.

Files in ``newstrace/data/models/`` (reproduced by ``scripts/train_stance.py``):

- ``stance_space.npz`` — the TF-IDF vocabulary and idf (:class:`TextSpace`);
- ``stance_related.txt.gz`` — LightGBM booster (text format, gzipped): related vs unrelated;
- ``stance_classes.txt.gz`` — LightGBM booster: agree / disagree / discuss on related pairs;
- ``stance_related_semantic.txt.gz`` — the related booster over the lexical features plus the
  sentence-embedding similarities (:mod:`newstrace.stages.stance._semantic`), used instead of ``stance_related``
  when ``load(semantic=True)`` finds the bundled all-MiniLM-L6-v2 installed;
- ``stance_pair_head.npz`` and ``stance_classes_semantic.txt.gz`` — with it too, the logistic pair head
  over sentence-embedding pair vectors (:class:`newstrace.stages.stance._semantic.PairHead`) and the stance
  booster that reads its three probabilities after the lexical features, instead of ``stance_classes``;
  the threshold and rescaling of this semantic model are the ``semantic`` block of the meta file;
- ``stance_meta.json`` — feature names, class order and the decision (related threshold, stance rescaling)
  chosen on the training split's cross-validated predictions;
  its ``cross_encoder`` block (from ``scripts/train_stance.py --cross-encoder``) gives the weight of the
  cross-encoder in ``stance_ce/`` (:mod:`newstrace.stages.stance._crossenc`) in the three stances and the threshold and
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
from newstrace.stages.stance import _semantic as semantic
from newstrace.stages.stance._features import FEATURE_NAMES, BodyFeatures, TextSpace, body_features, pair_features
from newstrace.text import embeddings

MODEL_DIR = Path(__file__).resolve().parents[2] / "data" / "models"
SEMANTIC_RELATED_FILE = "stance_related_semantic.txt.gz"
SEMANTIC_CLASSES_FILE = "stance_classes_semantic.txt.gz"
PAIR_HEAD_FILE = "stance_pair_head.npz"
LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")


@dataclass(frozen=True)
class StanceModel:
    space: TextSpace
    related: Any  # lightgbm.Booster
    classes: Any  # lightgbm.Booster
    threshold: float = 0.5
    class_scale: tuple[float, float, float] = (1.0, 1.0, 1.0)
    cross_encoder: Any = None  # newstrace.stages.stance._crossenc.StanceCrossEncoder, or None
    ce_weight: float = 0.0
    #: With an embedder, ``related`` reads the lexical features followed by the semantic similarities.
    embedder: Any = None  # newstrace.text.embeddings.Embedder, or None
    #: With a pair head (and an embedder), ``classes`` reads the lexical features followed by its output.
    pair_head: semantic.PairHead | None = None

    @property
    def name(self) -> str:
        if self.embedder is None:
            return "trees"
        reads = "related + stance" if self.pair_head is not None else "related"
        return f"trees + {semantic.MODEL_NAME} ({reads})"

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

    def predict_proba(
        self, x: npt.NDArray[np.float32], extra: semantic.SemanticRows | None = None
    ) -> npt.NDArray[np.float64]:
        """(n, 4) probabilities in LABELS order: P(related) times the 3-way stance, and P(unrelated).

        ``extra`` holds the semantic features of the same rows; the semantic boosters need them.
        """
        if not len(x):
            return np.zeros((0, len(LABELS)))
        related_x, classes_x = x, x
        if self.embedder is not None:
            extra = _require(extra, len(x))
            related_x = np.hstack([x, extra.similarities])
            if self.pair_head is not None:
                classes_x = np.hstack([x, self.pair_head.proba(extra.pair_vectors)])
        # one thread: the boosters are small, and a forked worker must not enter OpenMP's thread pool,
        # which does not survive fork (a run's workers would hang)
        related = np.asarray(self.related.predict(related_x, num_threads=1))
        return combine(related, np.asarray(self.classes.predict(classes_x, num_threads=1)))

    def semantic_features(self, pairs: Sequence[tuple[str, BodyFeatures]]) -> semantic.SemanticRows | None:
        """The sentence-embedding features of (headline, body) pairs, or None without an embedder."""
        if self.embedder is None:
            return None
        position: dict[int, int] = {}  # a body's key: where it first appears (a stable order)
        sentences: dict[int, list[str]] = {}
        keys = []
        for _, body in pairs:
            key = position.setdefault(id(body), len(position))
            sentences.setdefault(key, [body.text[s:e] for s, e in body.sentences])
            keys.append(key)
        return semantic.semantic_rows(self.embedder, [(h, k) for (h, _), k in zip(pairs, keys, strict=True)], sentences)

    def pair_proba(self, pairs: Sequence[tuple[str, BodyFeatures]]) -> npt.NDArray[np.float64]:
        """:meth:`predict_proba` of (headline, body) pairs, with whatever features the model reads."""
        return self.predict_proba(self.features(pairs), self.semantic_features(pairs))

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
        proba = self.pair_proba(pairs)
        return self.decide(self.refine(proba, texts) if texts is not None else proba)


def _require(extra: semantic.SemanticRows | None, n: int) -> semantic.SemanticRows:
    if extra is None or len(extra.similarities) != n:
        raise ValueError("this stance model's boosters need the semantic features of every row")
    return extra


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
    proba = np.asarray(proba).reshape(-1, len(LABELS))
    stance = np.argmax(proba[:, :3] * np.asarray(class_scale), axis=1)
    return [LABELS[i] for i in np.where(1.0 - proba[:, 3] < threshold, 3, stance)]


def rescaled(proba: npt.NDArray[np.float64], class_scale: Sequence[float]) -> npt.NDArray[np.float64]:
    """``proba`` (n, 4) as :func:`decide` weighs it: each stance times its scale, renormalised so the three
    still sum to P(related). The stance booster learns with class weights, which inflate the rare
    stances; the scales, chosen on held-out claims, undo that. Its arg-max stance is :func:`decide`'s."""
    proba = np.asarray(proba, dtype=np.float64).reshape(-1, len(LABELS))
    related = proba[:, :3].sum(axis=1, keepdims=True)
    weighed = proba[:, :3] * np.asarray(class_scale)
    total = weighed.sum(axis=1, keepdims=True)
    stances = np.divide(weighed * related, total, out=np.zeros_like(weighed), where=total > 0)
    return np.hstack([stances, proba[:, 3:]])


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


@functools.lru_cache(maxsize=4)
def load(directory: Path = MODEL_DIR, *, semantic: bool = False) -> StanceModel:
    """Load the shipped model once per process (raises ModelError with a fix if it is missing).

    ``semantic=True`` uses the semantic model when it was trained and the bundled all-MiniLM-L6-v2
    is installed (:func:`with_semantic`); otherwise the lexical model.
    """
    try:
        meta = json.loads((directory / "stance_meta.json").read_text())
        if tuple(meta["features"]) != FEATURE_NAMES:
            raise ModelError(
                "the stance model was trained on other features; retrain it with "
                "python scripts/train_stance.py --data PATH/fnc-1 --semantic (--semantic needs the bundled weights)",
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
            "python scripts/train_stance.py --data PATH/fnc-1 --semantic (--semantic needs the bundled weights)",
            code="E402",
        ) from None
    model = with_cross_encoder(model, meta.get("cross_encoder"), directory / "stance_ce")
    return with_semantic(model, meta.get("semantic"), directory) if semantic else model


def with_semantic(model: StanceModel, settings: dict[str, Any] | None, directory: Path) -> StanceModel:
    """``model`` with the semantic boosters, the pair head and their decision settings, when they and the
    bundled embedding model are there (a cross-encoder blend, if any, keeps its own settings)."""
    path = directory / SEMANTIC_RELATED_FILE
    if not settings or not path.exists() or model.cross_encoder is not None:
        return model
    embedder = embeddings.load("auto")
    if embedder is None or embedder.name != settings.get("model"):
        return model
    retrain = "python scripts/train_stance.py --data PATH/fnc-1 --semantic"
    trained_on = (tuple(settings.get("features", ())), tuple(settings.get("class_features", ())))
    if trained_on != (
        (*FEATURE_NAMES, *semantic.SEMANTIC_FEATURE_NAMES),
        (*FEATURE_NAMES, *semantic.HEAD_FEATURE_NAMES),
    ):
        raise ModelError(
            f"the semantic stance model was trained on other features; retrain it with {retrain}", code="E402"
        )
    try:
        related = read_booster(path)
        classes = read_booster(directory / SEMANTIC_CLASSES_FILE)
        head = semantic.PairHead.load(directory / PAIR_HEAD_FILE)
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(
            f"cannot load the semantic stance model from {directory}: {exc}; reinstall newstrace or run {retrain}",
            code="E402",
        ) from None
    return dataclasses.replace(
        model,
        related=related,
        classes=classes,
        threshold=float(settings["threshold"]),
        class_scale=tuple(settings["class_scale"]),
        embedder=embedder,
        pair_head=head,
    )


def with_cross_encoder(model: StanceModel, settings: dict[str, Any] | None, directory: Path) -> StanceModel:
    """``model`` with the cross-encoder in ``directory`` and its decision settings, when both are there."""
    if not settings or float(settings.get("weight", 0.0)) <= 0.0:
        return model
    from newstrace.stages.stance import _crossenc as crossenc

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

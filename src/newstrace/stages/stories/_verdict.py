"""How much of one text derives from another: derived, partly derived or independent.

The verdict reads only language-independent features of the reuse detector's own work — its
tokens (:mod:`newstrace.text.tokens`, any script) and its passage alignment
(:func:`newstrace.stages.stories._reuse.align`) — so the same function serves Urdu agency copy and
English coverage:

- ``derived_share`` / ``source_share``: the share of each text's characters inside shared passages;
- ``longest_passage``: words of the longest shared passage, as a share of the derived text's words;
- ``passages``: how many shared passages (log scale);
- ``containment_1`` / ``containment_2`` / ``containment_k``: the share of the derived text's distinct
  words, word pairs and ``k``-word shingles (``k`` = the detector's ``shingle_words``) that the
  source also has (Broder's containment);
- ``length_ratio``: log of the derived text's words over the source's.

A small multinomial logistic regression over these features (standardised) gives the three
probabilities. It is trained on the training split of COUNTER (Urdu agency copy and newspaper
articles labelled wholly / partially / non derived) by ``scripts/train_reuse_verdict.py``, which
chooses the feature set, the regularisation and the class weighting by cross-validation on that
split alone, and writes ``data/models/reuse_verdict.json`` (coefficients as plain numbers).

The binary question "derived or not" is answered from the same model: derived when the
probabilities of *derived* and *partly derived* together reach one half.

In the stories stage (:func:`judge_pair`, called by ``_reuse.find_reuse`` for every pair it
reports): the pair's passages are reused (nothing is aligned twice) and the containment features
read only each article's own prose (its discounted spans — quotations, dateline, credit lines —
left out). With a known source the verdict is read that way round; otherwise both ways, keeping
the stronger. The pair carries the verdict, its probabilities and ``derived``; pairs judged
*independent* are kept out of ``copy_groups``.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

import numpy as np

from newstrace.errors import ModelError
from newstrace.model import ReusePair
from newstrace.model import ReusePassage as Passage
from newstrace.stages.stories._reuse import ReuseParams, Text, align, shingles
from newstrace.text.tokens import Token, tokenize

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "models" / "reuse_verdict.json"


class Verdict(StrEnum):
    DERIVED = "derived"
    PARTLY_DERIVED = "partly_derived"
    INDEPENDENT = "independent"


#: every feature the verdict can read, in a fixed order (the model file names the ones it uses)
FEATURES = (
    "derived_share",
    "source_share",
    "longest_passage",
    "passages",
    "containment_1",
    "containment_2",
    "containment_k",
    "length_ratio",
)


@dataclass(frozen=True, slots=True)
class ReuseVerdict:
    label: Verdict
    probabilities: dict[str, float]  # verdict name -> probability
    derived: bool  # P(derived) + P(partly derived) >= 0.5
    features: dict[str, float]


def _covered(spans: Sequence[tuple[int, int]]) -> int:
    """Characters inside the union of ``spans``."""
    total, last = 0, 0
    for s, e in sorted(spans):
        s = max(s, last)
        if e > s:
            total += e - s
            last = e
    return total


def _containment(derived: Sequence[str], source: Sequence[str], n: int) -> float:
    """Share of the distinct ``n``-grams of ``derived`` that ``source`` also has (0 when it has none)."""
    grams = {tuple(derived[i : i + n]) for i in range(len(derived) - n + 1)}
    if not grams:
        return 0.0
    other = {tuple(source[i : i + n]) for i in range(len(source) - n + 1)}
    return len(grams & other) / len(grams)


def features_from_alignment(
    source: str,
    derived: str,
    passages: Sequence[Passage],
    source_tokens: Sequence[Token],
    derived_tokens: Sequence[Token],
    shingle_words: int,
) -> dict[str, float]:
    """The verdict's features for passages aligned with ``a`` = source and ``b`` = derived."""
    src = [t.norm for t in source_tokens]
    der = [t.norm for t in derived_tokens]
    longest = max((p.words for p in passages), default=0)
    return {
        "derived_share": _covered([(p.b_start, p.b_end) for p in passages]) / max(1, len(derived)),
        "source_share": _covered([(p.a_start, p.a_end) for p in passages]) / max(1, len(source)),
        "longest_passage": longest / max(1, len(der)),
        "passages": math.log1p(len(passages)),
        "containment_1": _containment(der, src, 1),
        "containment_2": _containment(der, src, 2),
        "containment_k": _containment(der, src, shingle_words),
        "length_ratio": math.log(max(1, len(der)) / max(1, len(src))),
    }


def verdict_features(source: str, derived: str, params: ReuseParams | None = None) -> dict[str, float]:
    """Align ``source`` and ``derived`` with the reuse detector and read the verdict's features."""
    params = params or ReuseParams()
    ts, td = tokenize(source), tokenize(derived)
    hs, hd = shingles(ts, params.shingle_words), shingles(td, params.shingle_words)
    passages = align(source, derived, params, ts, td, hs, hd)
    return features_from_alignment(source, derived, passages, ts, td, params.shingle_words)


@dataclass(frozen=True)
class VerdictModel:
    """A multinomial logistic regression over standardised features (see ``reuse_verdict.json``)."""

    features: tuple[str, ...]
    labels: tuple[Verdict, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray  # (labels,)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> VerdictModel:
        try:
            features = tuple(str(f) for f in data["features"])  # type: ignore[attr-defined]
            labels = tuple(Verdict(str(v)) for v in data["labels"])  # type: ignore[attr-defined]
            model = cls(
                features,
                labels,
                np.asarray(data["mean"], dtype=np.float64),
                np.asarray(data["scale"], dtype=np.float64),
                np.asarray(data["coef"], dtype=np.float64),
                np.asarray(data["intercept"], dtype=np.float64),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"the reuse verdict model is malformed ({exc}); rebuild it", code="E402") from None
        unknown = set(model.features) - set(FEATURES)
        shapes_fit = model.coef.shape == (len(labels), len(features)) and model.mean.shape == (len(features),)
        if unknown or not shapes_fit or set(labels) != set(Verdict):
            raise ModelError(
                "the reuse verdict model does not fit this code (unknown features or wrong shapes); "
                "rebuild it with scripts/train_reuse_verdict.py",
                code="E402",
            )
        return model

    def probabilities(self, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        """Probabilities (rows x labels) for rows of features."""
        x = np.array([[row[f] for f in self.features] for row in rows], dtype=np.float64).reshape(
            -1, len(self.features)
        )
        z = ((x - self.mean) / self.scale) @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        out: np.ndarray = e / e.sum(axis=1, keepdims=True)
        return out


@cache
def load_model(path: Path = MODEL_PATH) -> VerdictModel:
    """The shipped verdict model (or one at ``path``), read once."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(
            f"no reuse verdict model at {path}; rebuild it with scripts/train_reuse_verdict.py", code="E402"
        ) from None
    except json.JSONDecodeError as exc:
        raise ModelError(
            f"the reuse verdict model at {path} is not JSON ({exc.msg}); rebuild it", code="E402"
        ) from None
    return VerdictModel.from_dict(data)


def decide(features: Mapping[str, float], model: VerdictModel | None = None) -> ReuseVerdict:
    """The verdict for one pair's features."""
    model = model or load_model()
    proba = model.probabilities([features])[0]
    probabilities = {label.value: round(float(p), 4) for label, p in zip(model.labels, proba, strict=True)}
    best = model.labels[int(np.argmax(proba))]
    derived = probabilities[Verdict.DERIVED] + probabilities[Verdict.PARTLY_DERIVED] >= 0.5
    return ReuseVerdict(best, probabilities, derived, {k: round(v, 4) for k, v in features.items()})


def reuse_verdict(
    source: str, derived: str, *, params: ReuseParams | None = None, model: VerdictModel | None = None
) -> ReuseVerdict:
    """How much of ``derived`` comes from ``source``: aligns the two texts, then decides."""
    return decide(verdict_features(source, derived, params), model)


def verdict_for_pair(
    pair: ReusePair,
    texts: Mapping[str, str],
    *,
    source_id: str | None = None,
    params: ReuseParams | None = None,
    model: VerdictModel | None = None,
) -> ReuseVerdict:
    """The verdict for a pair the detector reported, reading its passages (``texts``: id -> text).

    ``source_id`` names the side taken as the source; by default the pair's ``source_id``, else ``a``.
    """
    params = params or ReuseParams()
    source_id = source_id or pair.source_id or pair.a_id
    if source_id not in (pair.a_id, pair.b_id):
        raise ValueError(f"{source_id} is not one of the pair's articles")
    flip = source_id == pair.b_id
    passages = [_flipped(p) for p in pair.passages] if flip else list(pair.passages)
    derived_id = pair.a_id if flip else pair.b_id
    source, derived = texts[source_id], texts[derived_id]
    features = features_from_alignment(
        source, derived, passages, tokenize(source), tokenize(derived), params.shingle_words
    )
    return decide(features, model)


def _flipped(p: Passage) -> Passage:
    return Passage(p.b_start, p.b_end, p.a_start, p.a_end, p.words, p.b_text, p.a_text, p.b_sentences, p.a_sentences)


def _own(tokens: Sequence[Token], discounted: Sequence[tuple[int, int]]) -> list[Token]:
    """The tokens outside every discounted span."""
    if not discounted:
        return list(tokens)
    return [t for t in tokens if not any(t.start < e and t.end > s for s, e in discounted)]


def judge_pair(
    pair: ReusePair,
    a: Text,
    b: Text,
    a_tokens: Sequence[Token],
    b_tokens: Sequence[Token],
    params: ReuseParams,
    model: VerdictModel | None = None,
) -> ReusePair:
    """The pair with its verdict (see the module docstring); ``a``/``b`` are the pair's two texts
    (a :data:`._reuse.Judge` for :func:`._reuse.find_reuse`)."""
    own_a, own_b = _own(a_tokens, a.discounted), _own(b_tokens, b.discounted)
    forward = features_from_alignment(a.text, b.text, pair.passages, own_a, own_b, params.shingle_words)
    if pair.source_id == a.id:
        best = decide(forward, model)
    else:
        flipped = [_flipped(p) for p in pair.passages]
        backward = features_from_alignment(b.text, a.text, flipped, own_b, own_a, params.shingle_words)
        if pair.source_id == b.id:
            best = decide(backward, model)
        else:
            both = (decide(forward, model), decide(backward, model))
            best = max(both, key=lambda v: v.probabilities[Verdict.INDEPENDENT] * -1)
    return dataclasses.replace(
        pair, verdict=best.label.value, verdict_probabilities=best.probabilities, derived=best.derived
    )

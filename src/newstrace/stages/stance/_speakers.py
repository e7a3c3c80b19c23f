"""Whether a quoted speaker talks about a claim at all: a small trained model over the speaker's quotes.

A speaker is *related* to a claim when something they say addresses it. Word overlap misses most
of them: a claim is written abstractly ("the administration altered the talking points for
political reasons"), the quotes speak in the event's particulars ("these e-mails have been
selectively and inaccurately read out"). The model reads four numbers per (speaker, claim), each
the highest over the speaker's quotes in the article (:data:`FEATURES`):

- ``quote_semantic``: the cosine of the quote's own words and the claim (all-MiniLM-L6-v2);
- ``context_semantic``: the highest cosine of the sentences that carry the quote (with the one before
  when the quote leans on it) and the claim;
- ``lexical``: the lexical relatedness of the quote in its context (TF-IDF and idf-weighted word
  cover, through the story's anchor sentences: :func:`newstrace.stages.stance.read_quote`);
- ``quotes``: log(1 + the number of the speaker's quotes).

It is a logistic regression (weights in ``data/models/speaker_related.json``), fitted by
``scripts/train_speaker_stance.py`` on coverage-dev's (speaker, claim) pairs, related or not, and
measured there event by event (leave one event out). A variant may read any of its features: the
shipped models, with sentence embeddings or without, read ``lexical`` and ``quotes`` only — held out
event by event, that got 0.358 of the speaker stances right against 0.316 for all four features (the
semantic closeness fits the events it was fitted on better and the others worse). Where the speaker
stands once related is read from the quotes' wording (the reporting frame, denials, negation scope:
``stance.read.v1``), not by this model.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from newstrace.errors import ModelError

MODEL_FILE = Path(__file__).resolve().parents[2] / "data" / "models" / "speaker_related.json"
FEATURES: tuple[str, ...] = ("quote_semantic", "context_semantic", "lexical", "quotes")
LEXICAL_FEATURES: tuple[str, ...] = ("lexical", "quotes")
#: The features read from sentence embeddings of the quotes and the sentences carrying them.
EMBEDDED_FEATURES = frozenset({"quote_semantic", "context_semantic"})
RETRAIN = "python scripts/train_speaker_stance.py --data PATH/coverage-dev"


@dataclass(frozen=True, slots=True)
class QuoteScores:
    """How one quote relates to one claim."""

    quote_semantic: float | None  # None without sentence embeddings
    context_semantic: float | None
    lexical: float


@dataclass(frozen=True, slots=True)
class RelatedModel:
    """A logistic regression over named features."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float

    def probability(self, values: dict[str, float]) -> float:
        z = self.bias + sum(w * values[f] for f, w in zip(self.features, self.weights, strict=True))
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
        }


def speaker_values(scores: Sequence[QuoteScores]) -> dict[str, float]:
    """The model's features for one speaker's quotes (each the highest over the quotes)."""
    values = {
        "lexical": max((s.lexical for s in scores), default=0.0),
        "quotes": math.log1p(len(scores)),
    }
    semantic = [s for s in scores if s.quote_semantic is not None and s.context_semantic is not None]
    if semantic:
        values["quote_semantic"] = max(float(s.quote_semantic or 0.0) for s in semantic)
        values["context_semantic"] = max(float(s.context_semantic or 0.0) for s in semantic)
    return values


def quote_values(score: QuoteScores) -> dict[str, float]:
    """The features of one quote taken alone (how much it, by itself, is about the claim)."""
    return speaker_values([score])


@functools.lru_cache(maxsize=2)
def load(path: Path = MODEL_FILE) -> dict[str, RelatedModel]:
    """The shipped models by variant ("semantic", "lexical")."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        out = {}
        for variant, available in (("semantic", FEATURES), ("lexical", LEXICAL_FEATURES)):
            block = data[variant]
            features = tuple(block["features"])
            if not features or not set(features) <= set(available):
                raise ModelError(
                    f"the speaker relatedness model was trained on other features; run {RETRAIN}", code="E402"
                )
            out[variant] = RelatedModel(features, tuple(float(w) for w in block["weights"]), float(block["bias"]))
        return out
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(
            f"cannot load the speaker relatedness model {path}: {exc}; reinstall newstrace or run {RETRAIN}",
            code="E402",
        ) from None


def reads_embeddings(models: Mapping[str, RelatedModel]) -> bool:
    """Whether the semantic model reads the quotes' sentence embeddings (else no quote needs embedding)."""
    return bool(EMBEDDED_FEATURES.intersection(models["semantic"].features))


def model_for(values: dict[str, float], models: Mapping[str, RelatedModel]) -> RelatedModel:
    """The semantic model when the semantic features are there, else the lexical one."""
    return models["semantic"] if "quote_semantic" in values else models["lexical"]

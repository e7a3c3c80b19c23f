"""Can the shipped FNC-1 stance model tell a speaker who supports a claim from one who refutes it?

    python scripts/probe_speaker_polarity.py --data ../shared/data/coverage-dev [--cache DIR]

A measurement, not a trainer: it decides whether a polarity model built on the stance model
(trees + all-MiniLM-L6-v2, trained on FNC-1) is worth shipping for speaker stance. On coverage-dev's
(speaker, claim) pairs labelled supports or refutes it prints:

1. **On the gold evidence**: the stance model's P(agree) - P(disagree) for (claim, the annotator's
   evidence strings), as ROC AUC and as accuracy of agree-vs-disagree, beside calling every pair
   *supports* (the upper bound of what the model can do when the right sentence is given).
2. **On the system's quotes**: for every system holder that names a gold speaker (the scorer's rule),
   features from its quotes — the stance model on each quote's context and on its words (weighted by
   the quote's own relatedness), and the votes of the rule in ``stance.speaker_stance`` — fitted with
   a logistic regression and scored leaving one event out, beside the rule's own labels.

Deterministic; uses the pre-stance corpora of ``scripts/train_speaker_stance.py`` (same cache).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_speaker_stance as trainer

from newstrace.evaluation import coverage as cov
from newstrace.evaluation.speaker_names import NO_MATCH
from newstrace.settings import Settings
from newstrace.stages import stance as st
from newstrace.stages.stance import _model as stance_model
from newstrace.stages.stance import _speakers as sp

POLAR = ("supports", "refutes")


def gold_evidence(events: Sequence[dict[str, Any]]) -> list[tuple[str, str, bool]]:
    """(claim, evidence, supports?) for every polar gold (speaker, claim) pair."""
    rows = []
    for event in events:
        claims = {c["id"]: c["text"] for c in event["claims"]}
        for article in event["articles"]:
            for speaker in article["speakers"]:
                for claim, label in speaker.get("stance", {}).items():
                    if label in POLAR:
                        evidence = " ".join(speaker.get("evidence", {}).get(claim, []))
                        rows.append((claims[claim], evidence, label == "supports"))
    return rows


def agree_minus_disagree(model: Any, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    labels = list(stance_model.LABELS)
    proba = model.pair_proba([(claim, model.body(text)) for claim, text in pairs])
    return np.asarray(proba[:, labels.index("agree")] - proba[:, labels.index("disagree")])


def system_rows(events: Sequence[tuple[dict[str, Any], Any]], settings: Settings, model: Any) -> list[dict[str, Any]]:
    params = st.StanceParams.from_settings(settings)
    embedder = st.embeddings.load(str(settings.get("embeddings.model")))
    related = sp.load()
    labels = list(stance_model.LABELS)
    rows = []
    for event, corpus in events:
        claims = list(corpus.user_claims)
        anchors = {c.id: st.claim_anchors(model.space, c, corpus.live(), params) for c in claims}
        claim_of = trainer.gold_of(event)
        for gold in event["articles"]:
            doc = next((d for d in corpus.documents if d.id == gold["article_id"]), None)
            if doc is None or doc.readings is None:
                continue
            table = st.similarity_table(embedder, doc, claims) if embedder is not None else None
            for column, claim in enumerate(claims):
                for holder, indices in st.speaker_groups(doc).items():
                    named = [
                        s
                        for s in gold.get("speakers", [])
                        if cov.holder_match({"name": holder, "aliases": []}, s) != NO_MATCH
                    ]
                    label = next(
                        (
                            s["stance"][claim_of[claim.id]]
                            for s in named
                            if s.get("stance", {}).get(claim_of[claim.id]) in POLAR
                        ),
                        None,
                    )
                    if label is None:
                        continue
                    readings = []
                    for i in indices:
                        reading, _, own = st.quote_scores(
                            model.space, doc, i, claim, column, table, anchors.get(claim.id, ()), params
                        )
                        own_p = sp.model_for(sp.quote_values(own), related).probability(sp.quote_values(own))
                        readings.append(dataclasses.replace(reading, own=own_p))
                    weights = np.array([r.own for r in readings])
                    weights = weights / (weights.sum() or 1.0)
                    votes = [r.vote(params.own_related_min) for r in readings]
                    context = model.pair_proba(
                        [(claim.text, model.body(st._passage(doc, r.context))) for r in readings]
                    )
                    words = model.pair_proba([(claim.text, model.body(r.quote.content)) for r in readings])
                    rule = st.speaker_stance(
                        holder,
                        readings,
                        claim,
                        1.0,
                        related_min=params.related_min,
                        own_min=params.own_related_min,
                        discuss_margin=params.discuss_margin,
                    )
                    rows.append(
                        {
                            "event": event["story_id"],
                            "supports": label == "supports",
                            "rule": rule.label.value,
                            "model": [
                                *(weights @ context)[: labels.index("unrelated")],
                                *(weights @ words)[: labels.index("unrelated")],
                            ],
                            "votes": [
                                sum(w for w, v in zip(weights, votes, strict=True) if v == side) for side in (1, -1)
                            ],
                        }
                    )
    return rows


def leave_one_event_out(rows: Sequence[dict[str, Any]], keys: Sequence[str]) -> float:
    x = np.array([[v for k in keys for v in r[k]] for r in rows])
    y = np.array([r["supports"] for r in rows])
    events = np.array([r["event"] for r in rows])
    predicted = np.zeros(len(rows), dtype=bool)
    for event in sorted(set(events)):
        held = events == event
        fitted = LogisticRegression(C=1.0, max_iter=5000).fit(x[~held], y[~held])
        predicted[held] = fitted.predict(x[held])
    return float((predicted == y).mean())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the coverage-dev folder (../basil beside it)")
    parser.add_argument("--cache", type=Path, default=Path(".cache/coverage-dev/semantic"), help="pre-stance corpora")
    args = parser.parse_args(argv)
    settings = Settings.load(overrides={"embeddings.model": "auto"})
    model = stance_model.load(semantic=True)
    events = trainer.pre_stance_corpora(args.data, args.cache, settings)

    evidence = gold_evidence([e for e, _ in events])
    score = agree_minus_disagree(model, [(c, t) for c, t, _ in evidence])
    truth = np.array([s for _, _, s in evidence])
    print(f"gold evidence: {len(evidence)} polar pairs, {truth.mean():.3f} supports")
    print(
        f"  stance model P(agree)-P(disagree): ROC AUC {roc_auc_score(truth, score):.3f}, "
        f"accuracy {((score >= 0) == truth).mean():.3f} (all-supports {truth.mean():.3f})"
    )

    rows = system_rows(events, settings, model)
    truth = np.array([r["supports"] for r in rows])
    rule = np.array([r["rule"] == "supports" for r in rows])
    print(f"system holders naming a gold speaker: {len(rows)} polar pairs, {truth.mean():.3f} supports")
    print(f"  the rule's labels: {(rule == truth).mean():.3f} (refutes/discusses count as not supports)")
    for keys in (("votes",), ("model",), ("model", "votes")):
        print(
            f"  leave one event out, logistic regression on {' + '.join(keys)}: {leave_one_event_out(rows, keys):.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

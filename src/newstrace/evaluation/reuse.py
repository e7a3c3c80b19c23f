"""`newstrace eval reuse`: the reuse verdict on COUNTER (Urdu agency copy and newspaper articles).

COUNTER (``counter-urdu-reuse``, see its SOURCE.md) holds 600 (agency story, newspaper article)
pairs labelled by journalists as wholly derived (WD), partially derived (PD) or non derived (ND).
They map to the verdict's classes: WD -> ``derived``, PD -> ``partly_derived``, ND -> ``independent``.

The texts are Urdu, so this eval runs the **language-independent core** of the reuse detector —
the tokeniser (:mod:`newstrace.text.tokens`), the passage alignment
(:func:`newstrace.stages.stories._reuse.align`, default ``[stories]`` settings) and the verdict
(:mod:`newstrace.stages.stories._verdict`) — not the English pipeline (cleaning, spaCy, attribution and the
rest are English-only). Each side's text is its headline, a blank line, then its body.

Scores on the **test split** (the split of SOURCE.md: 127 pairs, grouped by shared agency story;
the verdict was trained and its settings chosen on the train split only):

- ``macro_f1``: macro-F1 over the three classes;
- ``binary_f1``: F1 of the class *derived* in the two-class task of METER and COUNTER, where
  wholly and partially derived together (WD + PD) are *derived* and ND is *not derived*. The
  system says *derived* when P(derived) + P(partly derived) >= 0.5. ``binary_macro_f1`` is the
  mean F1 of the two binary classes.

The dev split is reported beside it (``dev_*``). ``limit`` keeps the first ``limit`` pairs of each
split (by pair id); ``predictions`` writes one CSV row per scored pair.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sklearn.metrics import f1_score

from newstrace.errors import InputError
from newstrace.settings import Settings
from newstrace.stages.stories._params import reuse_params
from newstrace.stages.stories._reuse import ReuseParams
from newstrace.stages.stories._verdict import Verdict, VerdictModel, decide, load_model, verdict_features

#: COUNTER's labels -> the verdict's classes
LABELS = {"WD": Verdict.DERIVED, "PD": Verdict.PARTLY_DERIVED, "ND": Verdict.INDEPENDENT}
ORDER = (Verdict.DERIVED, Verdict.PARTLY_DERIVED, Verdict.INDEPENDENT)


@dataclass(frozen=True, slots=True)
class Pair:
    pair_id: str
    split: str
    label: Verdict
    source: str  # the agency story: headline, blank line, body
    derived: str  # the newspaper article


def _text(side: dict[str, Any]) -> str:
    return f"{(side.get('headline') or '').strip()}\n\n{(side.get('body') or '').strip()}"


def load_pairs(folder: Path) -> list[Pair]:
    """Every labelled pair with its split, sorted by pair id."""
    folder = Path(folder)
    pairs_file, splits_file = folder / "pairs.jsonl", folder / "splits.json"
    if not pairs_file.is_file() or not splits_file.is_file():
        raise InputError(f"no COUNTER pairs.jsonl and splits.json under {folder}; pass the counter-urdu-reuse folder")
    splits = json.loads(splits_file.read_text(encoding="utf-8"))["splits"]
    split_of = {pid: name for name, ids in splits.items() for pid in ids}
    out = []
    with pairs_file.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec["label"] not in LABELS or rec["pair_id"] not in split_of:
                continue
            out.append(
                Pair(
                    rec["pair_id"],
                    split_of[rec["pair_id"]],
                    LABELS[rec["label"]],
                    _text(rec["source"]),
                    _text(rec["derived"]),
                )
            )
    return sorted(out, key=lambda p: p.pair_id)


def pair_features(pairs: Sequence[Pair], params: ReuseParams) -> list[dict[str, float]]:
    return [verdict_features(p.source, p.derived, params) for p in pairs]


def scores(
    gold: Sequence[Verdict], predicted: Sequence[Verdict], predicted_derived: Sequence[bool]
) -> dict[str, float]:
    """macro-F1 (three classes), per-class F1, accuracy and the derived-vs-not binary F1."""
    g, p = [v.value for v in gold], [v.value for v in predicted]
    per_class = f1_score(g, p, labels=[v.value for v in ORDER], average=None, zero_division=0.0)
    gold_derived = [v != Verdict.INDEPENDENT for v in gold]
    binary = f1_score(gold_derived, list(predicted_derived), zero_division=0.0)
    binary_macro = f1_score(gold_derived, list(predicted_derived), average="macro", zero_division=0.0)
    out = {
        "macro_f1": round(float(per_class.mean()), 4),
        "binary_f1": round(float(binary), 4),
        "binary_macro_f1": round(float(binary_macro), 4),
        "accuracy": round(sum(a == b for a, b in zip(g, p, strict=True)) / max(1, len(g)), 4),
    }
    for label, f in zip(ORDER, per_class, strict=True):
        out[f"f1_{label.value}"] = round(float(f), 4)
    return out


def confusion(gold: Sequence[Verdict], predicted: Sequence[Verdict]) -> dict[str, Any]:
    rows = [[sum(1 for g, p in zip(gold, predicted, strict=True) if g == a and p == b) for b in ORDER] for a in ORDER]
    return {"labels": [v.value for v in ORDER], "rows_gold": rows}


def evaluate(
    data: Path,
    *,
    predictions: Path | None = None,
    limit: int | None = None,
    settings: Settings | None = None,
    model: VerdictModel | None = None,
) -> dict[str, Any]:
    """Score the shipped verdict on COUNTER's test split (and dev split); see the module docstring."""
    settings = settings or Settings.load()
    params = reuse_params(settings)
    model = model or load_model()
    pairs = load_pairs(Path(data))
    metrics: dict[str, Any] = {}
    result: dict[str, Any] = {}
    rows: list[list[object]] = []
    for split, prefix in (("test", ""), ("dev", "dev_")):
        chosen = [p for p in pairs if p.split == split][:limit]
        if not chosen:
            continue
        verdicts = [decide(f, model) for f in pair_features(chosen, params)]
        gold = [p.label for p in chosen]
        predicted = [v.label for v in verdicts]
        for key, value in scores(gold, predicted, [v.derived for v in verdicts]).items():
            metrics[f"{prefix}{key}"] = value
        metrics[f"{prefix}pairs"] = len(chosen)
        if split == "test":
            result["confusion"] = confusion(gold, predicted)
        rows.extend(
            [p.pair_id, split, p.label.value, v.label.value, int(v.derived), *(v.probabilities[o.value] for o in ORDER)]
            for p, v in zip(chosen, verdicts, strict=True)
        )
    if not metrics:
        raise InputError(f"no test or dev pairs in {data}/splits.json")
    if predictions is not None:
        predictions.parent.mkdir(parents=True, exist_ok=True)
        with predictions.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["pair_id", "split", "gold", "predicted", "derived", *(f"p_{o.value}" for o in ORDER)])
            writer.writerows(rows)
    result.update(
        {
            "metrics": metrics,
            "model": {"features": list(model.features), "labels": [v.value for v in model.labels]},
            "method": "reuse detector alignment (language-independent tokens, word shingles) + logistic regression",
            "trained_on": "COUNTER train split (scripts/train_reuse_verdict.py)",
        }
    )
    return result

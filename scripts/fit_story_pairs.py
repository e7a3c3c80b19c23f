"""Fit the pair model of story grouping (``[stories]`` pair_weights, pair_intercept, gap_offsets,
unknown_gap_offset, event_threshold) on BASIL and PAC, training splits only.

    python scripts/fit_story_pairs.py --data ../shared/data

1. The train and dev articles of BASIL and PAC go through the pipeline up to the grouping stage
   (cleaning, parse, attribution, entity linking), so each becomes the grouping's ``Item``.
2. A logistic regression is fitted on every pair of **train** articles: the label is whether the two
   belong to one gold event, the features the five cosines of ``_grouping.FEATURES`` and one
   indicator per date-gap bucket (``gap_days``, plus unknown dates). The gap indicators have no
   intercept of their own: the same-day bucket's coefficient and the intercept are read together.
3. For each regularisation ``C`` and each event threshold, the train + dev articles are grouped and
   scored (B-cubed F1 over train + dev); the best pair is printed as the lines of defaults.toml.

The test splits are never read here.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from newstrace.evaluation.coverage_corpora import load_all
from newstrace.evaluation.grouping_scores import score_groups
from newstrace.model import Document
from newstrace.pipeline import Corpus, Pipeline, RunContext
from newstrace.settings import Settings
from newstrace.stages.stories._documents import item_of
from newstrace.stages.stories._grouping import GroupingParams, Item, gap_bucket, group, pair_features

C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
DIGITS = 2


def split_of(data: Path) -> dict[str, str]:
    """Gold story id (as coverage_corpora prefixes it) -> split."""
    out = {}
    for kind, folder in (("basil", "basil"), ("pac", "pac-partisan-events")):
        splits = json.loads((data / folder / "splits.json").read_text(encoding="utf-8"))["splits"]
        for split, stories in splits.items():
            out.update({f"{kind}:{s}": split for s in stories})
    return out


def documents(data: Path, keep: set[str]) -> tuple[list[Document], dict[str, str]]:
    """The pipeline's documents (up to grouping) of the articles whose gold story is in a kept split."""
    splits = split_of(data)
    articles = [a for a in load_all([data / "basil", data / "pac-partisan-events"]) if splits[a.story] in keep]
    settings = Settings.load(overrides={"embeddings.model": "off"})
    stages = Pipeline.from_settings(settings).stages
    cut = next(i for i, s in enumerate(stages) if "corpus.stories" in s.provides)
    corpus = Pipeline(stages[:cut]).run(
        Corpus(documents=tuple(Document(article=a.article) for a in articles)), RunContext(settings)
    )
    return list(corpus.live()), {a.article.id: a.story for a in articles}


def design(items: Sequence[Item], params: GroupingParams) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (i < j) and its features: the cosines, then one indicator per gap bucket and unknown."""
    n = len(items)
    iu = np.triu_indices(n, 1)
    pairs = np.stack(iu, axis=1).astype(np.int64)
    feats = pair_features(items, pairs, params)
    buckets = len(params.gap_days) + 1
    gaps = np.zeros((len(pairs), buckets + 1))
    for k, (i, j) in enumerate(pairs.tolist()):
        b = gap_bucket(items[i].date, items[j].date, params)
        gaps[k, b if b >= 0 else buckets] = 1.0
    return pairs, np.hstack([feats, gaps])


def fitted_params(clf: LogisticRegression, base: GroupingParams, threshold: float) -> GroupingParams:
    coef = clf.coef_[0]
    k = len(base.weights)
    buckets = len(base.gap_days) + 1
    return GroupingParams(
        weights=tuple(round(float(w), DIGITS) for w in coef[:k]),
        intercept=round(float(clf.intercept_[0]), DIGITS),
        gap_days=base.gap_days,
        gap_offsets=tuple(round(float(o), DIGITS) for o in coef[k : k + buckets]),
        unknown_gap_offset=round(float(coef[k + buckets]), DIGITS),
        event_threshold=threshold,
        story_threshold=base.story_threshold,
        block_terms=base.block_terms,
        block_max_df=base.block_max_df,
        lead_chars=base.lead_chars,
    )


def choose(
    items: Sequence[Item], gold: Mapping[str, str], split: Mapping[str, str], base: GroupingParams
) -> tuple[GroupingParams, float]:
    train = [it for it in sorted(items, key=lambda it: it.key) if split[gold[it.key]] == "train"]
    pairs, x = design(train, base)
    labels = np.array([gold[train[i].key] == gold[train[j].key] for i, j in pairs.tolist()])
    best: tuple[float, GroupingParams] | None = None
    for c in C_GRID:
        clf = LogisticRegression(C=c, max_iter=5000).fit(x, labels)
        for t in THRESHOLDS:
            params = fitted_params(clf, base, t)
            events = group(items, params).events
            f1 = score_groups(events, {k: gold[k] for k in (it.key for it in items)})["bcubed_f1"]
            print(f"C={c} event_threshold={t}: B3 F1 {f1:.4f} (train + dev)")
            if best is None or f1 > best[0]:
                best = (f1, params)
    assert best is not None
    return best[1], best[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    args = parser.parse_args()
    docs, gold = documents(args.data, {"train", "dev"})
    split = split_of(args.data)
    params, f1 = choose([item_of(d) for d in docs], gold, split, GroupingParams())
    print(f"# best: B3 F1 {f1:.4f} on train + dev")
    print(f"pair_weights = {list(params.weights)}")
    print(f"pair_intercept = {params.intercept}")
    print(f"gap_offsets = {list(params.gap_offsets)}")
    print(f"unknown_gap_offset = {params.unknown_gap_offset}")
    print(f"event_threshold = {params.event_threshold}")


if __name__ == "__main__":
    main()

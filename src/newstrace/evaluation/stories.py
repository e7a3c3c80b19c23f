"""`newstrace eval stories`: how well articles are grouped into stories.

Two public gold standards, scored with B-cubed precision/recall/F1 and the adjusted Rand index:

Headlines and body leads are grouped by :mod:`newstrace.stages.stories._headlines` (corpus TF-IDF,
average linkage); full articles in a pipeline run by :mod:`newstrace.stages.stories._grouping`.

- **Emergent** (``emergent/url-versions-2015-06-14-clean*.csv``): 2,595 article headlines
  collected for 300 claims. Only the ``articleHeadline`` texts are clustered; ``claimId`` is
  used for scoring only and ``claimHeadline`` never. The headline thresholds
  (``stories.headline_threshold`` and the blocking sizes) were chosen on the *train* split;
  the headline metrics (``bcubed_f1`` ...) are measured on the held-out **test split**
  (524 headlines, 60 claims, split by claim). The train split and the full set are reported
  beside them (``emergent_train_*``, ``emergent_full_*``).
- **FNC-1 bodies** (``fnc-1``): FNC-1 reused Emergent's article bodies and paired each body
  with headlines of the claim it was collected for ("related") and of other claims
  ("unrelated"). Gold groups are derived honestly from that: two bodies are in one group when
  some headline is *related* to both (connected components over headline-body related pairs).
  This gives 191 groups over the 1,683 train bodies and 110 over the 904 test bodies. The
  body threshold (``stories.body_threshold``) was chosen on the train bodies; ``fnc1_test_*``
  reports the test bodies, which were not used for any choice.

``limit`` keeps only the first ``limit`` gold groups (sorted by id) of each set, a fixed
subset for quick checks. ``predictions`` writes a CSV (``set,item,group``) of the predicted groups.

Given BASIL and/or PAC folders instead (``--data`` repeated), the full articles go through the
whole pipeline as one corpus and the report's stories and reuse pairs are scored:
:mod:`newstrace.evaluation.coverage_stories`.
"""

from __future__ import annotations

import csv
import logging
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newstrace.errors import InputError
from newstrace.evaluation.coverage_corpora import detect
from newstrace.evaluation.grouping_scores import score_groups
from newstrace.settings import Settings
from newstrace.stages.stories._headlines import Headline as Item
from newstrace.stages.stories._headlines import HeadlineParams as GroupingParams
from newstrace.stages.stories._headlines import group_headlines as group_items
from newstrace.stages.stories._params import headline_params as grouping_params

log = logging.getLogger(__name__)

EMERGENT_FILES = {
    "test": "url-versions-2015-06-14-clean-test.csv",
    "train": "url-versions-2015-06-14-clean-train.csv",
    "full": "url-versions-2015-06-14-clean.csv",
}
#: characters of an FNC body given to the grouping (its lead), as for pipeline documents
BODY_CHARS = 2000


def _limit(gold: dict[str, str], limit: int | None) -> dict[str, str]:
    if limit is None:
        return gold
    keep = set(sorted(set(gold.values()))[:limit])
    return {k: v for k, v in gold.items() if v in keep}


def load_emergent(path: Path) -> tuple[list[Item], dict[str, str]]:
    """Headline items (text = articleHeadline only) and gold claim ids, keyed by row."""
    items: list[Item] = []
    gold: dict[str, str] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = f"{row['articleId']}#{row['']}"
            items.append(Item(key=key, text=row["articleHeadline"]))
            gold[key] = row["claimId"]
    return items, gold


def fnc_gold(stances: Path) -> dict[str, str]:
    """Body id -> group: components of bodies linked by a headline related to both."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_headline: dict[str, list[str]] = defaultdict(list)
    with stances.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            find(row["Body ID"])
            if row["Stance"] != "unrelated":
                by_headline[row["Headline"]].append(row["Body ID"])
    for bodies in by_headline.values():
        for other in bodies[1:]:
            a, b = find(bodies[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {body: f"g{find(body)}" for body in parent}


def load_fnc(bodies: Path, stances: Path) -> tuple[list[Item], dict[str, str]]:
    gold = fnc_gold(stances)
    items = []
    with bodies.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["Body ID"] in gold:
                items.append(Item(key=row["Body ID"], text=row["articleBody"][:BODY_CHARS]))
    return items, gold


def _run(
    name: str, items: list[Item], gold: dict[str, str], params: GroupingParams, limit: int | None
) -> tuple[dict[str, float], list[tuple[str, ...]]]:
    gold = _limit(gold, limit)
    chosen = [it for it in items if it.key in gold]
    groups = group_items(chosen, params)
    scores = score_groups(groups, gold)
    log.info("stories eval %s: %s", name, scores)
    return scores, groups


def _locate(data: Path) -> tuple[Path | None, Path | None]:
    data = Path(data)
    if data.is_file():
        data = data.parent
    emergent = data if (data / EMERGENT_FILES["test"]).exists() else data / "emergent"
    fnc = data if (data / "train_bodies.csv").exists() else data / "fnc-1"
    if not (emergent / EMERGENT_FILES["test"]).exists():
        sibling = data.parent / "emergent"
        emergent = sibling if (sibling / EMERGENT_FILES["test"]).exists() else emergent
    if not (fnc / "train_bodies.csv").exists():
        sibling = data.parent / "fnc-1"
        fnc = sibling if (sibling / "train_bodies.csv").exists() else fnc
    return (
        emergent if (emergent / EMERGENT_FILES["test"]).exists() else None,
        fnc if (fnc / "train_bodies.csv").exists() else None,
    )


def evaluate(
    data: Path | Sequence[Path],
    *,
    predictions: Path | None = None,
    limit: int | None = None,
    settings: Settings | None = None,
    sets: Sequence[str] = ("emergent_test", "emergent_train", "emergent_full", "fnc1_train", "fnc1_test"),
    embeddings: str = "auto",
) -> dict[str, Any]:
    """Score story grouping on Emergent headlines and FNC-1 bodies, or on BASIL/PAC full articles
    (see the module docstring). ``embeddings`` (the ``embeddings.model`` setting) matters only to the
    full-article form, which runs the whole pipeline; headline and body grouping never read embeddings."""
    folders = [Path(data)] if isinstance(data, str | Path) else [Path(p) for p in data]
    coverage = [f for f in folders if detect(f)]
    if coverage:
        if len(coverage) != len(folders):
            raise InputError("pass either BASIL/PAC folders or one Emergent/FNC-1 folder, not both")
        from newstrace.evaluation import coverage_stories

        return coverage_stories.evaluate(
            coverage, predictions=predictions, limit=limit, settings=settings, embeddings=embeddings
        )
    if len(folders) != 1:
        raise InputError("--data may be repeated only for BASIL and PAC folders (full-article grouping)")
    data = folders[0]
    settings = settings or Settings.load()
    emergent, fnc = _locate(Path(data))
    if emergent is None and fnc is None:
        raise InputError(f"no Emergent or FNC-1 files under {data}; pass the shared data folder or the emergent folder")
    headline = grouping_params(settings, headline=True)
    body = grouping_params(settings, headline=False)
    results: dict[str, dict[str, float]] = {}
    predicted: list[tuple[str, str, int]] = []
    for name in sets:
        if name.startswith("emergent") and emergent is not None:
            items, gold = load_emergent(emergent / EMERGENT_FILES[name.split("_")[1]])
            params = headline
        elif name.startswith("fnc1") and fnc is not None:
            split = name.split("_")[1]
            bodies = fnc / ("train_bodies.csv" if split == "train" else "competition_test_bodies.csv")
            stances = fnc / ("train_stances.csv" if split == "train" else "competition_test_stances.csv")
            items, gold = load_fnc(bodies, stances)
            params = body
        else:
            continue
        results[name], groups = _run(name, items, gold, params, limit)
        predicted.extend((name, key, i) for i, group in enumerate(groups) for key in group)
    if predictions is not None:
        predictions.parent.mkdir(parents=True, exist_ok=True)
        with predictions.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["set", "item", "group"])
            writer.writerows(predicted)
    metrics: dict[str, float] = {}
    headline_set = "emergent_test" if "emergent_test" in results else next(iter(results), None)
    if headline_set is not None:
        for key in ("bcubed_f1", "bcubed_precision", "bcubed_recall", "ari"):
            metrics[key] = results[headline_set][key]
    for name, scores in results.items():
        for key in ("bcubed_f1", "bcubed_precision", "bcubed_recall", "ari"):
            metrics[f"{name}_{key}"] = scores[key]
    return {
        "metrics": metrics,
        "headline_set": headline_set,
        "sets": results,
        "method": "TF-IDF word+char similarity, blocking on distinctive words, sparse average linkage",
        "tuned_on": "Emergent train split (headline thresholds), FNC-1 train bodies (body threshold)",
    }

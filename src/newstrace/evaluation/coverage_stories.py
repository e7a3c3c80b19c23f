"""`newstrace eval stories` on full articles: story grouping and reuse on real multi-outlet coverage.

BASIL (100 events x 3 outlets) and PAC (152 events x 2 outlets) are read as Articles (id,
outlet, title, date, text; see :mod:`newstrace.evaluation.coverage_corpora`) and analysed as
**one corpus** by :func:`newstrace.analysis.analyze_articles` with the default settings — every
stage ``newstrace analyze`` runs. The gold ``story_id`` is used only for scoring.

Grouping (``report.stories`` against the gold stories): B-cubed precision / recall / F1 and the
adjusted Rand index. An article the pipeline collapsed as an exact copy takes its kept twin's
story; an article it could not analyse is a story of its own.

Order stability: the same articles in ``PERMUTATION_SEEDS`` shuffled input orders must give the
same groups. ``order_stable`` says whether they all did, ``order_moved_articles`` how many
articles had other story-mates than in the given order (the largest count over the shuffles).
A full run takes minutes (with the embeddings extra, most of it embedding sentences for core claims
and stance), so the runs are arranged to stay cheap, and every shortcut is checked:

1. the configured stages **up to and including the grouping stage** (the last stage that provides
   ``stories``) run on the articles in the given order, through ``analyze_articles``;
2. the same truncated pipeline runs on each shuffled order. Every *corpus* stage in it (dedupe,
   entity linking, the grouping with its core claims) runs again in full; a *document* stage
   (clean, annotate, attribution, claims, genre, evidence — each reads one document at a time)
   hands back its recorded output, and the spaCy parse it left, for a document whose input equals,
   field by field, its input in run 1, and processes any other document again;
3. the **whole pipeline** runs on the given order, document stages replayed the same way; its
   report is the one scored. The stages after grouping (stance, comparison) fill stories in but do
   not change their members: its groups must equal those of run 1 (``order_truncation_checked``);
   if they did not, the shuffled runs would be repeated with the whole pipeline.

``order_replayed`` counts the document-stage results replayed in runs 2 and 3, and
``order_recomputed`` those recomputed in run 2 (0 when shuffling changes no document stage's input;
run 3 may compute segments the truncated pipeline does not have).

Reuse on that coverage (the report's ``stories[].reuse`` pairs, each pair once):

- ``reuse_pairs``: how many pairs of articles the report says share passages;
- ``reuse_in_quotes_share``: the share of those pairs whose shared passages lie mostly (at least
  ``QUOTE_SHARE`` of their characters, both articles' sides counted together) inside quotations —
  a direct quote or a mixed quote's verbatim fragment as the attribution stage found it, or a span
  between paired quotation marks (straight or curly) as :func:`newstrace.stages.attribution._marks.read_quotes`
  reads them; ``reuse_in_quotes_share_attribution`` and ``reuse_in_quotes_share_marks`` count each
  kind alone;
- ``reuse_cross_story_pairs``: pairs whose two articles belong to different gold stories.

``limit`` keeps the first ``limit`` gold stories (sorted by id) of each set: a fixed subset for the
CI gate. ``predictions`` writes a JSON file with the predicted groups, the gold stories that split,
the groups that merge gold stories, and every reuse pair with its passages and quotation shares.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from newstrace.analysis import analyze_articles
from newstrace.codec import to_plain
from newstrace.errors import ConfigError
from newstrace.evaluation.coverage_corpora import GoldArticle, load_all
from newstrace.evaluation.grouping_scores import score_groups
from newstrace.model import Article, Document, QuoteKind, Report
from newstrace.pipeline import MemoryCache, Pipeline, RunOptions
from newstrace.settings import Settings
from newstrace.stages.attribution._marks import read_quotes

log = logging.getLogger(__name__)

PERMUTATION_SEEDS = (1, 2, 3)
#: a reuse pair is "inside quotations" when at least this share of its passages' characters is
QUOTE_SHARE = 0.8

Spans = list[tuple[int, int]]


# --- recording and replaying document stages --------------------------------------------------


def through_grouping(settings: Settings) -> Pipeline:
    """The configured pipeline up to and including the stage that groups articles into stories."""
    pipeline = Pipeline.from_settings(settings)
    last = max((i for i, s in enumerate(pipeline.stages) if "corpus.stories" in s.provides), default=None)
    if last is None:
        raise ConfigError("pipeline.stages has no stage that groups articles into stories; add stories.group.v1")
    return Pipeline(pipeline.stages[: last + 1])


# --- grouping ------------------------------------------------------------------------------------


def predicted_groups(report: Report, ids: Iterable[str]) -> list[tuple[str, ...]]:
    """The report's stories as groups of article ids, every id in exactly one group.

    An exact copy collapsed into a kept article joins that article's story; an article with no
    story (not analysed) is a group of its own.
    """
    wanted = set(ids)
    twin: dict[str, str] = {}
    for doc in report.documents:
        for copy in doc.exact_copies:
            twin[copy.id] = doc.id
    label: dict[str, int] = {}
    for i, story in enumerate(report.stories):
        for a in story.article_ids:
            label.setdefault(a, i)
    groups: dict[object, list[str]] = defaultdict(list)
    for a in sorted(wanted):
        key = label.get(a, label.get(twin.get(a, "")))
        groups[key if key is not None else f"alone:{a}"].append(a)
    return sorted((tuple(g) for g in groups.values()), key=lambda g: g[0])


def moved_articles(first: Sequence[Sequence[str]], other: Sequence[Sequence[str]]) -> int:
    """Articles whose story-mates differ between two groupings of the same articles."""
    mates_a = {a: frozenset(g) for g in first for a in g}
    mates_b = {a: frozenset(g) for g in other for a in g}
    return sum(1 for a in mates_a if mates_b.get(a) != mates_a[a])


def grouping_errors(groups: Sequence[Sequence[str]], gold: Mapping[str, str]) -> dict[str, Any]:
    """Gold stories split over several groups, and groups that join several gold stories."""
    label = {a: i for i, g in enumerate(groups) for a in g}
    by_gold: dict[str, list[str]] = defaultdict(list)
    for a in sorted(gold):
        by_gold[gold[a]].append(a)
    split = []
    for story, members in sorted(by_gold.items()):
        parts: dict[int, list[str]] = defaultdict(list)
        for a in members:
            parts[label[a]].append(a)
        if len(parts) > 1:
            split.append({"gold": story, "parts": sorted(parts.values())})
    merged = []
    for g in groups:
        stories = sorted({gold[a] for a in g if a in gold})
        if len(stories) > 1:
            merged.append({"members": list(g), "gold": stories})
    return {"split": split, "merged": merged}


# --- reuse ---------------------------------------------------------------------------------------


def attributed_spans(doc: Document) -> Spans:
    """Verbatim quoted text as the attribution stage found it: direct quotes, mixed quotes' fragments."""
    spans: Spans = []
    for q in doc.quotes:
        if q.kind == QuoteKind.DIRECT:
            spans.append((q.start, q.end))
        elif q.kind == QuoteKind.MIXED:
            spans.extend((f.start, f.end) for f in q.fragments)
    return spans


def mark_spans(text: str) -> Spans:
    """Text between paired quotation marks (straight or curly, double or single)."""
    return [(q.start, q.end) for q in read_quotes(text).quotes]


def inside(start: int, end: int, spans: Spans) -> int:
    """Characters of ``start:end`` covered by the union of ``spans``."""
    total, last = 0, start
    for s, e in sorted(spans):
        s, e = max(s, last, start), min(e, end)
        if e > s:
            total += e - s
            last = e
    return total


def report_reuse_pairs(report: Report) -> list[dict[str, Any]]:
    """Every reuse pair the report lists, once (a pair across two stories is listed in both)."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for story in report.stories:
        for pair in story.reuse:
            seen.setdefault((pair.a_id, pair.b_id), to_plain(pair))
    return [seen[k] for k in sorted(seen)]


def quote_shares(pair: Mapping[str, Any], docs: Mapping[str, Document]) -> dict[str, float]:
    """Share of a pair's passage characters (both sides) inside attributed quotes, marks, either."""
    a, b = docs[str(pair["a_id"])], docs[str(pair["b_id"])]
    spans = {
        side: {"attribution": attributed_spans(doc), "marks": mark_spans(doc.text)}
        for side, doc in (("a", a), ("b", b))
    }
    for side in ("a", "b"):
        spans[side]["either"] = spans[side]["attribution"] + spans[side]["marks"]
    total = 0
    covered = dict.fromkeys(("attribution", "marks", "either"), 0)
    for p in pair["passages"]:
        for side in ("a", "b"):
            start, end = int(p[f"{side}_start"]), int(p[f"{side}_end"])
            total += end - start
            for kind in covered:
                covered[kind] += inside(start, end, spans[side][kind])
    return {kind: round(n / total, 4) if total else 0.0 for kind, n in covered.items()}


def reuse_measures(report: Report, gold: Mapping[str, str]) -> tuple[dict[str, float], list[dict[str, Any]]]:
    docs = {d.id: d for d in report.documents}
    pairs = report_reuse_pairs(report)
    rows = []
    for pair in pairs:
        shares = quote_shares(pair, docs)
        rows.append(
            {
                "a_id": pair["a_id"],
                "b_id": pair["b_id"],
                "gold_a": gold.get(str(pair["a_id"])),
                "gold_b": gold.get(str(pair["b_id"])),
                "cross_story": gold.get(str(pair["a_id"])) != gold.get(str(pair["b_id"])),
                "direction": pair.get("direction"),
                "a_share": pair.get("a_share"),
                "b_share": pair.get("b_share"),
                "in_quotes": shares,
                "passages": [
                    {"a_text": p["a_text"], "b_text": p["b_text"], "words": p["words"]} for p in pair["passages"]
                ],
            }
        )
    n = len(rows)

    def share(kind: str) -> float:
        return round(sum(1 for r in rows if r["in_quotes"][kind] >= QUOTE_SHARE) / n, 4) if n else 0.0

    metrics = {
        "reuse_pairs": n,
        "reuse_in_quotes_share": share("either"),
        "reuse_in_quotes_share_attribution": share("attribution"),
        "reuse_in_quotes_share_marks": share("marks"),
        "reuse_cross_story_pairs": sum(1 for r in rows if r["cross_story"]),
    }
    return metrics, rows


# --- the evaluation ------------------------------------------------------------------------------


def _limit(articles: list[GoldArticle], limit: int | None) -> list[GoldArticle]:
    if limit is None:
        return articles
    keep: set[str] = set()
    for corpus in sorted({a.corpus for a in articles}):
        keep |= set(sorted({a.story for a in articles if a.corpus == corpus})[:limit])
    return [a for a in articles if a.story in keep]


def _shuffled(articles: Sequence[GoldArticle], seed: int) -> list[Article]:
    out = [a.article for a in articles]
    random.Random(seed).shuffle(out)
    return out


def evaluate(
    folders: Sequence[Path],
    *,
    predictions: Path | None = None,
    limit: int | None = None,
    settings: Settings | None = None,
    seeds: Sequence[int] = PERMUTATION_SEEDS,
    embeddings: str = "auto",
) -> dict[str, Any]:
    """Group BASIL/PAC articles with the full pipeline and score stories, order stability and reuse.

    ``embeddings`` is the ``embeddings.model`` setting when no ``settings`` are given.
    """
    settings = settings or Settings.load(overrides={"embeddings.model": embeddings})
    articles = _limit(load_all(folders), limit)
    gold = {a.article.id: a.story for a in articles}
    given = [a.article for a in articles]
    # per-article results are kept in memory and taken again for an article whose input is the same
    # (the run's own cache: newstrace.pipeline.RunOptions), so the shuffles recompute only corpus stages
    memory = MemoryCache()
    options = RunOptions(cache=memory)
    # 1. through the grouping in the given order
    grouped = predicted_groups(
        analyze_articles(given, settings, pipeline=through_grouping(settings), options=options), gold
    )
    # 2. the same through the grouping in shuffled orders
    computed_before_shuffles = memory.misses
    moved = [
        moved_articles(
            grouped,
            predicted_groups(
                analyze_articles(
                    _shuffled(articles, seed), settings, pipeline=through_grouping(settings), options=options
                ),
                gold,
            ),
        )
        for seed in seeds
    ]
    recomputed_in_shuffles = memory.misses - computed_before_shuffles
    # 3. the whole pipeline in the given order: the report that is scored
    report = analyze_articles(given, settings, options=options)
    groups = predicted_groups(report, gold)
    truncation_holds = groups == grouped
    if not truncation_holds:
        log.warning("stories eval: a stage after grouping changed the groups; shuffling with the whole pipeline")
        moved = [
            moved_articles(
                groups,
                predicted_groups(analyze_articles(_shuffled(articles, seed), settings, options=options), gold),
            )
            for seed in seeds
        ]
    log.info("stories eval: articles moved per shuffle %s", moved)
    metrics: dict[str, Any] = dict(score_groups(groups, gold))
    metrics["order_stable"] = all(m == 0 for m in moved)
    metrics["order_moved_articles"] = max(moved, default=0)
    metrics["order_permutations"] = len(moved)
    metrics["order_truncation_checked"] = truncation_holds
    metrics["order_replayed"] = memory.hits
    metrics["order_recomputed"] = recomputed_in_shuffles

    reuse, pairs = reuse_measures(report, gold)
    metrics.update(reuse)
    errors = grouping_errors(groups, gold)
    for corpus in sorted({a.corpus for a in articles}):
        subset = {k: v for k, v in gold.items() if v.startswith(f"{corpus}:")}
        part = score_groups([tuple(a for a in g if a in subset) for g in groups if any(a in subset for a in g)], subset)
        for key in ("bcubed_f1", "bcubed_precision", "bcubed_recall", "ari"):
            metrics[f"{corpus}_{key}"] = part[key]
    failures = [dataclasses.asdict(f) for f in report.failures]
    if predictions is not None:
        predictions.parent.mkdir(parents=True, exist_ok=True)
        payload = {"groups": groups, "errors": errors, "moved_per_shuffle": moved, "reuse_pairs": pairs}
        predictions.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return {
        "metrics": metrics,
        "errors": errors,
        "moved_per_shuffle": moved,
        "reuse_pairs": pairs,
        "failures": failures,
        "method": "newstrace.analysis.analyze_articles (every configured stage) over one corpus of all articles",
    }

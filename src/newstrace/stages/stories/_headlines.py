"""Group bare headlines (or article leads without dates) into stories: the grouping measured on
Emergent headlines and FNC-1 bodies by ``newstrace eval stories --data ../shared/data``.

Full articles in a pipeline run are grouped by :mod:`._grouping` (events and stories, fixed word
weights, dates); its pair model was fitted on full articles and does not carry over to a headline of
ten words, so headline sets keep this method (corpus TF-IDF and average linkage).

Method (general, no corpus-specific rules):

1. Each article is a ``Headline``: a text (title + lead + claims), a date and a set of entity names.
2. Word TF-IDF and character n-gram TF-IDF vectors are fitted on the corpus being grouped
   (unsupervised: no labels are used).
3. Candidate pairs come from *blocking*: every item is indexed under its ``block_terms`` most
   distinctive words (highest TF-IDF weight) whose document frequency is at most
   ``block_max_df``. Two items are compared only if they share a block, so the number of
   comparisons is at most ``n * block_terms * block_max_df``: cost grows linearly with the corpus.
4. A pair's similarity mixes word and character cosines, the overlap coefficient of entity
   names (shared / smaller set) when both articles have some, and a soft time penalty that only starts after
   ``time_grace_days`` (a story about a contested claim can run for months).
5. Average-linkage agglomerative clustering over the sparse candidate graph (a missing
   edge counts as similarity 0) merges groups while their mean similarity is at least
   ``threshold``. Ties are broken by item order, and items are sorted by key first, so the
   result does not depend on the input order.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from newstrace.settings import Settings


@dataclass(frozen=True, slots=True)
class HeadlineParams:
    """Thresholds of the grouping; the defaults are the ``[stories]`` settings (articles with bodies)."""

    threshold: float = 0.2  # mean pair similarity at which two groups merge
    word_weight: float = 0.5  # share of the word cosine (the rest is the character cosine)
    entity_weight: float = 0.3  # share of the entity-name overlap when both items have entities
    block_terms: int = 12  # distinctive words per item used as blocking keys
    block_max_df: int = 200  # words in more items than this are not blocking keys
    min_edge: float = 0.03  # pair similarities below this are dropped from the graph
    time_grace_days: float = 120.0  # no time penalty up to this gap
    time_scale_days: float = 180.0  # beyond the grace period similarity decays as exp(-extra/scale)
    char_ngram_min: int = 3  # the character n-grams of the character cosine: from this length ...
    char_ngram_max: int = 5  # ... to this one

    @classmethod
    def from_settings(cls, settings: Settings, *, headline: bool = False) -> HeadlineParams:
        """The ``[stories]`` headline settings; ``headline=True`` for bare headlines, else leads of bodies."""
        return cls(
            threshold=float(settings.get("stories.headline_threshold" if headline else "stories.body_threshold")),
            word_weight=float(settings.get("stories.headline_word_weight")),
            entity_weight=float(settings.get("stories.headline_entity_weight")),
            block_terms=int(settings.get("stories.block_terms")),
            block_max_df=int(settings.get("stories.block_max_df")),
            min_edge=float(settings.get("stories.headline_min_edge")),
            time_grace_days=float(settings.get("stories.time_grace_days")),
            time_scale_days=float(settings.get("stories.time_scale_days")),
            char_ngram_min=int(settings.get("stories.char_ngram_min")),
            char_ngram_max=int(settings.get("stories.char_ngram_max")),
        )


@dataclass(frozen=True, slots=True)
class Headline:
    """What the grouping sees of one article (or of one bare headline)."""

    key: str
    text: str
    date: date | None = None
    entities: frozenset[str] = field(default_factory=frozenset)


def _vectorizers(params: HeadlineParams) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    words = TfidfVectorizer(stop_words="english", sublinear_tf=True, token_pattern=r"(?u)\b\w\w+\b", dtype=np.float32)
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(params.char_ngram_min, params.char_ngram_max),
        sublinear_tf=True,
        dtype=np.float32,
    )
    return words, chars


def _fit(texts: Sequence[str], params: HeadlineParams) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    words, chars = _vectorizers(params)
    try:
        w = words.fit_transform(texts)
    except ValueError:  # no word left after stop words
        w = sparse.csr_matrix((len(texts), 1), dtype=np.float32)
    try:
        c = chars.fit_transform(texts)
    except ValueError:
        c = sparse.csr_matrix((len(texts), 1), dtype=np.float32)
    return sparse.csr_matrix(w), sparse.csr_matrix(c)


def candidate_pairs(word_matrix: sparse.csr_matrix, params: HeadlineParams) -> np.ndarray:
    """Pairs (i, j), i < j, that share a blocking key; an array of shape (m, 2), sorted."""
    n = word_matrix.shape[0]
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    df = np.asarray((word_matrix > 0).sum(axis=0)).ravel()
    eligible = (df >= 2) & (df <= params.block_max_df)
    rows: list[int] = []
    cols: list[int] = []
    m = word_matrix.tocsr()
    for i in range(n):
        lo, hi = m.indptr[i], m.indptr[i + 1]
        terms = m.indices[lo:hi]
        weights = m.data[lo:hi]
        keep = eligible[terms]
        terms, weights = terms[keep], weights[keep]
        if len(terms) > params.block_terms:
            order = np.lexsort((terms, -weights))[: params.block_terms]
            terms = terms[order]
        rows.extend([i] * len(terms))
        cols.extend(terms.tolist())
    blocks = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(n, m.shape[1]))
    shared = sparse.triu(blocks @ blocks.T, k=1).tocoo()
    pairs = np.stack([shared.row, shared.col], axis=1).astype(np.int64)
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    return np.asarray(pairs[order])


def _rowwise_cosine(m: sparse.csr_matrix, pairs: np.ndarray, budget: int = 4_000_000) -> np.ndarray:
    """Dot products of the row pairs, in chunks holding about ``budget`` non-zeros (bounded memory)."""
    out = np.zeros(len(pairs), dtype=np.float64)
    per_row = max(1.0, m.nnz / max(1, m.shape[0]))
    chunk = max(256, int(budget / (2 * per_row)))
    for lo in range(0, len(pairs), chunk):
        p = pairs[lo : lo + chunk]
        out[lo : lo + chunk] = np.asarray(m[p[:, 0]].multiply(m[p[:, 1]]).sum(axis=1)).ravel()
    return out


def time_factor(a: date | None, b: date | None, params: HeadlineParams) -> float:
    """1.0 within the grace period (or when a date is unknown), then an exponential decay."""
    if a is None or b is None:
        return 1.0
    extra = abs((a - b).days) - params.time_grace_days
    return 1.0 if extra <= 0 else math.exp(-extra / params.time_scale_days)


def pair_similarities(items: Sequence[Headline], params: HeadlineParams) -> dict[tuple[int, int], float]:
    """Similarity of every candidate pair (indices into ``items``), at least ``min_edge``."""
    words, chars = _fit([it.text for it in items], params)
    pairs = candidate_pairs(words, params)
    if len(pairs) == 0:
        return {}
    text = params.word_weight * _rowwise_cosine(words, pairs) + (1 - params.word_weight) * _rowwise_cosine(chars, pairs)
    edges: dict[tuple[int, int], float] = {}
    for (i, j), sim in zip(pairs.tolist(), text.tolist(), strict=True):
        a, b = items[i], items[j]
        if a.entities and b.entities:
            overlap = len(a.entities & b.entities) / min(len(a.entities), len(b.entities))
            sim = (1 - params.entity_weight) * sim + params.entity_weight * overlap
        sim *= time_factor(a.date, b.date, params)
        if sim >= params.min_edge:
            edges[(i, j)] = sim
    return edges


def average_linkage(n: int, edges: dict[tuple[int, int], float], threshold: float) -> list[int]:
    """Cluster labels (the smallest member index) by sparse average-linkage agglomeration.

    The similarity of two groups is the sum of their members' pair similarities divided by
    the product of their sizes (absent pairs count 0). The most similar pair of groups is
    merged while that mean is at least ``threshold``; ties go to the smaller indices.
    """
    size = [1] * n
    links: list[dict[int, float]] = [{} for _ in range(n)]
    for (i, j), s in edges.items():
        links[i][j] = s
        links[j][i] = s
    heap = [(-s, i, j) for (i, j), s in edges.items() if s >= threshold]
    heapq.heapify(heap)
    alive = [True] * n
    parent = list(range(n))
    while heap:
        neg, i, j = heapq.heappop(heap)
        if not (alive[i] and alive[j]):
            continue
        current = links[i].get(j, 0.0) / (size[i] * size[j])
        if abs(current + neg) > 1e-12:
            continue  # stale entry
        keep, gone = (i, j) if i < j else (j, i)
        alive[gone] = False
        parent[gone] = keep
        for k, s in links[gone].items():
            if k == keep:
                continue
            links[keep][k] = links[keep].get(k, 0.0) + s
            links[k][keep] = links[keep][k]
            del links[k][gone]
        links[keep].pop(gone, None)
        links[gone] = {}
        size[keep] += size[gone]
        for k, s in links[keep].items():
            mean = s / (size[keep] * size[k])
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(keep, k), max(keep, k)))

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    return [root(x) for x in range(n)]


def group_headlines(items: Sequence[Headline], params: HeadlineParams | None = None) -> list[tuple[str, ...]]:
    """Groups of item keys; each group sorted, groups sorted by their first key."""
    params = params or HeadlineParams()
    ordered = sorted(items, key=lambda it: it.key)
    if not ordered:
        return []
    labels = average_linkage(len(ordered), pair_similarities(ordered, params), params.threshold)
    groups: dict[int, list[str]] = {}
    for item, label in zip(ordered, labels, strict=True):
        groups.setdefault(label, []).append(item.key)
    return sorted((tuple(sorted(g)) for g in groups.values()), key=lambda g: g[0])

"""Group articles into events, and events into stories.

An *event* is what several outlets report at about the same time (a bill signed, a hearing, a
remark); a *story* is a run of events about one matter, however far apart in time (the April and
the July coverage of one allegation). Method (general, no corpus-specific rules):

1. Each article is an :class:`Item`: its title, its lead (title + first characters), its whole
   text, the entity names it mentions and its date.
2. Four word vectors per item with **fixed** word weights (:mod:`._vectors`): the whole text, the
   lead, the title and the *proper words* (capitalised words not opening a sentence). Fixed weights
   make a pair's similarity independent of the rest of the corpus.
3. Candidate pairs come from *blocking*: every item is indexed under its ``block_terms`` heaviest
   words (weight x count, lead and proper words); two items are compared only if they share a key.
   Keys shared by more than ``block_max_df`` items are skipped, so the work grows with the corpus,
   not with its square.
4. A pair's probability of reporting one event is a logistic function of the four cosines, the
   overlap of entity names (shared / smaller set) and the gap between the two dates, read in
   buckets (``gap_days``; an unknown date has an offset of its own). The weights were fitted by
   logistic regression on pairs of the BASIL and PAC train splits (``scripts/fit_story_pairs.py``).
5. **Events** are the connected components of the pairs whose probability reaches
   ``event_threshold``. **Stories** join events whose articles would be one event were they
   published the same day (the same probability with the same-day offset), on average over all
   their article pairs, with probability at least ``story_threshold``: a story can run for months,
   an event cannot.

Components of a graph whose edges depend only on the two items they join cannot split when a node
is added, so adding articles to a corpus may join events, never scatter them (as long as no blocking
key of theirs grows past ``block_max_df``). Stories are the same for any order of the input; adding
an article to one of two linked events lowers their mean and could, in principle, unlink them.
Items are sorted by key first, so every tie is broken the same way.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from newstrace.settings import Settings
from newstrace.stages.stories._vectors import (
    Vocabulary,
    content_words,
    matrix,
    pair_cosines,
    proper_words,
    weighted_rows,
)

#: the cosines a pair is scored on, in the order of ``GroupingParams.weights``
FEATURES = ("full", "lead", "title", "proper", "entities")


@dataclass(frozen=True, slots=True)
class GroupingParams:
    """Numbers of the grouping; the defaults are the ``[stories]`` settings (defaults.toml says what each does)."""

    weights: tuple[float, ...] = (2.42, 2.95, 2.43, 3.04, 2.13)  # per FEATURES
    intercept: float = -4.93
    gap_days: tuple[int, ...] = (0, 1, 3, 7, 30)  # upper ends of the date-gap buckets
    gap_offsets: tuple[float, ...] = (3.92, 1.94, 1.13, -0.96, -2.24, -5.83)  # per bucket, the last beyond
    unknown_gap_offset: float = -2.79
    event_threshold: float = 0.45
    min_content: float = 2.0  # the weighted cosines alone (no date) an event pair must reach
    story_threshold: float = 0.9
    block_terms: int = 12
    block_max_df: int = 200
    lead_chars: int = 1000

    @classmethod
    def from_settings(cls, settings: Settings) -> GroupingParams:
        """The ``[stories]`` grouping settings."""
        return cls(
            weights=tuple(float(w) for w in settings.get("stories.pair_weights")),
            intercept=float(settings.get("stories.pair_intercept")),
            gap_days=tuple(int(d) for d in settings.get("stories.gap_days")),
            gap_offsets=tuple(float(o) for o in settings.get("stories.gap_offsets")),
            unknown_gap_offset=float(settings.get("stories.unknown_gap_offset")),
            event_threshold=float(settings.get("stories.event_threshold")),
            min_content=float(settings.get("stories.min_content")),
            story_threshold=float(settings.get("stories.story_threshold")),
            block_terms=int(settings.get("stories.block_terms")),
            block_max_df=int(settings.get("stories.block_max_df")),
            lead_chars=int(settings.get("stories.lead_chars")),
        )


@dataclass(frozen=True, slots=True)
class Item:
    """What the grouping sees of one article (or of one bare headline)."""

    key: str
    text: str  # the whole text (for an article: title, blank line, body)
    date: date | None = None
    entities: frozenset[str] = field(default_factory=frozenset)
    title: str = ""  # the title alone ("": the text's first line)


@dataclass(frozen=True, slots=True)
class Grouped:
    """Stories as lists of events, each event a sorted tuple of keys; both sorted by their first key."""

    stories: tuple[tuple[tuple[str, ...], ...], ...]

    @property
    def events(self) -> list[tuple[str, ...]]:
        return sorted((e for s in self.stories for e in s), key=lambda e: e[0])

    @property
    def groups(self) -> list[tuple[str, ...]]:
        """Each story's keys (sorted), stories sorted by their first key."""
        return sorted((tuple(sorted(k for e in s for k in e)) for s in self.stories), key=lambda g: g[0])


@dataclass
class _Vectors:
    full: sparse.csr_matrix
    lead: sparse.csr_matrix
    title: sparse.csr_matrix
    proper: sparse.csr_matrix
    keys: list[np.ndarray]  # blocking keys (column numbers) per item


def _title(item: Item) -> str:
    return item.title or item.text.strip().split("\n", 1)[0]


def vectors(items: Sequence[Item], params: GroupingParams) -> _Vectors:
    """The four unit word vectors of each item and its blocking keys."""
    vocab = Vocabulary()
    full_c, full_v = weighted_rows((content_words(it.text) for it in items), vocab)
    lead_c, lead_v = weighted_rows((content_words(it.text[: params.lead_chars]) for it in items), vocab)
    title_c, title_v = weighted_rows((content_words(_title(it)) for it in items), vocab)
    proper_c, proper_v = weighted_rows((proper_words(it.text) for it in items), vocab)
    keys = []
    for lc, lv, pc, pv in zip(lead_c, lead_v, proper_c, proper_v, strict=True):
        cols = np.concatenate([lc, pc])
        vals = np.concatenate([lv, pv])
        order = np.lexsort((cols, -vals))  # heaviest first, ties by column
        chosen = []
        seen: set[int] = set()
        for c in cols[order].tolist():
            if c not in seen:
                seen.add(c)
                chosen.append(c)
            if len(chosen) == params.block_terms:
                break
        keys.append(np.array(sorted(chosen), dtype=np.int32))
    width = len(vocab.columns)
    return _Vectors(
        matrix(full_c, full_v, width),
        matrix(lead_c, lead_v, width),
        matrix(title_c, title_v, width),
        matrix(proper_c, proper_v, width),
        keys,
    )


def candidate_pairs(keys: Sequence[np.ndarray], block_max_df: int) -> np.ndarray:
    """Pairs (i, j), i < j, sharing a blocking key held by at most ``block_max_df`` items; shape (m, 2), sorted."""
    index: dict[int, list[int]] = defaultdict(list)
    for i, ks in enumerate(keys):
        for k in ks.tolist():
            index[k].append(i)
    found: set[tuple[int, int]] = set()
    for members in index.values():
        if 2 <= len(members) <= block_max_df:
            for x, i in enumerate(members):
                for j in members[x + 1 :]:
                    found.add((i, j))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    return np.array(sorted(found), dtype=np.int64)


def gap_bucket(a: date | None, b: date | None, params: GroupingParams) -> int:
    """The date-gap bucket of a pair: an index into ``gap_offsets``, or -1 when a date is unknown."""
    if a is None or b is None:
        return -1
    gap = abs((a - b).days)
    for i, upper in enumerate(params.gap_days):
        if gap <= upper:
            return i
    return len(params.gap_days)


def pair_features(items: Sequence[Item], pairs: np.ndarray, params: GroupingParams) -> np.ndarray:
    """The FEATURES of each candidate pair, shape (m, len(FEATURES))."""
    v = vectors(items, params)
    return _features(items, v, pairs)


def _features(items: Sequence[Item], v: _Vectors, pairs: np.ndarray) -> np.ndarray:
    cols = [pair_cosines(m, pairs) for m in (v.full, v.lead, v.title, v.proper)]
    overlap = np.zeros(len(pairs))
    for n, (i, j) in enumerate(pairs.tolist()):
        a, b = items[i].entities, items[j].entities
        if a and b:
            overlap[n] = len(a & b) / min(len(a), len(b))
    return np.stack([*cols, overlap], axis=1)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-z))
    return out


def pair_probabilities(
    items: Sequence[Item], pairs: np.ndarray, features: np.ndarray, params: GroupingParams
) -> tuple[np.ndarray, np.ndarray]:
    """(probability that each pair reports one event, the same were the two published the same day).

    A pair whose weighted cosines alone stay under ``min_content`` gets probability 0: a close date
    makes alike articles one event, it does not make unlike ones alike.
    """
    evidence = features @ np.asarray(params.weights, dtype=np.float64)
    content = np.where(evidence >= params.min_content, params.intercept + evidence, -np.inf)
    offsets = np.array(
        [
            params.unknown_gap_offset
            if (b := gap_bucket(items[i].date, items[j].date, params)) < 0
            else params.gap_offsets[b]
            for i, j in pairs.tolist()
        ],
        dtype=np.float64,
    )
    return _sigmoid(content + offsets), _sigmoid(content + params.gap_offsets[0])


def _components(n: int, pairs: np.ndarray) -> np.ndarray:
    if len(pairs) == 0:
        return np.arange(n)
    graph = sparse.csr_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels)


def event_links(event_of: np.ndarray, pairs: np.ndarray, p_story: np.ndarray, threshold: float) -> np.ndarray:
    """Pairs of events whose mean same-day probability over all their article pairs reaches ``threshold``.

    A pair that is no candidate counts 0, so one article alike is not enough to join two large events.
    """
    size = np.bincount(event_of)
    total: dict[tuple[int, int], float] = defaultdict(float)
    for (i, j), p in zip(pairs.tolist(), p_story.tolist(), strict=True):
        a, b = int(event_of[i]), int(event_of[j])
        if a != b:
            total[(min(a, b), max(a, b))] += p
    links = sorted(k for k, s in total.items() if s / (size[k[0]] * size[k[1]]) >= threshold)
    return np.array(links, dtype=np.int64).reshape(-1, 2)


def group(items: Sequence[Item], params: GroupingParams | None = None) -> Grouped:
    """Stories of events of the items' keys; the same for any order of the items."""
    params = params or GroupingParams()
    ordered = sorted(items, key=lambda it: it.key)
    n = len(ordered)
    if n == 0:
        return Grouped(())
    v = vectors(ordered, params)
    pairs = candidate_pairs(v.keys, params.block_max_df)
    if len(pairs):
        p_event, p_story = pair_probabilities(ordered, pairs, _features(ordered, v, pairs), params)
    else:
        p_event = p_story = np.zeros(0)
    event_of = _components(n, pairs[p_event >= params.event_threshold])
    story_of = _components(int(event_of.max()) + 1, event_links(event_of, pairs, p_story, params.story_threshold))[
        event_of
    ]
    stories: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for i, item in enumerate(ordered):
        stories[int(story_of[i])][int(event_of[i])].append(item.key)
    out = [tuple(sorted((tuple(e) for e in events.values()), key=lambda e: e[0])) for events in stories.values()]
    return Grouped(tuple(sorted(out, key=lambda s: s[0][0])))


def group_items(items: Sequence[Item], params: GroupingParams | None = None) -> list[tuple[str, ...]]:
    """Stories as groups of item keys; each group sorted, groups sorted by their first key."""
    return group(items, params).groups


def story_id(article_ids: Sequence[str]) -> str:
    """A deterministic story id from its members (independent of their order)."""
    digest = hashlib.sha1("\n".join(sorted(article_ids)).encode()).hexdigest()[:12]
    return f"story-{digest}"


def event_id(article_ids: Sequence[str]) -> str:
    """A deterministic event id from its members (independent of their order)."""
    digest = hashlib.sha1("\n".join(sorted(article_ids)).encode()).hexdigest()[:12]
    return f"event-{digest}"

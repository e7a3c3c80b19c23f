"""Reuse: passages of a reporter's own prose one article shares with another (wire copy, press
releases, a blog reproducing a report without quotation marks), and how much of one derives from
the other.

Method:

1. **Shingles**: ``shingle_words`` consecutive normalised words, hashed (deterministically: the same
   in every process). A shingle that touches a *discounted* span gets no hash and can match nothing:
   quotations (two outlets printing the same remark have not copied each other), a dateline and a
   credit line. Per article only compact arrays are kept: the shingle hashes (int64), which of them
   count, and the token offsets (int32).
2. **Stock phrases**: a shingle found in articles of at least ``stock_stories`` different stories
   and at least ``stock_articles`` articles (a job title, a standing description of a person or a
   law, a schedule) is discounted too: copying happens inside a story, a phrase that recurs across
   stories is the language of the beat (one copy grouped into another story is two articles, and
   is still found). A pair whose articles lie in different stories is reported only when one of
   them shares at least ``cross_story_share`` of itself: a copy grouped elsewhere, not a snippet.
3. **Candidates** by an inverted index over the counting shingles (sorted arrays, not all pairs),
   ignoring shingles found in more than ``shingle_max_df`` articles; a pair needs
   ``min_shared_shingles`` shared shingles.
4. **Alignment**: shared shingles on one diagonal form runs, nearby runs merge into passages (small
   edits inside a copied paragraph do not split it); passages shorter than ``min_passage_words`` or
   sharing fewer than ``min_content_words`` distinct content words are dropped. Offsets are exact.
5. **Verdict** (:mod:`._verdict`): derived / partly derived / independent with its probabilities,
   read from the passages and the containment of the copy's own prose in the source's.
6. **Direction**: an article that credits the other's outlet copied it; an article that credits an
   origin outside the corpus ("(Reuters)", "Posted with permission from ...") names that origin,
   and the pair is two copies of it (``direction="common_origin"``); otherwise the earlier date;
   otherwise the article whose own text is much more inside the shared passages (containment);
   otherwise "unknown". ``direction_basis`` says which.

``copy_groups`` joins articles of pairs judged derived (or partly derived) whose reused share reaches
``copy_share`` into one origin, so five outlets running one wire story count as one source.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newstrace.model import ReusePair, ReusePassage, ReuseSummary
from newstrace.settings import Settings
from newstrace.stages.stories._credits import external_credits, matching_outlet
from newstrace.text.tokens import Token, tokenize

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class ReuseParams:
    """The reuse settings of ``[stories]`` (defaults.toml says what each does)."""

    shingle_words: int = 5
    min_shared_shingles: int = 3
    min_passage_words: int = 12
    min_content_words: int = 4  # distinct non-stop words both sides of a passage share
    shingle_max_df: int = 50
    max_gap_words: int = 8  # runs this close in both texts merge into one passage
    copy_share: float = 0.3
    sentence_cover_share: float = 0.5  # a passage covers a sentence holding at least this share of it
    stock_stories: int = 2  # a shingle in articles of this many stories ...
    stock_articles: int = 3  # ... and of this many articles is a stock phrase
    cross_story_share: float = 0.2  # a pair across two stories is kept when one side shares this much of itself
    containment_ratio: float = 1.5  # direction by containment when one share is this many times the other

    @classmethod
    def from_settings(cls, settings: Settings) -> ReuseParams:
        return cls(
            shingle_words=int(settings.get("stories.shingle_words")),
            min_shared_shingles=int(settings.get("stories.min_shared_shingles")),
            min_passage_words=int(settings.get("stories.min_passage_words")),
            min_content_words=int(settings.get("stories.min_content_words")),
            shingle_max_df=int(settings.get("stories.shingle_max_df")),
            max_gap_words=int(settings.get("stories.max_gap_words")),
            copy_share=float(settings.get("stories.copy_share")),
            sentence_cover_share=float(settings.get("stories.sentence_cover_share")),
            stock_stories=int(settings.get("stories.stock_stories")),
            stock_articles=int(settings.get("stories.stock_articles")),
            cross_story_share=float(settings.get("stories.cross_story_share")),
            containment_ratio=float(settings.get("stories.containment_ratio")),
        )


@dataclass(frozen=True, slots=True, eq=False)
class Text:
    """One article as reuse sees it; the arrays are filled by :func:`prepared`."""

    id: str
    text: str
    published: str | None = None  # ISO date
    sentences: Spans = ()  # sentence offsets, to report passages sentence by sentence
    discounted: Spans = ()  # quotations, dateline, credit lines: no shingle touching them counts
    outlet: str | None = None
    credits: tuple[str, ...] = ()  # names the article credits as its origin (_credits.credited)
    hashes: np.ndarray | None = None  # int64, one per shingle position
    counts: np.ndarray | None = None  # bool, the shingle is outside every discounted span
    starts: np.ndarray | None = None  # int32 token starts
    ends: np.ndarray | None = None  # int32 token ends


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def shingles(tokens: Sequence[Token], k: int) -> list[int]:
    """Hash of each run of ``k`` consecutive tokens (position i covers tokens i..i+k-1), the same in
    every process (word hashes from blake2b; Python's hash of a tuple of ints is not randomised)."""
    words = [_word_hash(t.norm) for t in tokens]
    return [hash(tuple(words[i : i + k])) for i in range(len(words) - k + 1)]


def _counting(tokens: Sequence[Token], k: int, discounted: Spans) -> np.ndarray:
    """For each shingle position: True when none of its tokens lies inside a discounted span."""
    n = max(0, len(tokens) - k + 1)
    if not discounted:
        return np.ones(n, dtype=bool)
    starts = np.fromiter((t.start for t in tokens), dtype=np.int64, count=len(tokens))
    ends = np.fromiter((t.end for t in tokens), dtype=np.int64, count=len(tokens))
    inside = np.zeros(len(tokens), dtype=bool)
    for s, e in discounted:
        inside |= (starts < e) & (ends > s)
    if n == 0:
        return np.zeros(0, dtype=bool)
    bad = np.convolve(inside.astype(np.int64), np.ones(k, dtype=np.int64), mode="valid")[:n]
    out: np.ndarray = bad == 0
    return out


def prepared(text: Text, params: ReuseParams) -> Text:
    """The text with its shingle hashes, counting mask and token offsets (the per-article part of the work)."""
    tokens = tokenize(text.text)
    return dataclasses.replace(
        text,
        hashes=np.array(shingles(tokens, params.shingle_words), dtype=np.int64),
        counts=_counting(tokens, params.shingle_words, text.discounted),
        starts=np.fromiter((t.start for t in tokens), dtype=np.int32, count=len(tokens)),
        ends=np.fromiter((t.end for t in tokens), dtype=np.int32, count=len(tokens)),
    )


def _ready(text: Text, params: ReuseParams) -> Text:
    return text if text.hashes is not None else prepared(text, params)


def _in_sorted(values: np.ndarray, sorted_set: np.ndarray | None) -> np.ndarray:
    """For each value: is it in ``sorted_set`` (a sorted array)? Binary search, so the cost per text
    does not grow with the corpus."""
    if sorted_set is None or len(sorted_set) == 0 or len(values) == 0:
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    found: np.ndarray = sorted_set[at] == values
    return found


def _live_hashes(text: Text, stock: np.ndarray | None = None) -> np.ndarray:
    """The distinct counting shingle hashes of a prepared text (stock phrases left out)."""
    assert text.hashes is not None and text.counts is not None
    live: np.ndarray = np.unique(text.hashes[text.counts])
    kept: np.ndarray = live[~_in_sorted(live, stock)]
    return kept


def stock_shingles(
    texts: Sequence[Text], story_of: Mapping[str, str], min_stories: int, min_articles: int = 0
) -> np.ndarray:
    """Hashes found in articles of at least ``min_stories`` different stories and at least
    ``min_articles`` articles (sorted)."""
    if min_stories < 2 or not story_of:
        return np.zeros(0, dtype=np.int64)
    labels = {s: i for i, s in enumerate(sorted(set(story_of.values())))}
    hs, ls = [], []
    for t in texts:
        if t.id not in story_of:
            continue
        live = _live_hashes(t)
        hs.append(live)
        ls.append(np.full(len(live), labels[story_of[t.id]], dtype=np.int64))
    if not hs:
        return np.zeros(0, dtype=np.int64)
    every = np.concatenate(hs)
    pairs = np.unique(np.stack([every, np.concatenate(ls)], axis=1), axis=0)
    values, counts = np.unique(pairs[:, 0], return_counts=True)
    articles_values, articles = np.unique(every, return_counts=True)  # each text's hashes are distinct
    enough = articles_values[articles >= min_articles]
    out: np.ndarray = np.intersect1d(values[counts >= min_stories], enough)
    return out


def candidate_pairs(
    texts: Sequence[Text], params: ReuseParams, stock: np.ndarray | None = None
) -> list[tuple[int, int]]:
    """Index pairs (i < j) sharing at least ``min_shared_shingles`` counting, non-stock shingles."""
    hs, ds = [], []
    for i, t in enumerate(texts):
        live = _live_hashes(t, stock)
        hs.append(live)
        ds.append(np.full(len(live), i, dtype=np.int64))
    if not hs:
        return []
    h = np.concatenate(hs)
    d = np.concatenate(ds)
    order = np.lexsort((d, h))
    h, d = h[order], d[order]
    bounds = np.flatnonzero(np.diff(h)) + 1
    starts = np.concatenate([[0], bounds])
    sizes = np.diff(np.concatenate([starts, [len(h)]]))
    n = len(texts)
    codes: list[np.ndarray] = []
    two = starts[sizes == 2]
    if len(two):
        codes.append(d[two] * n + d[two + 1])
    for s, m in zip(
        starts[(sizes > 2) & (sizes <= params.shingle_max_df)].tolist(),
        sizes[(sizes > 2) & (sizes <= params.shingle_max_df)].tolist(),
        strict=True,
    ):
        members = d[s : s + m]
        a, b = np.triu_indices(m, 1)
        codes.append(members[a] * n + members[b])
    if not codes:
        return []
    values, counts = np.unique(np.concatenate(codes), return_counts=True)
    kept = values[counts >= params.min_shared_shingles]
    return [(int(c // n), int(c % n)) for c in kept.tolist()]


def align(
    a: str,
    b: str,
    params: ReuseParams,
    a_tokens: Sequence[Token] | None = None,
    b_tokens: Sequence[Token] | None = None,
    a_hashes: Sequence[int | None] | None = None,
    b_hashes: Sequence[int | None] | None = None,
) -> list[ReusePassage]:
    """Passages of ``a`` and ``b`` made of shared shingles, in order of their start in ``a``.

    A hash of ``None`` is a shingle that cannot match (discounted)."""
    k = params.shingle_words
    ta = list(a_tokens) if a_tokens is not None else tokenize(a)
    tb = list(b_tokens) if b_tokens is not None else tokenize(b)
    ha = a_hashes if a_hashes is not None else shingles(ta, k)
    hb = b_hashes if b_hashes is not None else shingles(tb, k)
    where: dict[int, list[int]] = defaultdict(list)
    for i, h in enumerate(ha):
        if h is not None:
            where[h].append(i)
    hits = sorted((j - i, i) for j, h in enumerate(hb) if h is not None for i in where.get(h, ()))
    # runs: consecutive shingle positions on one diagonal -> token ranges [i, i_end) in a
    runs: list[tuple[int, int, int, int]] = []  # (a_tok_start, a_tok_end, b_tok_start, b_tok_end)
    for diag, i in hits:
        if runs and runs[-1][2] - runs[-1][0] == diag and i <= runs[-1][1] - k + 1:
            s, e, bs, be = runs[-1]
            runs[-1] = (s, max(e, i + k), bs, max(be, i + diag + k))
        else:
            runs.append((i, i + k, i + diag, i + diag + k))
    # merge runs that are close in both texts (edits inside a copied passage)
    runs.sort(key=lambda r: (r[0], r[2]))
    merged: list[list[int]] = []
    for s, e, bs, be in runs:
        if merged:
            m = merged[-1]
            if 0 <= s - m[1] <= params.max_gap_words and 0 <= bs - m[3] <= params.max_gap_words:
                m[1], m[3], m[4] = max(m[1], e), max(m[3], be), m[4] + (e - s)
                continue
            if s >= m[0] and e <= m[1] and bs >= m[2] and be <= m[3]:
                continue  # contained
        merged.append([s, e, bs, be, e - s])
    out = []
    for s, e, bs, be, words in merged:
        if e - s < params.min_passage_words:
            continue
        shared_content = _content(ta[s:e]) & _content(tb[bs:be])
        if len(shared_content) < params.min_content_words:
            continue  # a run of function words ("is one of the ...") is not a copied passage
        a0, a1 = ta[s].start, ta[e - 1].end
        b0, b1 = tb[bs].start, tb[be - 1].end
        out.append(ReusePassage(a0, a1, b0, b1, min(words, e - s), a[a0:a1], b[b0:b1]))
    return out


def _masked(text: Text, stock: np.ndarray | None) -> list[int | None]:
    """The text's shingle hashes with every discounted or stock shingle as None."""
    assert text.hashes is not None and text.counts is not None
    keep = text.counts & ~_in_sorted(text.hashes, stock)
    return [h if k else None for h, k in zip(text.hashes.tolist(), keep.tolist(), strict=True)]


def covered_sentences(sentences: Spans, start: int, end: int, share: float = 0.5) -> Spans:
    """The sentences with at least ``share`` of their characters inside ``start:end`` (half by default)."""
    return tuple((s, e) for s, e in sentences if e > s and min(e, end) - max(s, start) >= (e - s) * share)


def _content(tokens: Sequence[Token]) -> set[str]:
    return {t.norm for t in tokens if t.norm not in ENGLISH_STOP_WORDS and not t.norm.isdigit()}


def covered(spans: Sequence[tuple[int, int]]) -> int:
    """Characters inside the union of ``spans``."""
    total, last = 0, -1
    for s, e in sorted(spans):
        s = max(s, last)
        if e > s:
            total += e - s
            last = e
    return total


def direction(
    a: Text, b: Text, a_share: float, b_share: float, outlets: Sequence[str | None], params: ReuseParams
) -> tuple[str, str | None, str | None, str | None, str | None]:
    """(direction, source id, copy id, named origin outside the corpus, basis) of a pair (see the module docstring)."""
    if b.outlet and matching_outlet(b.outlet, a.credits) and not (a.outlet and matching_outlet(a.outlet, b.credits)):
        return "b->a", b.id, a.id, None, "credit"
    if a.outlet and matching_outlet(a.outlet, b.credits) and not (b.outlet and matching_outlet(b.outlet, a.credits)):
        return "a->b", a.id, b.id, None, "credit"
    external = external_credits([*a.credits, *b.credits], outlets)
    if external:
        return "common_origin", None, None, external[0], "credit"
    if a.published and b.published and a.published[:10] != b.published[:10]:
        if a.published[:10] < b.published[:10]:
            return "a->b", a.id, b.id, None, "date"
        return "b->a", b.id, a.id, None, "date"
    if a_share > 0 and b_share >= params.containment_ratio * a_share:
        return "a->b", a.id, b.id, None, "containment"
    if b_share > 0 and a_share >= params.containment_ratio * b_share:
        return "b->a", b.id, a.id, None, "containment"
    return "unknown", None, None, None, None


#: a verdict for a pair: (pair, text a, text b, tokens of a, tokens of b, params) -> the judged pair
Judge = Callable[[ReusePair, Text, Text, Sequence[Token], Sequence[Token], ReuseParams], ReusePair]


def find_reuse(
    texts: Sequence[Text],
    params: ReuseParams | None = None,
    story_of: Mapping[str, str] | None = None,
    judge: Judge | None = None,
) -> tuple[list[ReusePair], ReuseSummary]:
    """All passages of own prose shared between the given articles and each article's reused share.

    ``story_of`` (article id -> story id) enables the stock-phrase and cross-story discounts; ``judge``
    (:func:`._verdict.judge_pair`) gives each pair its verdict (without it pairs count by share alone)."""
    params = params or ReuseParams()
    texts = sorted((_ready(t, params) for t in texts), key=lambda t: t.id)
    stock = stock_shingles(texts, story_of or {}, params.stock_stories, params.stock_articles)
    outlets = sorted({t.outlet for t in texts if t.outlet})
    pairs: list[ReusePair] = []
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    candidates = candidate_pairs(texts, params, stock)
    last_use = {k: n for n, pair in enumerate(candidates) for k in pair}
    tokens: dict[int, list[Token]] = {}  # each text tokenised once, dropped after its last pair
    for n, (i, j) in enumerate(candidates):
        a, b = texts[i], texts[j]
        ta = tokens[i] if i in tokens else tokens.setdefault(i, tokenize(a.text))
        tb = tokens[j] if j in tokens else tokens.setdefault(j, tokenize(b.text))
        for k in (i, j):
            if last_use[k] == n:
                tokens.pop(k, None)
        passages = align(a.text, b.text, params, ta, tb, _masked(a, stock), _masked(b, stock))
        if not passages:
            continue
        if a.sentences or b.sentences:
            passages = [
                dataclasses.replace(
                    p,
                    a_sentences=covered_sentences(a.sentences, p.a_start, p.a_end, params.sentence_cover_share),
                    b_sentences=covered_sentences(b.sentences, p.b_start, p.b_end, params.sentence_cover_share),
                )
                for p in passages
            ]
        a_spans = [(p.a_start, p.a_end) for p in passages]
        b_spans = [(p.b_start, p.b_end) for p in passages]
        a_share = round(covered(a_spans) / max(1, len(a.text)), 4)
        b_share = round(covered(b_spans) / max(1, len(b.text)), 4)
        if story_of and story_of.get(a.id) != story_of.get(b.id) and max(a_share, b_share) < params.cross_story_share:
            continue  # a snippet shared across stories is the beat's language, not a copy
        dirn, source, copy, origin, basis = direction(a, b, a_share, b_share, outlets, params)
        pair = ReusePair(a.id, b.id, dirn, source, copy, tuple(passages), a_share, b_share)
        pair = dataclasses.replace(pair, origin=origin, direction_basis=basis)
        if judge is not None:
            pair = judge(pair, a, b, ta, tb, params)
        spans[a.id].extend(a_spans)
        spans[b.id].extend(b_spans)
        pairs.append(pair)
    shares = {t.id: round(covered(spans[t.id]) / max(1, len(t.text)), 4) for t in texts}
    groups = copy_groups([t.id for t in texts], pairs, params.copy_share)
    return pairs, ReuseSummary(
        shares,
        groups,
        len(groups),
        params.copy_share,
        derived_pairs=sum(1 for p in pairs if p.derived),
        independent_pairs=sum(1 for p in pairs if p.verdict == "independent"),
    )


def copy_groups(ids: Sequence[str], pairs: Sequence[ReusePair], copy_share: float) -> tuple[tuple[str, ...], ...]:
    """Articles joined when a pair judged derived reproduces at least ``copy_share`` of one of them
    (a pair without a verdict counts by its share alone)."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        judged_copy = p.derived if p.verdict is not None else True
        if judged_copy and max(p.a_share, p.b_share) >= copy_share and p.a_id in parent and p.b_id in parent:
            ra, rb = find(p.a_id), find(p.b_id)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for i in sorted(ids):
        groups[find(i)].append(i)
    return tuple(sorted(tuple(g) for g in groups.values()))

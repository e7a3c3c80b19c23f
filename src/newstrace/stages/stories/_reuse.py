"""Reuse: passages one article shares with another (wire copy, press releases, a blog
reproducing a report without quotation marks).

Method: word shingles (``shingle_words`` consecutive normalised words) hashed to 64 bits.
Candidate pairs come from an inverted index over each article's shingles, ignoring shingles
found in more than ``shingle_max_df`` articles (stock phrases), so the work grows with the
number of shared shingles, not with the number of article pairs. Each candidate pair
sharing at least ``min_shared_shingles`` shingles is aligned: shared shingles on the same
diagonal (same offset between the two texts) form runs, nearby runs merge into passages
(small edits inside a copied paragraph do not split it), and passages shorter than
``min_passage_words`` or sharing fewer than ``min_content_words`` distinct content (non-stop)
words are dropped. Every passage carries exact character offsets in both
articles. Direction comes from publication dates (the later article copied the earlier);
with no dates or equal dates it is "unknown".

``copy_groups`` joins articles whose reused share reaches ``copy_share`` into one origin,
so five outlets running one wire story count as one source.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newstrace.model import ReusePair, ReusePassage, ReuseSummary
from newstrace.settings import Settings
from newstrace.text.tokens import Token, tokenize


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
        )


@dataclass(frozen=True, slots=True)
class Text:
    """One article as reuse sees it; ``tokens`` and ``hashes`` are filled by :func:`prepared`."""

    id: str
    text: str
    published: str | None = None  # ISO date
    sentences: tuple[tuple[int, int], ...] = ()  # sentence offsets, to report passages sentence by sentence
    tokens: tuple[Token, ...] | None = None
    hashes: tuple[int, ...] | None = None


def prepared(text: Text, params: ReuseParams) -> Text:
    """The text with its tokens and shingle hashes (the per-article part of the work)."""
    tokens = tokenize(text.text)
    return dataclasses.replace(text, tokens=tuple(tokens), hashes=tuple(shingles(tokens, params.shingle_words)))


def shingles(tokens: Sequence[Token], k: int) -> list[int]:
    """Hash of each run of ``k`` consecutive tokens (position i covers tokens i..i+k-1).

    Python's tuple hash: fast, 64-bit, and only compared within one run (results never depend
    on the hash values themselves, only on equality).
    """
    words = [t.norm for t in tokens]
    return [hash(tuple(words[i : i + k])) for i in range(len(words) - k + 1)]


def candidate_pairs(sets: dict[str, set[int]], params: ReuseParams) -> list[tuple[str, str]]:
    """Article pairs sharing at least ``min_shared_shingles`` non-stock shingles (ids ordered)."""
    index: dict[int, list[str]] = defaultdict(list)
    for doc_id in sorted(sets):
        for h in sets[doc_id]:
            index[h].append(doc_id)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for ids in index.values():
        if 2 <= len(ids) <= params.shingle_max_df:
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    counts[(a, b)] += 1
    return sorted(p for p, c in counts.items() if c >= params.min_shared_shingles)


def align(
    a: str,
    b: str,
    params: ReuseParams,
    a_tokens: list[Token] | None = None,
    b_tokens: list[Token] | None = None,
    a_hashes: list[int] | None = None,
    b_hashes: list[int] | None = None,
) -> list[ReusePassage]:
    """Passages of ``a`` and ``b`` made of shared shingles, in order of their start in ``a``."""
    k = params.shingle_words
    ta = a_tokens if a_tokens is not None else tokenize(a)
    tb = b_tokens if b_tokens is not None else tokenize(b)
    ha = a_hashes if a_hashes is not None else shingles(ta, k)
    hb = b_hashes if b_hashes is not None else shingles(tb, k)
    where: dict[int, list[int]] = defaultdict(list)
    for i, h in enumerate(ha):
        where[h].append(i)
    hits = sorted((j - i, i) for j, h in enumerate(hb) for i in where.get(h, ()))
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


def covered_sentences(
    sentences: Sequence[tuple[int, int]], start: int, end: int, share: float = 0.5
) -> tuple[tuple[int, int], ...]:
    """The sentences with at least ``share`` of their characters inside ``start:end`` (half by default)."""
    return tuple((s, e) for s, e in sentences if e > s and min(e, end) - max(s, start) >= (e - s) * share)


def _content(tokens: Sequence[Token]) -> set[str]:
    return {t.norm for t in tokens if t.norm not in ENGLISH_STOP_WORDS and not t.norm.isdigit()}


def _covered(spans: Sequence[tuple[int, int]]) -> int:
    total, last = 0, -1
    for s, e in sorted(spans):
        s = max(s, last)
        if e > s:
            total += e - s
            last = e
    return total


def direction(a: Text, b: Text) -> tuple[str, str | None, str | None]:
    """("a->b", source, copy) when a was published first; "unknown" without two distinct dates."""
    if a.published and b.published and a.published[:10] != b.published[:10]:
        return ("a->b", a.id, b.id) if a.published[:10] < b.published[:10] else ("b->a", b.id, a.id)
    return "unknown", None, None


def find_reuse(texts: Sequence[Text], params: ReuseParams | None = None) -> tuple[list[ReusePair], ReuseSummary]:
    """All shared passages between the given articles, and each article's reused share."""
    params = params or ReuseParams()
    texts = [t if t.tokens is not None and t.hashes is not None else prepared(t, params) for t in texts]
    by_id = {t.id: t for t in texts}
    tokens = {t.id: list(t.tokens or ()) for t in texts}
    hashes = {t.id: list(t.hashes or ()) for t in texts}
    sets = {i: set(h) for i, h in hashes.items()}
    pairs: list[ReusePair] = []
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for a_id, b_id in candidate_pairs(sets, params):
        a, b = by_id[a_id], by_id[b_id]
        passages = align(a.text, b.text, params, tokens[a_id], tokens[b_id], hashes[a_id], hashes[b_id])
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
        spans[a_id].extend(a_spans)
        spans[b_id].extend(b_spans)
        dirn, source, copy = direction(a, b)
        pairs.append(
            ReusePair(
                a_id,
                b_id,
                dirn,
                source,
                copy,
                tuple(passages),
                round(_covered(a_spans) / max(1, len(a.text)), 4),
                round(_covered(b_spans) / max(1, len(b.text)), 4),
            )
        )
    shares = {t.id: round(_covered(spans[t.id]) / max(1, len(t.text)), 4) for t in sorted(texts, key=lambda t: t.id)}
    groups = copy_groups([t.id for t in texts], pairs, params.copy_share)
    return pairs, ReuseSummary(shares, groups, len(groups), params.copy_share)


def copy_groups(ids: Sequence[str], pairs: Sequence[ReusePair], copy_share: float) -> tuple[tuple[str, ...], ...]:
    """Articles joined when one reproduces at least ``copy_share`` of itself from the other."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        if max(p.a_share, p.b_share) >= copy_share and p.a_id in parent and p.b_id in parent:
            ra, rb = find(p.a_id), find(p.b_id)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for i in sorted(ids):
        groups[find(i)].append(i)
    return tuple(sorted(tuple(g) for g in groups.values()))

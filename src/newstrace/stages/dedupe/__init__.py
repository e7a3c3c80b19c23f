"""Dedupe: collapse exact duplicates and mark near duplicates across the input, on the cleaned text.

Runs right after cleaning and before parsing, so an article fetched twice is parsed once.

**Exact duplicates** — inputs whose cleaned texts are equal once runs of whitespace are made
one space. One of them (the representative, below) goes on through the pipeline; every other
copy is dropped from the corpus and recorded on the kept document as an
:class:`~newstrace.model.ExactCopy` (id, source, outlet, url, title, date), which every report
shows ("analysed once"). Nothing is dropped without that record.

**Near duplicates** — the same wire story in ten outlets, a page with a different footer, a
copy cut short or padded with an appeal the cleaner did not catch. They stay in the pipeline,
marked: ``Document.near_duplicate_of`` names the representative and ``Document.near_duplicate``
holds the two scores measured between the article and that representative:

- *resemblance* ``|A∩B| / |A∪B|`` (Jaccard) of the word-shingle sets (``dedupe.shingle_words``
  lower-cased words per shingle);
- *containment* ``|A∩B| / min(|A|, |B|)``: how much of the smaller text is inside the larger.

Resemblance alone misses the commonest kinds of copy: a copy with a 620-word appeal appended
has a resemblance of 0.2-0.6 to its original (0.36 for a typical FNC-1 body), a copy cut to its
first 60 % about 0.6, while the containment of both is 1. So a pair is a near duplicate when its resemblance reaches
``dedupe.resemblance`` *or* its containment reaches ``dedupe.containment`` (the latter only
when the smaller text has at least ``dedupe.min_shingles`` shingles: a one-line text is
"contained" in many articles without being a copy of any).

How pairs are found without comparing every pair (the work grows about linearly with the
corpus): each text gets a MinHash sketch (datasketch, ``dedupe.num_perm`` permutations,
``dedupe.seed``). Two indexes propose candidate pairs:

- a ``MinHashLSH`` at a resemblance threshold, for copies of about the same length;
- a ``MinHashLSHEnsemble`` at a containment threshold (it partitions the texts by shingle-set
  size so that containment can be turned into a per-partition Jaccard threshold), queried with
  every text, so a text finds each longer text that contains it — the cut copy finds its
  original, the original finds the padded copy.

Both indexes run at their threshold minus ``_CANDIDATE_MARGIN``, so a pair just above the
threshold is not lost to the sketches' sampling error, and the ensemble picks its LSH
parameters weighting a missed pair four times a false candidate (``_ENSEMBLE_WEIGHTS``): with
its default, even weights it misses a short text inside a text ten times longer (the Jaccard
similarity of such a pair is about 0.1, where MinHash cannot tell a copy from chance), and it
missed 3 of the 166 qualifying FNC-1 pairs; weighted, it found all of them, among 16 k
candidates for 1.4 M pairs. Every candidate pair is then verified
on the exact shingle sets (sorted arrays of 64-bit shingle hashes, intersected in linear
time): the reported scores are exact, never MinHash estimates, and a false candidate costs
one intersection. (Verifying exact containment is what makes the ensemble usable: on its own
it errs both ways near the threshold.) The sizes given to the ensemble are rounded up to a 5 %
grid, because choosing its partitions costs the square of the number of distinct sizes.

Cost: shingling and sketching are linear in the text; LSH inserts and queries are linear in
the number of articles; verification is linear in the number of candidate pairs, which grows
with the number of real copies (ten copies of one wire story are 45 pairs) and with the false
candidates the weighted ensemble lets through (about 1 % of all pairs on FNC-1, a corpus made
of a few hundred stories each covered many times; fewer on a varied corpus).

**The representative** of a group is chosen by a fixed order that does not depend on the
order of the input: the earliest published first (undated last), then the longest cleaned
text, then the smallest source name, then the smallest id (source before id because two
inputs with the same name and text get ids that differ by a suffix given in input order). So
among undated copies the padded one represents the group: it holds all the text. Articles are taken in that order;
an article becomes a representative unless it is a near duplicate of a representative taken
before it, and then it is marked with the first such representative. (No transitive chains:
an article is marked only against a representative it itself matches, so a short brief
contained in two different articles cannot join them into one group.) LSH bucketing and the
ensemble's partitions are built from entries sorted by that order too, so shuffling the input
gives the same marks.

Passage-level reuse between articles of a story ("who copied whom") is a different question,
answered later by ``stories.compare.v1`` (``newstrace.stages.stories._reuse``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH, MinHashLSHEnsemble

from newstrace.model import Document, ExactCopy, NearDuplicate
from newstrace.pipeline import Corpus, CorpusStage, RunContext, is_dead, register
from newstrace.settings import Settings

log = logging.getLogger(__name__)

__all__ = [
    "DedupeParams",
    "DedupeResult",
    "MinHashDeduper",
    "candidate_pairs",
    "dedupe_documents",
    "find_duplicates",
    "normalise",
    "rank_key",
    "scores",
    "shingle_hashes",
    "sketch",
]

#: Candidate indexes run this far below the verified thresholds (MinHash sampling error).
_CANDIDATE_MARGIN = 0.15
#: Size partitions of the LSH Ensemble (fewer when the corpus is small).
_ENSEMBLE_PARTITIONS = 16
#: The ensemble's (false positive, false negative) weights when it picks its LSH parameters.
_ENSEMBLE_WEIGHTS = (0.2, 0.8)
_GRID = 1.05
_WORD = re.compile(r"\w+")
_WS = re.compile(r"\s+")

Hashes = npt.NDArray[np.uint64]


@dataclass(frozen=True, slots=True)
class DedupeParams:
    shingle_words: int = 3
    num_perm: int = 128
    seed: int = 1
    resemblance: float = 0.5
    containment: float = 0.8
    min_shingles: int = 25

    @classmethod
    def from_settings(cls, settings: Settings) -> DedupeParams:
        return cls(
            shingle_words=int(settings.get("dedupe.shingle_words")),
            num_perm=int(settings.get("dedupe.num_perm")),
            seed=int(settings.get("dedupe.seed")),
            resemblance=float(settings.get("dedupe.resemblance")),
            containment=float(settings.get("dedupe.containment")),
            min_shingles=int(settings.get("dedupe.min_shingles")),
        )


@dataclass(frozen=True, slots=True)
class DedupeResult:
    """What :func:`find_duplicates` decided, by document id."""

    exact: dict[str, tuple[str, ...]]  # kept id -> ids of its exact copies (dropped), in rank order
    near: dict[str, NearDuplicate]  # marked id -> its representative and the scores against it


def normalise(text: str) -> str:
    """The text with every run of whitespace made one space (the exact-duplicate key)."""
    return _WS.sub(" ", text).strip()


def shingle_hashes(text: str, k: int) -> Hashes:
    """Sorted unique 64-bit hashes of the text's shingles of ``k`` lower-cased words.

    A text of fewer than ``k`` words (but at least one) is one shingle.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    k = max(1, k)
    grams = [" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1))]
    values = [int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little") for g in set(grams)]
    return np.unique(np.array(values, dtype=np.uint64))


def scores(a: Hashes, b: Hashes) -> tuple[float, float]:
    """Exact (resemblance, containment) of two shingle-hash sets (sorted, unique)."""
    if not len(a) or not len(b):
        return 0.0, 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared), shared / min(len(a), len(b))


def rank_key(doc: Document) -> tuple[bool, str, int, str, str]:
    """Representatives come first: earliest published (undated last), longest text, smallest source, smallest id."""
    published = doc.article.published
    return (published is None, published or "", -len(normalise(doc.text)), doc.article.source, doc.id)


def _as_is(value: int) -> int:
    return value


def sketch(hashes: Hashes, params: DedupeParams) -> MinHash:
    """The MinHash of a shingle-hash set."""
    m = MinHash(num_perm=params.num_perm, seed=params.seed, hashfunc=_as_is)
    # MinHash permutes 32-bit values; the low half of each 64-bit shingle hash is one
    m.update_batch([int(h) & 0xFFFFFFFF for h in hashes])
    return m


def _size_bucket(size: int) -> int:
    """The smallest value of the grid ``ceil(1.05**i)`` at or above ``size``."""
    return max(size, math.ceil(_GRID ** math.ceil(math.log(size, _GRID) - 1e-9))) if size > 1 else 1


def candidate_pairs(
    keys: Sequence[str], sketches: dict[str, MinHash], sizes: dict[str, int], params: DedupeParams
) -> set[tuple[str, str]]:
    """Candidate pairs (by rank order of ``keys``) from a resemblance LSH and a containment LSH Ensemble."""
    order = {k: i for i, k in enumerate(keys)}
    pairs: set[tuple[str, str]] = set()

    def add(a: str, found: Iterable[object]) -> None:
        for b in found:
            b = str(b)
            if b != a:
                pairs.add((a, b) if order[a] < order[b] else (b, a))

    lsh = MinHashLSH(threshold=max(0.05, params.resemblance - _CANDIDATE_MARGIN), num_perm=params.num_perm)
    for key in keys:
        lsh.insert(key, sketches[key])
    ensemble = MinHashLSHEnsemble(
        threshold=max(0.05, params.containment - _CANDIDATE_MARGIN),
        num_perm=params.num_perm,
        num_part=max(1, min(_ENSEMBLE_PARTITIONS, len(keys))),
        weights=_ENSEMBLE_WEIGHTS,
    )
    # sizes rounded up to a 5 % grid: choosing the partitions costs the square of the number of
    # distinct sizes, and an upper bound only lowers the ensemble's Jaccard cut (more candidates)
    entries = [(k, sketches[k], _size_bucket(sizes[k])) for k in keys]
    # sorted by size, then rank: the size partitions do not depend on the input order
    ensemble.index(sorted(entries, key=lambda e: (e[2], order[e[0]])))
    for key in keys:
        add(key, lsh.query(sketches[key]))
        if sizes[key] >= params.min_shingles:
            add(key, ensemble.query(sketches[key], sizes[key]))
    return pairs


def find_duplicates(docs: Sequence[Document], params: DedupeParams) -> DedupeResult:
    """Exact duplicates to collapse and near duplicates to mark among ``docs`` (cleaned, not dead).

    The result depends only on the set of documents, not on their order.
    """
    ranked = sorted(docs, key=rank_key)
    # exact duplicates: the first in rank order of each cleaned text is kept
    kept: dict[str, str] = {}
    exact: dict[str, list[str]] = {}
    survivors: list[Document] = []
    for doc in ranked:
        digest = hashlib.sha1(normalise(doc.text).encode("utf-8", "surrogatepass")).hexdigest()
        if digest in kept:
            exact.setdefault(kept[digest], []).append(doc.id)
        else:
            kept[digest] = doc.id
            survivors.append(doc)

    hashes = {d.id: shingle_hashes(d.text, params.shingle_words) for d in survivors}
    keys = [d.id for d in survivors if len(hashes[d.id])]
    near: dict[str, NearDuplicate] = {}
    if len(keys) > 1:
        sketches = {k: sketch(hashes[k], params) for k in keys}
        sizes = {k: len(hashes[k]) for k in keys}
        matches: dict[str, list[tuple[str, float, float]]] = {}
        for a, b in sorted(candidate_pairs(keys, sketches, sizes, params)):
            resemblance, containment = scores(hashes[a], hashes[b])
            smaller = min(sizes[a], sizes[b])
            if resemblance >= params.resemblance or (
                containment >= params.containment and smaller >= params.min_shingles
            ):
                matches.setdefault(b, []).append((a, resemblance, containment))  # a ranks before b
        position = {k: i for i, k in enumerate(keys)}
        representatives: set[str] = set()
        for key in keys:  # rank order
            found = [m for m in matches.get(key, []) if m[0] in representatives]
            if found:
                rep, resemblance, containment = min(found, key=lambda m: position[m[0]])
                near[key] = NearDuplicate(rep, round(resemblance, 3), round(containment, 3))
            else:
                representatives.add(key)
    return DedupeResult({k: tuple(v) for k, v in exact.items()}, near)


def _copy_record(doc: Document) -> ExactCopy:
    a = doc.article
    return ExactCopy(a.id, a.source, a.outlet, a.url, a.title, a.published)


def dedupe_documents(docs: Sequence[Document], params: DedupeParams) -> list[Document]:
    """The documents with exact copies collapsed (recorded on the kept one) and near duplicates marked.

    Dead documents (nothing left after cleaning...) pass through untouched. The input order of
    the documents that remain is kept.
    """
    live = [d for d in docs if not is_dead(d) and d.text.strip()]
    result = find_duplicates(live, params)
    by_id = {d.id: d for d in docs}
    dropped = {c for copies in result.exact.values() for c in copies}
    out: list[Document] = []
    live_ids = {d.id for d in live}
    for doc in docs:
        if doc.id in dropped:
            continue
        if doc.id in live_ids:
            mark = result.near.get(doc.id)
            copies = tuple(_copy_record(by_id[c]) for c in result.exact.get(doc.id, ()))
            doc = dataclasses.replace(
                doc,
                near_duplicate_of=mark.of if mark else None,
                near_duplicate=mark,
                exact_copies=(*doc.exact_copies, *copies),
            )
        out.append(doc)
    return out


@register
class MinHashDeduper(CorpusStage):
    name = "dedupe.minhash.v1"
    requires = frozenset({"clean"})
    provides = frozenset({"dedupe"})
    description = (
        "collapse exact duplicates (recorded, analysed once); mark near duplicates by word-shingle "
        "resemblance or containment (MinHash LSH + LSH Ensemble candidates, exact verification)"
    )

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        docs = dedupe_documents(corpus.documents, DedupeParams.from_settings(self.settings))
        collapsed = len(corpus.documents) - len(docs)
        marked = sum(1 for d in docs if d.near_duplicate is not None)
        log.info("dedupe: %d exact copies collapsed, %d near duplicates marked", collapsed, marked)
        return dataclasses.replace(corpus, documents=tuple(docs))

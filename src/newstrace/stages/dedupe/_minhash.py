"""The near-duplicate search behind ``dedupe.minhash.v1`` (the package docstring describes it)."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

from newstrace.model import Document, ExactCopy, NearDuplicate
from newstrace.pipeline import is_dead
from newstrace.settings import Settings
from newstrace.stages.dedupe._bands import containment_pairs, resemblance_pairs

log = logging.getLogger(__name__)

__all__ = [
    "DedupeParams",
    "DedupeResult",
    "Fingerprint",
    "candidate_pairs",
    "dedupe_documents",
    "find_duplicates",
    "fingerprint",
    "normalise",
    "rank_key",
    "scores",
    "shingle_hashes",
    "sketch",
]

_WORD = re.compile(r"\w+")
_WS = re.compile(r"\s+")

Hashes = npt.NDArray[np.uint64]


@dataclass(frozen=True, slots=True)
class DedupeParams:
    """The ``[dedupe]`` settings (defaults.toml says what each does)."""

    shingle_words: int = 3
    num_perm: int = 128
    seed: int = 1
    resemblance: float = 0.5
    containment: float = 0.8
    min_shingles: int = 25
    candidate_margin: float = 0.15  # candidate indexes run this far below the verified thresholds
    min_candidate_threshold: float = 0.05  # ... but never below this
    ensemble_partitions: int = 16  # size partitions of the LSH Ensemble (fewer when the corpus is small)
    ensemble_false_positive_weight: float = 0.2  # the ensemble's weights when it picks its LSH parameters
    ensemble_false_negative_weight: float = 0.8
    size_grid: float = 1.05  # sizes given to the ensemble are rounded up to powers of this

    @classmethod
    def from_settings(cls, settings: Settings) -> DedupeParams:
        return cls(
            shingle_words=int(settings.get("dedupe.shingle_words")),
            num_perm=int(settings.get("dedupe.num_perm")),
            seed=int(settings.get("dedupe.seed")),
            resemblance=float(settings.get("dedupe.resemblance")),
            containment=float(settings.get("dedupe.containment")),
            min_shingles=int(settings.get("dedupe.min_shingles")),
            candidate_margin=float(settings.get("dedupe.candidate_margin")),
            min_candidate_threshold=float(settings.get("dedupe.min_candidate_threshold")),
            ensemble_partitions=int(settings.get("dedupe.ensemble_partitions")),
            ensemble_false_positive_weight=float(settings.get("dedupe.ensemble_false_positive_weight")),
            ensemble_false_negative_weight=float(settings.get("dedupe.ensemble_false_negative_weight")),
            size_grid=float(settings.get("dedupe.size_grid")),
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


def _size_bucket(size: int, grid: float) -> int:
    """The smallest value of the grid ``ceil(grid**i)`` at or above ``size``."""
    return max(size, math.ceil(grid ** math.ceil(math.log(size, grid) - 1e-9))) if size > 1 else 1


def candidate_pairs(
    keys: Sequence[str], sketches: dict[str, MinHash], sizes: dict[str, int], params: DedupeParams
) -> set[tuple[str, str]]:
    """Candidate pairs (by rank order of ``keys``) from a resemblance LSH and a containment LSH Ensemble
    (``_bands``: datasketch's parameters, the bands held as arrays)."""
    if not keys:
        return set()
    signatures = np.stack([np.asarray(sketches[k].hashvalues, dtype=np.uint64) for k in keys])
    floor, margin = params.min_candidate_threshold, params.candidate_margin
    found = set(resemblance_pairs(signatures, max(floor, params.resemblance - margin), params.num_perm))
    # sizes rounded up to a grid (5 % by default): choosing the partitions costs the square of the
    # number of distinct sizes, and an upper bound only lowers the ensemble's Jaccard cut (more candidates)
    found.update(
        containment_pairs(
            signatures,
            [_size_bucket(sizes[k], params.size_grid) for k in keys],
            [(i, sizes[k]) for i, k in enumerate(keys) if sizes[k] >= params.min_shingles],
            threshold=max(floor, params.containment - margin),
            num_perm=params.num_perm,
            num_part=max(1, min(params.ensemble_partitions, len(keys))),
            weights=(params.ensemble_false_positive_weight, params.ensemble_false_negative_weight),
        )
    )
    return {(keys[min(a, b)], keys[max(a, b)]) for a, b in found if a != b}


@dataclass(frozen=True, slots=True, eq=False)
class Fingerprint:
    """What dedupe reads of one document: its exact-text digest and its shingle hashes."""

    digest: str
    hashes: Hashes


def fingerprint(doc: Document, params: DedupeParams) -> Fingerprint:
    digest = hashlib.sha1(normalise(doc.text).encode("utf-8", "surrogatepass")).hexdigest()
    return Fingerprint(digest, shingle_hashes(doc.text, params.shingle_words))


def find_duplicates(
    docs: Sequence[Document], params: DedupeParams, prints: Mapping[str, Fingerprint] | None = None
) -> DedupeResult:
    """Exact duplicates to collapse and near duplicates to mark among ``docs`` (cleaned, not dead).

    ``prints`` holds each document's fingerprint when the caller made them already. The result
    depends only on the set of documents, not on their order.
    """
    prints = prints if prints is not None else {d.id: fingerprint(d, params) for d in docs}
    ranked = sorted(docs, key=rank_key)
    # exact duplicates: the first in rank order of each cleaned text is kept
    kept: dict[str, str] = {}
    exact: dict[str, list[str]] = {}
    survivors: list[Document] = []
    for doc in ranked:
        digest = prints[doc.id].digest
        if digest in kept:
            exact.setdefault(kept[digest], []).append(doc.id)
        else:
            kept[digest] = doc.id
            survivors.append(doc)

    hashes = {d.id: prints[d.id].hashes for d in survivors}
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


def dedupe_documents(
    docs: Sequence[Document], params: DedupeParams, prints: Mapping[str, Fingerprint] | None = None
) -> list[Document]:
    """The documents with exact copies collapsed (recorded on the kept one) and near duplicates marked.

    Dead documents (nothing left after cleaning...) pass through untouched, and so do documents
    missing from ``prints`` when it is given (their fingerprint failed). The input order of the
    documents that remain is kept.
    """
    live = [d for d in docs if not is_dead(d) and d.text.strip() and (prints is None or d.id in prints)]
    result = find_duplicates(live, params, prints)
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

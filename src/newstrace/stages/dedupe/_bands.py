"""Candidate pairs from MinHash bands, with the bands held as numpy arrays.

The two indexes of the near-duplicate search find what datasketch's ``MinHashLSH`` and
``MinHashLSHEnsemble`` find — a pair is a candidate when one of the first ``b`` bands of ``r``
MinHash values agrees — but they never store a band as a dictionary entry. datasketch's ensemble
keeps every band of every text in a dict of sets, in an LSH for each band width it may use (about
190 entries a text at the default settings, some 70 KB), which made dedupe the largest memory of
a 10,000-article run. Here each band width's bands are one matrix of 64-bit band keys (a few KB a
text, made when needed and dropped after), and the agreeing bands are found by sorting a column.

The band keys mix a band's ``r`` values into 64 bits; two different bands that get one key make a
candidate more, which the exact shingle scores then reject — they never lose a pair.
The parameters (``b``, ``r`` per size ratio, the size partitions) are datasketch's own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import numpy.typing as npt
from datasketch import MinHashLSH, MinHashLSHEnsemble
from datasketch.lshensemble_partition import optimal_partitions

Ints = npt.NDArray[np.int64]
Signatures = npt.NDArray[np.uint64]

#: Odd 64-bit multipliers that mix a band's values into one key (fixed, so runs agree).
_MIX = np.random.default_rng(20261208).integers(1, 2**63, size=512, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


def band_keys(signatures: Signatures, r: int, b: int) -> Signatures:
    """The first ``b`` bands of ``r`` values of each signature (rows), each mixed into one 64-bit key."""
    n, width = signatures.shape
    b = min(b, width // r)
    bands = signatures[:, : b * r].reshape(n, b, r)
    with np.errstate(over="ignore"):
        mixed = bands * _MIX[:r]
        keys: Signatures = np.bitwise_xor.reduce(mixed, axis=2) if r > 1 else mixed[:, :, 0]
        return keys ^ (keys >> np.uint64(31))


def _matches(column: Signatures, rows: Ints, queries: Signatures) -> tuple[Ints, Ints]:
    """For each query key, the rows (of ``rows``) whose key in ``column`` equals it: (query index, row) pairs."""
    order = np.argsort(column, kind="stable")
    ordered = column[order]
    lo = np.searchsorted(ordered, queries, side="left")
    hi = np.searchsorted(ordered, queries, side="right")
    counts = hi - lo
    hit = np.nonzero(counts)[0]
    if not len(hit):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    which = np.repeat(hit, counts[hit])
    starts = np.repeat(lo[hit], counts[hit])
    offsets = np.arange(len(which)) - np.repeat(np.cumsum(counts[hit]) - counts[hit], counts[hit])
    return which.astype(np.int64), rows[order[starts + offsets]].astype(np.int64)


def resemblance_pairs(signatures: Signatures, threshold: float, num_perm: int) -> Iterator[tuple[int, int]]:
    """Pairs of rows (i < j) sharing a band, at the bands ``MinHashLSH(threshold, num_perm)`` would use."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    keys = band_keys(signatures, lsh.r, lsh.b)
    rows = np.arange(len(signatures), dtype=np.int64)
    for j in range(keys.shape[1]):
        found, other = _matches(keys[:, j], rows, keys[:, j])
        keep = found < other
        yield from zip(found[keep].tolist(), other[keep].tolist(), strict=True)


def containment_pairs(
    signatures: Signatures,
    sizes: Sequence[int],
    queries: Sequence[tuple[int, int]],
    *,
    threshold: float,
    num_perm: int,
    num_part: int,
    weights: tuple[float, float],
) -> Iterator[tuple[int, int]]:
    """(query row, indexed row) pairs that an LSH Ensemble at a containment ``threshold`` proposes.

    Every row is indexed under its set size in ``sizes``, in at most ``num_part`` partitions by size (the
    ensemble's optimal partitions). Each ``(row, size)`` of ``queries`` asks every partition with the (b, r) the
    ensemble picks for the ratio of the partition's largest size to the query's size."""
    plan = MinHashLSHEnsemble(threshold=threshold, num_perm=num_perm, num_part=num_part, weights=weights)
    xqs, params = np.asarray(plan.xqs, dtype=float), np.asarray(plan.params, dtype=np.int64)
    indexed = np.asarray(sizes, dtype=np.int64)
    distinct, counts = np.unique(indexed, return_counts=True)
    uppers = np.asarray([upper for _, upper in optimal_partitions(distinct, counts, num_part)], dtype=np.int64)
    part = np.minimum(np.searchsorted(uppers, indexed, side="left"), len(uppers) - 1)
    asked = np.asarray([row for row, _ in queries], dtype=np.int64)
    asked_size = np.asarray([size for _, size in queries], dtype=float)
    if not len(asked):
        return
    keys_by_r: dict[int, Signatures] = {}
    for p, upper in enumerate(uppers.tolist()):
        members = np.nonzero(part == p)[0]
        if not len(members):
            continue
        pick = np.minimum(np.searchsorted(xqs, upper / asked_size, side="left"), len(params) - 1)
        b_of, r_of = params[pick, 0], params[pick, 1]
        for r in np.unique(r_of).tolist():
            if r not in keys_by_r:
                keys_by_r[r] = band_keys(signatures, r, num_perm // r)
            keys = keys_by_r[r]
            with_r = r_of == r
            for j in range(int(b_of[with_r].max())):
                ask = asked[with_r & (b_of > j)]
                found, other = _matches(keys[members, j], members, keys[ask, j])
                yield from zip(ask[found].tolist(), other.tolist(), strict=True)

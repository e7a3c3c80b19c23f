"""The band index proposes the candidate pairs datasketch's MinHashLSH and MinHashLSHEnsemble propose."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH, MinHashLSHEnsemble

from newstrace.stages.dedupe._bands import band_keys
from newstrace.stages.dedupe._minhash import DedupeParams, _size_bucket, candidate_pairs, sketch


def _datasketch_pairs(
    keys: list[str], sketches: dict[str, MinHash], sizes: dict[str, int], params: DedupeParams
) -> set[tuple[str, str]]:
    """The candidate search as it was written with datasketch's own indexes (the reference)."""
    order = {k: i for i, k in enumerate(keys)}
    pairs: set[tuple[str, str]] = set()

    def add(a: str, found: Iterable[object]) -> None:
        for b in map(str, found):
            if b != a:
                pairs.add((a, b) if order[a] < order[b] else (b, a))

    floor, margin = params.min_candidate_threshold, params.candidate_margin
    lsh = MinHashLSH(threshold=max(floor, params.resemblance - margin), num_perm=params.num_perm)
    for key in keys:
        lsh.insert(key, sketches[key])
    ensemble = MinHashLSHEnsemble(
        threshold=max(floor, params.containment - margin),
        num_perm=params.num_perm,
        num_part=max(1, min(params.ensemble_partitions, len(keys))),
        weights=(params.ensemble_false_positive_weight, params.ensemble_false_negative_weight),
    )
    entries = [(k, sketches[k], _size_bucket(sizes[k], params.size_grid)) for k in keys]
    ensemble.index(sorted(entries, key=lambda e: (e[2], order[e[0]])))
    for key in keys:
        add(key, lsh.query(sketches[key]))
        if sizes[key] >= params.min_shingles:
            add(key, ensemble.query(sketches[key], sizes[key]))
    return pairs


def _corpus(seed: int, n: int) -> dict[str, np.ndarray]:
    """Random shingle sets with planted copies: cut short, padded, lightly edited, and tiny texts."""
    rng = np.random.default_rng(seed)
    sets: dict[str, np.ndarray] = {}
    for i in range(n):
        base = np.unique(rng.integers(0, 2**40, size=int(rng.integers(5, 700)), dtype=np.uint64))
        sets[f"t{i:03d}"] = base
        kind = i % 4
        if kind == 0:
            sets[f"t{i:03d}-cut"] = base[: max(1, int(len(base) * 0.6))]
        elif kind == 1:
            extra = rng.integers(0, 2**40, size=len(base) // 2 + 1, dtype=np.uint64)
            sets[f"t{i:03d}-pad"] = np.unique(np.concatenate([base, extra]))
        elif kind == 2:
            edited = base.copy()
            edited[rng.random(len(base)) < 0.05] = rng.integers(0, 2**40, dtype=np.uint64)
            sets[f"t{i:03d}-edit"] = np.unique(edited)
    return sets


def test_the_band_index_proposes_exactly_what_datasketch_proposes() -> None:
    params = DedupeParams()
    for seed, n in ((1, 120), (2, 400)):
        sets = _corpus(seed, n)
        keys = sorted(sets)
        sketches = {k: sketch(sets[k], params) for k in keys}
        sizes = {k: len(sets[k]) for k in keys}
        ours = candidate_pairs(keys, sketches, sizes, params)
        assert ours == _datasketch_pairs(keys, sketches, sizes, params)
        # and the planted copies are among them
        planted = {(k.split("-")[0], k) for k in keys if "-" in k and sizes[k] >= params.min_shingles}
        assert planted <= ours


def test_band_keys_tell_bands_apart_and_match_equal_ones() -> None:
    rng = np.random.default_rng(7)
    signatures = rng.integers(0, 2**32, size=(50, 128), dtype=np.uint64)
    signatures[1, :8] = signatures[0, :8]  # the first band of 8 values agrees, nothing else
    keys = band_keys(signatures, 8, 16)
    assert keys.shape == (50, 16)
    assert keys[0, 0] == keys[1, 0] and not np.any(keys[0, 1:] == keys[1, 1:])
    assert len(np.unique(keys[:, 5])) == 50
    single = band_keys(signatures, 1, 128)  # a band of one value: equal keys exactly when the values are equal
    assert np.array_equal(single[:, 3] == single[0, 3], signatures[:, 3] == signatures[0, 3])


def test_no_texts_and_one_text_give_no_pairs() -> None:
    params = DedupeParams()
    assert candidate_pairs([], {}, {}, params) == set()
    one = np.arange(40, dtype=np.uint64)
    assert candidate_pairs(["a"], {"a": sketch(one, params)}, {"a": 40}, params) == set()

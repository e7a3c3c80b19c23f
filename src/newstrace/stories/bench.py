"""Timing of grouping + reuse on 1k and 10k articles (``newstrace bench``).

Articles are FNC-1 train bodies resampled to the wanted size (each copy gets its own id, a
date spread over a year, and a few words changed so copies are near- not exact duplicates);
without the data, synthetic texts drawn from a fixed vocabulary stand in. Reported: seconds
for grouping and for reuse, candidate pairs, and the ratio of 10k to 1k time (10 means linear).
"""

from __future__ import annotations

import csv
import random
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from newstrace.stories.grouping import GroupingParams, Item, group_items
from newstrace.stories.reuse import Text, find_reuse

LEAD_CHARS = 2000


def _bodies(data: Path | None) -> list[str]:
    if data is not None:
        path = data / "fnc-1" / "train_bodies.csv"
        if path.exists():
            with path.open(newline="", encoding="utf-8") as fh:
                return [row["articleBody"] for row in csv.DictReader(fh)]
    rng = random.Random(0)
    vocab = [f"w{i}" for i in range(5000)]
    return [" ".join(rng.choice(vocab) for _ in range(300)) for _ in range(500)]


def corpus(n: int, data: Path | None = None, seed: int = 0) -> list[Text]:
    """``n`` articles resampled from the bodies, deterministically."""
    bodies = _bodies(data)
    rng = random.Random(seed)
    out = []
    start = date(2017, 1, 1)
    for i in range(n):
        words = bodies[i % len(bodies)].split()
        if i >= len(bodies):
            for _ in range(max(1, len(words) // 50)):
                words[rng.randrange(len(words))] = f"x{rng.randrange(10**6)}"
        out.append(Text(f"a{i:06d}", " ".join(words), (start + timedelta(days=rng.randrange(365))).isoformat()))
    return out


def bench_stories(n: int, data: Path | None = None) -> dict[str, Any]:
    """Seconds to group and to find reuse in ``n`` resampled articles."""
    texts = corpus(n, data)
    items = [Item(t.id, t.text[:LEAD_CHARS], date.fromisoformat(t.published or "2017-01-01")) for t in texts]
    t0 = time.perf_counter()
    groups = group_items(items, GroupingParams())
    t1 = time.perf_counter()
    pairs, _ = find_reuse(texts)
    t2 = time.perf_counter()
    return {
        "articles": n,
        "group_seconds": round(t1 - t0, 2),
        "reuse_seconds": round(t2 - t1, 2),
        "total_seconds": round(t2 - t0, 2),
        "stories": len(groups),
        "reuse_pairs": len(pairs),
    }


def bench_from_data(data: Path | None) -> dict[str, Any]:
    """The `newstrace bench` entry: 1k and 10k articles and the growth ratio."""
    small = bench_stories(1_000, data)
    large = bench_stories(10_000, data)
    return {
        "1k": small,
        "10k": large,
        "growth_10x": round(large["total_seconds"] / max(small["total_seconds"], 1e-9), 2),
        "source": "FNC-1 train bodies resampled" if data is not None else "synthetic",
    }

"""Timing of grouping + reuse on 1k and 10k articles (``newstrace bench``).

Articles are FNC-1 train bodies (real news text with real stories and real shared passages)
in disjoint copies of a block of ``BLOCK`` bodies: in copy ``r`` every word that is not an
English stop word is suffixed with ``r``, so copies share no content vocabulary (1k articles
are one block, 10k are ten). The corpus grows while the density of stories and of reuse stays
that of real news (resampling the same bodies instead would make every story, and the number
of copied pairs, grow with the corpus, which no linear method can absorb). Each article gets
a date spread over a year. Without the data, synthetic texts stand in. Reported: seconds for
grouping and for reuse, stories, reuse pairs, and the ratio of 10k to 1k time (10 = linear).
"""

from __future__ import annotations

import csv
import random
import re
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newstrace.stages.stories._grouping import GroupingParams, Item, group_items
from newstrace.stages.stories._reuse import Text, find_reuse
from newstrace.text.isodate import as_date

LEAD_CHARS = 2000
BLOCK = 1000
_WORD = re.compile(r"[A-Za-z]+")


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
    """``n`` articles from disjoint copies of a block of bodies (see the module docstring), deterministically."""
    bodies = _bodies(data)[:BLOCK]
    rng = random.Random(seed)
    out = []
    start = date(2017, 1, 1)
    for i in range(n):
        copy, body = divmod(i, len(bodies))
        text = bodies[body]
        if copy:
            text = _WORD.sub(lambda m, c=copy: _suffix(m.group(), c), text)  # type: ignore[misc]
        out.append(Text(f"a{i:06d}", text, (start + timedelta(days=rng.randrange(365))).isoformat()))
    return out


def _suffix(word: str, copy: int) -> str:
    return word if word.lower() in ENGLISH_STOP_WORDS else f"{word}{copy}"


def bench_stories(n: int, data: Path | None = None) -> dict[str, Any]:
    """Seconds to group and to find reuse in ``n`` resampled articles."""
    texts = corpus(n, data)
    items = [Item(t.id, t.text[:LEAD_CHARS], as_date(t.published)[0] or date(2017, 1, 1)) for t in texts]
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
        "source": "FNC-1 train bodies in disjoint copies" if data is not None else "synthetic",
    }

"""Time the dedupe stage's decision on 1k and 10k articles (FNC-1 train bodies in disjoint copies).

    .venv/bin/python benchmarks/dedupe_scale.py [--data ../shared/data] [--sizes 1000 10000]

The corpus is the one the stories benchmark uses (``newstrace.bench._stories.corpus``: copy ``r``
of a block of 1,000 bodies has every content word suffixed with ``r``, so the density of real
duplicates stays that of real news as the corpus grows). Prints one JSON object: seconds,
candidate pairs, marks, and ``time_ratio`` for the size ratio (equal to it means linear).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from newstrace.bench import default_data_dir
from newstrace.bench._stories import corpus
from newstrace.model import Article, Document
from newstrace.stages.dedupe import DedupeParams, find_duplicates


def bench_dedupe(n: int, data: Path | None) -> dict[str, Any]:
    docs = [
        Document(Article(id=t.id, source=t.id, raw=t.text, published=t.published), text=t.text) for t in corpus(n, data)
    ]
    t0 = time.perf_counter()
    result = find_duplicates(docs, DedupeParams())
    seconds = time.perf_counter() - t0
    return {
        "articles": n,
        "seconds": round(seconds, 2),
        "exact_copies": sum(len(v) for v in result.exact.values()),
        "near_duplicates": len(result.near),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--data", type=Path, default=None, help="the shared data folder (default: found beside the clone)"
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    data = args.data or default_data_dir()
    results: dict[str, Any] = {str(n): bench_dedupe(n, data) for n in args.sizes}
    sizes = sorted(args.sizes)
    if len(sizes) >= 2:
        a, b = results[str(sizes[0])], results[str(sizes[-1])]
        results["growth"] = {
            "size_ratio": sizes[-1] / sizes[0],
            "time_ratio": round(b["seconds"] / max(a["seconds"], 1e-9), 2),
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

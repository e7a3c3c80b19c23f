"""Time story grouping + reuse on 1k and 10k articles (FNC-1 train bodies in disjoint copies).

    .venv/bin/python benchmarks/stories_scale.py [--data ../shared/data] [--sizes 1000 10000]

Prints one JSON object; ``growth_10x`` near 10 means cost grows linearly.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newstrace.bench import default_data_dir
from newstrace.bench._stories import bench_stories


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--data", type=Path, default=None, help="the shared data folder (default: found beside the clone)"
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    data = args.data or default_data_dir()
    results = {str(n): bench_stories(n, data) for n in args.sizes}
    sizes = sorted(args.sizes)
    if len(sizes) >= 2:
        a, b = results[str(sizes[0])], results[str(sizes[-1])]
        results["growth"] = {
            "size_ratio": sizes[-1] / sizes[0],
            "time_ratio": round(b["total_seconds"] / max(a["total_seconds"], 1e-9), 2),
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

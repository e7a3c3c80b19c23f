"""Time and peak memory of whole `newstrace analyze` runs (store on) at two corpus sizes, and --workers.

    .venv/bin/python benchmarks/scale.py --data ../shared/data --sizes 1000 10000
    .venv/bin/python benchmarks/scale.py --data ../shared/data --sizes 1000 --workers 1 2

Each run is its own process; see newstrace.bench._scale for the corpus (FNC-1 + BASIL + PAC, then
disjoint copies). Prints one JSON object; ``time_ratio`` near ``size_ratio`` means linear growth.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from newstrace.bench import default_data_dir
from newstrace.bench._scale import SIZES, bench_scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default: beside the clone)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=None,
        help="worker counts for each size (default: run.workers)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")  # each run's figures as it ends
    data = args.data or default_data_dir()
    if data is None:
        raise SystemExit("no data folder: pass --data ../shared/data")
    print(json.dumps(bench_scale(data, args.sizes, args.workers or [None]), indent=2))


if __name__ == "__main__":
    main()

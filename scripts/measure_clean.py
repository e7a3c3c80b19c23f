"""Measure what the cleaner removes from ordinary news bodies (false positives).

Usage: .venv/bin/python scripts/measure_clean.py [--data ../shared/data/fnc-1/train_bodies.csv] [--show N]

Prints the share of characters removed over all bodies, the number of bodies touched,
counts by kind, and the first N removed spans for inspection.
"""

from __future__ import annotations

import argparse
import collections
import csv
import sys
from pathlib import Path

from newstrace.settings import Settings
from newstrace.stages.clean import clean_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/fnc-1/train_bodies.csv"))
    parser.add_argument("--show", type=int, default=40)
    args = parser.parse_args()
    csv.field_size_limit(sys.maxsize)
    settings = Settings.load()
    with args.data.open(encoding="utf-8") as fh:
        bodies = [row["articleBody"] for row in csv.DictReader(fh)]
    total = removed = touched = 0
    kinds: collections.Counter[str] = collections.Counter()
    kind_chars: collections.Counter[str] = collections.Counter()
    shown = 0
    for body in bodies:
        result = clean_text(body, settings)
        total += len(body)
        if result.removed:
            touched += 1
        for span in result.removed:
            removed += span.end - span.start
            kinds[span.kind.value] += 1
            kind_chars[span.kind.value] += span.end - span.start
            if shown < args.show:
                shown += 1
                print(f"--- {span.kind.value} [{span.reason}] {span.text[:300]!r}")
    print(f"bodies {len(bodies)}  touched {touched}  chars {total:,}  removed {removed:,} ({removed / total:.4%})")
    for kind, count in kinds.most_common():
        print(f"  {kind}: {count} spans, {kind_chars[kind]:,} chars")


if __name__ == "__main__":
    main()

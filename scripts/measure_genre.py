"""Measure the genre scorer on a proxy built from public data (no labelled news/opinion corpus is on hand).

    python scripts/measure_genre.py --shared ../shared [--limit 500]

News: FNC-1 competition-test bodies (news articles). Opinion: ARC bodies (user posts from the NYT
"Room for Debate" forum: argumentative, first-person). Quoted spans are found by quotation marks.
Prints the share of each classified news / opinion / other and the accuracy over news+opinion
(texts classified "other" count as errors). A proxy only: forum posts are not op-eds.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

from newstrace.stages.genre._signals import classify_text
from newstrace.stages.stance._features import split_sentences

_QUOTED = re.compile(r"[\"“][^\"“”]{1,400}[\"”]")


def bodies(path: Path, limit: int) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: int(r["Body ID"]))
    return [r["articleBody"] for r in rows[:limit]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=500)
    args = parser.parse_args()
    data = args.shared / "data"
    sets = {
        "news": bodies(data / "fnc-1" / "competition_test_bodies.csv", args.limit),
        "opinion": bodies(data / "arc-stance" / "arc_bodies.csv", args.limit),
    }
    correct = total = 0
    for gold, texts in sets.items():
        counts: Counter[str] = Counter()
        for text in texts:
            quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
            genre, _, _ = classify_text(text, split_sentences(text), quoted)
            counts[genre.value] += 1
        correct += counts[gold]
        total += len(texts)
        print(gold, {k: round(v / len(texts), 3) for k, v in sorted(counts.items())}, f"n={len(texts)}")
    print(f"accuracy (news vs opinion proxy): {correct / total:.3f}")


if __name__ == "__main__":
    main()

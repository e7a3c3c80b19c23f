"""Build the background word table of story grouping (``stages/stories/lexicons/word_df.txt``).

    python scripts/build_word_weights.py --data ../shared/data [--out src/newstrace/stages/stories/lexicons/word_df.txt]

For each content word (:func:`newstrace.stages.stories._vectors.content_words`), the number of
background documents holding it. The background is training text only: FNC-1's train bodies, the
ARC bodies its train stances use, and the train splits of BASIL and PAC (title + text as
``newstrace eval stories`` builds them). Words found in fewer than ``--min-df`` documents are left
out (a word missing from the table gets the highest weight, which is what a rare word gets anyway).
The output is sorted, so a rebuild is byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from newstrace.evaluation.coverage_corpora import load
from newstrace.stages.stories._vectors import DOCUMENTS_KEY, WORD_DF, content_words

OUT = Path(__file__).resolve().parents[1] / "src" / "newstrace" / WORD_DF


def _train_ids(folder: Path) -> set[str]:
    return set(json.loads((folder / "splits.json").read_text(encoding="utf-8"))["splits"]["train"])


def documents(data: Path) -> Iterator[str]:
    csv.field_size_limit(sys.maxsize)
    with (data / "fnc-1" / "train_bodies.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            yield row["articleBody"]
    arc = data / "arc-stance"
    with (arc / "arc_stances_train.csv").open(newline="", encoding="utf-8") as fh:
        train_bodies = {row["Body ID"] for row in csv.DictReader(fh)}
    with (arc / "arc_bodies.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["Body ID"] in train_bodies:
                yield row["articleBody"]
    for name in ("basil", "pac-partisan-events"):
        folder = data / name
        train = _train_ids(folder)
        for gold in load(folder):
            if gold.story.split(":", 1)[1] in train:
                yield gold.article.raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-df", type=int, default=3)
    args = parser.parse_args()
    df: Counter[str] = Counter()
    total = 0
    for text in documents(args.data):
        total += 1
        df.update(set(content_words(text)))
    kept = sorted((w, n) for w, n in df.items() if n >= args.min_df)
    lines = [
        "# Background document frequencies of content words, for story grouping's fixed word weights",
        "# (newstrace.stages.stories._vectors). Built by scripts/build_word_weights.py from training text only:",
        "# FNC-1 train bodies, the ARC bodies of its train stances, the train splits of BASIL and PAC.",
        f"# Words in fewer than {args.min_df} documents are left out. Columns: word, documents holding it.",
        f"{DOCUMENTS_KEY}\t{total}",
        *(f"{w}\t{n}" for w, n in kept),
    ]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(kept)} words from {total} documents -> {args.out}")


if __name__ == "__main__":
    main()

"""Measure the dedupe stage (exact and near duplicates) on public data, to choose its thresholds.

Usage (from the repository root):

  .venv/bin/python scripts/measure_dedupe.py fnc1 [--data ../shared/data/fnc-1/train_bodies.csv] [--show N]
                                                  [--set dedupe.KEY=VALUE ...] [--all-pairs]
      Cleans every FNC-1 train body, runs the dedupe stage's decision over them and prints how many
      exact copies it collapses and near duplicates it marks, the score ranges, and N marked pairs
      side by side for a spot check. --all-pairs also scores every pair exactly (about a minute) and
      prints how many pairs fall in each containment band, so one can see what a threshold would add.
  .venv/bin/python scripts/measure_dedupe.py variants [--data ...] [--limit N]
      Resemblance and containment of generated copies of real bodies (an appeal appended, cut to
      the first 60 %, a few words edited) against their originals, by shingle size.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
from pathlib import Path

import numpy as np

from newstrace.model import Article, Document
from newstrace.settings import Settings
from newstrace.stages.clean import clean_text
from newstrace.stages.dedupe import (
    DedupeParams,
    candidate_pairs,
    find_duplicates,
    rank_key,
    scores,
    shingle_hashes,
    sketch,
)

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc-1" / "train_bodies.csv"

APPEAL = (
    "Before you go, we have a favour to ask. Independent journalism like this takes time, money and hard work "
    "to produce, and we rely on readers like you to keep it free for everyone. Unlike many others, we have no "
    "billionaire owner and no paywall, and we want to keep it that way. If you value what you read here, please "
    "consider a monthly gift of any size. It takes less than a minute, and every contribution, however big or "
    "small, makes our reporting possible for years to come. Thank you for reading and for your support. "
)


def load(path: Path, settings: Settings) -> list[Document]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [(row["Body ID"], row["articleBody"]) for row in csv.DictReader(fh)]
    docs = []
    for body_id, body in rows:
        cleaned = clean_text(body, settings)
        article = Article(id=f"b{body_id}", source=f"train_bodies.csv#{body_id}", raw=body)
        docs.append(Document(article=article, text=cleaned.text))
    return [d for d in docs if d.text.strip()]


def fnc1(args: argparse.Namespace, settings: Settings) -> None:
    docs = load(args.data, settings)
    params = DedupeParams.from_settings(settings)
    print(f"{len(docs)} bodies (non-empty after cleaning); {params}")
    result = find_duplicates(docs, params)
    by_id = {d.id: d for d in docs}
    copies = sum(len(v) for v in result.exact.values())
    print(f"exact duplicates: {copies} copies of {len(result.exact)} texts collapsed")
    near = result.near
    print(f"near duplicates marked: {len(near)} (of {len({m.of for m in near.values()})} representatives)")
    if near:
        res = [m.resemblance for m in near.values()]
        con = [m.containment for m in near.values()]
        print(f"  resemblance min {min(res):.3f} median {statistics.median(res):.3f}")
        print(f"  containment min {min(con):.3f} median {statistics.median(con):.3f}")
        by_resemblance = sum(1 for m in near.values() if m.resemblance >= params.resemblance)
        print(
            f"  marked by resemblance >= {params.resemblance}: {by_resemblance}; "
            f"by containment only: {len(near) - by_resemblance}"
        )
    for key, mark in sorted(near.items(), key=lambda kv: kv[1].resemblance)[: args.show]:
        a, b = by_id[key], by_id[mark.of]
        print(
            f"\n--- {a.article.source} ({len(a.text)} chars) ~ {b.article.source} ({len(b.text)} chars): "
            f"resemblance {mark.resemblance}, containment {mark.containment}"
        )
        print("  A:", " ".join(a.text.split())[:300])
        print("  B:", " ".join(b.text.split())[:300])
    if args.all_pairs:
        hashes = [shingle_hashes(d.text, params.shingle_words) for d in docs]
        bands = [0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]
        counts = [0] * (len(bands) - 1)
        examples: dict[int, list[tuple[str, str, float, float]]] = {}
        passing: set[frozenset[str]] = set()
        for i in range(len(docs)):
            for j in range(i + 1, len(docs)):
                if min(len(hashes[i]), len(hashes[j])) < params.min_shingles:
                    continue
                r, c = scores(hashes[i], hashes[j])
                if r >= params.resemblance or c >= params.containment:
                    passing.add(frozenset((docs[i].id, docs[j].id)))
                for band in range(len(bands) - 1):
                    if bands[band] <= c < bands[band + 1]:
                        counts[band] += 1
                        examples.setdefault(band, []).append((docs[i].id, docs[j].id, r, c))
        print(f"\nall pairs (smaller text >= min_shingles) that pass the thresholds: {len(passing)}")
        ranked = [d.id for d in sorted(docs, key=rank_key)]
        by_hash = {d.id: h for d, h in zip(docs, hashes, strict=True)}
        sketches = {k: sketch(by_hash[k], params) for k in ranked}
        sizes = {k: len(by_hash[k]) for k in ranked}
        found = {frozenset(p) for p in candidate_pairs(ranked, sketches, sizes, params)}
        print(f"  of them among the MinHash candidate pairs: {len(passing & found)} (candidates: {len(found)})")
        print("\nall pairs (smaller text >= min_shingles) by exact containment:")
        for band, n in enumerate(counts):
            print(f"  [{bands[band]:.1f}, {min(bands[band + 1], 1.0):.1f}{')' if bands[band + 1] <= 1 else ']'}: {n}")
        for band in sorted(examples):
            if bands[band] < 0.5 or bands[band] >= 0.8:
                continue
            for a_id, b_id, r, c in examples[band][: args.show]:
                print(f"  e.g. {a_id} ~ {b_id}: resemblance {r:.3f} containment {c:.3f}")
                print("     A:", " ".join(by_id[a_id].text.split())[:200])
                print("     B:", " ".join(by_id[b_id].text.split())[:200])


def variants(args: argparse.Namespace, settings: Settings) -> None:
    docs = [d for d in load(args.data, settings) if len(d.text.split()) >= 150][: args.limit]
    rng = np.random.default_rng(7)
    vocabulary = APPEAL.split()
    appeal = " ".join(rng.choice(vocabulary, size=620))  # 620 words in the appeal's vocabulary, few repeated shingles
    for k in (3, 4, 5):
        rows: dict[str, list[tuple[float, float]]] = {
            "appeal appended": [],
            "first 60 %": [],
            "5 % of words edited": [],
        }
        for d in docs:
            words = d.text.split()
            edited = list(words)
            for i in rng.choice(len(words), size=max(1, len(words) // 20), replace=False):
                edited[i] = "xq" + edited[i]
            made = {
                "appeal appended": d.text + "\n\n" + appeal,
                "first 60 %": " ".join(words[: int(len(words) * 0.6)]),
                "5 % of words edited": " ".join(edited),
            }
            base = shingle_hashes(d.text, k)
            for name, text in made.items():
                rows[name].append(scores(base, shingle_hashes(text, k)))
        print(f"shingle_words={k}, {len(docs)} bodies of 150+ words:")
        for name, vals in rows.items():
            r = [v[0] for v in vals]
            c = [v[1] for v in vals]
            print(
                f"  {name:22s} resemblance median {statistics.median(r):.2f} (min {min(r):.2f}); "
                f"containment median {statistics.median(c):.2f} (min {min(c):.2f})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["fnc1", "variants"])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show", type=int, default=5)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--all-pairs", action="store_true")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args()
    overrides = dict(item.split("=", 1) for item in args.set)
    settings = Settings.load(overrides=overrides)
    {"fnc1": fnc1, "variants": variants}[args.what](args, settings)


if __name__ == "__main__":
    main()

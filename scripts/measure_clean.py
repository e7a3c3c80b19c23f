"""Measure what the clean stage removes, on public data (see docs and the clean stage's report).

Usage (from the repository root):

  .venv/bin/python scripts/measure_clean.py bodies [--data ../shared/data/fnc-1/train_bodies.csv] [--show N]
      Characters removed from ordinary news bodies (false positives, near 0 expected), by kind,
      with the first N removed spans for inspection.
  The product's own extraction (trafilatura + clean on the raw pages) is scored by
  `newstrace eval extraction`; this script looks at cleaning alone, on stored outputs.

  .venv/bin/python scripts/measure_clean.py aeb [--data ../shared/data/article-extraction-benchmark] [--tool NAME]
      The article-extraction-benchmark score (4-gram shingles) of a tool's stored output before and
      after clean_text, and what was removed.
  .venv/bin/python scripts/measure_clean.py traf [--data ../shared/data/trafilatura-eval] [--cache FILE]
      The trafilatura-eval with/without segment score of trafilatura's extraction before and after
      clean_text; lists the "with" segments cleaning lost and the "without" segments it removed.
      (Extracts all 990 pages with trafilatura first, a few minutes; --cache keeps the extraction.)
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import json
import sys
from pathlib import Path

from newstrace.evaluation.extraction import aeb_scores, segment_scores
from newstrace.settings import Settings
from newstrace.stages.clean import clean_text

SETTINGS = Settings.load()


def bodies(data: Path, show: int) -> None:
    csv.field_size_limit(sys.maxsize)
    with data.open(encoding="utf-8") as fh:
        texts = [row["articleBody"] for row in csv.DictReader(fh)]
    total = removed = touched = shown = 0
    kinds: collections.Counter[str] = collections.Counter()
    kind_chars: collections.Counter[str] = collections.Counter()
    for body in texts:
        result = clean_text(body, SETTINGS)
        total += len(body)
        touched += bool(result.removed)
        for span in result.removed:
            removed += span.end - span.start
            kinds[span.kind.value] += 1
            kind_chars[span.kind.value] += span.end - span.start
            if shown < show:
                shown += 1
                print(f"--- {span.kind.value} [{span.reason}] {span.text[:300]!r}")
    print(f"bodies {len(texts)}  touched {touched}  chars {total:,}  removed {removed:,} ({removed / total:.4%})")
    for kind, count in kinds.most_common():
        print(f"  {kind}: {count} spans, {kind_chars[kind]:,} chars")


def aeb(data: Path, tool: str) -> None:
    gold = {k: v["articleBody"] for k, v in json.loads((data / "ground-truth.json").read_text()).items()}
    stored = json.loads((data / "output" / f"{tool}.json").read_text())
    stored = stored.get("output", stored)
    before = {k: (v.get("articleBody") or "") for k, v in stored.items()}
    after: dict[str, str] = {}
    for key, text in before.items():
        result = clean_text(text, SETTINGS)
        after[key] = result.text
        for span in result.removed:
            print(f"--- {key[:8]} {span.kind.value} [{span.reason}] {span.text[:160]!r}")
    for name, predicted in ((tool, before), (f"{tool} + clean", after)):
        m = aeb_scores(gold, predicted)
        print(f"{name:20s} P {m['precision']:.4f} R {m['recall']:.4f} F1 {m['f1']:.4f}")


def traf(data: Path, cache: Path | None) -> None:
    entries = json.loads((data / "evaldata.json").read_text())
    if cache and cache.exists():
        extracted: dict[str, str] = json.loads(cache.read_text())
    else:
        import trafilatura

        extracted = {}
        for url, entry in entries.items():
            html = gzip.decompress((data / "html" / f"{entry['file']}.gz").read_bytes()).decode("utf-8", "replace")
            try:
                extracted[url] = trafilatura.extract(html, url=url) or ""
            except Exception:  # a page trafilatura cannot read counts as empty output
                extracted[url] = ""
        if cache:
            cache.write_text(json.dumps(extracted))

    def norm(text: str) -> str:
        return " ".join(text.split())

    cleaned = {url: clean_text(raw, SETTINGS).text for url, raw in extracted.items()}
    for url, entry in entries.items():
        before, after = norm(extracted.get(url, "")), norm(cleaned.get(url, ""))
        for segment in map(norm, entry["with"]):
            if segment in before and segment not in after:
                print(f"LOST  {url[:60]} {segment[:100]!r}")
        for segment in map(norm, entry["without"]):
            if segment in before and segment not in after:
                print(f"FOUND {url[:60]} {segment[:100]!r}")
    for name, predicted in (("trafilatura", extracted), ("trafilatura + clean", cleaned)):
        m = segment_scores(entries, predicted)
        print(f"{name:20s} P {m['precision']:.4f} R {m['recall']:.4f} Acc {m['accuracy']:.4f} F1 {m['f1']:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    b = sub.add_parser("bodies")
    b.add_argument("--data", type=Path, default=Path("../shared/data/fnc-1/train_bodies.csv"))
    b.add_argument("--show", type=int, default=40)
    a = sub.add_parser("aeb")
    a.add_argument("--data", type=Path, default=Path("../shared/data/article-extraction-benchmark"))
    a.add_argument("--tool", default="trafilatura")
    t = sub.add_parser("traf")
    t.add_argument("--data", type=Path, default=Path("../shared/data/trafilatura-eval"))
    t.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    if args.what == "bodies":
        bodies(args.data, args.show)
    elif args.what == "aeb":
        aeb(args.data, args.tool)
    else:
        traf(args.data, args.cache)


if __name__ == "__main__":
    main()

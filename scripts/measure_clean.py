"""Measure what the clean stage removes, on public data (see docs and the clean stage's report).

Usage (from the repository root):

  .venv/bin/python scripts/measure_clean.py bodies [--data ../shared/data/fnc-1/train_bodies.csv] [--show N]
      Characters removed from ordinary news bodies (false positives, near 0 expected), by kind,
      with the first N removed spans for inspection.
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
import re
import sys
from pathlib import Path

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


def _shingles(text: str) -> collections.Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text or "")
    return collections.Counter(tuple(tokens[i : i + 4]) for i in range(max(0, len(tokens) - 3)))


def _aeb_score(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    precisions: list[float] = []
    recalls: list[float] = []
    for key, text in gold.items():
        g, p = _shingles(text), _shingles(predicted.get(key, ""))
        tp, fp, fn = sum((g & p).values()), sum((p - g).values()), sum((g - p).values())
        if tp + fp + fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if tp + fp:
            precisions.append(tp / (tp + fp))
        if tp + fn:
            recalls.append(tp / (tp + fn))
    p, r = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    return p, r, 2 * p * r / (p + r)


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
        p, r, f = _aeb_score(gold, predicted)
        print(f"{name:20s} P {p:.4f} R {r:.4f} F1 {f:.4f}")


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

    counts: collections.Counter[str] = collections.Counter()
    for url, entry in entries.items():
        raw = extracted.get(url, "")
        texts = {"0": norm(raw), "1": norm(clean_text(raw, SETTINGS).text)}
        for segment in map(norm, entry["with"]):
            for run, text in texts.items():
                counts[("tp" if segment in text else "fn") + run] += 1
            if segment in texts["0"] and segment not in texts["1"]:
                print(f"LOST  {url[:60]} {segment[:100]!r}")
        for segment in map(norm, entry["without"]):
            for run, text in texts.items():
                counts[("fp" if segment in text else "tn") + run] += 1
            if segment in texts["0"] and segment not in texts["1"]:
                print(f"FOUND {url[:60]} {segment[:100]!r}")
    for run, name in (("0", "trafilatura"), ("1", "trafilatura + clean")):
        tp, fn, fp, tn = (counts[k + run] for k in ("tp", "fn", "fp", "tn"))
        p, r = tp / (tp + fp), tp / (tp + fn)
        print(f"{name:20s} P {p:.4f} R {r:.4f} Acc {(tp + tn) / (tp + fn + fp + tn):.4f} F1 {2 * p * r / (p + r):.4f}")


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

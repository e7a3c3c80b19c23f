"""Growth of a whole `newstrace analyze` run (store on) with the corpus (``newstrace bench --only scale``).

Each run is a separate ``newstrace analyze FILE --out DIR --workers N`` process, so its wall time
and its peak resident memory are its own (the peak is that of the largest single process of the run,
read from ``wait4``; with several workers each has its own). The corpus is real news: FNC-1 bodies
(train and competition test), BASIL and PAC articles, interleaved in a fixed order (3,191 distinct
texts with the full data). A corpus larger than that repeats it in disjoint copies, as the stories
benchmark does: in copy ``c`` every word that is not an English stop word gets the suffix ``c``
(and the article's id the suffix ``-c``), so no copy is a duplicate of another or shares content words
with it, and the density of stories and of copied passages stays that of real news.

Reported per size: seconds, peak RSS, the size of report.json; then the time and memory ratios of the
largest size to the smallest.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from newstrace.bench._pipeline import basil_text

log = logging.getLogger(__name__)

#: The sizes `newstrace bench --only scale` compares (the issue's 1k and 10k).
SIZES = (1_000, 10_000)
_WORD = re.compile(r"[A-Za-z]+")


def _fnc1(path: Path, prefix: str) -> list[dict[str, Any]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8") as fh:
        return [{"id": f"{prefix}-{r['Body ID']}", "text": r["articleBody"]} for r in csv.DictReader(fh)]


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def distinct_records(data: Path) -> list[dict[str, Any]]:
    """Every distinct article of the four sources, interleaved one from each in turn (a fixed order)."""
    sources: list[list[dict[str, Any]]] = []
    fnc = data / "fnc-1"
    for name, prefix in (("train_bodies.csv", "fnc1"), ("competition_test_bodies.csv", "fnc1-test")):
        if (fnc / name).exists():
            sources.append(_fnc1(fnc / name, prefix))
    if (data / "basil" / "articles.jsonl").exists():
        sources.append(
            [
                {
                    "id": f"basil-{a['article_id']}",
                    "outlet": a.get("source"),
                    "title": a.get("title"),
                    "published": a.get("date"),
                    "text": basil_text(a),
                }
                for a in _jsonl(data / "basil" / "articles.jsonl")
            ]
        )
    pac = data / "pac-partisan-events" / "articles.jsonl"
    if pac.exists():
        sources.append(
            [
                {
                    "id": f"pac-{a['article_id']}",
                    "outlet": a.get("source"),
                    "title": a.get("title"),
                    "published": a.get("date"),
                    "text": " ".join(s["text"] for s in a.get("news", [])),
                }
                for a in _jsonl(pac)
            ]
        )
    out: list[dict[str, Any]] = []
    for i in range(max((len(s) for s in sources), default=0)):
        out.extend(s[i] for s in sources if i < len(s))
    return out


def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def corpus_records(data: Path, n: int) -> Iterator[dict[str, Any]]:
    """``n`` articles: the distinct ones in order, then disjoint copies of them (see the module docstring)."""
    pool = distinct_records(data)
    if not pool:
        return
    stop = _stop_words()
    for i in range(n):
        copy, at = divmod(i, len(pool))
        record = dict(pool[at])
        if copy:
            record["text"] = _suffixed(record["text"], str(copy), stop)
            record["id"] = f"{record['id']}-{copy}"
        yield record


def _suffixed(text: str, suffix: str, stop: frozenset[str]) -> str:
    """``text`` with ``suffix`` after every word that is not a stop word."""
    return _WORD.sub(lambda m: m.group() if m.group().lower() in stop else m.group() + suffix, text)


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def run_once(corpus: Path, workers: int | None, out: Path) -> dict[str, Any]:
    """One ``newstrace analyze`` process over ``corpus`` into ``out`` (store on): seconds and peak RSS."""
    command = [sys.executable, "-m", "newstrace", "analyze", str(corpus), "--out", str(out), "--quiet"]
    if workers is not None:
        command += ["--workers", str(workers)]
    load = _load()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    report = out / "report.json"
    return {
        "workers": workers,
        "exit": process.returncode,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),  # kilobytes on Linux
        "report_json_mb": round(report.stat().st_size / 2**20, 1) if report.exists() else None,
        "load_before": load,
        "load_after": _load(),
        **({"stderr_tail": stderr[-500:]} if process.returncode else {}),
    }


def bench_scale(data: Path, sizes: Sequence[int] = SIZES, workers: Sequence[int | None] = (None,)) -> dict[str, Any]:
    """Each size with each worker count, one run each, then the ratios of the largest size to the smallest."""
    results: dict[str, Any] = {"sizes": list(sizes), "distinct_articles": len(distinct_records(data))}
    with tempfile.TemporaryDirectory(prefix="newstrace-scale-") as tmp:
        for n in sizes:
            corpus = Path(tmp) / f"corpus-{n}.jsonl"
            with corpus.open("w", encoding="utf-8") as fh:
                for record in corpus_records(data, n):
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            for w in workers:
                out = Path(tmp) / f"out-{n}-{w}"
                results[f"{n}_workers_{w or 'default'}"] = run = run_once(corpus, w, out)
                log.info("scale: %d articles, workers %s: %s", n, w or "default", json.dumps(run))
                shutil.rmtree(out, ignore_errors=True)
    small, large = min(sizes), max(sizes)
    for w in workers:
        a, b = results[f"{small}_workers_{w or 'default'}"], results[f"{large}_workers_{w or 'default'}"]
        if small != large and a["exit"] == 0 and b["exit"] == 0:
            results[f"growth_workers_{w or 'default'}"] = {
                "size_ratio": round(large / small, 2),
                "time_ratio": round(b["seconds"] / a["seconds"], 2),
                "peak_rss_ratio": round(b["peak_rss_mb"] / a["peak_rss_mb"], 2),
            }
    return results


def bench_from_data(data: Path | None) -> dict[str, Any]:
    """`newstrace bench --only scale`: 1k and 10k articles (hours on two cores; benchmarks/scale.py picks sizes)."""
    if data is None or not (data / "fnc-1" / "train_bodies.csv").exists():
        return {"skipped": "needs the fnc-1 folder of the shared data (pass --data ../shared/data)"}
    return bench_scale(data)

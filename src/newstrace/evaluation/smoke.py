"""The whole pipeline over every public text corpus: ``newstrace eval smoke --data ../shared/data``.

Not an accuracy benchmark: a crash detector. Each corpus of ``../shared/data`` that holds
articles is written out as a user would hold it (JSONL for corpora of texts, the saved pages
themselves for the extraction sets) and analysed with ``newstrace.analysis.analyze``, ingest
included, one corpus per run. What it counts:

- ``stage_failures``: failures a stage recorded (codes E3xx: a stage raised on an article, or a
  corpus stage as a whole). A healthy build has none;
- ``skipped_inputs``: inputs ingest refused with a reason (E1xx: not English, too short, ...);
  expected for some corpora (COUNTER is Urdu), never a crash;
- ``articles``: inputs read, ``analysed``: articles that went through every stage.

``--limit N`` analyses a fixed, deterministic sample of at most N texts per corpus, spread over the
whole corpus (every k-th in id order); without it every text is analysed (the full sweep takes
tens of minutes). Emergent (headlines only; its bodies are FNC-1's), ClaimBuster and CLEF-2019
(single sentences and debate transcripts) and coverage-dev (BASIL's texts) hold no further
articles and are not read.
"""

from __future__ import annotations

import csv
import json
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from newstrace.errors import InputError
from newstrace.settings import Settings

log = logging.getLogger(__name__)

Record = dict[str, Any]


def _sample(items: list[Any], limit: int | None) -> list[Any]:
    if limit is None or len(items) <= limit:
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def _csv_bodies(path: Path, prefix: str) -> list[Record]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        return [{"id": f"{prefix}{row['Body ID']}", "text": row["articleBody"]} for row in csv.DictReader(handle)]


def _basil_text(article: Record) -> str:
    paragraphs: dict[int, list[str]] = {}
    for sentence in article["sentences"]:
        paragraphs.setdefault(sentence.get("paragraph", 0), []).append(sentence["text"])
    body = "\n\n".join(" ".join(p) for _, p in sorted(paragraphs.items()))
    return (article.get("title") or "").strip() + "\n\n" + body


def _jsonl(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _quotes_dev(data: Path) -> list[Record]:
    items = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(data.glob("*.json"))]
    return [{"id": f"q{item['body_id']}", "text": item["text"]} for item in items]


def _fnc1(data: Path) -> list[Record]:
    return _csv_bodies(data / "train_bodies.csv", "fnc-train-") + _csv_bodies(
        data / "competition_test_bodies.csv", "fnc-test-"
    )


def _arc(data: Path) -> list[Record]:
    return _csv_bodies(data / "arc_bodies.csv", "arc-")


def _basil(data: Path) -> list[Record]:
    return [
        {"id": a["article_id"], "outlet": a["source"], "title": a.get("title"), "published": a.get("date"),
         "text": _basil_text(a)}
        for a in _jsonl(data / "articles.jsonl")
    ]  # fmt: skip


def _pac(data: Path) -> list[Record]:
    return [
        {"id": a["article_id"], "outlet": a["source"], "title": a.get("title"), "published": a.get("date"),
         "text": (a.get("title") or "") + "\n\n" + " ".join(s["text"] for s in a["news"])}
        for a in _jsonl(data / "articles.jsonl")
    ]  # fmt: skip


def _counter(data: Path) -> list[Record]:
    out = []
    for pair in _jsonl(data / "pairs.jsonl"):
        for side in ("source", "derived"):
            doc = pair[side]
            out.append({"id": f"counter-{pair['pair_id']}-{side}", "title": doc["headline"], "text": doc["body"]})
    return out


#: corpus folder -> how its texts are read (the saved-page corpora are in PAGE_CORPORA)
TEXT_CORPORA: dict[str, Callable[[Path], list[Record]]] = {
    "quotes-dev": _quotes_dev,
    "fnc-1": _fnc1,
    "arc-stance": _arc,
    "basil": _basil,
    "pac-partisan-events": _pac,
    "counter-urdu-reuse": _counter,
}
PAGE_CORPORA = ("article-extraction-benchmark", "trafilatura-eval")


def _write_inputs(name: str, folder: Path, work: Path, limit: int | None) -> tuple[list[str], int]:
    """The inputs to analyse for one corpus (paths under ``work``) and how many texts they hold."""
    if name in PAGE_CORPORA:
        pages = _sample(sorted((folder / "html").glob("*.html*")), limit)
        target = work / name
        target.mkdir()
        for page in pages:
            shutil.copy(page, target / page.name)
        return [str(target)], len(pages)
    records = _sample(sorted(TEXT_CORPORA[name](folder), key=lambda r: str(r["id"])), limit)
    path = work / f"{name}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return [str(path)], len(records)


def sweep_corpus(name: str, folder: Path, limit: int | None, settings: Settings) -> dict[str, Any]:
    from newstrace.analysis import analyze
    from newstrace.pipeline import is_dead, is_stage_failure

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"newstrace-smoke-{name}-") as tmp:
        inputs, texts = _write_inputs(name, folder, Path(tmp), limit)
        report = analyze(inputs, settings)
    live = [d for d in report.documents if not is_dead(d)]
    stage_failures = [f for f in report.failures if is_stage_failure(f)]
    skipped = [f for f in report.failures if f.code.startswith("E1")]
    return {
        "texts": texts,
        "articles": len(report.documents),
        "analysed": len(live),
        "stage_failures": len(stage_failures),
        "skipped_inputs": len(skipped),
        "seconds": round(time.perf_counter() - started, 1),
        "failures": [
            {"source": f.source, "stage": f.stage, "code": f.code, "message": f.message[:300]} for f in stage_failures
        ],
    }


def evaluate(data: Path, *, predictions: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    """Sweep every article corpus under ``data`` (the shared data folder)."""
    if not (data / "fnc-1").is_dir() and not (data / "basil").is_dir():
        raise InputError(
            f"{data} is not the shared data folder (no fnc-1/ or basil/ in it); pass --data ../shared/data"
        )
    settings = Settings.load()
    corpora: dict[str, Any] = {}
    for name in [*TEXT_CORPORA, *PAGE_CORPORA]:
        folder = data / name
        if not folder.is_dir():
            corpora[name] = {"missing": True}
            continue
        log.info("smoke: %s", name)
        corpora[name] = sweep_corpus(name, folder, limit, settings)
    present = [c for c in corpora.values() if not c.get("missing")]
    metrics = {
        "corpora": len(present),
        "texts": sum(c["texts"] for c in present),
        "analysed": sum(c["analysed"] for c in present),
        "skipped_inputs": sum(c["skipped_inputs"] for c in present),
        "stage_failures": sum(c["stage_failures"] for c in present),
    }
    if predictions is not None:
        predictions.write_text(json.dumps(corpora, indent=1), encoding="utf-8")
    return {"metrics": metrics, "corpora": corpora}

"""`newstrace eval extraction`: main-text extraction on two public benchmarks.

What is scored is the text newstrace hands the pipeline: ``extract_html`` (trafilatura with
newstrace's settings) followed by the clean stage (``clean_text``). The trafilatura output
before cleaning is scored beside it (``*_before_clean``), so the effect of cleaning is
visible in every run.

- **article-extraction-benchmark** (Zyte, 181 pages; folder with ``ground-truth.json``):
  tokens are ``\\w+`` matches; per page, the multisets of 4-token shingles of the gold and the
  extracted body give tp/fp/fn; precision is the mean of tp/(tp+fp) over pages with
  tp+fp > 0, recall the mean of tp/(tp+fn) over pages with tp+fn > 0, a page with no fp and
  no fn scores 1 on both; F1 = 2PR/(P+R). Accuracy is the share of pages whose token list
  equals the gold's. Metrics ``aeb_*``. The scorer reproduces the published figure from
  the stored trafilatura output (0.958; checked by the tests).
- **trafilatura-eval** (990 pages; folder with ``evaldata.json``): whitespace-normalised
  "with" segments found in the output count as true positives, missing ones as false
  negatives; "without" (boilerplate) segments found count as false positives, absent ones as
  true negatives; precision, recall, accuracy and F1 come from the totals. Metrics ``traf_*``.
  The pages are multilingual; extraction is scored for every page (the English-only filter
  of ``newstrace analyze`` is not applied here).

``--data`` may name either benchmark folder or the folder holding both. ``limit`` scores the
first ``limit`` pages of each (sorted by id), a fixed subset for the CI gate.
``predictions`` writes one ``<id>.json`` per page (``{"id", "url", "text"}``) for
independent scoring.
"""

from __future__ import annotations

import collections
import gzip
import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newstrace.errors import InputError
from newstrace.settings import Settings
from newstrace.stages.clean import clean_text
from newstrace.stages.ingest import IngestParams
from newstrace.stages.ingest._decode import decode_bytes
from newstrace.stages.ingest._html import extract_html

log = logging.getLogger(__name__)

AEB_DIR = "article-extraction-benchmark"
TRAF_DIR = "trafilatura-eval"


@dataclass(frozen=True)
class Page:
    id: str
    url: str | None
    path: Path


@dataclass(frozen=True)
class Extracted:
    before_clean: str
    text: str


# -- metrics ----------------------------------------------------------------------------------


def _shingles(tokens: list[str]) -> collections.Counter[tuple[str, ...]]:
    return collections.Counter(tuple(tokens[i : i + 4]) for i in range(max(0, len(tokens) - 3)))


def aeb_scores(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """Precision, recall, F1 and accuracy of ``predicted`` bodies against ``gold`` (shingle metric)."""
    precisions: list[float] = []
    recalls: list[float] = []
    exact = 0
    for key, gold_text in gold.items():
        gold_tokens, tokens = re.findall(r"\w+", gold_text or ""), re.findall(r"\w+", predicted.get(key) or "")
        exact += gold_tokens == tokens
        g, p = _shingles(gold_tokens), _shingles(tokens)
        tp, fp, fn = sum((g & p).values()), sum((p - g).values()), sum((g - p).values())
        if fp == 0 and fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if tp + fp:
            precisions.append(tp / (tp + fp))
        if tp + fn:
            recalls.append(tp / (tp + fn))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "accuracy": exact / len(gold) if gold else 0.0}


def _norm(text: str) -> str:
    return " ".join(text.split())


def segment_scores(entries: Mapping[str, Mapping[str, Any]], predicted: Mapping[str, str]) -> dict[str, float]:
    """trafilatura-eval scoring: required and boilerplate segments found (or not) in each output."""
    tp = fn = fp = tn = 0
    for key, entry in entries.items():
        text = _norm(predicted.get(key) or "")
        for segment in entry.get("with", []):
            if _norm(segment) in text:
                tp += 1
            else:
                fn += 1
        for segment in entry.get("without", []):
            if _norm(segment) in text:
                fp += 1
            else:
                tn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    total = tp + fn + fp + tn
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "accuracy": (tp + tn) / total if total else 0.0,
    }


# -- extraction ---------------------------------------------------------------------------------


def extract_page(html: str, url: str | None, settings: Settings) -> Extracted:
    """The text newstrace would analyse for one page ("" when it finds no article text)."""
    try:
        text = extract_html(html, url or "<page>", url=url, params=IngestParams.from_settings(settings)).text
    except InputError:
        return Extracted("", "")
    return Extracted(text, clean_text(text, settings).text)


def read_page(page: Page) -> str:
    data = page.path.read_bytes()
    if page.path.suffix == ".gz":
        data = gzip.decompress(data)
    try:
        html = decode_bytes(data, str(page.path)).text
    except InputError:
        return ""
    return html


def extract_pages(pages: Iterable[Page], settings: Settings, predictions: Path | None = None) -> dict[str, Extracted]:
    out: dict[str, Extracted] = {}
    for page in pages:
        out[page.id] = extracted = extract_page(read_page(page), page.url, settings)
        if predictions is not None:
            record = {"id": page.id, "url": page.url, "text": extracted.text}
            (predictions / f"{page.id}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return out


# -- the two benchmarks ---------------------------------------------------------------------------


def aeb_pages(data: Path, limit: int | None = None) -> tuple[list[Page], dict[str, str]]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    pages = [Page(k, truth[k].get("url"), data / "html" / f"{k}.html.gz") for k in keys]
    return pages, {k: truth[k]["articleBody"] for k in keys}


def traf_pages(data: Path, limit: int | None = None) -> tuple[list[Page], dict[str, dict[str, Any]]]:
    entries: dict[str, dict[str, Any]] = json.loads((data / "evaldata.json").read_text(encoding="utf-8"))
    by_id = {Path(entry["file"]).stem: (url, entry) for url, entry in entries.items()}
    keys = sorted(by_id)[:limit] if limit else sorted(by_id)
    pages = [Page(k, by_id[k][0], data / "html" / f"{by_id[k][1]['file']}.gz") for k in keys]
    return pages, {k: by_id[k][1] for k in keys}


Scorer = Callable[[Any, Mapping[str, str]], dict[str, float]]


def _score_both(score: Scorer, gold: Any, extracted: Mapping[str, Extracted], prefix: str) -> dict[str, float]:
    after = score(gold, {k: e.text for k, e in extracted.items()})
    before = score(gold, {k: e.before_clean for k, e in extracted.items()})
    metrics = {f"{prefix}_{name}": value for name, value in after.items()}
    metrics.update({f"{prefix}_{name}_before_clean": value for name, value in before.items()})
    metrics[f"{prefix}_pages"] = float(len(extracted))
    return metrics


def _benchmarks(data: Path) -> dict[str, Path]:
    found = {}
    for name, marker in ((AEB_DIR, "ground-truth.json"), (TRAF_DIR, "evaldata.json")):
        if (data / marker).is_file():
            found[name] = data
        elif (data / name / marker).is_file():
            found[name] = data / name
    return found


def evaluate(
    data: Path,
    *,
    predictions: Path | None = None,
    limit: int | None = None,
    settings: Settings | None = None,
    only: Iterable[str] | None = None,
) -> dict[str, Any]:
    settings = settings or Settings.load()
    found = _benchmarks(data)
    if only is not None:
        found = {k: v for k, v in found.items() if k in set(only)}
    if not found:
        raise InputError(
            f"{data}: neither {AEB_DIR} (ground-truth.json) nor {TRAF_DIR} (evaldata.json) found; "
            "pass --data with one of those folders or the folder holding them"
        )
    metrics: dict[str, float] = {}
    for name, folder in found.items():
        out = None
        if predictions is not None:
            out = predictions / name if len(found) > 1 else predictions
            out.mkdir(parents=True, exist_ok=True)
        if name == AEB_DIR:
            pages, gold = aeb_pages(folder, limit)
            log.info("extracting %d article-extraction-benchmark pages", len(pages))
            metrics.update(_score_both(aeb_scores, gold, extract_pages(pages, settings, out), "aeb"))
        else:
            pages, entries = traf_pages(folder, limit)
            log.info("extracting %d trafilatura-eval pages", len(pages))
            metrics.update(_score_both(segment_scores, entries, extract_pages(pages, settings, out), "traf"))
    return {"metrics": metrics}
